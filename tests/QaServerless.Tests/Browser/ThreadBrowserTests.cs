using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using QaServerless.Security;

namespace QaServerless.Tests.Browser;

/// <summary>
/// Issue 19 part 2: an inspector and an agent talk in an evaluation's thread. The agent comments on the item that lost
/// points, mentioning the inspector; the inspector finds it in the inbox, lands on the comment and replies; the agent
/// sees the reply. Keyboard only, in Chinese, then in English.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ThreadBrowserTests(BrowserFixture browser)
{
    [Fact]
    public async Task AnAgentMentionsTheInspectorOnAnItemAndTheInspectorRepliesFromTheInbox()
    {
        var center = await BrowserFlows.SeedCenterAsync(browser);
        await BrowserFlows.SeedScorecardAsync(browser, center);
        var evaluationId = await ReleasedByInspectorAsync(center, "C6101", ["y", "n", "y", "y"]); // verify: no

        // The agent: the item that lost points has a comment button; the comment mentions the inspector by id, shown by name.
        var agent = await browser.NewPageAsync();
        var agentKeys = new Keyboard(agent);
        await BrowserFlows.SignInAsync(agent, agentKeys, "agent", center, "A001");
        await agent.GotoAsync($"/api/ui/#/evaluation/{center}/{evaluationId}");
        await Assertions.Expect(agent.Locator("#thread[data-loaded]")).ToHaveCountAsync(1);
        await Assertions.Expect(agent.Locator("#thread-empty")).ToBeVisibleAsync();
        var verifyButton = agent.Locator("fieldset[data-item=verify] button.item-comments");
        await Assertions.Expect(verifyButton).ToHaveTextAsync("评论 0");
        await agentKeys.TabToAsync("fieldset[data-item=verify] button.item-comments");
        await agentKeys.PressAsync("Enter");
        await Assertions.Expect(agent.Locator("#thread-new textarea")).ToBeFocusedAsync();
        await Assertions.Expect(agent.Locator("#thread-new select.thread-about")).ToHaveValueAsync("verify");
        await agentKeys.TypeAsync("我在 00:40 已核实身份，请 @I001 复核");
        await Assertions.Expect(agent.Locator("#thread-new .will-notify")).ToHaveTextAsync("将通知：李娜");
        await agentKeys.PressAsync("Control+Enter");

        var comment = agent.Locator("#thread li.comment");
        await Assertions.Expect(comment).ToHaveCountAsync(1);
        await Assertions.Expect(agent.Locator("#thread .thread-group[data-item=verify] h3")).ToHaveTextAsync("核实客户身份");
        await Assertions.Expect(comment.Locator(".comment-text")).ToHaveTextAsync("我在 00:40 已核实身份，请 @李娜 复核");
        await Assertions.Expect(comment.Locator(".author")).ToHaveTextAsync("陈静");
        await Assertions.Expect(verifyButton).ToHaveTextAsync("评论 1");
        await Assertions.Expect(comment.Locator(".comment-actions .reply")).ToBeFocusedAsync();
        var commentId = await comment.GetAttributeAsync("data-comment");
        await Accessibility.AssertEveryControlLabelledAsync(agent);
        await browser.ScreenshotAsync(agent, "65-thread-agent-item-comment");

        // The inspector: one unread notification; opening it lands on the comment, whose reply button has the focus.
        var inspector = await browser.NewPageAsync();
        var inspectorKeys = new Keyboard(inspector);
        await BrowserFlows.SignInAsync(inspector, inspectorKeys, "inspector", center, "I001");
        await Assertions.Expect(inspector.Locator("#inbox-badge")).ToHaveTextAsync("1");
        await inspectorKeys.PressAsync("g");
        await inspectorKeys.PressAsync("n");
        var row = inspector.Locator("#inbox tbody tr");
        await Assertions.Expect(row).ToHaveCountAsync(1);
        await Assertions.Expect(row.Locator("a.open")).ToHaveTextAsync("陈静 在通话 C6101 的评估讨论中提到了您：我在 00:40 已核实身份，请 @I001 复核");
        await Assertions.Expect(row.Locator("a.open")).ToBeFocusedAsync();
        await inspectorKeys.PressAsync("Enter");
        await Assertions.Expect(inspector).ToHaveURLAsync(new Regex($"#/evaluation/{center}/{evaluationId}\\?comment={commentId}$"));
        var landed = inspector.Locator($"#thread li.comment[data-comment='{commentId}']");
        await Assertions.Expect(landed.Locator(":scope > .comment-actions .reply")).ToBeFocusedAsync();
        await inspectorKeys.PressAsync("Enter");
        await Assertions.Expect(landed.Locator(".reply-form textarea")).ToBeFocusedAsync();
        await inspectorKeys.TypeAsync("已复核：00:40 确有核实，已请 @qa-lead 更正。");
        await Assertions.Expect(landed.Locator(".reply-form .will-notify")).ToHaveTextAsync("将通知：质检主管（共享收件箱）");
        await inspectorKeys.PressAsync("Control+Enter");
        var reply = landed.Locator("ol.replies li.comment");
        await Assertions.Expect(reply).ToHaveCountAsync(1);
        await Assertions.Expect(reply.Locator(".comment-text")).ToHaveTextAsync("已复核：00:40 确有核实，已请 @质检主管 更正。");
        await Assertions.Expect(reply.Locator(".author")).ToHaveTextAsync("李娜");
        foreach (var blank in new[] { "null", "undefined", "NaN" }) await Assertions.Expect(inspector.Locator("#thread")).Not.ToContainTextAsync(blank);
        await browser.ScreenshotAsync(inspector, "66-thread-inspector-reply");

        // The agent sees the reply under their comment, and was told of it (besides the release).
        await agent.ReloadAsync();
        var answered = agent.Locator($"#thread li.comment[data-comment='{commentId}'] ol.replies li.comment");
        await Assertions.Expect(answered.Locator(".comment-text")).ToContainTextAsync("已复核：00:40 确有核实");
        await Assertions.Expect(agent.Locator("#inbox-badge")).ToHaveTextAsync("2");
        await agent.EvaluateAsync("() => localStorage.setItem('qa-lang', 'en')");
        await agent.ReloadAsync();
        await Assertions.Expect(agent.Locator("#thread-title")).ToContainTextAsync("Discussion");
        await Assertions.Expect(answered.Locator(".comment-actions .reply")).ToHaveTextAsync("Reply");
        await Assertions.Expect(agent.Locator("#thread-count")).ToHaveTextAsync("2 comments");
        await browser.ScreenshotAsync(agent, "67-thread-agent-sees-reply-en");

        // The inspector's inbox in English words the mention too.
        await inspector.EvaluateAsync("() => localStorage.setItem('qa-lang', 'en')");
        await inspector.GotoAsync("/api/ui/#/inbox");
        await inspector.ReloadAsync();
        await Assertions.Expect(inspector.Locator("#inbox a.open")).ToHaveTextAsync("陈静 mentioned you on the evaluation of call C6101: 我在 00:40 已核实身份，请 @I001 复核");
        await browser.ScreenshotAsync(inspector, "68-thread-inspector-inbox-en");

        browser.AssertNoScriptErrors(agent);
        browser.AssertNoScriptErrors(inspector);
        Assert.Equal(0, agentKeys.Clicks);
        Assert.Equal(0, inspectorKeys.Clicks);
    }

    /// <summary>A call of A001 assigned to the inspector I001, scored (y/n per item), submitted and released by them.</summary>
    private async Task<string> ReleasedByInspectorAsync(string center, string callId, string[] answers)
    {
        await BrowserFlows.AssignAsync(browser, center, callId, "A001", "咨询", "random");
        var client = new HttpClient { BaseAddress = new Uri(browser.BaseUrl) };
        client.DefaultRequestHeaders.Add(ClientPrincipalHandler.DevHeader, ClientPrincipalHandler.Encode("inspector-I001", [Roles.Inspector], [center], "I001", []));
        var started = await client.PostAsJsonAsync($"/api/centers/{center}/evaluations", new { callId, scorecardId = "standard" });
        Assert.True(started.IsSuccessStatusCode, await started.Content.ReadAsStringAsync());
        var e = (await started.Content.ReadFromJsonAsync<JsonObject>())!;
        string[] items = ["greet", "verify", "solve", "jargon"];
        e = await ActAsync(client, center, e, "draft", HttpMethod.Put,
            new { answers = items.Select((item, i) => new { itemId = item, points = answers[i] == "y" ? 1 : 0, notApplicable = false }) });
        e = await ActAsync(client, center, e, "submit", HttpMethod.Post, new { });
        await ActAsync(client, center, e, "release", HttpMethod.Post, new { });
        return (string)e["evaluationId"]!;
    }

    private static async Task<JsonObject> ActAsync(HttpClient client, string center, JsonObject e, string action, HttpMethod method, object body)
    {
        var request = new HttpRequestMessage(method, $"/api/centers/{center}/evaluations/{e["evaluationId"]}/{action}") { Content = JsonContent.Create(body) };
        request.Headers.TryAddWithoutValidation("If-Match", $"\"{e["version"]}\"");
        var answer = await client.SendAsync(request);
        Assert.True(answer.IsSuccessStatusCode, $"{action}: {await answer.Content.ReadAsStringAsync()}");
        return (await answer.Content.ReadFromJsonAsync<JsonObject>())!;
    }
}
