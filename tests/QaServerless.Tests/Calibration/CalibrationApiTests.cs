using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.DependencyInjection;
using QaServerless.Calibration;
using QaServerless.Calls;
using QaServerless.Evaluations;
using QaServerless.ReferenceData;
using QaServerless.Scorecards;
using QaServerless.Scoring;
using QaServerless.Security;
using QaServerless.Tests.Infrastructure;
using static QaServerless.Tests.Calibration.CalibrationExample;

namespace QaServerless.Tests.Calibration;

/// <summary>Calibration sessions through HTTP on Azurite; the expected numbers are the hand computation in <see cref="CalibrationExample"/>.</summary>
[Collection(AppCollection.Name)]
public sealed class CalibrationApiTests(AppFixture app)
{
    private static readonly JsonSerializerOptions Json = CalibrationHttp.Json;

    private CalibrationHttp Http => new(app, app.Clock);
    private HttpClient Lead(string center) => Http.Lead(center);
    private HttpClient Inspector(string center, string person) => Http.Inspector(center, person);
    private Task SeedScorecardAsync(string center, params string[] callPrefixes) => Http.SeedScorecardAsync(center, callPrefixes);
    private Task<string> CreateSessionAsync(string center, string[]? calls = null, params object[] participants) => Http.CreateSessionAsync(center, calls, participants);
    private Task ScoreAsync(string center, string session, string person, IReadOnlyDictionary<string, IReadOnlyList<ItemAnswer>> answers) =>
        Http.ScoreAsync(center, session, person, answers);

    private static object StandardBody() => new
    {
        baseline = "standard",
        standard = Standard.Select(s => new { callId = s.Key, answers = s.Value }).ToArray(),
    };

    [Fact]
    public async Task ThreeInspectorsScoreTheLeadClosesAndDeviationsMatchTheHandComputation()
    {
        var center = AppFixture.NewCenterId("cal");
        await SeedScorecardAsync(center);
        var session = await CreateSessionAsync(center);
        await ScoreAsync(center, session, "ana", Ana);
        await ScoreAsync(center, session, "bo", Bo);
        await ScoreAsync(center, session, "cy", Cy);

        var lead = Lead(center);
        var view = await lead.GetFromJsonAsync<SessionView>($"/api/calibration/{center}/sessions/{session}", Json);
        Assert.All(view!.Progress, p => Assert.True(p.Submitted));

        var close = await lead.PostAsJsonAsync($"/api/calibration/{center}/sessions/{session}/close", StandardBody());
        Assert.Equal(HttpStatusCode.OK, close.StatusCode);
        var results = (await close.Content.ReadFromJsonAsync<SessionResults>(Json))!;

        var by = results.Participants.ToDictionary(p => p.ParticipantId);
        Assert.Equal(0, by["ana"].Result!.MeanPercent, 9);
        Assert.Equal(BoMeanPercent, by["bo"].Result!.MeanPercent, 6);
        Assert.Equal(BoMeanPoints, by["bo"].Result!.MeanPoints, 6);
        Assert.Equal(CyMeanPercent, by["cy"].Result!.MeanPercent, 6);
        Assert.Equal(CyMeanPoints, by["cy"].Result!.MeanPoints, 6);
        Assert.Equal([true, true, false], new[] { "ana", "bo", "cy" }.Select(p => by[p].Result!.Passed));
        Assert.Equal(GreetPercentAgreement, results.Items.Single(i => i.ItemId == "greet").Agreement.PercentAgreement!.Value, 9);

        // The results read later are the same, and the failure is in cy's trend.
        var again = await Inspector(center, "bo").GetFromJsonAsync<SessionResults>($"/api/calibration/{center}/sessions/{session}/results", Json);
        Assert.Equal(CyMeanPercent, again!.Participants.Single(p => p.ParticipantId == "cy").Result!.MeanPercent, 6);
        var trend = await Inspector(center, "cy").GetFromJsonAsync<InspectorTrend>($"/api/calibration/{center}/inspectors/cy/trend", Json);
        Assert.False(Assert.Single(trend!.Sessions).Passed);
    }

