using System.Text.Json;
using QaServerless.Ai.Analysis;
using QaServerless.Ingestion;
using QaServerless.Security;
using QaServerless.Tests.Infrastructure;
using Xunit.Abstractions;
using static QaServerless.Tests.Ingestion.IngestionHelpers;

namespace QaServerless.Tests.Privacy;

/// <summary>
/// The corpus typed into text conversations (our export and an Amazon Connect chat transcript), through the real blob
/// path: the stored transcripts, the transcript API, the rejects file and the logs show none of it in clear.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class PersonalDataConversationTests(AppFixture app, ITestOutputHelper output)
{
    [Fact]
    public async Task MessagesFullOfNumbersAreStoredMasked()
    {
        using var logs = LogCapture.AttachTo(app.Services);
        var center = (await NewCenterAsync(app)).CenterId;
        var exposure = new Exposure(output);
        // The customer types every writing of the corpus, a few a message; the agent repeats them back.
        var writings = PersonalDataCorpus.Writings.Chunk(4).ToList();
        var start = DateTimeOffset.Parse("2026-11-19T10:00:00+08:00", System.Globalization.CultureInfo.InvariantCulture);
        object Message(int i, string from, string text) => new { id = $"m{i}", from, at = start.AddSeconds(i * 7).ToString("o"), text };
        var messages = writings.SelectMany((chunk, i) => new[]
        {
            Message(2 * i, "customer", string.Join("，还有", chunk.Select(w => $"我的号码是{w.Text}"))),
            Message(2 * i + 1, "agent", $"好的，您说的是{chunk[0].Text}对吗"),
        }).ToList();
        var conversation = JsonSerializer.Serialize(new
        {
            id = "pd-chat-1", channel = "chat", agentId = "a017", team = "t1", businessType = "咨询", customerKey = "sha256:pd", messages,
        });
        // A bad record beside it (a message from nobody): its numbers go to the rejects file, masked.
        var bad = JsonSerializer.Serialize(new { id = "pd-chat-2", channel = "chat", messages = new[] { new { id = "x", from = "nobody", at = "2026-11-19T10:00:00+08:00", text = writings[0][0].Text } } });
        var blob = $"{center}/conversations/pd.jsonl";
        var hostLog = (await IngestCdrAsync(app, blob, conversation + "\n" + bad + "\n")).Logs;
        Assert.Contains("read 2, ingested 1, rejected 1", Assert.Single(hostLog));

        // Connect: the same writings in a chat transcript of a contact not stored yet.
        var items = writings.Select((chunk, i) => new Dictionary<string, object>
        {
            ["AbsoluteTime"] = start.AddSeconds(i).UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ"), ["Content"] = string.Join(" ", chunk.Select(w => w.Text)),
            ["ContentType"] = "text/plain", ["Id"] = Guid.NewGuid().ToString(), ["Type"] = "MESSAGE", ["ParticipantRole"] = i % 2 == 0 ? "CUSTOMER" : "AGENT",
        });
        var transcript = JsonSerializer.Serialize(new { Version = "2019-08-26", ContactId = "pd-contact-1", Transcript = items });
        hostLog = [.. hostLog, .. (await IngestCdrAsync(app, $"{center}/amazon-connect-chat/pd-contact-1.json", transcript)).Logs];

        var store = app.BlobService.GetBlobContainerClient(AnalysisStore.Container);
        foreach (var callId in new[] { "pd-chat-1", "pd-contact-1" })
        {
            var stored = (await store.GetBlobClient($"{center}/{callId}/transcript.json").DownloadContentAsync()).Value.Content.ToString();
            Assert.True(JsonDocument.Parse(stored).RootElement.GetProperty("segments").GetArrayLength() >= writings.Count);
            exposure.CheckJson($"ai-results/{{center}}/{callId}/transcript.json", stored);
        }
        var inspector = app.CreateClient();
        inspector.DefaultRequestHeaders.Add(ClientPrincipalHandler.DevHeader, ClientPrincipalHandler.Encode("insp-1", [Roles.Inspector], [center]));
        exposure.CheckJson("GET /api/ai/{center}/calls/{callId}/transcript", await inspector.GetStringAsync($"/api/ai/{center}/calls/pd-chat-1/transcript"));
        var rejects = (await app.BlobService.GetBlobContainerClient(CallBatchIngestion.RejectsContainer).GetBlobClient(blob + ".rejects.csv")
            .DownloadContentAsync()).Value.Content.ToString();
        exposure.Check("rejects file", rejects);
        exposure.CheckLines("host log line", hostLog);
        exposure.CheckLines("ILogger line", logs.Lines);
        exposure.AssertNothingInClear("text conversations", PersonalDataCorpus.Writings.Count);
    }
}
