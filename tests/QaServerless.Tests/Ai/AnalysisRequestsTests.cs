using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using QaServerless.Ai;
using QaServerless.Ai.Analysis;
using QaServerless.Calls;
using QaServerless.Hosting;
using QaServerless.Security;
using QaServerless.Tests.Infrastructure;

namespace QaServerless.Tests.Ai;

/// <summary>Who asks for analyses: opted-in centers at ingest, inspectors and leads over HTTP.</summary>
[Collection(AppCollection.Name)]
public sealed class AnalysisRequestsTests(AppFixture app)
{
    private static Call NewCall(string center, string callId, string? audio) => new()
    {
        CenterId = center, CallId = callId, AgentId = "a1", Team = "t1", BusinessType = "咨询", Direction = CallDirection.Inbound,
        Start = new DateTimeOffset(2026, 11, 19, 10, 0, 0, TimeSpan.FromHours(8)), TalkSeconds = 60, AudioBlob = audio,
    };

    private async Task<List<AnalysisRequest>> QueuedForAsync(string center)
    {
        // The queue is shared by every test that assigns calls: walk all of it (received messages stay hidden a while) and take this center's.
        var queue = app.QueueService.GetQueueClient(AnalysisQueue.Name);
        var found = new List<AnalysisRequest>();
        while ((await queue.ReceiveMessagesAsync(32, TimeSpan.FromSeconds(30))).Value is { Length: > 0 } batch)
            foreach (var m in batch)
            {
                var request = JsonSerializer.Deserialize<AnalysisRequest>(m.Body.ToString(), HostJson.Options)!;
                if (request.CenterId != center) continue;
                found.Add(request);
                await queue.DeleteMessageAsync(m.MessageId, m.PopReceipt);
            }
        return found;
    }

    [Fact]
    public async Task OnlyCentersThatOptedInHaveEveryNewCallQueued()
    {
        var optedIn = AppFixture.NewCenterId();
        var notOptedIn = AppFixture.NewCenterId();
        await app.Services.GetRequiredService<AiSettingsStore>().SaveAsync(optedIn, new AiSettings { AnalyzeAllCalls = true }, CancellationToken.None);
        var sink = app.Services.GetServices<ICallIngestedSink>().OfType<AnalyzeIngestedCalls>().Single();
        var day = new DateOnly(2026, 11, 19);

        await sink.OnCallsIngestedAsync(
        [
            new(NewCall(optedIn, "c1", $"{optedIn}/c1.wav"), day, IngestOutcome.Added),
            new(NewCall(optedIn, "c2", null), day, IngestOutcome.Added),                   // no audio: nothing to transcribe
            new(NewCall(optedIn, "c3", $"{optedIn}/c3.wav"), day, IngestOutcome.Unchanged), // a replay
            new(NewCall(notOptedIn, "c4", $"{notOptedIn}/c4.wav"), day, IngestOutcome.Added),
        ], CancellationToken.None);

        var queued = Assert.Single(await QueuedForAsync(optedIn));
        Assert.Equal(("c1", "ingested"), (queued.CallId, queued.Reason));
        Assert.Empty(await QueuedForAsync(notOptedIn));
    }

    [Fact]
    public async Task AnInspectorCanAskForAnAnalysisButNotForAnotherCenter()
    {
        var center = AppFixture.NewCenterId();
        await StoredCalls.SaveAsync(app.Services, center, "c9", $"{center}/c9.wav");
        var ask = await app.ClientAs("insp-1", [Roles.Inspector], [center]).PostAsJsonAsync($"/api/ai/{center}/calls/c9/analyze", new { });
        Assert.Equal(HttpStatusCode.Accepted, ask.StatusCode);
        Assert.Equal("c9", Assert.Single(await QueuedForAsync(center)).CallId);

        Assert.Equal(HttpStatusCode.NotFound, (await app.ClientAs("insp-2", [Roles.Inspector], ["other"]).PostAsJsonAsync($"/api/ai/{center}/calls/c9/analyze", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await app.ClientAs("agent-1", [Roles.Agent], [center]).PostAsJsonAsync($"/api/ai/{center}/calls/c9/analyze", new { })).StatusCode);
    }

    [Fact]
    public async Task SettingsAreValidatedAndOnlyForLeads()
    {
        var center = AppFixture.NewCenterId();
        var bad = await app.QaLeadOf(center).PutAsJsonAsync($"/api/ai/{center}/settings", new { kappaThreshold = 1.5 });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("kappaThreshold", await bad.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Forbidden, (await app.ClientAs("insp-1", [Roles.Inspector], [center]).GetAsync($"/api/ai/{center}/settings")).StatusCode);
        var defaults = await app.QaLeadOf(center).GetFromJsonAsync<JsonElement>($"/api/ai/{center}/settings");
        Assert.Equal(0.6, defaults.GetProperty("kappaThreshold").GetDouble());
        Assert.False(defaults.GetProperty("analyzeAllCalls").GetBoolean());
    }
}
