using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace QaServerless.Tests.Browser;

/// <summary>Issue 15 part 6: the agent's own trend, average, standing and coaching, the items they missed marked; the
/// supervisor's team with each agent's trend and open coaching.</summary>
[Collection(BrowserCollection.Name)]
public sealed class AgentViewsBrowserTests(BrowserFixture browser)
{
    [Theory]
    [InlineData("zh-CN")]
    [InlineData("en")]
    public async Task AnAgentSeesTheirTrendStandingCoachingAndMissedItemsAndTheSupervisorTheirTeam(string language)
    {
        var demo = await DemoCenter.SeedAsync(browser);
        var due = BrowserFlows.Today.AddDays(7).ToString("yyyy-MM-dd");
        await DemoCenter.ActAsync(BrowserFlows.SupervisorOf(browser, demo.Center, "T1"), demo.Center, demo.ReleasedA001, "coaching",
            new { action = "复听录音并练习一次解决", owner = "S001", followUpOn = due });
        var mine = (await BrowserFlows.AgentOf(browser, demo.Center, "A001").GetFromJsonAsync<JsonObject>($"/api/kpis/{demo.Center}/agents/trends?months=6"))!;
        var own = mine["agents"]!.AsArray().Single()!;
        Assert.Equal("A001", (string)own["agentId"]!);

        // The agent: the average and standing the API gives them, six months of bars, the coaching with its date.
        var agent = await browser.NewPageAsync(language);
        await agent.GotoAsync("/api/ui/#/signin");
        await agent.EvaluateAsync("l => localStorage.setItem('qa-lang', l)", language);
        await BrowserFlows.SignInAsync(agent, new Keyboard(agent), "agent", demo.Center, "A001");
        await agent.EvaluateAsync("l => localStorage.setItem('qa-lang', l)", language);
        await agent.GotoAsync("/api/ui/#/my");
        await agent.ReloadAsync(); // the language is read on load
        await Assertions.Expect(agent.Locator("#my-average")).ToContainTextAsync(own["average"]!.ToString());
        await Assertions.Expect(agent.Locator("#my-months .bar")).ToHaveCountAsync(6);
        await Assertions.Expect(agent.Locator("#my-standing")).ToContainTextAsync(language == "en" ? "% of the center" : "中心");
        await Assertions.Expect(agent.Locator("#my-coaching tbody tr")).ToHaveCountAsync(1);
        await Assertions.Expect(agent.Locator("#my-coaching tbody tr")).ToContainTextAsync(due);
        await Assertions.Expect(agent.Locator("#my-coaching tbody tr")).ToContainTextAsync("复听录音并练习一次解决");
        await Assertions.Expect(agent.Locator("main")).Not.ToContainTextAsync("A002");
        await browser.ScreenshotAsync(agent, $"93-agent-my-trend-{language}");

        // The evaluation: the item that lost points (solve: no) is marked, the others are not.
        await agent.GotoAsync($"/api/ui/#/evaluation/{demo.Center}/{demo.ReleasedA001}");
        await Assertions.Expect(agent.Locator("fieldset.item.failed")).ToHaveCountAsync(1);
        await Assertions.Expect(agent.Locator("fieldset.item.failed")).ToHaveAttributeAsync("data-item", "solve");
        await Assertions.Expect(agent.Locator("fieldset[data-item=solve] .badge.lost")).ToBeVisibleAsync();
        await browser.ScreenshotAsync(agent, $"94-agent-missed-items-{language}");
        browser.AssertNoScriptErrors(agent);

        // The supervisor: each agent of the team by name with their trend, average and open coaching.
        var team = (await BrowserFlows.SupervisorOf(browser, demo.Center, "T1").GetFromJsonAsync<JsonObject>($"/api/kpis/{demo.Center}/agents/trends?months=6"))!;
        var supervisor = await browser.NewPageAsync(language);
        await supervisor.GotoAsync("/api/ui/#/signin");
        await supervisor.EvaluateAsync("l => localStorage.setItem('qa-lang', l)", language);
        await BrowserFlows.SignInAsync(supervisor, new Keyboard(supervisor), "supervisor", demo.Center, team: "T1");
        await supervisor.EvaluateAsync("l => localStorage.setItem('qa-lang', l)", language);
        await supervisor.GotoAsync("/api/ui/#/team");
        await supervisor.ReloadAsync();
        var rows = supervisor.Locator("#team-trends tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(team["agents"]!.AsArray().Count);
        await Assertions.Expect(supervisor.Locator("#team-trends tr[data-agent=A001] .person")).ToContainTextAsync("陈静");
        await Assertions.Expect(supervisor.Locator("#team-trends tr[data-agent=A001] .open-coaching")).ToHaveTextAsync("1");
        await Assertions.Expect(supervisor.Locator("#team-trends tr[data-agent=A002] .open-coaching")).ToHaveTextAsync("0");
        foreach (var a in team["agents"]!.AsArray())
            await Assertions.Expect(supervisor.Locator($"#team-trends tr[data-agent={a!["agentId"]}] .average")).ToHaveTextAsync(a["average"]!.ToString());
        await Assertions.Expect(supervisor.Locator("#team-trends tr[data-agent=A001] .bar")).ToHaveCountAsync(6);
        await browser.ScreenshotAsync(supervisor, $"95-supervisor-team-trends-{language}");
        browser.AssertNoScriptErrors(supervisor);
    }
}
