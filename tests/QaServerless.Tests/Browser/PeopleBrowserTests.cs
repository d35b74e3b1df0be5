using Microsoft.Playwright;

namespace QaServerless.Tests.Browser;

/// <summary>People by name, not by roster id, on every page that shows an agent or an inspector (issue 15, 16).</summary>
[Collection(BrowserCollection.Name)]
public sealed class PeopleBrowserTests(BrowserFixture browser)
{
    private static readonly Dictionary<string, string> Names = new() { ["A001"] = "陈静", ["A002"] = "刘洋" };

    /// <summary>Every cell that names a rostered agent shows the name, and no cell is a bare rostered id.</summary>
    private static async Task<List<string>> IdsWithoutNamesAsync(IPage page, string route)
    {
        var faults = new List<string>();
        var found = await page.Locator("main .person").EvaluateAllAsync<string[][]>("es => es.map(e => [e.dataset.person, e.textContent])");
        foreach (var pair in found)
            if (Names.TryGetValue(pair[0], out var name) && !pair[1].Contains(name)) faults.Add($"{route}: {pair[0]} shows as \"{pair[1]}\"");
        var bare = await page.Locator("main td").EvaluateAllAsync<string[]>("tds => tds.map(td => td.textContent.trim())");
        faults.AddRange(bare.Where(Names.ContainsKey).Select(id => $"{route}: a cell shows the bare id {id}"));
        return faults;
    }

    [Theory]
    [InlineData("zh-CN")]
    [InlineData("en")]
    public async Task PagesShowAgentsByNameForTheLeadTheSupervisorAndTheAgent(string language)
    {
        var demo = await DemoCenter.SeedAsync(browser);
        var month = BrowserFlows.Today.ToString("yyyy-MM");
        var faults = new List<string>();
        var seen = 0;
        foreach (var (role, person, team, routes) in new (string, string?, string?, string[])[]
        {
            ("qa-lead", null, null, ["#/appeals", $"#/worklist/{demo.Center}/{demo.WorkDay:yyyy-MM-dd}?inspector=I001", $"#/kpi/{demo.Center}/{month}/agent/group"]), // coverage: no sampling run on the demo, so no rows
            ("supervisor", null, "T1", ["#/team", $"#/kpi/{demo.Center}/{month}/agent/group"]),
            ("agent", "A001", null, ["#/my"]),
        })
        {
            var page = await browser.NewPageAsync(language);
            await BrowserFlows.SignInAsync(page, new Keyboard(page), role, demo.Center, person, team);
            await page.EvaluateAsync("l => localStorage.setItem('qa-lang', l)", language);
            await page.ReloadAsync(); // the language is read on load
            foreach (var route in routes)
            {
                await page.GotoAsync($"/api/ui/{route}");
                await Assertions.Expect(page.Locator("main h1")).ToBeVisibleAsync();
                await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
                await Assertions.Expect(page.Locator("main")).ToContainTextAsync("陈静");
                seen += await page.Locator("main .person").CountAsync();
                faults.AddRange(await IdsWithoutNamesAsync(page, $"{role} {route}"));
                await browser.ScreenshotAsync(page, $"96-names-{role}-{route.Split('/')[1].Split('?')[0]}-{language}");
            }
            // The evaluation's header: the agent by name with the id.
            await page.GotoAsync($"/api/ui/#/evaluation/{demo.Center}/{demo.ReleasedA001}");
            await Assertions.Expect(page.Locator("main p.muted").First).ToContainTextAsync("陈静 (A001)");
            browser.AssertNoScriptErrors(page);
        }
        Assert.True(faults.Count == 0, string.Join("\n", faults));
        Assert.True(seen > 5, $"only {seen} people shown");
    }
}