    [Fact]
    public async Task ScoringIsBlindUntilTheSessionCloses()
    {
        var center = AppFixture.NewCenterId("cal");
        await SeedScorecardAsync(center);
        var session = await CreateSessionAsync(center);
        await ScoreAsync(center, session, "ana", Ana);
        await ScoreAsync(center, session, "bo", new Dictionary<string, IReadOnlyList<ItemAnswer>> { ["c1"] = Bo["c1"] });

        var scores = $"/api/calibration/{center}/sessions/{session}/scores";
        var boSees = await Inspector(center, "bo").GetFromJsonAsync<List<ParticipantScore>>(scores, Json);
        Assert.All(boSees!, s => Assert.Equal("bo", s.ParticipantId));
        Assert.Single(boSees!);
        Assert.Empty((await Inspector(center, "cy").GetFromJsonAsync<List<ParticipantScore>>(scores, Json))!);
        Assert.Empty((await Lead(center).GetFromJsonAsync<List<ParticipantScore>>(scores, Json))!);
        Assert.Equal(HttpStatusCode.Conflict, (await Inspector(center, "bo").GetAsync($"/api/calibration/{center}/sessions/{session}/results")).StatusCode);

        // The lead sees who has submitted, a participant only themself.
        var leadView = await Lead(center).GetFromJsonAsync<SessionView>($"/api/calibration/{center}/sessions/{session}", Json);
        Assert.Equal([true, false, false], leadView!.Progress.Select(p => p.Submitted));
        Assert.Equal(1, leadView.Progress.Single(p => p.PersonId == "bo").CallsScored);
        var boView = await Inspector(center, "bo").GetFromJsonAsync<SessionView>($"/api/calibration/{center}/sessions/{session}", Json);
        Assert.Equal("bo", Assert.Single(boView!.Progress).PersonId);

        var close = await Lead(center).PostAsJsonAsync($"/api/calibration/{center}/sessions/{session}/close", new { baseline = "consensus" });
        Assert.Equal(HttpStatusCode.OK, close.StatusCode);
        var after = await Inspector(center, "bo").GetFromJsonAsync<List<ParticipantScore>>(scores, Json);
        Assert.Equal(6, after!.Count);
        Assert.Contains(after, s => s.ParticipantId == "ana");
        // And nobody can change a score any more.
        var late = await Inspector(center, "cy").PutAsJsonAsync($"{scores}/c1", new { answers = Cy["c1"] });
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
    }

