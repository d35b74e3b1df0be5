using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using QaServerless.Assignments;
using QaServerless.Evaluations;
using QaServerless.Notifications;
using QaServerless.ReferenceData;
using QaServerless.SelfEvaluations;
using QaServerless.Tests.Assignments;
using QaServerless.Tests.Evaluations;
using QaServerless.Tests.Infrastructure;

namespace QaServerless.Tests.SelfEvaluations;

/// <summary>
/// Self-evaluations through the real pipeline on Azurite: asked by the AssignInspector trigger (replayed), answered by
/// the agent alone, hidden from the inspector until they submit, closed at release (409 after), compared and counted.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class SelfEvaluationApiTests(AppFixture app)
{
    private static readonly object[] SelfAnswers =
    [
        new { itemId = "greet", points = 1 }, new { itemId = "verify", points = 1 }, new { itemId = "solve", points = 4 },
        new { itemId = "close", notApplicable = true }, new { itemId = "disclose", points = 1 }, new { itemId = "empathy", points = 1 },
    ];

    /// <summary>A center that asks every sampled call (100 %), and a call of a1 assigned to insp-1 by the trigger, delivered twice.</summary>
    private async Task<(EvaluationScenario S, string CallId)> AskedAsync(int share = 100)
    {
        var s = await EvaluationScenario.CreateAsync(app);
        await app.Services.GetRequiredService<ReferenceDataStore>().UpsertInspectorsAsync([new Inspector(s.Center, "insp-1", "Inspector One", 40, [], [])]);
        var put = await s.SendAsync(s.Lead, HttpMethod.Put, Base(s) + "/settings", new { enabled = true, sharePercent = share }, "\"0\"");
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal("\"1\"", put.Headers.ETag?.Tag);
        var callId = "C0001"; // bucket 3: asked from a share of 4 % up (SelfEvaluationFlowTests)
        var day = DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime);
        var body = HostPayloads.Json(new AssignmentRequest(s.Center, callId, "a1", "T1", "咨询", day.AddDays(-1), day, "random", 0));
        for (var delivery = 1; delivery <= 2; delivery++)
            Assert.Equal(HttpStatusCode.OK, (await HostPayloads.PostAsync(app.CreateClient(), AssignInspectorFunction.Name,
                HostPayloads.ServiceBus(AssignInspectorFunction.Binding, body, "m-" + callId, delivery))).StatusCode);
        return (s, callId);
    }

    private static string Base(EvaluationScenario s) => $"/api/self-evaluations/{s.Center}";
    private static string Call(EvaluationScenario s, string callId) => $"{Base(s)}/calls/{callId}";

    private static async Task<JsonObject> ReadAsync(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    /// <summary>The inspector starts, answers (the scenario's first answers: 70.37), submits and, when asked, releases.</summary>
    private static async Task<Evaluation> InspectorScoresAsync(EvaluationScenario s, string callId, bool release)
    {
        var (started, response) = await s.StartAsync(s.Inspector, callId);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var path = $"{s.Base}/evaluations/{started.EvaluationId}";
        var draft = await s.ChangeAsync(s.Inspector, $"{path}/draft", new { answers = EvaluationScenario.FirstAnswers }, started.ETag, HttpMethod.Put);
        var submitted = await s.ChangeAsync(s.Inspector, $"{path}/submit", null, draft.ETag);
        return release ? await s.ChangeAsync(s.Inspector, $"{path}/release", null, submitted.ETag) : submitted;
    }

    [Fact]
    public async Task AReplayedAssignmentAsksOnceAndTellsTheAgentOnce()
    {
        var (s, callId) = await AskedAsync();

        var mine = (await s.Agent.GetFromJsonAsync<List<SelfEvaluation>>(Base(s) + "/mine", EvaluationScenario.Json))!;
        var asked = Assert.Single(mine);
        Assert.Equal((callId, SelfEvaluationStatus.Open, 1, "standard", 1), (asked.CallId, asked.Status, asked.Version, asked.ScorecardId, asked.ScorecardVersion));
        Assert.Single((await s.Agent.GetFromJsonAsync<List<SelfEvaluation>>(Call(s, callId) + "/versions", EvaluationScenario.Json))!);
        var inbox = (await s.Agent.GetFromJsonAsync<NotificationInbox>($"/api/centers/{s.Center}/notifications", EvaluationScenario.Json))!;
        var note = Assert.Single(inbox.Items, n => n.Kind == NotificationKind.SelfEvaluationRequested);
        Assert.Equal($"#/self/{s.Center}/{callId}", note.Link);
        Assert.Empty((await s.OtherAgent.GetFromJsonAsync<List<SelfEvaluation>>(Base(s) + "/mine", EvaluationScenario.Json))!);
    }

    [Fact]
    public async Task ACallAboveTheShareIsNotAsked()
    {
        var (s, _) = await AskedAsync(share: 3); // C0001's bucket is 3: not below 3
        Assert.Empty((await s.Agent.GetFromJsonAsync<List<SelfEvaluation>>(Base(s) + "/mine", EvaluationScenario.Json))!);
    }

    [Fact]
    public async Task OnlyTheAgentAnswersAndTheInspectorSeesItOnlyAfterSubmittingTheirs()
    {
        var (s, callId) = await AskedAsync();
        var path = Call(s, callId);
        foreach (var other in new[] { s.OtherAgent, s.Supervisor, s.Inspector, s.Lead })
            Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await s.SendAsync(s.OtherAgent, HttpMethod.Put, path + "/draft", new { answers = SelfAnswers }, "\"1\"")).StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionRequired, (await s.SendAsync(s.Agent, HttpMethod.Put, path + "/draft", new { answers = SelfAnswers }, null)).StatusCode);

        var saved = await ReadAsync(await s.SendAsync(s.Agent, HttpMethod.Put, path + "/draft", new { answers = SelfAnswers, note = "客户电话 13812345678 我应先核实" }, "\"1\""));
        Assert.Equal(2, (int)saved["version"]!);
        Assert.Equal(100m, (decimal)saved["result"]!["score"]!);
        Assert.DoesNotContain("13812345678", (string)saved["note"]!);
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await s.SendAsync(s.Agent, HttpMethod.Put, path + "/draft", new { answers = SelfAnswers }, "\"1\"")).StatusCode);
        Assert.Equal(SelfEvaluationStatus.Submitted.ToString(), (string)(await ReadAsync(await s.SendAsync(s.Agent, HttpMethod.Post, path + "/submit", null, "\"2\"")))["status"]!);

        var evaluation = await InspectorScoresAsync(s, callId, release: false);
        // Submitted: the inspector and the lead may read it now; the supervisor waits for the release; nobody but the agent answers.
        Assert.Equal(3, (int)(await ReadAsync(await s.Inspector.GetAsync(path)))["version"]!);
        Assert.Equal(HttpStatusCode.OK, (await s.Lead.GetAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await s.Supervisor.GetAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await s.SendAsync(s.Lead, HttpMethod.Put, path + "/draft", new { answers = SelfAnswers }, "\"3\"")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await s.Agent.GetAsync(path + "/comparison")).StatusCode);
        Assert.Equal(EvaluationStatus.Submitted, evaluation.Status);
    }

    [Fact]
    public async Task AfterReleaseItIsClosedAndBothSidesAreComparedAndCountedOnce()
    {
        var (s, callId) = await AskedAsync();
        var path = Call(s, callId);
        await ReadAsync(await s.SendAsync(s.Agent, HttpMethod.Put, path + "/draft", new { answers = SelfAnswers }, "\"1\""));
        await ReadAsync(await s.SendAsync(s.Agent, HttpMethod.Post, path + "/submit", null, "\"2\""));
        var released = await InspectorScoresAsync(s, callId, release: true);

        var closed = await ReadAsync(await s.Agent.GetAsync(path));
        Assert.Equal(("Submitted", released.EvaluationId, 4), ((string)closed["status"]!, (string)closed["evaluationId"]!, (int)closed["version"]!));
        var refused = await ReadAsync(await s.SendAsync(s.Agent, HttpMethod.Put, path + "/draft", new { answers = SelfAnswers }, "\"4\""), HttpStatusCode.Conflict);
        Assert.Equal(SelfEvaluationFlow.Closed, (string)refused["code"]!);

        var comparison = await ReadAsync(await s.Agent.GetAsync(path + "/comparison"));
        Assert.Equal((70.37m, 100m, 2), ((decimal)comparison["inspectorScore"]!, (decimal)comparison["selfScore"]!, (int)comparison["differences"]!));
        Assert.Equal(["verify", "solve"], comparison["items"]!.AsArray().Where(i => (bool)i!["differs"]!).Select(i => (string)i!["itemId"]!));
        Assert.Equal(HttpStatusCode.OK, (await s.Supervisor.GetAsync(path + "/comparison")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await s.OtherAgent.GetAsync(path + "/comparison")).StatusCode);

        // A replayed release closes nothing twice and counts nothing twice.
        await app.Services.GetRequiredService<SelfEvaluationClosing>().OnEvaluationChangedAsync(released, CancellationToken.None);
        var gaps = await ReadAsync(await s.Agent.GetAsync(Base(s) + "/gaps"));
        var mine = Assert.Single(gaps["groups"]!.AsArray())!;
        Assert.Equal(("a1", 1, 1, 29.63m), ((string)mine["group"]!, (int)mine["asked"]!, (int)mine["submitted"]!, (decimal)mine["meanScoreGap"]!));
        var items = mine["items"]!.AsArray().ToDictionary(i => (string)i!["itemId"]!, i => i!);
        Assert.Equal((1m, 0m), ((decimal)items["verify"]["meanShareGap"]!, (decimal)items["verify"]["agreementRate"]!));
        Assert.Equal((0.25m, 1), ((decimal)items["solve"]["meanShareGap"]!, (int)items["solve"]["scoredPairs"]!));
        Assert.Equal(1m, (decimal)items["greet"]["agreementRate"]!);
        Assert.Null(items["close"]["meanShareGap"]);
        Assert.Empty((await ReadAsync(await s.OtherAgent.GetAsync(Base(s) + "/gaps")))["groups"]!.AsArray());
        Assert.Single((await ReadAsync(await s.Lead.GetAsync(Base(s) + "/gaps?groupBy=team")))["groups"]!.AsArray());
        Assert.Equal(HttpStatusCode.Forbidden, (await s.Supervisor.GetAsync(Base(s) + "/gaps?groupBy=center")).StatusCode);
        // Asked, saved, submitted, closed: four versions, the first never changed.
        var versions = (await s.Agent.GetFromJsonAsync<List<SelfEvaluation>>(path + "/versions", EvaluationScenario.Json))!;
        Assert.Equal([1, 2, 3, 4], versions.Select(v => v.Version));
        Assert.Equal(SelfEvaluationStatus.Open, versions[0].Status);
    }

    [Fact]
    public async Task AnOpenOneIsMissedAtReleaseAndRefusedAfter()
    {
        var (s, callId) = await AskedAsync();
        await InspectorScoresAsync(s, callId, release: true);

        Assert.Equal("Missed", (string)(await ReadAsync(await s.Agent.GetAsync(Call(s, callId))))["status"]!);
        var refused = await ReadAsync(await s.SendAsync(s.Agent, HttpMethod.Post, Call(s, callId) + "/submit", null, "\"2\""), HttpStatusCode.Conflict);
        Assert.Equal(SelfEvaluationFlow.Closed, (string)refused["code"]!);
        var group = Assert.Single((await ReadAsync(await s.Lead.GetAsync(Base(s) + "/gaps?groupBy=agent")))["groups"]!.AsArray())!;
        Assert.Equal((1, 0, 1), ((int)group["asked"]!, (int)group["submitted"]!, (int)group["missed"]!));
        Assert.Null(group["meanScoreGap"]);
    }
}
