using System.Text.RegularExpressions;
using Microsoft.Playwright;
using QaServerless.ReferenceData;

namespace QaServerless.Tests.Browser;

/// <summary>Signing in locally, in the browser, with the keyboard; the shell in both languages; errors shown, never a blank page.</summary>
[Collection(BrowserCollection.Name)]
public sealed class SignInBrowserTests(BrowserFixture browser)
{
    private async Task<string> SeedCenterAsync()
    {
        var center = Infrastructure.AppFixture.NewCenterId("b");
        var store = browser.Service<ReferenceDataStore>();
        await store.UpsertCenterAsync(new Center(center, "上海呼叫中心", "Asia/Shanghai"));
        await store.UpsertAgentsAsync([new Agent(center, "A001", "陈静", "T1", "S001", new DateOnly(2026, 1, 5), ["咨询"])]);
        await store.UpsertInspectorsAsync([new Inspector(center, "I001", "李娜", 40, [], [])]);
        return center;
    }

    [Theory]
    [InlineData("inspector", "I001", "worklist")]
    [InlineData("agent", "A001", "my")]
    [InlineData("supervisor", "", "team")]
    [InlineData("qa-lead", "", "appeals")]
    public async Task EachRoleSignsInWithTheKeyboardAndLandsOnItsHomePage(string role, string person, string home)
    {
        var center = await SeedCenterAsync();
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/api/ui/");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/api/ui/#/signin$"));
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("本地登录");
        await Accessibility.AssertEveryControlLabelledAsync(page);
        await browser.ScreenshotAsync(page, "01-sign-in");

        var keys = new Keyboard(page);
        // The role list has focus; typing its id's first letters picks it.
        await Assertions.Expect(page.Locator("select[name=role]")).ToBeFocusedAsync();
        await keys.TypeAsync(role[..2]);
        await keys.PressAsync("Tab");
        await keys.PressAsync("Control+a");
        await keys.TypeAsync(center);
        if (person.Length > 0) { await keys.TabToAsync("input[name=personId]"); await keys.TypeAsync(person); }
        if (role == "supervisor") { await keys.TabToAsync("input[name=team]"); await keys.PressAsync("Control+a"); await keys.TypeAsync("T1"); }
        await keys.PressAsync("Enter");

        await Assertions.Expect(page).ToHaveURLAsync(new Regex($"#/{home}$"));
        await Assertions.Expect(page.Locator("#who")).ToContainTextAsync(center);
        Assert.Equal(0, keys.Clicks);
        await Accessibility.AssertEveryControlLabelledAsync(page);
        await browser.ScreenshotAsync(page, $"02-home-{role}");
        browser.AssertNoScriptErrors(page);
    }

    [Fact]
    public async Task TheClientSpeaksChineseByDefaultAndSwitchesToEnglish()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/api/ui/#/signin");
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "zh-CN");
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("本地登录");
        await page.Locator("#lang").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("Local sign-in");
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await browser.ScreenshotAsync(page, "01-sign-in-en");
    }

    [Fact]
    public async Task AProblemFromTheApiShowsInTheBannerNamingTheField()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/api/ui/#/signin");
        var keys = new Keyboard(page);
        await Assertions.Expect(page.Locator("select[name=role]")).ToBeFocusedAsync();
        await keys.TypeAsync("in"); // an inspector, but no roster id
        await keys.PressAsync("Tab"); // Enter submits from a text field, not from a list
        await keys.PressAsync("Enter");
        var banner = page.Locator("#banner");
        await Assertions.Expect(banner).ToBeVisibleAsync();
        await Assertions.Expect(banner).ToContainTextAsync("personId");
        await Assertions.Expect(banner).ToHaveAttributeAsync("role", "alert");
        await browser.ScreenshotAsync(page, "03-problem-banner");
    }
}
