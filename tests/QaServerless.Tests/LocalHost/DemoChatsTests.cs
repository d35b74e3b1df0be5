using System.Text.Json;
using QaServerless.Ingestion.Conversations;
using QaServerless.LocalHost.Demo;

namespace QaServerless.Tests.LocalHost;

public class DemoChatsTests
{
    private static readonly DateOnly Today = new(2026, 11, 20);
    private static readonly DemoDataSet Data = DemoData.Generate(20261120, 3, Today);

    [Fact]
    public void EachCenterGetsTwentyChatsOfYesterdayInOurConversationExportWithoutAReject()
    {
        foreach (var center in Data.Centers)
        {
            var export = DemoChats.ExportFor(Data, center.CenterId, Today.AddDays(-1));
            Assert.Equal(export, DemoChats.ExportFor(Data, center.CenterId, Today.AddDays(-1))); // deterministic
            var lines = export.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(DemoChats.PerCenter, lines.Length);
            Assert.Equal(DemoChats.PerCenter, lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("id").GetString()).Distinct().Count());
            foreach (var line in lines)
            {
                using var doc = JsonDocument.Parse(line);
                var (fields, messages, errors) = ConversationExport.Read(doc.RootElement);
                Assert.Empty(errors);
                Assert.Equal(6, messages.Count);
                Assert.Equal("chat", fields["channel"]);
                Assert.StartsWith("2026-11-19T", fields["derived.start"]);
                Assert.Contains(Data.Agents, a => a.AgentId == fields["agentId"] && a.CenterId == center.CenterId);
            }
        }
    }
}
