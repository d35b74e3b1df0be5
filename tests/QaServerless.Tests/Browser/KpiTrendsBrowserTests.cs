using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using QaServerless.Evaluations;
using QaServerless.Kpis;
using QaServerless.Scoring;
using QaServerless.Tests.Kpis;

namespace QaServerless.Tests.Browser;

/// <summary>
/// Trends, targets and drill-down in the browser. The demo center's released evaluations of this month (team T1: C5002
/// lost `solve`, C5003 lost `verify`, C5004 flagged the warning `jargon`), one more of team T2 that lost `verify`, and
/// the eleven months before: T1 10 evaluations a month averaging 80 + i (i months ago), T2 10 averaging 60.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class KpiTrendsBrowserTests(BrowserFixture browser)
{
    private static string MonthsAgo(int i) => ThisMonth.AddMonths(-i).ToString("yyyy-MM", CultureInfo.InvariantCulture);
    private static DateOnly ThisMonth => new(BrowserFlows.Today.Year, BrowserFlows.Today.Month, 1);

    private async Task<DemoCenter> SeedAsync()
    {
        var demo = await DemoCenter.SeedAsync(browser);
        var store = browser.Service<KpiStore>();
        for (var i = 1; i <= 11; i++)
        {
            Counters Team(decimal mean, int passed, int critical) => new Counters().Add(K.Evaluations, 10).Add(K.ScoreHundredths, (long)(mean * 100 * 10))
                .Add(K.Passed, passed).Add(K.WithAnyCritical, critical).Add(K.Calls, 100).Add(K.Answered, 100).Add(K.TalkSeconds, 18_000)
                .Add(K.FirstContacts("24h"), 100).Add(K.ResolvedFirstTime("24h"), 80);
            var t1 = Team(80 + i, 9, 0);
            var t2 = Team(60, 5, 1);
            await store.ApplyAsync(KpiStore.Partition(demo.Center, ThisMonth.AddMonths(-i).ToString("yyyyMM")), new Dictionary<string, (Counters, Dictionary<string, object>)>
            {
                [KpiStore.GroupRow(KpiGroup.Center, "")] = (t1.Clone().Add(t2), new() { ["Id"] = "" }),
                [KpiStore.GroupRow(KpiGroup.Team, "T1")] = (t1, new() { ["Id"] = "T1" }),
                [KpiStore.GroupRow(KpiGroup.Team, "T2")] = (t2, new() { ["Id"] = "T2" }),
            }, default);
        }
        var now = DateTimeOffset.UtcNow;
        var sink = browser.App.Services.GetServices<IEvaluationFactsSink>().OfType<KpiEvaluationSink>().Single();
        await sink.OnEvaluationFactAsync(KpiGoldenData.Fact(demo.Center, "ev-t2", 1, "C9000", "B001", "T2", 40m, Band.Fail, ["verify"])
            with { ScorecardId = "standard", ScorecardVersion = 1, InspectorId = "I001", ReleasedAt = now, At = now }, default);
        return demo;
    }

    private static ILocator Dots(IPage page, string chart) => page.Locator($"figure[data-chart={chart}] circle.dot");

    [Fact]
    public async Task TheLeadReadsTwelveMonthsSetsTargetsAndDrillsFromAParetoBarToTheEvaluationsThatLostTheItem()
    {
        var demo = await SeedAsync();
        var page = await browser.NewPageAsync();
        var keys = new Keyboard(page);
        await BrowserFlows.SignInAsync(page, keys, "qa-lead", demo.Center);
        var signedIn = keys.Keystrokes;

        await keys.PressAsync("g");
        await keys.PressAsync("r");
        await Assertions.Expect(Dots(page, "meanScore")).ToHaveCountAsync(12);
        await Assertions.Expect(page.Locator("figure[data-chart=meanScore] text.axis-label")).ToHaveCountAsync(12 + 5); // 12 months, 5 ticks
        await Assertions.Expect(page.Locator($"figure[data-chart=meanScore] circle[data-period='{MonthsAgo(1)}']")).ToHaveAttributeAsync("data-value", "70.5");
        await Assertions.Expect(page.Locator($"figure[data-chart=passRate] circle[data-period='{MonthsAgo(1)}']")).ToHaveAttributeAsync("data-value", "70");
        await Assertions.Expect(page.Locator("figure[data-chart=meanScore] .target-line")).ToHaveCountAsync(0);

        // Targets: e focuses the form; mean score ≥ 85, pass rate ≥ 90 %; Enter saves.
        await keys.PressAsync("e");
        await Assertions.Expect(page.Locator("#target-meanScore")).ToBeFocusedAsync();
        await keys.TypeAsync("85");
        await keys.PressAsync("Tab");
        await keys.TypeAsync("90");
        await keys.PressAsync("Enter");
        await Assertions.Expect(page.Locator("figure[data-chart=meanScore] g.target")).ToHaveAttributeAsync("data-target", "85");
        await Assertions.Expect(page.Locator("figure[data-chart=passRate] g.target")).ToHaveAttributeAsync("data-target", "90");
        await Assertions.Expect(page.Locator("figure[data-chart=meanScore] .target-line")).ToHaveCountAsync(1);
        // 70.5 misses 85; no month of the center reaches it (T1 tops out at 91 alone, but the center mixes in T2's 60).
        await Assertions.Expect(page.Locator("figure[data-chart=meanScore] circle.dot.missed")).ToHaveCountAsync(12);
        var trendKeys = keys.Keystrokes - signedIn;
        await Accessibility.AssertEveryControlLabelledAsync(page);
        await browser.ScreenshotAsync(page, "70-lead-trends-targets");

        // The KPI page: tiles with their targets, the Pareto by wording; the `verify` bar opens the evaluations that lost it.
        await keys.PressAsync("g");
        await keys.PressAsync("k");
        var verify = page.Locator("#kpi-pareto a[data-item=verify]");
        await Assertions.Expect(verify).ToContainTextAsync("核实客户身份");
        await Assertions.Expect(verify).ToHaveAttributeAsync("title", "verify");
        await Assertions.Expect(page.Locator("#kpi-pareto a[data-item=jargon]")).ToContainTextAsync("避免使用专业术语");
        await Assertions.Expect(page.Locator("[data-figure=meanScore] .target-note")).ToContainTextAsync("85");
        await Assertions.Expect(page.Locator("[data-figure=passRate] .target-note.missed")).ToHaveCountAsync(1);
        await browser.ScreenshotAsync(page, "71-lead-kpi-pareto-wording");
        var beforeDrill = keys.Keystrokes;
        await keys.TabToAsync("#kpi-pareto a[data-item=verify]");
        await keys.PressAsync("Enter");
        var rows = page.Locator("#drill-list tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(2);
        var listed = await rows.EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.evaluation).sort()");
        Assert.Equal(new[] { demo.AppealedA001, "ev-t2" }.Order(StringComparer.Ordinal), listed);
        var appealed = page.Locator($"#drill-list tr[data-evaluation='{demo.AppealedA001}']");
        await Assertions.Expect(appealed.Locator($"a[href='#/evaluation/{demo.Center}/{demo.AppealedA001}']")).ToHaveCountAsync(1);
        await Assertions.Expect(appealed.Locator($"a[href='#/evaluate/{demo.Center}/C5003']")).ToHaveTextAsync("C5003");
        await Assertions.Expect(page.Locator("#drill-what")).ToContainTextAsync("核实客户身份");
        var drillKeys = keys.Keystrokes - beforeDrill;
        await Accessibility.AssertEveryControlLabelledAsync(page);
        await browser.ScreenshotAsync(page, "73-lead-drill-verify");

        // A group row opens its evaluations too: team T1 this month is the demo's three.
        await page.GotoAsync($"/api/ui/#/kpi/{demo.Center}/{MonthsAgo(0)}/team");
        await page.Locator("#kpi-groups a.drill", new() { HasText = "T1" }).ClickAsync();
        await Assertions.Expect(rows).ToHaveCountAsync(3);

        // English.
        await page.Locator("#lang").ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Evaluations behind the figure");
        await browser.ScreenshotAsync(page, "73-lead-drill-team-en");
        await page.GotoAsync($"/api/ui/#/trends/{demo.Center}");
        await Assertions.Expect(Dots(page, "meanScore")).ToHaveCountAsync(12);
        await Assertions.Expect(page.Locator("figure[data-chart=meanScore] .target-label")).ToHaveTextAsync("Target ≥ 85.0");
        await browser.ScreenshotAsync(page, "70-lead-trends-targets-en");
        await page.GotoAsync($"/api/ui/#/kpi/{demo.Center}/{MonthsAgo(0)}/team");
        await Assertions.Expect(page.Locator("#kpi-pareto a[data-item=verify]")).ToBeVisibleAsync();
        await browser.ScreenshotAsync(page, "71-lead-kpi-pareto-wording-en");
        await page.GotoAsync($"/api/ui/#/trends/{demo.Center}/week/center/-");
        await Assertions.Expect(page.Locator("figure[data-chart=meanScore] text.axis-label")).ToHaveCountAsync(12 + 5);
        await browser.ScreenshotAsync(page, "74-lead-trends-weeks-en");
        browser.AssertNoScriptErrors(page);

        await File.AppendAllTextAsync(Path.Combine(browser.ScreenshotFolder, "keystrokes.txt"),
            $"trends (lead): g r, set two targets and save: {trendKeys} keystrokes, 0 clicks\n" +
            $"drill-down (lead): from the KPI page to the evaluations that lost an item: {drillKeys} keystrokes (Tab to the bar, Enter), 0 clicks\n");
    }

    [Fact]
    public async Task ASupervisorsTrendsAndDrillDownShowNoOtherTeam()
    {
        var demo = await SeedAsync();
        var page = await browser.NewPageAsync();
        var keys = new Keyboard(page);
        await BrowserFlows.SignInAsync(page, keys, "supervisor", demo.Center, team: "T1");

        await keys.PressAsync("g");
        await keys.PressAsync("r");
        await Assertions.Expect(Dots(page, "meanScore")).ToHaveCountAsync(12);
        // Their center is T1 alone: 81 a month ago, not the center's 70.5; T2's critical errors are not in it.
        await Assertions.Expect(page.Locator($"figure[data-chart=meanScore] circle[data-period='{MonthsAgo(1)}']")).ToHaveAttributeAsync("data-value", "81");
        await Assertions.Expect(page.Locator($"figure[data-chart=criticalErrorRate] circle[data-period='{MonthsAgo(1)}']")).ToHaveAttributeAsync("data-value", "0");
        await Assertions.Expect(page.Locator("#targets-save")).ToHaveCountAsync(0);
        await browser.ScreenshotAsync(page, "72-supervisor-trends");

        await page.GotoAsync($"/api/ui/#/trends/{demo.Center}/month/team/T2");
        await Assertions.Expect(page.Locator("#page-error")).ToBeVisibleAsync();

        await page.GotoAsync($"/api/ui/#/kpi/{demo.Center}/{MonthsAgo(0)}/team");
        await Assertions.Expect(page.Locator("#kpi-groups tbody tr")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#kpi-groups")).Not.ToContainTextAsync("T2");
        await page.Locator("#kpi-pareto a[data-item=verify]").ClickAsync();
        await Assertions.Expect(page.Locator("#drill-list tbody tr")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator($"#drill-list tr[data-evaluation='{demo.AppealedA001}']")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("main")).Not.ToContainTextAsync("ev-t2");
        await Assertions.Expect(page.Locator("main")).Not.ToContainTextAsync("T2");
        await page.Locator("#lang").ClickAsync();
        await page.GotoAsync($"/api/ui/#/trends/{demo.Center}");
        await Assertions.Expect(Dots(page, "meanScore")).ToHaveCountAsync(12);
        await browser.ScreenshotAsync(page, "72-supervisor-trends-en");
        browser.AssertNoScriptErrors(page);
    }
}
