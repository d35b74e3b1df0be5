using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using QaServerless.Ai.Analysis;
using QaServerless.Calls;
using QaServerless.ReferenceData;

namespace QaServerless.Tests.Browser;

/// <summary>
/// The search page on the real app: a lead's three filters give exactly the hand-counted calls, an evaluation starts
/// from a result, two selected calls go to the calibration-new route; a supervisor never sees another team's call.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class SearchBrowserTests(BrowserFixture browser)
{
    // call  agent team type risk  — filters 投诉 + A001 + risk ≥ 40 match b01 and b05 only.
    private static readonly (string Id, string Agent, string Team, string Type, int? Risk)[] Calls =
    [
        ("b01", "A001", "T1", "投诉", 60), ("b02", "A001", "T1", "投诉", 20), ("b03", "A001", "T1", "咨询", 80), ("b04", "A002", "T1", "投诉", 90),
        ("b05", "A001", "T1", "投诉", 45), ("b06", "A001", "T1", "投诉", null), ("b07", "A003", "T2", "投诉", 70), ("b08", "A003", "T2", "咨询", null),
    ];

    private static DateOnly Day => BrowserFlows.Today.AddDays(-1);
    private static string Range => $"from={Day.AddDays(-1):yyyy-MM-dd}&to={BrowserFlows.Today:yyyy-MM-dd}";

    private async Task<string> SeedAsync()
    {
        var center = await BrowserFlows.SeedCenterAsync(browser);
        var stored = (await browser.Service<ReferenceDataStore>().GetCenterAsync(center))!;
        var calls = Calls.Select((c, i) => new Call
        {
            CenterId = center, CallId = c.Id, AgentId = c.Agent, Team = c.Team, BusinessType = c.Type, Direction = CallDirection.Inbound,
            Start = new DateTimeOffset(Day.Year, Day.Month, Day.Day, 10, i, 0, TimeSpan.FromHours(8)), TalkSeconds = 60 + i * 30,
        }).ToList();
        await browser.Service<CallStore>().SaveBatchAsync(stored, calls, default);
        foreach (var (call, risk) in calls.Zip(Calls.Select(c => c.Risk)).Where(x => x.Second is not null))
            foreach (var sink in browser.App.Services.GetServices<ICallAnalyzedSink>())
                await sink.OnCallAnalyzedAsync(call, new CallAnalysis { CenterId = center, CallId = call.CallId, Status = AnalysisStatus.Completed, Day = Day, RiskScore = risk!.Value }, default);
        return center;
    }

    private static async Task AssertFitsAsync(IPage page) =>
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "The search page is wider than 1280 px.");

    [Fact]
    public async Task ALeadFindsTheCallsOfThreeFiltersStartsAnEvaluationAndCalibratesTwoCalls()
    {
        var center = await SeedAsync();
        await BrowserFlows.SeedScorecardAsync(browser, center);
        var page = await browser.NewPageAsync();
        var keys = new Keyboard(page);
        await BrowserFlows.SignInAsync(page, keys, "qa-lead", center, person: "L001");

        await keys.PressAsync("g");
        await keys.PressAsync("f");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("#/search$"));
        await Assertions.Expect(page.Locator("#se-from")).ToBeVisibleAsync();
        Assert.Equal("se-from", await page.EvaluateAsync<string>("() => document.activeElement?.id"));
        await page.Locator("#se-from").FillAsync($"{Day.AddDays(-1):yyyy-MM-dd}");
        await page.Locator("#se-to").FillAsync($"{BrowserFlows.Today:yyyy-MM-dd}");
        await page.Locator("#se-businessType").FillAsync("投诉");
        await page.Locator("#se-agent").FillAsync("A001");
        await page.Locator("#se-minRisk").FillAsync("40");
        await page.Locator("#se-minRisk").PressAsync("Enter");

        var rows = page.Locator("#search-results tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(2);
        Assert.Equal(["b01", "b05"], (await rows.EvaluateAllAsync<string[]>("rs => rs.map(r => r.dataset.call)")).Order());
        await Assertions.Expect(page.Locator("#se-count")).ToContainTextAsync("共 2 条");
        // The filters are in the URL: the search is a bookmark.
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("businessType=%E6%8A%95%E8%AF%89.*minRisk=40"));
        await Accessibility.AssertEveryControlLabelledAsync(page);
        await AssertFitsAsync(page);
        await browser.ScreenshotAsync(page, "70-lead-search");
        var bookmark = page.Url;

        await keys.TabToAsync("#search-results tr[data-call=b01] input.pick");
        await keys.PressAsync("e");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex($"#/evaluation/{center}/ev-"));
        await Assertions.Expect(page.Locator("main h1")).ToBeVisibleAsync();

        await page.GotoAsync(bookmark);
        await Assertions.Expect(rows).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator("#search-results tr[data-call=b01]")).ToContainTextAsync("草稿");
        // Newest first: b05 (10:04) is the first row, its box has the focus.
        await keys.TabToAsync("#search-results tr[data-call=b05] input.pick");
        await keys.PressAsync(" ");
        await keys.TabToAsync("#search-results tr[data-call=b01] input.pick");
        await keys.PressAsync(" ");
        await Assertions.Expect(page.Locator("#se-calibrate")).ToContainTextAsync("2");
        await keys.PressAsync("c");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex($"#/calibration/new/{center}\\?calls=b05,b01$"));
        browser.AssertNoScriptErrors(page);
        File.AppendAllText(Path.Combine(browser.ScreenshotFolder, "keystrokes.txt"),
            $"search (lead): three filters, evaluate a result, calibrate two: {keys.Keystrokes} keystrokes besides typing the filters, {keys.Clicks} clicks\n");

        var english = await browser.NewPageAsync("en");
        var enKeys = new Keyboard(english);
        await BrowserFlows.SignInAsync(english, enKeys, "qa-lead", center);
        await Assertions.Expect(english).ToHaveURLAsync(new Regex("#/appeals$"));
        await english.GotoAsync($"/api/ui/#/search/{center}?{Range}");
        await enKeys.TabToAsync("#lang");
        await enKeys.PressAsync("Enter");
        await Assertions.Expect(english.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Assertions.Expect(english.Locator("#se-count")).ToContainTextAsync("1–8 of 8");
        await Assertions.Expect(english.Locator("main h1")).ToHaveTextAsync("Search calls and evaluations");
        await AssertFitsAsync(english);
        await browser.ScreenshotAsync(english, "70-lead-search-en");
        browser.AssertNoScriptErrors(english);
    }

    [Fact]
    public async Task ALeadOpensTheCorrectionHistoryOfACallFromItsResult()
    {
        var center = await SeedAsync();
        // The source re-sends b01 corrected: another business type and a longer talk.
        var stored = (await browser.Service<ReferenceDataStore>().GetCenterAsync(center))!;
        var store = browser.Service<CallStore>();
        var first = (await store.GetAsync(center, "b01", default))!;
        await store.SaveBatchAsync(stored, [first with { BusinessType = "咨询", TalkSeconds = 95 }], default);
        var versions = (await BrowserFlows.AdminOf(browser, center).GetFromJsonAsync<JsonArray>($"/api/calls/{center}/b01/versions"))!;
        Assert.Equal("投诉", Assert.Single(versions)!["businessType"]!.GetValue<string>());

        var page = await browser.NewPageAsync();
        var keys = new Keyboard(page);
        await BrowserFlows.SignInAsync(page, keys, "qa-lead", center, person: "L001");
        await page.GotoAsync($"/api/ui/#/search/{center}?{Range}&agent=A001&team=T1");
        // Tab only once the results are drawn: tabbing earlier walks a page that has no rows yet.
        await Assertions.Expect(page.Locator("#search-results tr[data-call=b01] button.history")).ToHaveCountAsync(1);
        await keys.TabToAsync("#search-results tr[data-call=b01] button.history");
        await keys.PressAsync("Enter");
        var history = page.Locator("#search-results tr[data-history-of=b01] tbody tr");
        await Assertions.Expect(history).ToHaveCountAsync(2);
        await Assertions.Expect(history.Nth(0).Locator("td[data-field=businessType]")).ToHaveTextAsync("投诉");
        await Assertions.Expect(history.Nth(1).Locator("td.changed[data-field=businessType]")).ToContainTextAsync("咨询");
        await Assertions.Expect(history.Nth(1).Locator("td.changed[data-field=talkSeconds]")).ToContainTextAsync("95");
        await Assertions.Expect(history.Nth(1).Locator("td.changed")).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator("#search-results tr[data-history-of=b01]")).Not.ToContainTextAsync("null");
        await Assertions.Expect(page.Locator("#search-results tr[data-call=b01] button.history")).ToHaveAttributeAsync("aria-expanded", "true");
        await Accessibility.AssertEveryControlLabelledAsync(page);
        await AssertFitsAsync(page);
        await browser.ScreenshotAsync(page, "72-lead-search-call-history");
        await keys.PressAsync("Enter");
        await Assertions.Expect(page.Locator("#search-results tr[data-history-of=b01]")).ToHaveCountAsync(0);
        browser.AssertNoScriptErrors(page);
    }

    [Fact]
    public async Task ASupervisorsSearchShowsNoOtherTeamsCall()
    {
        var center = await SeedAsync();
        var page = await browser.NewPageAsync();
        var keys = new Keyboard(page);
        await BrowserFlows.SignInAsync(page, keys, "supervisor", center, team: "T1");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("#/team$")); // the home page first: then the bookmark
        await page.GotoAsync($"/api/ui/#/search/{center}?{Range}&businessType=%E6%8A%95%E8%AF%89");

        var rows = page.Locator("#search-results tbody tr");
        // T1's 投诉 calls: b01, b02, b04, b05, b06; b07 (投诉, T2) is another team's.
        await Assertions.Expect(rows).ToHaveCountAsync(5);
        Assert.Equal(["b01", "b02", "b04", "b05", "b06"], (await rows.EvaluateAllAsync<string[]>("rs => rs.map(r => r.dataset.call)")).Order());
        await Assertions.Expect(page.Locator("#search-results")).Not.ToContainTextAsync("A003");
        await Assertions.Expect(page.Locator("#se-calibrate")).ToHaveCountAsync(0);
        await Accessibility.AssertEveryControlLabelledAsync(page);
        await AssertFitsAsync(page);
        await browser.ScreenshotAsync(page, "71-supervisor-search");
        browser.AssertNoScriptErrors(page);
    }
}
