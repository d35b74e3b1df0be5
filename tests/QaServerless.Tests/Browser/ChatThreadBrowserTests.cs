using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using QaServerless.Tests.Infrastructure;

namespace QaServerless.Tests.Browser;

/// <summary>
/// Issue 17 part 3, review side: an inspector opens an assigned chat conversation, reads its thread by keyboard (no player,
/// no audio link), records a problem at message #3, scores and submits; the evaluation shows "message #3".
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ChatThreadBrowserTests(BrowserFixture browser)
{
    [Theory]
    [InlineData("zh-CN")]
    [InlineData("en")]
    public async Task AnInspectorReadsAChatByKeyboardAndRecordsAProblemAtMessageThree(string language)
    {
        var en = language == "en";
        var center = await BrowserFlows.SeedCenterAsync(browser);
        await BrowserFlows.SeedScorecardAsync(browser, center);
        await StoredConversations.SaveAsync(browser.App.Services, StoredConversations.New(center, "CH3001", "A001", "T1"));
        var day = await BrowserFlows.AssignAsync(browser, center, "CH3001", "A001", "咨询", "random");

        var page = await browser.NewPageAsync(language);
        await page.GotoAsync("/api/ui/#/signin");
        await page.EvaluateAsync("l => localStorage.setItem('qa-lang', l)", language);
        var signIn = new Keyboard(page);
        await BrowserFlows.SignInAsync(page, signIn, "inspector", center, "I001");
        await page.ReloadAsync(); // the language is read on load
        var audioLinks = 0;
        page.Request += (_, r) => { if (r.Url.Contains("/audio-link")) audioLinks++; };
        var keys = new Keyboard(page);
        await BrowserFlows.ShowWorklistOfAsync(page, center, day);
        await keys.PressAsync("Enter");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex($"#/evaluation/{center}/ev-"));

        // The thread in place of the player: six messages in order, numbered, with sender and sent time (Shanghai).
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync(en ? "Chat conversation CH3001" : "在线客服会话 CH3001");
        var messages = page.Locator("#messages li");
        await Assertions.Expect(messages).ToHaveCountAsync(6);
        await Assertions.Expect(page.Locator("audio")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("#msg-2")).ToContainTextAsync(en ? "System" : "系统");
        await Assertions.Expect(page.Locator("#msg-3 .msg-head")).ToContainTextAsync("#3");
        await Assertions.Expect(page.Locator("#msg-3 time")).ToContainTextAsync("10:03:15");
        await Assertions.Expect(page.Locator("#msg-4")).ToContainTextAsync("138****5678");
        await Assertions.Expect(page.Locator("#messages-panel")).ToContainTextAsync("Asia/Shanghai");
        await Accessibility.AssertEveryControlLabelledAsync(page);

        // m goes to the thread; ↓ ↓ to #3; j / k move too, inside the thread (the card's j / k are not touched).
        await keys.PressAsync("m");
        await Assertions.Expect(page.Locator("#msg-1")).ToBeFocusedAsync();
        await keys.PressAsync("ArrowDown", 2);
        await Assertions.Expect(page.Locator("#msg-3")).ToBeFocusedAsync();
        await keys.PressAsync("j");
        await Assertions.Expect(page.Locator("#msg-4")).ToBeFocusedAsync();
        await keys.PressAsync("k");
        await Assertions.Expect(page.Locator("#msg-3")).ToBeFocusedAsync();
        await Assertions.Expect(page.Locator("#msg-3")).ToHaveAttributeAsync("aria-selected", "true");
        await Assertions.Expect(page.Locator("fieldset.item.current")).ToHaveAttributeAsync("data-item", "greet");

        // e: a problem at the selected message.
        await keys.PressAsync("e");
        await Assertions.Expect(page.Locator("#problem-form input[name=description]")).ToBeFocusedAsync();
        await Assertions.Expect(page.Locator("#problem-message")).ToHaveValueAsync("m-3");
        await keys.TypeAsync("首次响应超过 60 秒");
        await keys.PressAsync("Enter");
        var problem = en ? "message #3" : "消息 #3";
        await Assertions.Expect(page.Locator("#problems")).ToContainTextAsync(problem);
        await browser.ScreenshotAsync(page, $"23-chat-thread-{language}");

        // Score by keys (greet no, verify yes, solve yes, jargon yes: (3+5)/(2+3+5) = 80.00), then submit.
        await keys.PressAsync("n");
        await keys.PressAsync("y", 3);
        await Assertions.Expect(page.Locator("#score-value")).ToContainTextAsync("80.00");
        await keys.PressAsync("Control+Enter");
        await Assertions.Expect(page.Locator("#status")).ToContainTextAsync(en ? "Submitted" : "已提交");
        await Assertions.Expect(page.Locator("#problems")).ToContainTextAsync(problem);
        await Assertions.Expect(page.Locator("#problems")).ToContainTextAsync("首次响应超过 60 秒");
        Assert.Equal(0, keys.Clicks + signIn.Clicks);
        Assert.Equal(0, audioLinks);
        browser.AssertNoScriptErrors(page);

        // Stored at the message: its id, and its offset (75 s after the first message) as the moment.
        var stored = await BrowserFlows.AdminOf(browser, center).GetFromJsonAsync<JsonArray>($"/api/centers/{center}/evaluations?agentId=A001");
        var record = Assert.Single(stored!)!["problems"]![0]!;
        Assert.Equal(("m-3", 75), ((string?)record["messageId"], (int)record["atSecond"]!));
    }
}
