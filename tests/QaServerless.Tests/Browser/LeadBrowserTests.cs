using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace QaServerless.Tests.Browser;

/// <summary>The QA lead's pages render from the real APIs, labelled, without script errors, reachable by keyboard.</summary>
[Collection(BrowserCollection.Name)]
public sealed class LeadBrowserTests(BrowserFixture browser)
{
    [Fact]
    public async Task TheLeadMovesBetweenAppealsCalibrationAndCoverageWithTheKeyboard()
    {
        var center = await BrowserFlows.SeedCenterAsync(browser);
        await BrowserFlows.AssignAsync(browser, center, "C3001", "A001", "咨询", "new-hire");

        var page = await browser.NewPageAsync();
        var keys = new Keyboard(page);
        await BrowserFlows.SignInAsync(page, keys, "qa-lead", center);

        foreach (var (key, name, shot) in new[] { ("v", "coverage", "60-lead-coverage"), ("c", "calibration", "61-lead-calibration"), ("a", "appeals", "62-lead-appeals"), ("k", "kpi", "63-lead-kpi") })
        {
            await keys.PressAsync("g");
            await keys.PressAsync(key);
            await Assertions.Expect(page).ToHaveURLAsync(new Regex($"#/{name}$"));
            await Assertions.Expect(page.Locator("main h1, #banner:not([hidden])").First).ToBeVisibleAsync();
            await Accessibility.AssertEveryControlLabelledAsync(page);
            await browser.ScreenshotAsync(page, shot);
            browser.AssertNoScriptErrors(page);
        }

        await keys.PressAsync("g");
        await keys.PressAsync("v");
        await Assertions.Expect(page.Locator("main h1")).ToContainTextAsync("抽检覆盖"); // coverage counts sampling runs: none ran here
        Assert.Equal(0, keys.Clicks);
    }

    [Fact]
    public async Task CoverageReadsNotEnoughEvaluationsBelowFiveAndShowsTheMarginFromFive()
    {
        // A001: 2 evaluations, both 0 (the reported "±0.0, trustworthy"); A002: 5 evaluations, 60 to 100.
        var center = await BrowserFlows.SeedCenterAsync(browser);
        var runs = browser.Service<QaServerless.Sampling.SamplingRunStore>();
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        await runs.WriteAgentDaysAsync(center, [new("A001", today, 40, 4, false, false), new("A002", today, 40, 6, false, false)]);
        foreach (var id in new[] { "e1", "e2" })
            await runs.RecordEvaluationScoreAsync(center, "A001", today, id, 0, passed: false, criticalError: true);
        foreach (var (id, score) in new[] { ("f1", 60.0), ("f2", 70.0), ("f3", 80.0), ("f4", 90.0), ("f5", 100.0) })
            await runs.RecordEvaluationScoreAsync(center, "A002", today, id, score, passed: true, criticalError: false);

        foreach (var (lang, notEnough) in new[] { ("zh-CN", "评估不足（2 条，至少 5 条）"), ("en", "not enough evaluations (2 of 5 needed)") })
        {
            var page = await browser.NewPageAsync();
            var keys = new Keyboard(page);
            await BrowserFlows.SignInAsync(page, keys, "qa-lead", center);
            await page.GotoAsync($"/api/ui/#/coverage/{center}/{today:yyyy-MM}");
            if (lang == "en")
            {
                await keys.TabToAsync("#lang");
                await keys.PressAsync("Enter");
                await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
            }
            var few = page.Locator("tr[data-agent=A001]");
            await Assertions.Expect(few.Locator("td.margin")).ToHaveTextAsync(notEnough);
            await Assertions.Expect(few).Not.ToContainTextAsync("±");
            await Assertions.Expect(few.Locator("td.trust")).ToHaveTextAsync(lang == "en" ? "no" : "否");
            await Assertions.Expect(few.Locator("td.pass-rate")).ToHaveTextAsync(lang == "en" ? "0 of 2" : "0/2"); // the count, no percentage
            var enough = page.Locator("tr[data-agent=A002]");
            // mean 80, s = 15.81, t(0.975, 4) = 2.776, FPC √(35/39): ±18.6, 61.4–98.6; 5 of 5 passed: Wilson 57–100 %.
            await Assertions.Expect(enough.Locator("td.margin")).ToContainTextAsync("±18.6");
            await Assertions.Expect(enough.Locator("td.margin")).ToContainTextAsync("61.4–98.6");
            await Assertions.Expect(enough.Locator("td.pass-rate")).ToContainTextAsync("57%–100%");
            await Assertions.Expect(page.Locator("#cov-minimum")).ToContainTextAsync("5");
            await Accessibility.AssertEveryControlLabelledAsync(page);
            browser.AssertNoScriptErrors(page);
        }
    }

    [Fact]
    public async Task TheShortcutHelpOpensWithAQuestionMarkAndClosesWithEscape()
    {
        var center = await BrowserFlows.SeedCenterAsync(browser);
        var page = await browser.NewPageAsync("en");
        var keys = new Keyboard(page);
        await BrowserFlows.SignInAsync(page, keys, "inspector", center, "I001");
        await keys.PressAsync("?");
        await Assertions.Expect(page.Locator("dialog#help")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("dialog#help")).ToContainTextAsync("g");
        await browser.ScreenshotAsync(page, "03-shortcuts-help");
        await keys.PressAsync("Escape");
        await Assertions.Expect(page.Locator("dialog#help")).Not.ToBeVisibleAsync();
    }
}
