using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using QaServerless.Assignments;
using QaServerless.Evaluations;
using QaServerless.Sampling;
using QaServerless.Scorecards;
using QaServerless.Scoring;
using QaServerless.Tests.Infrastructure;
using static QaServerless.Tests.Evaluations.EvaluationScenario;

namespace QaServerless.Tests.Evaluations;

/// <summary>The whole flow over HTTP on Azurite: assign → score → submit → release → appeal → decide, with the history.</summary>
[Collection(AppCollection.Name)]
public sealed class EvaluationFlowApiTests(AppFixture app)
{
    [Fact]
    public async Task AnAssignedCallIsScoredReleasedAppealedAndCorrectedWithEveryVersionKept()
    {
        var s = await EvaluationScenario.CreateAsync(app);
        var callId = await s.AssignAsync();

        // The inspector starts from the assignment: agent and team come from it.
        var (started, response) = await s.StartAsync(s.Inspector, callId);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("\"1\"", response.Headers.ETag?.ToString());
        Assert.Equal(("a1", "T1", "insp-1", 1), (started.AgentId, started.Team, started.InspectorId, started.ScorecardVersion));
        var path = $"{s.Base}/evaluations/{started.EvaluationId}";

        var draft = await s.ChangeAsync(s.Inspector, $"{path}/draft", new
        {
            answers = FirstAnswers,
            problems = new[] { new { itemId = "verify", description = "Did not verify the caller's identity", moment = "01:05", @class = "Typical" } },
            reason = "first listen",
        }, started.ETag, HttpMethod.Put);
        Assert.Equal(EvaluationStatus.Draft, draft.Status);
        Assert.Equal(65, draft.Problems.Single().AtSecond);
        Assert.Equal("first listen", draft.Reason);

        // The agent sees nothing before release.
        Assert.Equal(HttpStatusCode.NotFound, (await s.Agent.GetAsync(path)).StatusCode);

        var submitted = await s.ChangeAsync(s.Inspector, $"{path}/submit", null, draft.ETag);
        Assert.Equal(70.37m, submitted.Result!.Score); // 19 ÷ 27 (ScoreCalculatorTests)
        Assert.Equal(Band.Pass, submitted.Result.Band);
        var assignment = await app.Services.GetRequiredService<AssignmentStore>().GetByCallAsync(s.Center, callId);
        Assert.Equal(AssignmentStatus.Completed, assignment!.Status);

        var released = await s.ChangeAsync(s.Inspector, $"{path}/release", null, submitted.ETag);
        Assert.Equal(app.Clock.GetUtcNow().AddDays(7), released.AppealDeadline);

        // Agent and supervisor now see it; the agent appeals once.
        Assert.Contains(started.EvaluationId, await s.Agent.GetStringAsync($"{s.Base}/evaluations"));
        Assert.Contains(started.EvaluationId, await s.Supervisor.GetStringAsync($"{s.Base}/evaluations"));
        var appealed = await s.ChangeAsync(s.Agent, $"{path}/appeal", new { comment = "I did verify at 00:40" }, released.ETag);
        Assert.Equal(EvaluationStatus.Appealed, appealed.Status);
        var again = await s.SendAsync(s.Agent, HttpMethod.Post, $"{path}/appeal", new { comment = "again" }, appealed.ETag);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);

        // The lead upholds with corrected answers: verify yes → (2+3+15+2) ÷ 27 = 22 ÷ 27 = 81.48, good.
        var corrected = FirstAnswers.Select((a, i) => i == 1 ? (object)new { itemId = "verify", points = 1 } : a).ToArray();
        var decided = await s.ChangeAsync(s.Lead, $"{path}/appeal/decision",
            new { upheld = true, comment = "Verification heard at 00:40", answers = corrected, problems = Array.Empty<object>() }, appealed.ETag);
        Assert.Equal(EvaluationStatus.AppealUpheld, decided.Status);
        Assert.Equal(81.48m, decided.Result!.Score);
        Assert.Equal(Band.Good, decided.Result.Band);
        Assert.Equal(70.37m, decided.OriginalResult!.Score);
        Assert.Equal("insp-1", decided.ScoringErrorChargedTo);
        Assert.True(decided.Appeal!.Upheld);

        // Every change is a version with who, when and why.
        var history = (await s.Lead.GetFromJsonAsync<List<Evaluation>>($"{path}/versions", Json))!;
        Assert.Equal([1, 2, 3, 4, 5, 6], history.Select(v => v.Version));
        Assert.Equal([EvaluationStatus.Draft, EvaluationStatus.Draft, EvaluationStatus.Submitted, EvaluationStatus.Released, EvaluationStatus.Appealed, EvaluationStatus.AppealUpheld],
            history.Select(v => v.Status));
        Assert.Equal(["u-insp-1", "u-insp-1", "u-insp-1", "u-insp-1", "u-a1", "lead-1"], history.Select(v => v.ChangedBy));
        Assert.All(history, v => Assert.False(string.IsNullOrWhiteSpace(v.Reason)));
        Assert.Equal(70.37m, history[3].Result!.Score); // the released version is kept as it was

