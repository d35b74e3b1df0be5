using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using QaServerless.Assignments;
using QaServerless.Hosting;
using QaServerless.Sampling;
using QaServerless.Security;
using QaServerless.Tests.Assignments;
using QaServerless.Tests.Infrastructure;

namespace QaServerless.Tests.Sampling;

/// <summary>DailySampling end to end on Azurite: through the timer's trigger endpoint, then AssignInspector with its messages.</summary>
[Collection(AppCollection.Name)]
public sealed class DailySamplingTests(AppFixture app)
{
    private const string TimerPayload = """
        {"Data":{"timer":{"Schedule":{"AdjustForDST":true},"ScheduleStatus":{"Last":"2026-11-20T00:15:00+00:00","Next":"2026-11-20T01:15:00+00:00","LastUpdated":"2026-11-20T00:15:00+00:00"},"IsPastDue":false}},
         "Metadata":{"sys":{"MethodName":"DailySampling","UtcNow":"2026-11-20T01:15:00.0012345Z","RandGuid":"3f2504e0-4f89-11d3-9a0c-0305e82c3301"}}}
        """;

    /// <summary>Runs the timer and returns this center's messages (the shared Azurite holds other tests' centers too).</summary>
    private async Task<List<AssignmentRequest>> TickAsync(string centerId)
    {
        var response = await HostPayloads.PostAsync(app.CreateClient(), DailySamplingFunction.Name, TimerPayload);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var output = doc.RootElement.GetProperty("Outputs").GetProperty(DailySamplingFunction.Output);
        Assert.Equal(JsonValueKind.Array, output.ValueKind);
        Assert.All(output.EnumerateArray(), m => Assert.Equal(JsonValueKind.Object, m.ValueKind)); // objects, never bare strings
        return output.EnumerateArray().Select(m => m.Deserialize<AssignmentRequest>(HostJson.Options)!).Where(m => m.CenterId == centerId).ToList();
    }

    [Fact]
    public async Task RunningTheTimerTwiceForADayGivesOneSampleAndOneMessagePerCall()
    {
        var scenario = await SamplingScenario.CreateAsync(app);

        var first = await TickAsync(scenario.CenterId);
        var second = await TickAsync(scenario.CenterId);

        Assert.NotEmpty(first);
        Assert.Empty(second);
        Assert.Equal(first.Count, first.Select(m => m.CallId).Distinct().Count());
        Assert.All(first, m => { Assert.Equal(SamplingScenario.Day, m.SampleDay); Assert.Equal(SamplingScenario.WorkDay, m.WorkDay); });
        var runs = app.Services.GetRequiredService<SamplingRunStore>();
        var sample = await runs.ListSampleAsync(scenario.CenterId, SamplingScenario.Day);
        Assert.Equal(first.Select(m => m.CallId).Order(), sample.Select(c => c.CallId).Order());
        Assert.Contains(first, m => m.CallId == "a5-001" && m.Reason == "test call");
        Assert.Contains(first, m => m.CallId == "a6-002" && m.Reason == "complaint");
    }

    [Fact]
    public async Task ARunAfterACrashHalfWayGivesTheSameSampleOnce()
    {
        var scenario = await SamplingScenario.CreateAsync(app);
        var service = app.Services.GetRequiredService<SamplingService>();
        var runs = app.Services.GetRequiredService<SamplingRunStore>();

        var first = await service.RunAsync(scenario.Center, SamplingScenario.Day);
        // The crash: rows written, the run never marked sent (so the host sent nothing).
        await runs.ResetAsync(first.Run);
        var resumed = await service.RunAsync(scenario.Center, SamplingScenario.Day);
        var replay = await service.RunAsync(scenario.Center, SamplingScenario.Day);

        Assert.Equal(first.Messages, resumed.Messages);
        Assert.Empty(replay.Messages);
        Assert.True(replay.AlreadySent);
    }

