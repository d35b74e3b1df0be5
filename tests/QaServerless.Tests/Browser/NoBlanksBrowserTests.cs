using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace QaServerless.Tests.Browser;

/// <summary>
/// Every demo role on every route, in both languages: a page says what it has (or why not), never "null",
/// "undefined" or "NaN", and never stays on "loading…" after an error.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class NoBlanksBrowserTests(BrowserFixture browser)
{
    internal static readonly Regex Blank = new(@"\b(null|undefined|NaN)\b");

    [Fact]
    public async Task NoPageShowsNullUndefinedOrNaNForAnyRoleOnAnyRoute()
    {
        var demo = await DemoCenter.SeedAsync(browser);
        var found = new List<string>();
        foreach (var role in DemoCenter.Roles)
        {
            var page = await browser.NewPageAsync(role == "supervisor" ? "en" : "zh-CN");
            var keys = new Keyboard(page);
            var (person, team) = role switch { "inspector" => ("I001", null), "agent" => ("A001", null), "supervisor" => (null, "T1"), _ => ((string?)null, (string?)null) };
            await BrowserFlows.SignInAsync(page, keys, role, demo.Center, person, team);
            foreach (var lang in new[] { "zh-CN", "en" })
            {
                await page.EvaluateAsync("l => localStorage.setItem('qa-lang', l === 'en' ? 'en' : 'zh-CN')", lang);
                await page.ReloadAsync();
                await SettledTextAsync(page); // the home page, drawn in this language
                foreach (var route in demo.Routes())
                {
                    // The previous page's heading must not count as this one's (the same hash again draws nothing new: read it as it is).
                    if (!await page.EvaluateAsync<bool>("r => location.hash === r", route))
                    {
                        await page.EvaluateAsync("() => { document.getElementById('main').replaceChildren(); document.getElementById('banner').hidden = true; }");
                        await page.GotoAsync("/api/ui/" + route);
                    }
                    var settled = await SettledTextAsync(page);
                    if (settled is null) { found.Add($"{role} {lang} {route}: still loading"); continue; }
                    foreach (Match m in Blank.Matches(settled))
                        found.Add($"{role} {lang} {route}: \"{m.Value}\" in …{settled[Math.Max(0, m.Index - 40)..Math.Min(settled.Length, m.Index + 40)].ReplaceLineEndings(" ")}…");
                    if (lang == "zh-CN" && route is "#/kpi" or "#/coverage" || route.Contains(demo.ReleasedA002))
                        await browser.ScreenshotAsync(page, $"70-blanks-{role}-{route.Split('/')[1]}{(route.Contains(demo.ReleasedA002) ? "-other-agent" : "")}");
                }
            }
            browser.AssertNoScriptErrors(page);
            await page.Context.CloseAsync();
        }
        Assert.True(found.Count == 0, $"{found.Count} blanks:\n{string.Join("\n", found)}");
    }

    /// <summary>The page's text once it has drawn (a heading in main, or an error banner and no "loading…"), or null.</summary>
    private static async Task<string?> SettledTextAsync(IPage page)
    {
        try
        {
            await page.WaitForFunctionAsync("""
                () => { const m = document.getElementById('main');
                  return m && !/加载中|Loading…/.test(m.innerText) && (m.querySelector('h1') || !document.getElementById('banner').hidden); }
                """, null, new() { Timeout = 5000 });
        }
        catch (TimeoutException) { return null; }
        // Let the page's remaining requests (history, analysis) land before reading it.
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        return await page.EvaluateAsync<string>("() => document.body.innerText");
    }
}
