using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using QaServerless.Calls;
using QaServerless.Evaluations;
using QaServerless.Hosting;
using QaServerless.Kpis;
using QaServerless.ReferenceData;
using QaServerless.Tests.Infrastructure;

namespace QaServerless.Tests.Kpis;

/// <summary>
/// Date ranges grouped by anything (center-day partitions): the whole month as a range is the month, a part of it
/// holds only its days, a correction replaces and a replay adds nothing in the day rows too.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class KpiRangeTests(AppFixture app)
{
    private Task<string> GoldenCenterAsync() => KpiGoldenData.SeedCenterAsync(app.Services);

    private KpiEvaluationSink Sink => app.Services.GetServices<IEvaluationFactsSink>().OfType<KpiEvaluationSink>().Single();

    private async Task<KpiReport> GetAsync(string center, string query)
    {
        var response = await app.QaLeadOf(center).GetAsync($"/api/kpis/{center}?{query}");
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<KpiReport>(HostJson.Options))!;
    }

    /// <summary>The report without what names its period (the period, the page tokens that fingerprint it).</summary>
    private static string Figures(KpiReport report) => JsonSerializer.Serialize(report with { Period = "", Page = null }, HostJson.Options);

    [Theory]
    [InlineData("center")]
    [InlineData("agent")]
    [InlineData("team")]
    [InlineData("businessType")]
    [InlineData("inspector")]
    public async Task TheWholeMonthAsARangeEqualsTheMonth(string groupBy)
    {
        var center = await GoldenCenterAsync();
        var month = await GetAsync(center, $"month=2026-10&groupBy={groupBy}&top=500");
        var range = await GetAsync(center, $"from=2026-10-01&to=2026-10-31&groupBy={groupBy}&top=500");

        Assert.Equal("2026-10-01..2026-10-31", range.Period);
        Assert.NotEmpty(range.Groups);
        Assert.Equal(Figures(month), Figures(range));
    }

    [Fact]
    public async Task ARangeHoldsOnlyItsDaysForEveryGroup()
    {
        var center = await GoldenCenterAsync();

        var agents = await GetAsync(center, "from=2026-10-05&to=2026-10-06&groupBy=agent");
        Assert.Equal([("a1", 2L), ("a2", 2L)], agents.Groups.Select(g => (g.Group, g.ContactCenter.Calls)));   // c1 c2 | c3 c4
        Assert.Equal(0, agents.Total.Qa.Evaluations);                                                          // released on the 12th
        // c1 was a first contact until c2 (an hour later) made it unresolved within 2 h: that change reached c1's day too.
        Assert.Equal(new Ratio(0, 1), agents.Groups.Single(g => g.Group == "a1").ContactCenter.FirstContactResolution["2h"]);
        Assert.Equal(["2026-10-05", "2026-10-06"], agents.Daily.Select(d => d.Day.ToString("yyyy-MM-dd")));

        var inspectors = await GetAsync(center, "from=2026-10-12&to=2026-10-12&groupBy=inspector");
        Assert.Equal(3, inspectors.Groups.Single(g => g.Group == "i1").Qa.Evaluations);
        var types = await GetAsync(center, "from=2026-10-07&to=2026-10-10&groupBy=businessType");
        Assert.Equal([("咨询", 2L), ("投诉", 1L)], types.Groups.Select(g => (g.Group, g.ContactCenter.Calls)));
    }

    [Fact]
    public async Task ACorrectedEvaluationInsideARangeReplacesItsContribution()
    {
        var center = await GoldenCenterAsync();
        await Sink.OnEvaluationFactAsync(KpiGoldenData.Corrected(center), default);

        var report = await GetAsync(center, "from=2026-10-10&to=2026-10-16&groupBy=agent");
        Assert.Equal(3, report.Total.Qa.Evaluations);
        Assert.Equal(79.17m, report.Total.Qa.MeanScore);                              // (92.5 + 70 + 75) / 3
        Assert.Equal(70m, report.Groups.Single(g => g.Group == "a2").Qa.MeanScore);
        Assert.Equal(1, (await GetAsync(center, "from=2026-10-10&to=2026-10-16&groupBy=inspector")).Groups.Single().Qa.ScoringErrors);

        await Sink.OnEvaluationFactAsync(KpiGoldenData.Released(center)[1], default);   // the older fact again: no change
        Assert.Equal(79.17m, (await GetAsync(center, "from=2026-10-12&to=2026-10-12&groupBy=team")).Total.Qa.MeanScore);
    }

    [Fact]
    public async Task ReplayedCallsAndFactsDoNotDoubleCountInTheDayRows()
    {
        var center = await GoldenCenterAsync();
        var before = Figures(await GetAsync(center, "from=2026-10-01&to=2026-10-31&groupBy=agent"));

        await app.Services.GetRequiredService<CallStore>().SaveBatchAsync(new Center(center, "KPI", "Asia/Shanghai"), KpiGoldenData.Calls(center), default);
        foreach (var fact in KpiGoldenData.Released(center)) await Sink.OnEvaluationFactAsync(fact, default);

        Assert.Equal(before, Figures(await GetAsync(center, "from=2026-10-01&to=2026-10-31&groupBy=agent")));
        var day = await app.Services.GetRequiredService<KpiStore>().ReadGroupsAsync(KpiStore.DayPartition(center, new DateOnly(2026, 10, 5)), KpiGroup.Agent, default);
        Assert.Equal(2, day.Single(g => g.Id == "a1").Counters[K.Calls]);
    }

    [Fact]
    public async Task AGroupedRangeIsAtMostNinetyTwoDays()
    {
        var center = AppFixture.NewCenterId("k");
        var lead = app.QaLeadOf(center);
        foreach (var query in new[] { "from=2026-08-01&to=2026-11-01&groupBy=agent", "from=2026-10-02&to=2026-10-01&groupBy=team", "from=2026-10-01&to=2026-10-32&groupBy=team" })
        {
            var response = await lead.GetAsync($"/api/kpis/{center}?{query}");
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("to", out _), query);
        }
        Assert.Equal(HttpStatusCode.OK, (await lead.GetAsync($"/api/kpis/{center}?from=2026-08-01&to=2026-10-31&groupBy=agent")).StatusCode);
    }
}
