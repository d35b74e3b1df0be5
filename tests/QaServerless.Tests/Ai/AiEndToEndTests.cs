using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using QaServerless.Ai.Agreement;
using QaServerless.Ai.Analysis;
using QaServerless.Ai.PreScoring;
using QaServerless.Ai.Risk;
using QaServerless.FakeOpenAI;
using QaServerless.Security;
using QaServerless.Tests.Infrastructure;

namespace QaServerless.Tests.Ai;

/// <summary>The scorecard the demo pre-scores on (the scoring feature supplies the real one).</summary>
public sealed class DemoCardSource : IPreScoringCardSource
{
    public static readonly PreScoringCard Card = new("demo", 1,
    [
        new("greeting", "坐席在接通后 2 秒内问候", "如：您好，很高兴为您服务；请问有什么可以帮您", 1, false, false, false),
        new("verify", "核实客户身份", "为了核实身份，请您提供手机号或身份证后四位", 1, false, true, false),
        new("solution", "给出明确的解决方案和时间", "已为您查到、已为您提交、预计送达、工作日内到账", 1, false, false, false),
        new("forbidden", "未使用服务禁语", "不推诿、不说不归我管", 1, false, false, true),
        new("closing", "结束语", "请问还有其他可以帮您的吗？感谢您的来电，再见", 1, false, false, false),
    ]);

    public Task<PreScoringCard?> GetForCallAsync(string center, string callId, DateTimeOffset? callStart, CancellationToken ct, string? channel = null) =>
        Task.FromResult<PreScoringCard?>(Card);
}

[Collection(AppCollection.Name)]
public sealed class AiEndToEndTests(AppFixture app) : FakeOpenAIApp(app)
{
    private HttpClient As(string id, string role, string center)
    {
        var client = Ai.CreateClient();
        client.DefaultRequestHeaders.Add(ClientPrincipalHandler.DevHeader, ClientPrincipalHandler.Encode(id, [role], [center]));
        return client;
    }

    private async Task<string> UploadRecordingAsync(string center, string callId, double seconds = 3)
    {
        var name = $"{center}/2026/11/19/{callId}.wav";
        await App.BlobService.GetBlobContainerClient("recordings").GetBlobClient(name)
            .UploadAsync(BinaryData.FromBytes(WavChannelSplitterTests.StereoWav(8000, seconds)), overwrite: true);
        // The analyser reads the recording the stored call names, so the call is stored as ingestion would.
        await StoredCalls.SaveAsync(Ai.Services, StoredCalls.New(center, callId, name) with { Start = CallStart });
        return name;
    }

    /// <summary>The queue trigger exactly as the host posts it: the message text as a JSON string, DequeueCount in metadata.</summary>
    internal static object QueuePayload(AnalysisRequest request, int dequeueCount = 1) => new
    {
        Data = new { message = JsonSerializer.Serialize(request, new JsonSerializerOptions(JsonSerializerDefaults.Web)) },
        Metadata = new Dictionary<string, object>
        {
            ["DequeueCount"] = dequeueCount,
            ["Id"] = Guid.NewGuid().ToString(),
            ["sys"] = new { MethodName = "AnalyzeCall", UtcNow = "2026-11-20T01:00:00Z", RandGuid = Guid.NewGuid().ToString() },
        },
    };

    private static readonly DateTimeOffset CallStart = new(2026, 11, 19, 10, 0, 0, TimeSpan.FromHours(8));

