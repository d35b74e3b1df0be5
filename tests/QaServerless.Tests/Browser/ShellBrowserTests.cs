using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using QaServerless.ReferenceData;
using QaServerless.Security;

namespace QaServerless.Tests.Browser;

/// <summary>Issue 16's leftovers: a first load that logs nothing failed, check boxes that keep their size, a supervisor's
/// KPI tiles that are their teams' figures.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ShellBrowserTests(BrowserFixture browser)
{
    /// <summary>Console errors, failed requests and answers of 400 or more the page met.</summary>
    private static List<string> Failures(IPage page)
    {
        var list = new List<string>();
        page.Console += (_, m) => { if (m.Type == "error") lock (list) list.Add($"console: {m.Text}"); };
        page.RequestFailed += (_, r) => { lock (list) list.Add($"failed: {r.Method} {r.Url} {r.Failure}"); };
        page.Response += (_, r) => { if (r.Status >= 400) lock (list) list.Add($"{r.Status}: {r.Request.Method} {r.Url}"); };
        return list;
    }

    [Fact]
    public async Task TheFirstLoadSignedOutAndSignedInLogsNoFailedRequestAndNoConsoleError()
    {
        var demo = await DemoCenter.SeedAsync(browser);
        var page = await browser.NewPageAsync();
        var failures = Failures(page);
        await page.GotoAsync("/api/ui/");
        await Assertions.Expect(page.Locator("select[name=role]")).ToBeFocusedAsync();
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        lock (failures) Assert.True(failures.Count == 0, "Signed out, the first load: " + string.Join("\n", failures));

        await BrowserFlows.SignInAsync(page, new Keyboard(page), "qa-lead", demo.Center);
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("#who")).ToContainTextAsync(demo.Center);
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        lock (failures) Assert.True(failures.Count == 0, "Signed in, a reload: " + string.Join("\n", failures));
        browser.AssertNoScriptErrors(page);
    }

    /// <summary>Fails if a rule such as the old global <c>input { width: 100% }</c> stretches them again.</summary>
    [Fact]
    public async Task CheckBoxesAndRadiosKeepTheirOwnSize()
    {
        var demo = await DemoCenter.SeedAsync(browser);
        var supervisor = BrowserFlows.SupervisorOf(browser, demo.Center, "T1");
        await DemoCenter.ActAsync(supervisor, demo.Center, demo.ReleasedA001, "coaching",
            new { action = "复听录音并练习核实身份", owner = "S001", followUpOn = BrowserFlows.Today.AddDays(7).ToString("yyyy-MM-dd") });
        var page = await browser.NewPageAsync();
        await BrowserFlows.SignInAsync(page, new Keyboard(page), "supervisor", demo.Center, team: "T1");
        await page.GotoAsync($"/api/ui/#/evaluation/{demo.Center}/{demo.ReleasedA001}");
        await Assertions.Expect(page.Locator("#coaching input[type=checkbox]")).ToHaveCountAsync(1);
        var widths = await page.Locator("input[type=checkbox], input[type=radio]").EvaluateAllAsync<double[]>("es => es.map(e => e.getBoundingClientRect().width)");
        Assert.NotEmpty(widths);
        Assert.All(widths, w => Assert.InRange(w, 1, 24));
        await browser.ScreenshotAsync(page, "91-supervisor-coaching-checkbox");
        browser.AssertNoScriptErrors(page);
    }

    [Fact]
    public async Task ASupervisorsKpiTilesAreTheirTeamsFiguresNotTheCenters()
    {
        var demo = await DemoCenter.SeedAsync(browser);
        // A second team with an evaluation of its own: the center's figures now differ from team T1's.
        await browser.Service<ReferenceDataStore>().UpsertAgentsAsync([new Agent(demo.Center, "A003", "王芳", "T2", "S002", new DateOnly(2025, 6, 1), ["咨询"])]);
        await DemoCenter.ReleaseAsync(BrowserFlows.AdminOf(browser, demo.Center), demo.Center, "C5010", "A003", ["y", "y", "y", "y"]);
        var month = BrowserFlows.Today.ToString("yyyy-MM"); // released today, in the center's time zone
        var ofTeam = (await BrowserFlows.SupervisorOf(browser, demo.Center, "T1").GetFromJsonAsync<JsonObject>($"/api/kpis/{demo.Center}?month={month}"))!["total"]!["qa"]!;
        var ofCenter = (await BrowserFlows.AdminOf(browser, demo.Center).GetFromJsonAsync<JsonObject>($"/api/kpis/{demo.Center}?month={month}"))!["total"]!["qa"]!;
        Assert.NotEqual((long)ofCenter["evaluations"]!, (long)ofTeam["evaluations"]!);

        var page = await browser.NewPageAsync();
        await BrowserFlows.SignInAsync(page, new Keyboard(page), "supervisor", demo.Center, team: "T1");
        await page.GotoAsync($"/api/ui/#/kpi/{demo.Center}/{month}/team/group");
        var tiles = page.Locator("#kpi-tiles .card");
        await Assertions.Expect(tiles.Nth(8).Locator(".score")).ToHaveTextAsync(((long)ofTeam["evaluations"]!).ToString("N0"));
        await Assertions.Expect(tiles.Nth(9).Locator(".score")).ToHaveTextAsync(ofTeam["meanScore"]!.ToString());
        await Assertions.Expect(tiles.Nth(10).Locator(".score")).ToHaveTextAsync($"{(double)ofTeam["passRate"]!["value"]! * 100:F1}%");
        await Assertions.Expect(page.Locator("#kpi-groups tbody")).Not.ToContainTextAsync("T2");
        await browser.ScreenshotAsync(page, "92-supervisor-kpi-own-team");
        browser.AssertNoScriptErrors(page);
    }
}