    [Fact]
    public async Task ExcludedCallsAreNeverDrawnAtRandomAndEveryStratumSaysWhy()
    {
        var scenario = await SamplingScenario.CreateAsync(app);
        await TickAsync(scenario.CenterId);

        var report = await app.QaLeadOf(scenario.CenterId).GetFromJsonAsync<SamplingRunReport>(
            $"/api/sampling/{scenario.CenterId}/runs/2026-11-19", HostJson.Options);
        var calls = await app.QaLeadOf(scenario.CenterId).GetFromJsonAsync<List<SampledCall>>(
            $"/api/sampling/{scenario.CenterId}/runs/2026-11-19/calls", HostJson.Options);

        var byId = scenario.Calls.ToDictionary(c => c.CallId);
        Assert.All(calls!.Where(c => c.Reason is not ("test call" or "complaint")), c =>
            Assert.True(!byId[c.CallId].Abandoned && byId[c.CallId].TalkSeconds >= 10, $"{c.CallId} is excluded"));
        Assert.Equal(scenario.Calls.Count, report!.Run.Population);
        Assert.Equal(scenario.Calls.Count, report.Strata.Sum(s => s.Population));
        Assert.All(report.Strata, s => Assert.False(string.IsNullOrWhiteSpace(s.Why)));
        Assert.Contains(report.Strata, s => s.Why.Contains("new hire"));
        Assert.Equal(RunStatus.Sent, report.Run.Status);
        Assert.Equal(HttpStatusCode.NotFound,
            (await app.ClientAs("ag", [Roles.Agent], [scenario.CenterId], personId: "a1").GetAsync($"/api/sampling/{scenario.CenterId}/runs/2026-11-19")).StatusCode);
    }

    [Fact]
    public async Task TheSampleFillsWorklistsWithinCapsAndNewHiresGetMoreCallsInCoverage()
    {
        var scenario = await SamplingScenario.CreateAsync(app, inspectorCap: 6);
        var lead = app.QaLeadOf(scenario.CenterId);
        // A plan with a high base target, so that one day shows the boost and demand exceeds the 18 slots.
        var plan = await lead.PutAsJsonAsync($"/api/sampling/{scenario.CenterId}/plan", new { baseTargetPerAgentPerMonth = 42 });
        Assert.Equal(HttpStatusCode.OK, plan.StatusCode);

        var messages = await TickAsync(scenario.CenterId);
        foreach (var m in messages)
        {
            var sent = await HostPayloads.PostAsync(app.CreateClient(), AssignInspectorFunction.Name,
                HostPayloads.ServiceBus(AssignInspectorFunction.Binding, JsonSerializer.Serialize(m, HostJson.Options), m.CallId));
            Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
        }

        var store = app.Services.GetRequiredService<AssignmentStore>();
        var loads = await store.GetLoadsAsync(scenario.CenterId, SamplingScenario.WorkDay);
        Assert.All(loads.Values, l => Assert.InRange(l.Count, 0, 6));
        Assert.Equal(18, messages.Count); // demand 23 + 2 must-include, cut to the 18 slots of Friday
        var monday = await store.GetLoadsAsync(scenario.CenterId, new DateOnly(2026, 11, 23));
        Assert.Equal(18, loads.Values.Sum(l => l.Count) + monday.Values.Sum(l => l.Count)); // i0 may not take T1: some wait for Monday
        var t1 = await store.ListWorklistAsync(scenario.CenterId, "i0", SamplingScenario.WorkDay);
        Assert.DoesNotContain(t1, a => a.Team == "T1"); // i0 must not evaluate team T1

        var coverage = await lead.GetFromJsonAsync<CoverageReport>($"/api/sampling/{scenario.CenterId}/coverage?month=2026-11", HostJson.Options);
        var newHires = coverage!.Agents.Where(a => a.NewHire).ToList();
        var tenured = coverage.Agents.Where(a => !a.NewHire).ToList();
        Assert.Equal(3, newHires.Count);
        Assert.True(newHires.Average(a => a.Sampled) > tenured.Average(a => a.Sampled),
            $"new hires {newHires.Average(a => a.Sampled)} vs tenured {tenured.Average(a => a.Sampled)}");
        Assert.All(newHires, a => Assert.Equal(84, a.Target));
        Assert.Equal(18, coverage.Agents.Sum(a => a.Assigned));
    }

