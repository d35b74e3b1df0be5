using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using QaServerless.Assignments;
using QaServerless.ReferenceData;
using QaServerless.Sampling;
using QaServerless.Tests.Assignments;
using QaServerless.Tests.Infrastructure;

namespace QaServerless.Tests.Sampling;

/// <summary>
/// Contract tests: the recorded host payloads in Payloads/Sampling (timer, Service Bus message, dead-lettered message,
/// shaped as shared/design/host-contract.md says: strings twice encoded, metadata strings JSON-encoded again) reach the
/// functions and the answers have the host's shape (Outputs with a JSON array of objects for the serviceBus output).
/// </summary>
[Collection(AppCollection.Name)]
public sealed class SamplingContractTests(AppFixture app)
{
    private static string Recorded(string name, string center) =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Payloads", "Sampling", name)).Replace("{{center}}", center);

    [Fact]
    public async Task TheRecordedTimerPayloadRunsSamplingAndAnswersWithAnArrayOfMessageObjects()
    {
        var scenario = await SamplingScenario.CreateAsync(app, callsPerAgent: 10);

        var response = await HostPayloads.PostAsync(app.CreateClient(), DailySamplingFunction.Name, Recorded("DailySampling.timer.json", scenario.CenterId));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = doc.RootElement;
        Assert.Equal(JsonValueKind.Array, root.GetProperty("Logs").ValueKind);
        var messages = root.GetProperty("Outputs").GetProperty("assignments");
        Assert.Equal(JsonValueKind.Array, messages.ValueKind);
        var mine = messages.EnumerateArray().Where(m => m.GetProperty("centerId").GetString() == scenario.CenterId).ToList();
        Assert.NotEmpty(mine);
        Assert.All(mine, m =>
        {
            Assert.Equal(JsonValueKind.Object, m.ValueKind);
            Assert.False(string.IsNullOrEmpty(m.GetProperty("callId").GetString()));
            Assert.Equal("2026-11-19", m.GetProperty("sampleDay").GetString());
        });
    }

    [Fact]
    public async Task TheRecordedServiceBusPayloadAssignsTheCallOnceWhateverTheDeliveryCount()
    {
        var center = AppFixture.NewCenterId();
        await app.AdminOf(center).PutAsJsonAsync($"/api/centers/{center}", new { name = "C", timeZone = "Asia/Shanghai" });
        await app.Services.GetRequiredService<ReferenceDataStore>().UpsertInspectorsAsync([new Inspector(center, "i-1", "I", 5, [], [])]);
        var payload = Recorded("AssignInspector.servicebus.json", center);

        var first = await HostPayloads.PostAsync(app.CreateClient(), AssignInspectorFunction.Name, payload);
        var redelivered = await HostPayloads.PostAsync(app.CreateClient(), AssignInspectorFunction.Name, payload.Replace("\"DeliveryCount\": 1", "\"DeliveryCount\": 2"));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, redelivered.StatusCode);
        Assert.Contains("already assigned", string.Join(" ", (await HostPayloads.ReadAsync(redelivered)).Logs));
        var assignment = await app.Services.GetRequiredService<AssignmentStore>().GetByCallAsync(center, "a1-007");
        Assert.Equal("i-1", assignment!.InspectorId);
        Assert.Equal("咨询", assignment.BusinessType);
        Assert.Equal(1, (await app.Services.GetRequiredService<AssignmentStore>().GetLoadsAsync(center, new DateOnly(2026, 11, 20)))["i-1"].Count);
    }

    [Fact]
    public async Task TheRecordedDeadLetterPayloadIsListedWithServiceBussReason()
    {
        var center = AppFixture.NewCenterId();
        await app.AdminOf(center).PutAsJsonAsync($"/api/centers/{center}", new { name = "C", timeZone = "Asia/Shanghai" });

        var response = await HostPayloads.PostAsync(app.CreateClient(), AssignmentDeadLettersFunction.Name,
            Recorded("AssignmentDeadLetters.servicebus.json", center));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var letter = Assert.Single((await app.QaLeadOf(center).GetFromJsonAsync<List<DeadLetter>>($"/api/assignments/{center}/dead-letters"))!);
        Assert.Equal($"dl-{center}", letter.MessageId);
        Assert.Equal("a1-009", letter.CallId);
        Assert.Equal("MaxDeliveryCountExceeded", letter.Reason);
        Assert.Equal(10, letter.DeliveryCount);
    }
}
