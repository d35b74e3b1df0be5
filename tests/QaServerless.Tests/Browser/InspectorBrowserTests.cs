using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace QaServerless.Tests.Browser;

/// <summary>The inspector's day in the browser: the worklist, then the evaluation page.</summary>
[Collection(BrowserCollection.Name)]
public sealed class InspectorBrowserTests(BrowserFixture browser)
{
    [Fact]
    public async Task TheWorklistShowsTodaysCallsWithWhyTheyWereSampledAndOpensOneByKeyboard()
    {
        var center = await BrowserFlows.SeedCenterAsync(browser);
        var day = await BrowserFlows.AssignAsync(browser, center, "C1001", "A001", "咨询", "new-hire");
        await BrowserFlows.AssignAsync(browser, center, "C1002", "A002", "投诉", "complaint");

        var page = await browser.NewPageAsync();
        var keys = new Keyboard(page);
        await BrowserFlows.SignInAsync(page, keys, "inspector", center, "I001");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("#/worklist$"));
        await BrowserFlows.ShowWorklistOfAsync(page, center, day);

        var rows = page.Locator("main table tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator("main table")).ToContainTextAsync("新员工");
        await Assertions.Expect(page.Locator("main table")).ToContainTextAsync("投诉");
        await Accessibility.AssertEveryControlLabelledAsync(page);
        await browser.ScreenshotAsync(page, "10-inspector-worklist");

        // The first call has focus; j moves to the next; Enter opens it.
        await keys.PressAsync("j");
        await Assertions.Expect(page.Locator("main a.open").Nth(1)).ToBeFocusedAsync();
        await keys.PressAsync("Enter");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex($"#/evaluat(e|ion)/{center}/"));
        // Whatever the evaluation API answers, the page shows something a person can read: the page or a problem.
        await Assertions.Expect(page.Locator("main h1, #banner:not([hidden])").First).ToBeVisibleAsync();
        Assert.Equal(0, keys.Clicks);
        browser.AssertNoScriptErrors(page);
        await browser.ScreenshotAsync(page, "11-inspector-evaluation");
    }
}