    [Fact]
    public async Task ReleasedScoresGiveTheAgentsMarginOfErrorAndACorrectionReplacesAScore()
    {
        var scenario = await SamplingScenario.CreateAsync(app, callsPerAgent: 20);
        await TickAsync(scenario.CenterId);
        var sink = Sink();
        QaServerless.Evaluations.EvaluationFact Fact(string id, decimal score) => ReleasedFact(scenario.CenterId, "a3", id, score);

        foreach (var (id, score) in new[] { ("e1", 80m), ("e2", 90m), ("e3", 70m), ("e4", 100m), ("e5", 10m) })
            await sink.OnEvaluationFactAsync(Fact(id, score), default);
        await sink.OnEvaluationFactAsync(Fact("e5", 60m) with { Kind = QaServerless.Evaluations.EvaluationFactKind.Corrected, Version = 2 }, default);

        var coverage = await app.QaLeadOf(scenario.CenterId).GetFromJsonAsync<CoverageReport>(
            $"/api/sampling/{scenario.CenterId}/coverage?month=2026-11", HostJson.Options);
        var a3 = coverage!.Agents.Single(a => a.AgentId == "a3");
        Assert.Equal(5, a3.Evaluated);
        Assert.Equal(80, a3.MeanScore);
        Assert.Equal(20, a3.Population);
        Assert.Equal(Math.Round(2.776 * 15.8114 / Math.Sqrt(5) * Math.Sqrt(15.0 / 19), 2), a3.MarginOfError!.Value, 1);
        Assert.False(a3.Trustworthy);
        Assert.Null(coverage.Agents.Single(a => a.AgentId == "a4").MarginOfError);
    }

    private CoverageScoresSink Sink() => app.Services.GetServices<QaServerless.Evaluations.IEvaluationFactsSink>().OfType<CoverageScoresSink>().Single();

    private static QaServerless.Evaluations.EvaluationFact ReleasedFact(string center, string agent, string id, decimal score, bool passed = true, bool critical = false) => new()
    {
        Kind = QaServerless.Evaluations.EvaluationFactKind.Released, CenterId = center, EvaluationId = id, Version = 1,
        CallId = $"{agent}-00{id[^1]}", AgentId = agent, Team = "T2", InspectorId = "i1", ScorecardId = "sc", ScorecardVersion = 1,
        ReleasedAt = new DateTimeOffset(2026, 11, 20, 3, 0, 0, TimeSpan.Zero), At = new DateTimeOffset(2026, 11, 20, 3, 0, 0, TimeSpan.Zero),
        Score = score, Band = passed ? QaServerless.Scoring.Band.Pass : QaServerless.Scoring.Band.Fail, Passed = passed,
        CriticalErrors = new Dictionary<QaServerless.Scorecards.CriticalClass, int> { [QaServerless.Scorecards.CriticalClass.Compliance] = critical ? 1 : 0 },
        DeductedItemIds = [], WarningItemIds = [],
    };

    [Fact]
    public async Task TwoEvaluationsBothZeroGiveNoMarginAndAreNotTrustworthy()
    {
        // The reported case: 2 evaluations, both 0, read "±0.0, trustworthy". Below 5 evaluations there is no margin.
        var scenario = await SamplingScenario.CreateAsync(app, callsPerAgent: 20);
        await TickAsync(scenario.CenterId);
        foreach (var id in new[] { "e1", "e2" })
            await Sink().OnEvaluationFactAsync(ReleasedFact(scenario.CenterId, "a3", id, 0, passed: false, critical: true), default);

        var coverage = await app.QaLeadOf(scenario.CenterId).GetFromJsonAsync<CoverageReport>(
            $"/api/sampling/{scenario.CenterId}/coverage?month=2026-11", HostJson.Options);
        var a3 = coverage!.Agents.Single(a => a.AgentId == "a3");
        Assert.Equal(5, coverage.MinimumEvaluations);
        Assert.Equal((2, 0d, false, false), (a3.Evaluated, a3.MeanScore!.Value, a3.EnoughEvaluations, a3.Trustworthy));
        Assert.Null(a3.MarginOfError);
        Assert.Null(a3.ScoreInterval);
        Assert.Equal((0, 2, 0d), (a3.PassRate.Count, a3.PassRate.Of, a3.PassRate.Share!.Value));
        Assert.Null(a3.PassRate.Interval);
        Assert.Equal((2, 2), (a3.CriticalErrorRate.Count, a3.CriticalErrorRate.Of));
        Assert.Null(a3.CriticalErrorRate.Interval);
    }