    [Fact]
    public async Task OnlyParticipantsAndTheCentersLeadsSeeASession()
    {
        var center = AppFixture.NewCenterId("cal");
        await SeedScorecardAsync(center);
        var session = await CreateSessionAsync(center, null,
            new { personId = "ana", role = "inspector" }, new { personId = "rep-1", role = "agentRepresentative" });
        var url = $"/api/calibration/{center}/sessions/{session}";

        var outsider = Inspector(center, "zed");
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync(url)).StatusCode);
        Assert.DoesNotContain(session, await outsider.GetStringAsync($"/api/calibration/{center}/sessions"));
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.PutAsJsonAsync($"{url}/scores/c1", new { answers = Ana["c1"] })).StatusCode);
        var otherLead = app.ClientAs("lead-9", [Roles.QaLead], ["elsewhere"]);
        Assert.Equal(HttpStatusCode.NotFound, (await otherLead.GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await otherLead.PostAsJsonAsync($"{url}/close", new { baseline = "consensus" })).StatusCode);

        // A participant may score but not close; an agent representative takes part with the agent role.
        Assert.Equal(HttpStatusCode.Forbidden, (await Inspector(center, "ana").PostAsJsonAsync($"{url}/close", new { baseline = "consensus" })).StatusCode);
        var rep = app.ClientAs("user-rep", [Roles.Agent], [center], personId: "rep-1");
        Assert.Equal(HttpStatusCode.OK, (await rep.PutAsJsonAsync($"{url}/scores/c2", new { answers = Ana["c2"] })).StatusCode);
        Assert.Contains(session, await Inspector(center, "ana").GetStringAsync($"/api/calibration/{center}/sessions"));
    }

    [Fact]
    public async Task BadRequestsAreProblemsNamingTheField()
    {
        var center = AppFixture.NewCenterId("cal");
        await SeedScorecardAsync(center);
        var lead = Lead(center);
        var tooFew = await lead.PostAsJsonAsync($"/api/calibration/{center}/sessions", new
        {
            title = "x", scorecardId = "sc-cal", callIds = new[] { "c1", "c2", "c3", "c4" },
            participants = new[] { new { personId = "ana", role = "inspector" }, new { personId = "bo", role = "inspector" } },
        });
        Assert.Equal(HttpStatusCode.BadRequest, tooFew.StatusCode);
        Assert.Contains("callIds", await tooFew.Content.ReadAsStringAsync());

        var unknownCall = await lead.PostAsJsonAsync($"/api/calibration/{center}/sessions", new
        {
            title = "x", scorecardId = "sc-cal", callIds = new[] { "c1", "c2", "c3", "c4", "not-here" },
            participants = new[] { new { personId = "ana", role = "inspector" }, new { personId = "bo", role = "inspector" } },
        });
        Assert.Equal(HttpStatusCode.BadRequest, unknownCall.StatusCode);
        Assert.Contains("not-here", await unknownCall.Content.ReadAsStringAsync());

        var session = await CreateSessionAsync(center);
        var url = $"/api/calibration/{center}/sessions/{session}";
        var incomplete = await Inspector(center, "ana").PutAsJsonAsync($"{url}/scores/c1", new { answers = new[] { new { itemId = "greet", points = 1 } } });
        Assert.Equal(HttpStatusCode.BadRequest, incomplete.StatusCode);
        Assert.Contains("answers", await incomplete.Content.ReadAsStringAsync());

        var noExpertScores = await lead.PostAsJsonAsync($"{url}/close", new { baseline = "expert", expertId = "bo" });
        Assert.Equal(HttpStatusCode.BadRequest, noExpertScores.StatusCode);
        Assert.Contains("expertId", await noExpertScores.Content.ReadAsStringAsync());

        var stale = new HttpRequestMessage(HttpMethod.Post, $"{url}/close") { Content = JsonContent.Create(new { baseline = "consensus" }) };
        stale.Headers.TryAddWithoutValidation("If-Match", "W/\"datetime'2001-01-01T00%3A00%3A00.0000000Z'\"");
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await lead.SendAsync(stale)).StatusCode);
    }

    [Fact]
    public async Task AnInspectorWhoFailsTwoSessionsInARowRaisesAnAlert()
    {
        var center = AppFixture.NewCenterId("cal");
        await SeedScorecardAsync(center, "n1-", "n2-");
        // The shared clock is not advanced (other tests rely on it): ordering by closing time is covered by InspectorTrendTests.
        foreach (var month in new[] { "n1", "n2" }) await Http.RoundAsync(center, month);

        var alerts = await Lead(center).GetFromJsonAsync<List<InspectorTrend>>($"/api/calibration/{center}/trends?alertsOnly=true", Json);
        var cy = Assert.Single(alerts!);
        Assert.Equal("cy", cy.InspectorId);
        Assert.Equal(2, cy.ConsecutiveFailures);
        Assert.True(cy.AlertActive);
        Assert.Equal(HttpStatusCode.Forbidden, (await Inspector(center, "ana").GetAsync($"/api/calibration/{center}/inspectors/cy/trend")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Inspector(center, "ana").GetAsync($"/api/calibration/{center}/trends")).StatusCode);
    }

    [Fact]
    public async Task SuggestionsPutCallsWithAnUpheldAppealFirstAndSkipCallsAlreadyCalibrated()
    {
        var center = AppFixture.NewCenterId("cal");
        await SeedScorecardAsync(center);
        var card = Card(center);
        var evaluations = app.Services.GetRequiredService<EvaluationStore>();
        var now = app.Clock.GetUtcNow();
        Evaluation Upheld(string call, IReadOnlyList<ItemAnswer> original, IReadOnlyList<ItemAnswer> corrected) => new()
        {
            CenterId = center, EvaluationId = $"ev-{call}", CallId = call, AgentId = "agent-1", Team = "t1", InspectorId = "cy",
            ScorecardId = card.ScorecardId, ScorecardVersion = 1, Status = EvaluationStatus.AppealUpheld, Answers = corrected,
            Result = ScoreCalculator.Score(card, corrected), OriginalResult = ScoreCalculator.Score(card, original),
            Appeal = new Appeal { Comment = "I did greet", By = "agent-1", At = now.AddDays(-2), Upheld = true, DecidedBy = "lead-1", DecidedAt = now.AddDays(-1) },
            Version = 5, ChangedBy = "lead-1", ChangedAt = now.AddDays(-1), Reason = "appeal upheld",
        };
        // c3: greet wrongly deducted; c4: verify wrongly deducted. Both then go into a session and are no longer suggested.
        await evaluations.AddAsync(Upheld("c3", Answers(0, 1, 4, 1), Answers(1, 1, 4, 1)));
        await evaluations.AddAsync(Upheld("c4", Answers(1, 0, 4, 1), Answers(1, 1, 4, 1)));

        var before = await Lead(center).GetFromJsonAsync<List<SuggestedCall>>($"/api/calibration/{center}/suggestions", Json);
        Assert.Equal(["c3", "c4"], before!.Select(c => c.CallId).Order());
        var c3 = before!.Single(c => c.CallId == "c3");
        Assert.Equal(AppealsUpheldSignals.Weight, c3.Weight);
        Assert.Equal(["greet"], c3.ItemIds);

        await CreateSessionAsync(center);
        var after = await Lead(center).GetFromJsonAsync<List<SuggestedCall>>($"/api/calibration/{center}/suggestions", Json);
        Assert.Empty(after!);
        Assert.Equal(HttpStatusCode.Forbidden, (await Inspector(center, "ana").GetAsync($"/api/calibration/{center}/suggestions")).StatusCode);
    }
}
