using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using QaServerless.Security;

namespace QaServerless.Tests.Browser;

/// <summary>
/// An item-level dispute in the browser, keyboard only: the agent disputes two items with a reason each; the QA lead
/// upholds one and rejects the other and sees the corrected score live; the agent sees the outcome per item (Chinese
/// and English); the inspector's KPI row counts the upheld item.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class DisputeBrowserTests(BrowserFixture browser)
{
    /// <summary>
    /// Released by the inspector over the API on the browser card (greet 2, verify 3 compliance-critical, solve 5, jargon
    /// warning): greet yes, verify no, solve no, jargon yes. The critical "verify" caps the score: 0.00.
    /// </summary>
    private async Task<string> ReleasedAsync(string center, string callId)
    {
        var inspector = new HttpClient { BaseAddress = new Uri(browser.BaseUrl) };
        inspector.DefaultRequestHeaders.Add(ClientPrincipalHandler.DevHeader, ClientPrincipalHandler.Encode("inspector-I001", [Roles.Inspector], [center], "I001", []));
        var started = await inspector.PostAsJsonAsync($"/api/centers/{center}/evaluations", new { callId, scorecardId = "standard" });
        Assert.True(started.IsSuccessStatusCode, await started.Content.ReadAsStringAsync());
        var id = (await started.Content.ReadFromJsonAsync<JsonObject>())!["evaluationId"]!.GetValue<string>();
        var etag = started.Headers.ETag!.ToString();
        async Task Step(HttpMethod method, string action, object body)
        {
            var request = new HttpRequestMessage(method, $"/api/centers/{center}/evaluations/{id}/{action}") { Content = JsonContent.Create(body) };
            request.Headers.TryAddWithoutValidation("If-Match", etag);
            var response = await inspector.SendAsync(request);
            Assert.True(response.IsSuccessStatusCode, $"{action}: {await response.Content.ReadAsStringAsync()}");
            etag = response.Headers.ETag!.ToString();
        }
        await Step(HttpMethod.Put, "draft", new
        {
            answers = new object[] { new { itemId = "greet", points = 1 }, new { itemId = "verify", points = 0 }, new { itemId = "solve", points = 0 }, new { itemId = "jargon", points = 1 } },
        });
        await Step(HttpMethod.Post, "submit", new { });
        await Step(HttpMethod.Post, "release", new { });
        return id;
    }

    [Fact]
    public async Task AnAgentDisputesTwoItemsTheLeadUpholdsOneRejectsTheOtherAndEveryoneSeesTheOutcomePerItem()
    {
        var center = await BrowserFlows.SeedCenterAsync(browser);
        await BrowserFlows.SeedScorecardAsync(browser, center);
        await BrowserFlows.SeedCallWithAudioAsync(browser, center, "C4001", "A001");
        await BrowserFlows.AssignAsync(browser, center, "C4001", "A001", "咨询", "new-hire");
        var id = await ReleasedAsync(center, "C4001");

        // 1. The agent: the released evaluation → dispute "verify" and "solve", a reason each → appeal.
        var agent = await browser.NewPageAsync();
        var agentKeys = new Keyboard(agent);
        await BrowserFlows.SignInAsync(agent, agentKeys, "agent", center, "A001");
        await Assertions.Expect(agent.Locator("main table")).ToContainTextAsync("0.00");
        await agentKeys.PressAsync("Enter");
        await Assertions.Expect(agent.Locator("#dispute-verify")).ToBeVisibleAsync();
        await agentKeys.TabToAsync("#dispute-verify");
        await agentKeys.PressAsync("Space");
        await Assertions.Expect(agent.Locator("#dispute-reason-verify")).ToBeFocusedAsync();
        await agentKeys.TypeAsync("00:12 我请客户报了身份证后四位");
        await agentKeys.TabToAsync("#dispute-solve");
        await agentKeys.PressAsync("Space");
        await agentKeys.TypeAsync("退款已登记，客户认可");
        await Assertions.Expect(agent.Locator("#dispute-count")).ToHaveTextAsync("已选 2 项申诉");
        await Accessibility.AssertEveryControlLabelledAsync(agent);
        await browser.ScreenshotAsync(agent, "42-dispute-agent-filing");
        await agentKeys.TabToAsync("#appeal", backwards: true);
        await agentKeys.PressAsync("Enter");
        await Assertions.Expect(agent.Locator("#status")).ToContainTextAsync("申诉中");
        await Assertions.Expect(agent.Locator("#dispute-outcome li[data-upheld=open]")).ToHaveCountAsync(2);
        browser.AssertNoScriptErrors(agent);

        // 2. The QA lead: the appeals list shows the reasons; the evaluation: uphold verify (→ yes), reject solve.
        var lead = await browser.NewPageAsync();
        var leadKeys = new Keyboard(lead);
        await BrowserFlows.SignInAsync(lead, leadKeys, "qa-lead", center);
        await Assertions.Expect(lead.Locator("main table")).ToContainTextAsync("00:12 我请客户报了身份证后四位");
        await leadKeys.PressAsync("Enter");
        var form = lead.Locator("#item-decision-form");
        await Assertions.Expect(form).ToBeVisibleAsync();
        await Assertions.Expect(form.Locator(".dispute-item[data-item=verify]")).ToContainTextAsync("质检员答案：否");
        await Assertions.Expect(form.Locator(".dispute-item[data-item=solve]")).ToContainTextAsync("退款已登记，客户认可");
        await leadKeys.TabToAsync("#upheld-verify-true");
        await leadKeys.PressAsync("Space");
        // Live: verify yes lifts the critical error: (2 + 3 + 0) ÷ (2 + 3 + 5) = 50.00, fail (below 60).
        await Assertions.Expect(lead.Locator("#dispute-live")).ToHaveTextAsync("原得分 0.00 → 更正后 50.00（不合格）");
        await Assertions.Expect(lead.Locator("#correct-verify")).ToHaveValueAsync("1");
        await leadKeys.TabToAsync("#note-verify");
        await leadKeys.TypeAsync("录音 00:12 已核实身份");
        await leadKeys.TabToAsync("#upheld-solve-true");
        await leadKeys.PressAsync("ArrowRight");   // the group's second radio: rejected
        await Assertions.Expect(lead.Locator("#upheld-solve-false")).ToBeCheckedAsync();
        await leadKeys.TabToAsync("#note-solve");
        await leadKeys.TypeAsync("退款未在通话中完成");
        await Assertions.Expect(lead.Locator("#dispute-live")).ToHaveTextAsync("原得分 0.00 → 更正后 50.00（不合格）");
        await Accessibility.AssertEveryControlLabelledAsync(lead);
        await browser.ScreenshotAsync(lead, "43-dispute-lead-deciding");
        await leadKeys.TabToAsync("#decide-items");
        await leadKeys.PressAsync("Enter");
        await Assertions.Expect(lead.Locator("#status")).ToContainTextAsync("申诉部分成立");
        await Assertions.Expect(lead.Locator("#score-value")).ToContainTextAsync("50.00");
        await Assertions.Expect(lead.Locator("#corrected")).ToContainTextAsync("0.00");
        await browser.ScreenshotAsync(lead, "44-dispute-lead-decided");
        Assert.Equal(0, agentKeys.Clicks + leadKeys.Clicks);
        browser.AssertNoScriptErrors(lead);

        // 3. The agent sees the outcome per item, in Chinese and in English.
        await Assertions.Expect(agent).ToHaveURLAsync(new Regex($"#/evaluation/{center}/{id}$"));
        await agent.ReloadAsync();   // the page the agent appealed on, read again after the decision
        var outcome = agent.Locator("#dispute-outcome");
        await Assertions.Expect(outcome.Locator("li[data-item=verify][data-upheld=true]")).ToContainTextAsync("成立：否 → 是");
        await Assertions.Expect(outcome.Locator("li[data-item=solve][data-upheld=false]")).ToContainTextAsync("不成立：维持 否");
        await Assertions.Expect(outcome).ToContainTextAsync("2 项中 1 项成立");
        await Assertions.Expect(agent.Locator("#score-value")).ToContainTextAsync("50.00");
        await browser.ScreenshotAsync(agent, "45-dispute-agent-outcome-zh");
        await agentKeys.TabToAsync("#lang");
        await agentKeys.PressAsync("Enter");
        await Assertions.Expect(agent.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Assertions.Expect(agent.Locator("#dispute-outcome li[data-item=verify]")).ToContainTextAsync("Upheld: No → Yes");
        await Assertions.Expect(agent.Locator("#dispute-outcome li[data-item=solve]")).ToContainTextAsync("Rejected: No stands");
        await Assertions.Expect(agent.Locator("#dispute-outcome")).ToContainTextAsync("1 of 2 items upheld");
        await Assertions.Expect(agent.Locator("#status")).ToContainTextAsync("Appeal partly upheld");
        await browser.ScreenshotAsync(agent, "46-dispute-agent-outcome-en");
        browser.AssertNoScriptErrors(agent);

        // 4. The inspector's KPI row: 1 of 2 disputed items upheld; 4 items evaluated: 25.0 %.
        await lead.GotoAsync($"/api/ui/#/kpi/{center}/{BrowserFlows.Today:yyyy-MM}/inspector");
        var row = lead.Locator("tr[data-group=I001]");
        await Assertions.Expect(row.Locator("td.items-upheld")).ToHaveTextAsync("1 / 2");
        await Assertions.Expect(row.Locator("td.upheld-item-rate")).ToHaveTextAsync("25.0%");
        await Assertions.Expect(row.Locator("td.scoring-errors")).ToHaveTextAsync("1");
        await browser.ScreenshotAsync(lead, "47-dispute-kpi-inspectors");
        browser.AssertNoScriptErrors(lead);
    }
}
