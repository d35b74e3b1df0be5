using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using QaServerless.Evaluations;
using QaServerless.Hosting;
using QaServerless.Kpis;
using QaServerless.Scoring;
using QaServerless.Security;
using QaServerless.Tests.Infrastructure;

namespace QaServerless.Tests.Kpis;

/// <summary>
/// Trends and drill-down over the golden month (KpiGoldenData: 7 calls 5–10 October, e1 92.5 / e2 0 with a compliance
/// critical error / e3 75 released on the 12th) plus e4 (a1, T1, 80, Good) released on 20 August. Every figure by hand.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class KpiTrendTests(AppFixture app)
{
    private async Task<string> SeedAsync()
    {
        var center = await KpiGoldenData.SeedCenterAsync(app.Services);
        var sink = app.Services.GetServices<IEvaluationFactsSink>().OfType<KpiEvaluationSink>().Single();
        var august = new DateTimeOffset(2026, 8, 20, 10, 0, 0, TimeSpan.FromHours(8));
        await sink.OnEvaluationFactAsync(KpiGoldenData.Fact(center, "e4", 1, "c0", "a1", "T1", 80m, Band.Good, ["recap"]) with { ReleasedAt = august, At = august }, default);
        return center;
    }

    private static async Task<T> OkAsync<T>(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<T>(HostJson.Options))!;
    }

    private HttpClient SupervisorOf(string center, string team) => app.ClientAs("sup-1", [Roles.Supervisor], [center], "S9", [team]);

    [Fact]
    public async Task TheCentersTwelveMonthsMatchTheHandComputation()
    {
        var center = await SeedAsync();
        var trend = await OkAsync<KpiTrend>(app.QaLeadOf(center), $"/api/kpis/{center}/trend?grain=month&end=2026-10");

        Assert.Equal(12, trend.Points.Count);
        Assert.Equal(("2025-11", "2026-10"), (trend.Points[0].Period, trend.Points[^1].Period));
        var october = trend.Points[^1];
        Assert.Equal((7L, 3L), (october.Calls, october.Evaluations));
        Assert.Equal(55.83m, october.MeanScore);                                   // (92.5 + 0 + 75) / 3
        Assert.Equal(new Ratio(2, 3), october.PassRate);
        Assert.Equal(new Ratio(1, 3), october.CriticalErrorRate);                  // e2
        Assert.Equal(new Ratio(2, 4), october.FirstContactResolution);             // 24 h window
        Assert.Equal(188.3m, october.AverageHandleSeconds);                        // (150 + 240 + 80 + 420 + 120 + 120) / 6
        var august = trend.Points.Single(p => p.Period == "2026-08");
        Assert.Equal((1L, 80m, new Ratio(1, 1), new Ratio(0, 1)), (august.Evaluations, august.MeanScore!.Value, august.PassRate, august.CriticalErrorRate));
        Assert.Equal(new Ratio(0, 0), august.FirstContactResolution);
        Assert.All(trend.Points.Where(p => p.Period is not ("2026-08" or "2026-10")), p => Assert.Equal((0L, 0L, (decimal?)null), (p.Calls, p.Evaluations, p.MeanScore)));
    }

    [Fact]
    public async Task WeeksRunMondayToSundayFromTheDayRows()
    {
        var center = await SeedAsync();
        var trend = await OkAsync<KpiTrend>(app.QaLeadOf(center), $"/api/kpis/{center}/trend?grain=week&periods=3&end=2026-10-18");

        Assert.Equal(["2026-W40", "2026-W41", "2026-W42"], trend.Points.Select(p => p.Period));
        Assert.Equal((new DateOnly(2026, 10, 5), new DateOnly(2026, 10, 11)), (trend.Points[1].From, trend.Points[1].To));
        Assert.Equal((0L, 0L), (trend.Points[0].Calls, trend.Points[0].Evaluations));
        Assert.Equal((7L, 0L, 188.3m), (trend.Points[1].Calls, trend.Points[1].Evaluations, trend.Points[1].AverageHandleSeconds!.Value));
        Assert.Equal(new Ratio(2, 4), trend.Points[1].FirstContactResolution);
        Assert.Equal((0L, 3L, 55.83m), (trend.Points[2].Calls, trend.Points[2].Evaluations, trend.Points[2].MeanScore!.Value));

        var agent = await OkAsync<KpiTrend>(app.QaLeadOf(center), $"/api/kpis/{center}/trend?grain=week&periods=3&end=2026-10-18&groupBy=agent&group=a1");
        Assert.Equal((4L, 1L, 92.5m), (agent.Points[1].Calls, agent.Points[2].Evaluations, agent.Points[2].MeanScore!.Value)); // c1 c2 c6 c7; e1
    }

    [Fact]
    public async Task ASupervisorsTrendIsMadeOfTheirTeamsOnly()
    {
        var center = await SeedAsync();
        var t2 = SupervisorOf(center, "T2");

        var own = await OkAsync<KpiTrend>(t2, $"/api/kpis/{center}/trend?end=2026-10");
        Assert.Equal((1L, 1L, 75m), (own.Points[^1].Calls, own.Points[^1].Evaluations, own.Points[^1].MeanScore!.Value)); // c5, e3
        Assert.Equal(0, own.Points.Single(p => p.Period == "2026-08").Evaluations);                                        // e4 is T1's
        Assert.Equal(HttpStatusCode.NotFound, (await t2.GetAsync($"/api/kpis/{center}/trend?groupBy=team&group=T1&end=2026-10")).StatusCode);
        var otherAgent = await OkAsync<KpiTrend>(t2, $"/api/kpis/{center}/trend?groupBy=agent&group=a1&end=2026-10");
        Assert.All(otherAgent.Points, p => Assert.Equal((0L, 0L), (p.Calls, p.Evaluations)));
        var ownAgent = await OkAsync<KpiTrend>(t2, $"/api/kpis/{center}/trend?groupBy=agent&group=a3&end=2026-10");
        Assert.Equal((1L, 75m), (ownAgent.Points[^1].Evaluations, ownAgent.Points[^1].MeanScore!.Value));
        Assert.Equal(HttpStatusCode.Forbidden, (await app.ClientAs("ag", [Roles.Agent], [center], "a1", ["T1"]).GetAsync($"/api/kpis/{center}/trend")).StatusCode);
    }

    [Fact]
    public async Task BadTrendQueriesNameTheirField()
    {
        var center = AppFixture.NewCenterId("k");
        var response = await app.QaLeadOf(center).GetAsync($"/api/kpis/{center}/trend?grain=day&periods=40&end=2026-13-01&groupBy=businessType");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        foreach (var field in new[] { "grain", "end", "groupBy" }) Assert.Contains($"\"{field}\"", body);
        var noGroup = await app.QaLeadOf(center).GetAsync($"/api/kpis/{center}/trend?groupBy=team&periods=25");
        var noGroupBody = await noGroup.Content.ReadAsStringAsync();
        Assert.Contains("\"group\"", noGroupBody);
        Assert.Contains("\"periods\"", noGroupBody);
    }

    [Fact]
    public async Task ADrillDownListsExactlyTheEvaluationsBehindAFigure()
    {
        var center = await SeedAsync();
        var lead = app.QaLeadOf(center);

        var greet = await OkAsync<DrillDownPage>(lead, $"/api/kpis/{center}/evaluations?month=2026-10&item=greet");
        Assert.Equal(["e3", "e1"], greet.Evaluations.Select(e => e.EvaluationId));           // worst first: 75, 92.5
        Assert.Equal(2, greet.Total);
        var t1 = await OkAsync<DrillDownPage>(lead, $"/api/kpis/{center}/evaluations?month=2026-10&groupBy=team&group=T1");
        Assert.Equal(["e2", "e1"], t1.Evaluations.Select(e => e.EvaluationId));
        var e2 = t1.Evaluations[0];
        Assert.Equal(("a2", "T1", "i1", 0m, "Fail", true), (e2.AgentId, e2.Team, e2.InspectorId, e2.Score!.Value, e2.Band, e2.CriticalError));
        Assert.Equal(["disclose", "verify"], e2.DeductedItems);
        Assert.Equal(["empathy"], e2.WarningItems);
        var warned = await OkAsync<DrillDownPage>(lead, $"/api/kpis/{center}/evaluations?from=2026-10-12&to=2026-10-12&item=empathy");
        Assert.Equal(["e2"], warned.Evaluations.Select(e => e.EvaluationId));

        var paged = await OkAsync<DrillDownPage>(lead, $"/api/kpis/{center}/evaluations?month=2026-10&top=2");
        Assert.Equal(["e2", "e3"], paged.Evaluations.Select(e => e.EvaluationId));
        var next = await OkAsync<DrillDownPage>(lead, $"/api/kpis/{center}/evaluations?month=2026-10&top=2&continuationToken={paged.ContinuationToken}");
        Assert.Equal(["e1"], next.Evaluations.Select(e => e.EvaluationId));
        var foreign = await lead.GetAsync($"/api/kpis/{center}/evaluations?month=2026-10&item=greet&continuationToken={paged.ContinuationToken}");
        Assert.Equal(HttpStatusCode.BadRequest, foreign.StatusCode);
        Assert.Contains("continuationToken", await foreign.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ASupervisorDrillsDownIntoTheirTeamsOnly()
    {
        var center = await SeedAsync();
        var t2 = SupervisorOf(center, "T2");
        var greet = await OkAsync<DrillDownPage>(t2, $"/api/kpis/{center}/evaluations?month=2026-10&item=greet");
        Assert.Equal(["e3"], greet.Evaluations.Select(e => e.EvaluationId));
        var a1 = await OkAsync<DrillDownPage>(t2, $"/api/kpis/{center}/evaluations?month=2026-10&groupBy=agent&group=a1");
        Assert.Empty(a1.Evaluations);
        Assert.Equal(HttpStatusCode.NotFound, (await t2.GetAsync($"/api/kpis/{center}/evaluations?month=2026-10&groupBy=team&group=T1")).StatusCode);
    }

    [Fact]
    public async Task TargetsAreVersionedValidatedAndSetByLeadsOnly()
    {
        var center = AppFixture.NewCenterId("k");
        var lead = app.QaLeadOf(center);
        var first = await lead.GetAsync($"/api/kpis/{center}/targets");
        Assert.Equal("\"0\"", first.Headers.ETag?.ToString());
        var none = (await first.Content.ReadFromJsonAsync<KpiTargetsVersion>(HostJson.Options))!;
        Assert.Equal((0, (decimal?)null), (none.Version, none.Targets.PassRate));

        var targets = new { passRate = 0.9, meanScore = 85, firstContactResolution = 0.75, criticalErrorRate = 0.02 };
        Assert.Equal(HttpStatusCode.PreconditionRequired, (await Put(lead, center, targets, null)).StatusCode);
        var bad = await Put(lead, center, new { passRate = 1.5, meanScore = 120, criticalErrorRate = -0.1 }, "\"0\"");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var problem = await bad.Content.ReadAsStringAsync();
        foreach (var field in new[] { "passRate", "meanScore", "criticalErrorRate" }) Assert.Contains($"\"{field}\"", problem);

        var saved = await Put(lead, center, targets, "\"0\"");
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.Equal("\"1\"", saved.Headers.ETag?.ToString());
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await Put(lead, center, targets with { }, "\"0\"")).StatusCode);
        var supervisor = SupervisorOf(center, "T1");
        Assert.Equal(HttpStatusCode.Forbidden, (await Put(supervisor, center, targets, "\"1\"")).StatusCode);

        var read = await OkAsync<KpiTargetsVersion>(supervisor, $"/api/kpis/{center}/targets");
        Assert.Equal((1, 0.9m, 85m, 0.75m, 0.02m, "lead-1"), (read.Version, read.Targets.PassRate!.Value, read.Targets.MeanScore!.Value,
            read.Targets.FirstContactResolution!.Value, read.Targets.CriticalErrorRate!.Value, read.UpdatedBy));
        var trend = await OkAsync<KpiTrend>(lead, $"/api/kpis/{center}/trend?periods=1");
        Assert.Equal(0.9m, trend.Targets.PassRate);
    }

    [Fact]
    public void ATargetIsAFloorOrACeiling()
    {
        var targets = new KpiTargets { PassRate = 0.9m, CriticalErrorRate = 0.02m };
        Assert.True(targets.Met(TargetFigure.PassRate, 0.9m));
        Assert.False(targets.Met(TargetFigure.PassRate, 0.8999m));
        Assert.True(targets.Met(TargetFigure.CriticalErrorRate, 0.02m));
        Assert.False(targets.Met(TargetFigure.CriticalErrorRate, 0.03m));
        Assert.Null(targets.Met(TargetFigure.MeanScore, 99m));                      // no target
        Assert.Null(targets.Met(TargetFigure.PassRate, null));                      // no evaluations
    }

    private static Task<HttpResponseMessage> Put(HttpClient client, string center, object body, string? etag)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, $"/api/kpis/{center}/targets") { Content = JsonContent.Create(body) };
        if (etag is not null) request.Headers.TryAddWithoutValidation("If-Match", etag);
        return client.SendAsync(request);
    }
}