    [Fact]
    public async Task FiveEvaluationsGiveABoundedScoreIntervalAndWilsonIntervalsForTheRates()
    {
        var scenario = await SamplingScenario.CreateAsync(app, callsPerAgent: 20);
        await TickAsync(scenario.CenterId);
        // Scores 0, 0, 0, 0, 100: mean 20, s = √2000 = 44.72; one passed, four failed with a critical error.
        foreach (var (id, score) in new[] { ("e1", 0m), ("e2", 0m), ("e3", 0m), ("e4", 0m), ("e5", 100m) })
            await Sink().OnEvaluationFactAsync(ReleasedFact(scenario.CenterId, "a3", id, score, passed: score > 0, critical: score == 0), default);

        var coverage = await app.QaLeadOf(scenario.CenterId).GetFromJsonAsync<CoverageReport>(
            $"/api/sampling/{scenario.CenterId}/coverage?month=2026-11", HostJson.Options);
        var a3 = coverage!.Agents.Single(a => a.AgentId == "a3");
        // t(0.975, 4) = 2.776 × 44.72 ÷ √5 × √(15 ÷ 19) = 49.33; 20 − 49.33 is below the scale: the interval starts at 0.
        Assert.Equal(2.776 * 20 * Math.Sqrt(15.0 / 19), a3.MarginOfError!.Value, 1);
        Assert.Equal(0, a3.ScoreInterval!.Low);
        Assert.Equal(20 + 2.776 * 20 * Math.Sqrt(15.0 / 19), a3.ScoreInterval.High, 1);
        // Wilson, 1 of 5 and 4 of 5 (z = 1.96): 0.0362–0.6245 and 0.3755–0.9638 (computed by hand from Wilson 1927, eq. in Newcombe 1998).
        Assert.Equal((0.0362, 0.6245), (a3.PassRate.Interval!.Low, a3.PassRate.Interval.High));
        Assert.Equal((0.3755, 0.9638), (a3.CriticalErrorRate.Interval!.Low, a3.CriticalErrorRate.Interval.High));
    }

    [Fact]
    public async Task ALeadSavesPlanVersionsAndAStaleSaveIsRefused()
    {
        var center = AppFixture.NewCenterId();
        await app.AdminOf(center).PutAsJsonAsync($"/api/centers/{center}", new { name = "P", timeZone = "Asia/Shanghai" });
        var lead = app.QaLeadOf(center);

        var initial = await lead.GetFromJsonAsync<SamplingPlan>($"/api/sampling/{center}/plan", HostJson.Options);
        Assert.Equal(0, initial!.Version);
        Assert.Equal(8, initial.BaseTargetPerAgentPerMonth);

        var v1 = await lead.PutAsJsonAsync($"/api/sampling/{center}/plan", new { baseTargetPerAgentPerMonth = 10 });
        var etag = v1.Headers.ETag!.ToString();
        var v2 = new HttpRequestMessage(HttpMethod.Put, $"/api/sampling/{center}/plan") { Content = JsonContent.Create(new { baseTargetPerAgentPerMonth = 12 }) };
        v2.Headers.TryAddWithoutValidation("If-Match", etag);
        Assert.Equal(HttpStatusCode.OK, (await lead.SendAsync(v2)).StatusCode);
        var stale = new HttpRequestMessage(HttpMethod.Put, $"/api/sampling/{center}/plan") { Content = JsonContent.Create(new { baseTargetPerAgentPerMonth = 14 }) };
        stale.Headers.TryAddWithoutValidation("If-Match", etag);
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await lead.SendAsync(stale)).StatusCode);

        Assert.Equal(12, (await lead.GetFromJsonAsync<SamplingPlan>($"/api/sampling/{center}/plan", HostJson.Options))!.BaseTargetPerAgentPerMonth);
        Assert.Equal(10, (await lead.GetFromJsonAsync<SamplingPlan>($"/api/sampling/{center}/plan?version=1", HostJson.Options))!.BaseTargetPerAgentPerMonth);
        var bad = await lead.PutAsJsonAsync($"/api/sampling/{center}/plan", new { baseTargetPerAgentPerMonth = -1 });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("baseTargetPerAgentPerMonth", await bad.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Forbidden,
            (await app.ClientAs("i", [Roles.Inspector], [center]).PutAsJsonAsync($"/api/sampling/{center}/plan", new { baseTargetPerAgentPerMonth = 9 })).StatusCode);
    }
}
