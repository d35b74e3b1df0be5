using System.Text.RegularExpressions;
using Microsoft.Playwright;
using QaServerless.Notifications;

namespace QaServerless.Tests.Browser;

/// <summary>The inbox: the top bar's badge counts the unread notifications; the page lists them and marks them read by keyboard.</summary>
[Collection(BrowserCollection.Name)]
public sealed class InboxBrowserTests(BrowserFixture browser)
{
    [Fact]
    public async Task TheAgentSeesTheUnreadCountOpensTheInboxAndMarksOneRead()
    {
        var center = await BrowserFlows.SeedCenterAsync(browser);
        var notifier = browser.Service<Notifier>();
        var now = DateTimeOffset.UtcNow;
        await notifier.RaiseAsync(new NotificationEvent(center, NotificationKind.EvaluationReleased, "released|ev-b1|v4", ["A001", "S001"], "ev-b1",
            $"#/evaluation/{center}/ev-b1", new Dictionary<string, string> { ["callId"] = "C7001", ["score"] = "70.37", ["evaluationId"] = "ev-b1" }, now.AddMinutes(-5)), default);
        await notifier.RaiseAsync(new NotificationEvent(center, NotificationKind.AppealDeadlineSoon, "appeal-deadline|ev-b1|x", ["A001"], "ev-b1",
            $"#/evaluation/{center}/ev-b1", new Dictionary<string, string> { ["callId"] = "C7001", ["deadline"] = now.AddDays(2).ToString("O") }, now), default);
        await notifier.RaiseAsync(new NotificationEvent(center, NotificationKind.EvaluationReleased, "released|ev-b2|v4", ["A002"], "ev-b2",
            $"#/evaluation/{center}/ev-b2", new Dictionary<string, string> { ["callId"] = "C7002", ["score"] = "90" }, now), default);

        var page = await browser.NewPageAsync();
        var keys = new Keyboard(page);
        await BrowserFlows.SignInAsync(page, keys, "agent", center, "A001");
        var badge = page.Locator("#inbox-badge");
        await Assertions.Expect(badge).ToHaveTextAsync("2"); // A002's notification is not A001's

        await keys.PressAsync("g");
        await keys.PressAsync("n");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("#/inbox$"));
        var rows = page.Locator("#inbox tbody tr");
        await Assertions.Expect(page.Locator("main h1")).ToHaveTextAsync("通知");
        await Assertions.Expect(rows).ToHaveCountAsync(2);
        await Assertions.Expect(rows.Nth(0)).ToContainTextAsync("通话 C7001 的申诉期将在");
        await Assertions.Expect(rows.Nth(1)).ToContainTextAsync("通话 C7001 的评估已发布（得分 70.37）");
        await Assertions.Expect(page.Locator("#inbox-unread")).ToHaveTextAsync("2 条未读");
        await Accessibility.AssertEveryControlLabelledAsync(page);
        await browser.ScreenshotAsync(page, "90-agent-inbox");

        // The newest unread is focused: r marks it read, j moves to the next and r marks that too.
        await Assertions.Expect(rows.Nth(0).Locator("a.open")).ToBeFocusedAsync();
        await keys.PressAsync("r");
        await Assertions.Expect(rows.Nth(0)).ToHaveClassAsync("read");
        await Assertions.Expect(badge).ToHaveTextAsync("1");
        await keys.PressAsync("j");
        await keys.PressAsync("r");
        await Assertions.Expect(page.Locator("#inbox-unread")).ToHaveTextAsync("0 条未读");
        await Assertions.Expect(badge).ToBeHiddenAsync();

        // Read stays read: the server has it.
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("#inbox tbody tr.read")).ToHaveCountAsync(2);
        await keys.TabToAsync("#lang");
        await keys.PressAsync("Enter");
        await Assertions.Expect(rows.Nth(1)).ToContainTextAsync("Evaluation of call C7001 released (score 70.37)");
        await browser.ScreenshotAsync(page, "91-agent-inbox-en");
        browser.AssertNoScriptErrors(page);
        Assert.Equal(0, keys.Clicks);
    }
}
