using System.Text.RegularExpressions;
using Microsoft.Playwright;
using QaServerless.Kpis;

namespace QaServerless.Tests.Browser;

/// <summary>The KPI dashboard pages a center's agents with the keyboard: <c>]</c> next, <c>[</c> back, <c>s</c> worst first.</summary>
[Collection(BrowserCollection.Name)]
public sealed class KpiDashboardBrowserTests(BrowserFixture browser)
{
    [Fact]
    public async Task TheLeadPagesThroughSixtyAgentsAndSortsTheWorstFirstWithTheKeyboard()
    {
        var center = await BrowserFlows.SeedCenterAsync(browser);
        var rows = new Dictionary<string, (Counters, Dictionary<string, object>)>();
        for (var i = 0; i < 60; i++)
        {
            var id = $"A{i:D3}";
            // A037 scores lowest; everyone else 60 + (i mod 30).
            var score = i == 37 ? 1200 : (6000 + i % 30 * 100);
            rows[KpiStore.GroupRow(KpiGroup.Agent, id)] = (new Counters().Add(K.Calls, 5).Add(K.Evaluations, 1).Add(K.ScoreHundredths, score),
                new() { ["Id"] = id, ["Team"] = "T1" });
        }
        await browser.Service<KpiStore>().ApplyAsync(KpiStore.Partition(center, "202610"), rows, default);

        var page = await browser.NewPageAsync();
        var keys = new Keyboard(page);
        await BrowserFlows.SignInAsync(page, keys, "qa-lead", center);
        await page.GotoAsync($"/api/ui/#/kpi/{center}/2026-10/agent");
        var body = page.Locator("#kpi-groups tbody tr");
        await Assertions.Expect(body).ToHaveCountAsync(50);
        await Assertions.Expect(page.Locator("#kpi-page")).ToContainTextAsync("1–50");
        await Assertions.Expect(page.Locator("#kpi-page")).ToContainTextAsync("60");
        await Assertions.Expect(page.Locator("#kpi-prev")).ToBeDisabledAsync();

        await keys.PressAsync("]");
        await Assertions.Expect(page.Locator("#kpi-page")).ToContainTextAsync("51–60");
        await Assertions.Expect(body).ToHaveCountAsync(10);
        await Assertions.Expect(body.First.Locator("td").First).ToHaveTextAsync("A050");
        await Assertions.Expect(page.Locator("#kpi-next")).ToBeDisabledAsync();

        await keys.PressAsync("[");
        await Assertions.Expect(body).ToHaveCountAsync(50);
        await Assertions.Expect(body.First.Locator("td").First).ToHaveTextAsync("A000");

        await keys.PressAsync("s");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/agent/meanScore$"));
        await Assertions.Expect(body.First.Locator("td").First).ToHaveTextAsync("A037");
        await Accessibility.AssertEveryControlLabelledAsync(page);
        await browser.ScreenshotAsync(page, "64-lead-kpi-worst-first");
        browser.AssertNoScriptErrors(page);
        Assert.Equal(0, keys.Clicks);
    }
}