    [Fact]
    public async Task ACallIsTranscribedTaggedAndPreScoredThroughA429AndAMalformedAnswer()
    {
        var center = AppFixture.NewCenterId();
        var callId = "call-" + Guid.NewGuid().ToString("N")[..8];
        Fake.Transcripts.Register(callId, CannedTranscripts.Demo[0]);
        await UploadRecordingAsync(center, callId);
        Fake.Inject(FakeOperation.Transcription, FakeFault.TooManyRequests(retryAfterSeconds: 1));
        Fake.Inject(FakeOperation.Chat, FakeFault.Malformed());

        var trigger = await Ai.CreateClient().PostAsJsonAsync("/AnalyzeCall", QueuePayload(new AnalysisRequest(center, callId)));
        Assert.Equal(HttpStatusCode.OK, trigger.StatusCode);

        var view = await As("insp-1", Roles.Inspector, center).GetFromJsonAsync<JsonElement>($"/api/ai/{center}/calls/{callId}");
        Assert.Equal("Completed", view.GetProperty("status").GetString());

        // Both channels, merged in time order, speaker labelled, masked.
        var segments = view.GetProperty("transcript").GetProperty("segments").EnumerateArray().ToList();
        Assert.Equal(7, segments.Count);
        Assert.Equal(["Agent", "Customer", "Agent", "Customer"], segments.Take(4).Select(s => s.GetProperty("speaker").GetString()));
        Assert.Contains(segments, s => s.GetProperty("text").GetString() == "138****5678。");
        Assert.DoesNotContain("13812345678", view.GetRawText());

        // A greeting at 0.6 s and a disclosure: the built-in rules raise nothing about them.
        var tags = view.GetProperty("tags").EnumerateArray().Select(t => t.GetProperty("ruleId").GetString()).ToList();
        Assert.DoesNotContain("greeting-2s", tags);
        Assert.DoesNotContain("recording-disclosure", tags);

        // Suggestions carry verified evidence; "no forbidden words" cannot be quoted, so it was discarded and counted.
        var suggestions = view.GetProperty("suggestions").EnumerateArray().Select(s => s.GetProperty("suggestion")).ToList();
        var greeting = suggestions.Single(s => s.GetProperty("itemId").GetString() == "greeting");
        Assert.Equal("yes", greeting.GetProperty("answer").GetString());
        Assert.Equal(0.6, greeting.GetProperty("evidence")[0].GetProperty("segmentStart").GetDouble());
        Assert.Contains(suggestions, s => s.GetProperty("itemId").GetString() == "verify");
        Assert.Equal(1, view.GetProperty("discardedByReason").GetProperty("NoEvidence").GetInt32());

        // What it cost, retries and the malformed answer included.
        var usage = view.GetProperty("usage");
        Assert.Equal(1, usage.GetProperty("retries").GetInt32());
        Assert.Equal(1, usage.GetProperty("malformedAnswers").GetInt32());
        Assert.Equal(2, usage.GetProperty("chatCalls").GetInt32());
        Assert.True(usage.GetProperty("promptTokens").GetInt32() > 100);
        var mine = Fake.Requests.Where(r => r.FileName?.StartsWith(callId) == true).ToList();
        Assert.Equal([429, 200, 200], mine.Select(r => r.Status));
        Assert.Contains(mine, r => r.FileName == $"{callId}.customer.wav");

        // At-least-once: a redelivered message finds the call done and calls no model.
        var before = Fake.Requests.Count;
        Assert.Equal(HttpStatusCode.OK, (await Ai.CreateClient().PostAsJsonAsync("/AnalyzeCall", QueuePayload(new AnalysisRequest(center, callId), 2))).StatusCode);
        Assert.Equal(before, Fake.Requests.Count);

        // The risk score is there for sampling's always-include rule, on the call's day in the center (UTC when unknown).
        var flags = await Ai.Services.GetRequiredService<RiskFlagStore>().GetHighRiskCallsAsync(center, new DateOnly(2026, 11, 19), minScore: 0);
        Assert.Equal(callId, Assert.Single(flags).CallId);

        // Suggestions are for people who score calls, never for agents.
        Assert.Equal(HttpStatusCode.Forbidden, (await As("agent-1", Roles.Agent, center).GetAsync($"/api/ai/{center}/calls/{callId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await As("insp-x", Roles.Inspector, "elsewhere").GetAsync($"/api/ai/{center}/calls/{callId}")).StatusCode);
        // The transcript alone is there for the evaluation page; an agent who is not on the call does not get it.
        var transcript = await As("insp-1", Roles.Inspector, center).GetFromJsonAsync<JsonElement>($"/api/ai/{center}/calls/{callId}/transcript");
        Assert.Equal(7, transcript.GetProperty("segments").GetArrayLength());
        Assert.Equal(HttpStatusCode.NotFound, (await As("agent-1", Roles.Agent, center).GetAsync($"/api/ai/{center}/calls/{callId}/transcript")).StatusCode);

        // A human releases an evaluation: agreement pairs appear for the items the AI suggested.
        var written = await Ai.Services.GetRequiredService<AgreementStore>().RecordReleasedAsync(center, callId, "ev-1", App.Clock.GetUtcNow(),
            [new("greeting", 1, false, 1), new("verify", 0, false, 1), new("forbidden", 1, false, 1)]);
        Assert.Equal(2, written);
        var agreement = await As("lead-1", Roles.QaLead, center).GetFromJsonAsync<JsonElement>($"/api/ai/{center}/agreement");
        var verify = agreement.EnumerateArray().Single(a => a.GetProperty("itemId").GetString() == "verify");
        Assert.Equal(1, verify.GetProperty("falseNegatives").GetInt32()); // the human deducted, the AI did not
        Assert.Equal("Probation", verify.GetProperty("gate").GetString());
    }

    [Fact]
    public async Task AFailureThatOutlastsTheRetriesFailsTheInvocationAndTheNextDeliverySucceeds()
    {
        var center = AppFixture.NewCenterId();
        var callId = "call-" + Guid.NewGuid().ToString("N")[..8];
        await UploadRecordingAsync(center, callId);
        Fake.Inject(FakeOperation.Transcription, FakeFault.ServerError(), FakeFault.ServerError(), FakeFault.ServerError());

        var first = await Ai.CreateClient().PostAsJsonAsync("/AnalyzeCall", QueuePayload(new AnalysisRequest(center, callId)));
        Assert.Equal(HttpStatusCode.InternalServerError, first.StatusCode); // the host will deliver the message again
        var failed = await As("lead-1", Roles.QaLead, center).GetFromJsonAsync<JsonElement>($"/api/ai/{center}/calls/{callId}");
        Assert.Equal("Failed", failed.GetProperty("status").GetString());

        var second = await Ai.CreateClient().PostAsJsonAsync("/AnalyzeCall", QueuePayload(new AnalysisRequest(center, callId), 2));
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var done = await As("lead-1", Roles.QaLead, center).GetFromJsonAsync<JsonElement>($"/api/ai/{center}/calls/{callId}");
        Assert.Equal("Completed", done.GetProperty("status").GetString());
    }

    [Fact]
    public async Task OverTheDailyBudgetACallIsSkippedWithoutAModelCall()
    {
        var center = AppFixture.NewCenterId();
        var lead = As("lead-1", Roles.QaLead, center);
        Assert.Equal(HttpStatusCode.OK, (await lead.PutAsJsonAsync($"/api/ai/{center}/settings", new { enabled = true, dailyBudgetMinutes = 0.1 })).StatusCode);
        var callId = "call-" + Guid.NewGuid().ToString("N")[..8];
        await UploadRecordingAsync(center, callId, seconds: 10); // 10 s > 6 s of budget

        await Ai.CreateClient().PostAsJsonAsync("/AnalyzeCall", QueuePayload(new AnalysisRequest(center, callId)));

        var view = await lead.GetFromJsonAsync<JsonElement>($"/api/ai/{center}/calls/{callId}");
        Assert.Equal("SkippedBudget", view.GetProperty("status").GetString());
        Assert.DoesNotContain(Fake.Requests, r => r.FileName?.StartsWith(callId) == true);
    }

    [Fact]
    public async Task WithoutAnEndpointTheAnalysisIsRecordedAsDisabled()
    {
        var center = AppFixture.NewCenterId();
        await StoredCalls.SaveAsync(App.Services, center, "c1", $"{center}/x.wav");
        await App.CreateClient().PostAsJsonAsync("/AnalyzeCall", QueuePayload(new AnalysisRequest(center, "c1")));
        var view = await App.QaLeadOf(center).GetFromJsonAsync<JsonElement>($"/api/ai/{center}/calls/c1");
        Assert.Equal("Disabled", view.GetProperty("status").GetString());
    }

    /// <summary>Hands this center's queued analysis requests to the AnalyzeCall trigger, as the host would.</summary>
    private async Task<int> DeliverQueuedAsync(string center)
    {
        var queue = App.QueueService.GetQueueClient(AnalysisQueue.Name);
        var delivered = 0;
        while ((await queue.ReceiveMessagesAsync(32, TimeSpan.FromSeconds(30))).Value is { Length: > 0 } batch)
            foreach (var m in batch.Where(m => JsonDocument.Parse(m.Body.ToString()).RootElement.GetProperty("centerId").GetString() == center))
            {
                var payload = new
                {
                    Data = new { message = m.Body.ToString() },
                    Metadata = new Dictionary<string, object> { ["DequeueCount"] = 1, ["Id"] = m.MessageId, ["sys"] = new { MethodName = "AnalyzeCall", UtcNow = "2026-11-20T01:00:00Z", RandGuid = Guid.NewGuid().ToString() } },
                };
                await Ai.CreateClient().PostAsJsonAsync("/AnalyzeCall", payload);
                await queue.DeleteMessageAsync(m.MessageId, m.PopReceipt);
                delivered++;
            }
        return delivered;
    }

    /// <summary>Finding 1 of issue 14: an inspector of one center pointed the analyser at another center's recording.</summary>
    [Fact]
    public async Task AnInspectorCannotHaveAnotherCentersRecordingAnalysedUnderAMadeUpCallId()
    {
        var (sh, cd) = (AppFixture.NewCenterId("sh"), AppFixture.NewCenterId("cd"));
        var theirs = await UploadRecordingAsync(cd, "xc37");                 // cd's call and recording
        await StoredCalls.SaveAsync(Ai.Services, StoredCalls.New(sh, "own-1")); // sh exists, with a call of its own
        var inventedId = "zz-xc-" + Guid.NewGuid().ToString("N")[..6];
        Fake.Transcripts.Register(inventedId, CannedTranscripts.Demo[0]);
        Fake.Transcripts.Register("xc37", CannedTranscripts.Demo[0]);
        var inspector = As("insp-sh", Roles.Inspector, sh);

        // A call id that does not exist in sh (with cd's recording in the body), and cd's real call id under sh.
        var invented = await inspector.PostAsJsonAsync($"/api/ai/{sh}/calls/{inventedId}/analyze", new { audioBlob = theirs });
        var borrowed = await inspector.PostAsJsonAsync($"/api/ai/{sh}/calls/xc37/analyze", new { audioBlob = theirs });
        await DeliverQueuedAsync(sh);

        Assert.Equal(HttpStatusCode.NotFound, invented.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, borrowed.StatusCode);
        foreach (var id in new[] { inventedId, "xc37" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await inspector.GetAsync($"/api/ai/{sh}/calls/{id}")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await inspector.GetAsync($"/api/ai/{sh}/calls/{id}/transcript")).StatusCode);
        }
        Assert.DoesNotContain(Fake.Requests, r => r.FileName?.StartsWith(inventedId) == true || r.FileName?.StartsWith("xc37") == true);
        var usage = await As("lead-sh", Roles.QaLead, sh).GetFromJsonAsync<JsonElement>($"/api/ai/{sh}/usage?day=2026-11-19");
        Assert.Equal(0, usage.GetProperty("calls").GetInt32());
    }

    /// <summary>The analyser's own guard: a stored call whose recording path points into another center is not read.</summary>
    [Fact]
    public async Task TheAnalyserRefusesARecordingOutsideTheCallsCenter()
    {
        var (sh, cd) = (AppFixture.NewCenterId("sh"), AppFixture.NewCenterId("cd"));
        var theirs = await UploadRecordingAsync(cd, "xc38");
        var callId = "odd-" + Guid.NewGuid().ToString("N")[..6];
        Fake.Transcripts.Register(callId, CannedTranscripts.Demo[0]);
        await StoredCalls.SaveAsync(Ai.Services, StoredCalls.New(sh, callId, theirs));
        await StoredCalls.SaveAsync(Ai.Services, StoredCalls.New(sh, callId + "-up", $"{sh}/../{theirs}"));

        foreach (var id in new[] { callId, callId + "-up" })
        {
            Assert.Equal(HttpStatusCode.OK, (await Ai.CreateClient().PostAsJsonAsync("/AnalyzeCall", QueuePayload(new AnalysisRequest(sh, id)))).StatusCode);
            var view = await As("insp-sh", Roles.Inspector, sh).GetFromJsonAsync<JsonElement>($"/api/ai/{sh}/calls/{id}");
            Assert.Equal("Failed", view.GetProperty("status").GetString());
            Assert.Equal(JsonValueKind.Null, view.GetProperty("transcript").ValueKind);
        }
        Assert.DoesNotContain(Fake.Requests, r => r.FileName?.StartsWith(callId) == true);
    }

    [Fact]
    public async Task AMessageForACallThatDoesNotExistLeavesNoAnalysis()
    {
        var center = AppFixture.NewCenterId();
        await StoredCalls.SaveAsync(Ai.Services, StoredCalls.New(center, "real-1"));
        Assert.Equal(HttpStatusCode.OK, (await Ai.CreateClient().PostAsJsonAsync("/AnalyzeCall", QueuePayload(new AnalysisRequest(center, "ghost-1")))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await As("insp-1", Roles.Inspector, center).GetAsync($"/api/ai/{center}/calls/ghost-1")).StatusCode);
    }
}