        // The agent's history starts at release: no drafts.
        var agentHistory = (await s.Agent.GetFromJsonAsync<List<Evaluation>>($"{path}/versions", Json))!;
        Assert.Equal([4, 5, 6], agentHistory.Select(v => v.Version));

        // KPI facts: one per evaluation, the corrected one replacing the released one.
        var fact = Assert.Single(await app.Services.GetRequiredService<EvaluationStore>().ListFactsAsync(s.Center));
        Assert.Equal((EvaluationFactKind.Corrected, 81.48m, 70.37m, 6), (fact.Kind, fact.Score, fact.OriginalScore, fact.Version));
    }

    [Fact]
    public async Task ARejectedAppealLetsTheScoreStandAndTheAgentCanAcknowledgeInstead()
    {
        var s = await EvaluationScenario.CreateAsync(app);
        var released = await s.ReleasedAsync();
        var path = $"{s.Base}/evaluations/{released.EvaluationId}";
        var appealed = await s.ChangeAsync(s.Agent, $"{path}/appeal", new { comment = "unfair" }, released.ETag);
        var rejected = await s.ChangeAsync(s.Lead, $"{path}/appeal/decision", new { upheld = false, comment = "The recording is clear" }, appealed.ETag);
        Assert.Equal(EvaluationStatus.AppealRejected, rejected.Status);
        Assert.Equal(70.37m, rejected.Result!.Score);
        Assert.Null(rejected.ScoringErrorChargedTo);

        var other = await s.ReleasedAsync();
        var acknowledged = await s.ChangeAsync(s.Agent, $"{s.Base}/evaluations/{other.EvaluationId}/acknowledge", null, other.ETag);
        Assert.Equal(EvaluationStatus.Acknowledged, acknowledged.Status);
        var late = await s.SendAsync(s.Agent, HttpMethod.Post, $"{s.Base}/evaluations/{other.EvaluationId}/appeal", new { comment = "x" }, acknowledged.ETag);
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
    }

    [Fact]
    public async Task AStaleETagIsRefusedWith412AndAMissingOneWith428()
    {
        var s = await EvaluationScenario.CreateAsync(app);
        var (started, _) = await s.StartAsync(s.Inspector, await s.AssignAsync());
        var path = $"{s.Base}/evaluations/{started.EvaluationId}/draft";
        var body = new { answers = new[] { new { itemId = "greet", points = 1 } } };

        var first = await s.SendAsync(s.Inspector, HttpMethod.Put, path, body, started.ETag);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var stale = await s.SendAsync(s.Lead, HttpMethod.Put, path, new { answers = new[] { new { itemId = "greet", points = 0 } } }, started.ETag);
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Equal("application/problem+json", stale.Content.Headers.ContentType?.MediaType);
        var missing = await s.SendAsync(s.Inspector, HttpMethod.Put, path, body, null);
        Assert.Equal(HttpStatusCode.PreconditionRequired, missing.StatusCode);

        // Nothing was lost or overwritten: the head is version 2 with greet = 1.
        var current = (await s.Inspector.GetFromJsonAsync<Evaluation>($"{s.Base}/evaluations/{started.EvaluationId}", Json))!;
        Assert.Equal(2, current.Version);
        Assert.Equal(1, current.Answers.Single().Points);
    }

    [Fact]
    public async Task SubmissionNamesTheMissingAnswersAndBadProblemRecords()
    {
        var s = await EvaluationScenario.CreateAsync(app);
        var (started, _) = await s.StartAsync(s.Inspector, await s.AssignAsync());
        var path = $"{s.Base}/evaluations/{started.EvaluationId}";
        var badProblem = await s.SendAsync(s.Inspector, HttpMethod.Put, $"{path}/draft",
            new { answers = new[] { new { itemId = "greet", points = 1 } }, problems = new[] { new { itemId = "nope", description = "", moment = "1:5x", @class = "Typical" } } }, started.ETag);
        Assert.Equal(HttpStatusCode.BadRequest, badProblem.StatusCode);
        Assert.Contains("problems[0].moment", await badProblem.Content.ReadAsStringAsync());

        var draft = await s.ChangeAsync(s.Inspector, $"{path}/draft", new { answers = new[] { new { itemId = "greet", points = 1 } } }, started.ETag, HttpMethod.Put);
        var submit = await s.SendAsync(s.Inspector, HttpMethod.Post, $"{path}/submit", null, draft.ETag);
        Assert.Equal(HttpStatusCode.BadRequest, submit.StatusCode);
        var text = await submit.Content.ReadAsStringAsync();
        Assert.Contains("\"answers\"", text);
        Assert.Contains("disclose", text);
    }

    [Fact]
    public async Task AQaLeadEvaluatesAnyCallButAnInspectorOnlyTheirAssignedOnes()
    {
        var s = await EvaluationScenario.CreateAsync(app);
        var notAssigned = $"call-{Guid.NewGuid():N}"[..13];
        Assert.Equal(HttpStatusCode.Forbidden, (await s.StartAsync(s.Inspector, notAssigned, "a1")).Response.StatusCode);
        var assignedToOther = await s.AssignAsync(inspectorId: "insp-2");
        Assert.Equal(HttpStatusCode.Forbidden, (await s.StartAsync(s.Inspector, assignedToOther)).Response.StatusCode);

        var (byLead, response) = await s.StartAsync(s.Lead, notAssigned, "a2");
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(("a2", "T2", "lead-1", false), (byLead.AgentId, byLead.Team, byLead.InspectorId, byLead.FromAssignment));

        // One evaluation per call.
        Assert.Equal(HttpStatusCode.Conflict, (await s.StartAsync(s.Lead, notAssigned, "a2")).Response.StatusCode);
        // An agent who is not on the roster cannot be evaluated from an unknown call.
        var unknown = await s.StartAsync(s.Lead, $"call-{Guid.NewGuid():N}"[..13], "ghost");
        Assert.Equal(HttpStatusCode.BadRequest, unknown.Response.StatusCode);
        Assert.Contains("agentId", await unknown.Response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ReleasingACriticalErrorPutsTheAgentOnTheWatchList()
    {
        var s = await EvaluationScenario.CreateAsync(app);
        var critical = FirstAnswers.Select((a, i) => i == 4 ? (object)new { itemId = "disclose", points = 0 } : a).ToArray();
        var released = await s.ReleasedAsync(critical);
        Assert.Equal(0m, released.Result!.Score);
        Assert.Equal(1, released.Result.CriticalErrors[CriticalClass.Compliance]);

        var day = DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime);
        var watched = await app.Services.GetRequiredService<WatchListStore>().ListActiveAsync(s.Center, day);
        Assert.True(watched.ContainsKey("a1"));
        Assert.False(watched.ContainsKey("a2"));
    }

    [Fact]
    public async Task ASupervisorPlansCoachingAndRecordsItsOutcome()
    {
        var s = await EvaluationScenario.CreateAsync(app);
        var released = await s.ReleasedAsync();
        var path = $"{s.Base}/evaluations/{released.EvaluationId}";
        var followUp = DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime).AddDays(14);
        var planned = await s.ChangeAsync(s.Supervisor, $"{path}/coaching", new { action = "Role-play identity checks", owner = "sup-1", followUpOn = followUp }, released.ETag);
        var coaching = Assert.Single(planned.Coaching);
        Assert.Equal(followUp, coaching.FollowUpOn);

        var done = await s.ChangeAsync(s.Supervisor, $"{path}/coaching/{coaching.CoachingId}/outcome", new { outcome = "Verifies every caller now", improved = true }, planned.ETag);
        Assert.True(done.Coaching.Single().Improved);
        var bad = await s.SendAsync(s.Supervisor, HttpMethod.Post, $"{path}/coaching", new { action = "", owner = "sup-1" }, done.ETag);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var body = await bad.Content.ReadAsStringAsync();
        Assert.Contains("action", body);
        Assert.Contains("followUpOn", body);
    }

    [Fact]
    public async Task ALeadEvaluatesAnIngestedCallWithItsAgentTeamAndLengthFromTheCallRecords()
    {
        var s = await EvaluationScenario.CreateAsync(app);
        var center = (await app.Services.GetRequiredService<QaServerless.ReferenceData.ReferenceDataStore>().GetCenterAsync(s.Center))!;
        var call = new QaServerless.Calls.Call
        {
            CenterId = s.Center, CallId = "rec-1", AgentId = "a2", Team = "T2", BusinessType = "投诉", Direction = QaServerless.Calls.CallDirection.Inbound,
            Start = app.Clock.GetUtcNow().AddDays(-1), TalkSeconds = 80, HoldSeconds = 10,
        };
        await app.Services.GetRequiredService<QaServerless.Calls.CallStore>().SaveAsync(center, call, default);

        var (started, response) = await s.StartAsync(s.Lead, "rec-1");
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(("a2", "T2", 90), (started.AgentId, started.Team, started.CallSeconds));

        var late = await s.SendAsync(s.Lead, HttpMethod.Put, $"{s.Base}/evaluations/{started.EvaluationId}/draft",
            new { answers = FirstAnswers, problems = new[] { new { itemId = "verify", description = "x", moment = "01:31", @class = "Serious" } } }, started.ETag);
        Assert.Equal(HttpStatusCode.BadRequest, late.StatusCode);
        Assert.Contains("problems[0].atSecond", await late.Content.ReadAsStringAsync());
    }
}
