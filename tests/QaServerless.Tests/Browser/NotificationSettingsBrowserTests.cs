using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace QaServerless.Tests.Browser;

/// <summary>
/// Issue 19: the notification delivery settings, a tab of the settings page, as a QA lead uses it with the keyboard:
/// a Teams webhook URL, e-mail on, contacts picked by name (陈静 is A001 in the seeded roster) with a digest choice.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class NotificationSettingsBrowserTests(BrowserFixture browser)
{
    private const string Webhook = "https://example.com/workflows/qa-hook";

    private async Task<(IPage Page, Keyboard Keys)> OpenAsync(string center, string lang)
    {
        var (page, keys) = await SettingsBrowserTests.SignedInAsync(browser, "qa-lead", center, lang);
        await page.GotoAsync($"/api/ui/#/settings/{center}/notifications");
        await Assertions.Expect(page.Locator("#set-notifications [name=webhookUrl]")).ToBeFocusedAsync();
        return (page, keys);
    }

    /// <summary>Adds a contact: the add button, then the recipient as typed, the address and the digest box.</summary>
    private static async Task AddContactAsync(Keyboard keys, string recipient, string email, bool digest)
    {
        await keys.TabToAsync("#ns-add");
        await keys.PressAsync("Enter");
        await keys.TypeAsync(recipient);
        await keys.PressAsync("Tab");
        await keys.TypeAsync(email);
        await keys.PressAsync("Tab");
        if (digest) await keys.PressAsync("Space");
    }

    private static async Task SaveAsync(Keyboard keys)
    {
        await keys.TabToAsync("#set-notifications button[type=submit]");
        await keys.PressAsync("Enter");
    }

    [Fact]
    public async Task TheLeadSetsAWebhookAndDigestContactsAndFindsThemAfterAReload()
    {
        var center = await BrowserFlows.SeedCenterAsync(browser);
        foreach (var (lang, suffix) in SettingsBrowserTests.Languages)
        {
            var (page, keys) = await OpenAsync(center, lang);
            var form = page.Locator("#set-notifications");
            if (lang == "zh-CN")
            {
                // 陈静 by name: she takes the daily digest.
                await keys.TypeAsync(Webhook);
                await keys.PressAsync("Tab");
                await keys.PressAsync("Space");
                await AddContactAsync(keys, "陈静", "a001@example.com", digest: true);
            }
            else
            {
                // The QA leads' shared inbox by its id, one e-mail per notification.
                await AddContactAsync(keys, "@qa-lead", "leads@example.com", digest: false);
            }
            await SaveAsync(keys);
            await Assertions.Expect(page.Locator("#set-notifications-status")).ToHaveTextAsync(lang == "en" ? "Saved." : "已保存。");

            await page.ReloadAsync();
            await Assertions.Expect(form.Locator("[name=webhookUrl]")).ToHaveValueAsync(Webhook);
            await Assertions.Expect(form.Locator("[name=emailEnabled]")).ToBeCheckedAsync();
            await Assertions.Expect(form.Locator("[name='contacts[0].recipient']")).ToHaveValueAsync("陈静 (A001)");
            await Assertions.Expect(form.Locator("[name='contacts[0].email']")).ToHaveValueAsync("a001@example.com");
            await Assertions.Expect(form.Locator("[name='contacts[0].digest']")).ToBeCheckedAsync();
            if (lang == "en")
            {
                await Assertions.Expect(form.Locator("[name='contacts[1].recipient']")).ToHaveValueAsync("QA leads' shared inbox (@qa-lead)");
                await Assertions.Expect(form.Locator("[name='contacts[1].digest']")).Not.ToBeCheckedAsync();
            }
            await Assertions.Expect(page.Locator("nav.tabs a[aria-current=page]")).ToHaveTextAsync(lang == "en" ? "Notifications" : "通知发送");
            await browser.ScreenshotAsync(page, $"89-notification-settings{suffix}");
            await Accessibility.AssertEveryControlLabelledAsync(page);
            browser.AssertNoScriptErrors(page);
            Assert.Equal(0, keys.Clicks);
        }

        var stored = await BrowserFlows.AdminOf(browser, center).GetFromJsonAsync<JsonObject>($"/api/centers/{center}/notification-settings");
        Assert.Equal(Webhook, (string?)stored!["webhookUrl"]);
        Assert.True((bool)stored["email"]!);
        Assert.Equal("""[{"recipient":"A001","email":"a001@example.com","digest":true},{"recipient":"@qa-lead","email":"leads@example.com","digest":false}]""",
            stored["contacts"]!.ToJsonString());
    }

    [Fact]
    public async Task AnHttpWebhookAndABadAddressAreShownAtTheirFieldsInTheReadersLanguageAndNothingIsSaved()
    {
        var center = await BrowserFlows.SeedCenterAsync(browser);
        foreach (var (lang, suffix) in SettingsBrowserTests.Languages)
        {
            var (page, keys) = await OpenAsync(center, lang);
            var form = page.Locator("#set-notifications");
            await keys.TypeAsync("http://10.0.0.5/hook"); // plain http to a host that is not this machine
            await AddContactAsync(keys, "刘洋", "not-an-address", digest: false);
            await SaveAsync(keys);

            var webhook = form.Locator("[name=webhookUrl]");
            await Assertions.Expect(webhook).ToHaveAttributeAsync("aria-invalid", "true");
            await Assertions.Expect(webhook).ToBeFocusedAsync();
            await Assertions.Expect(page.Locator($"#{await webhook.GetAttributeAsync("aria-describedby")}")).ToHaveTextAsync(lang == "en"
                ? "The webhook must be an https URL (the one the Teams workflow gives)." : "Webhook 须为 https 地址（Teams 工作流给出的地址）。");
            var address = form.Locator("[name='contacts[0].email']");
            await Assertions.Expect(address).ToHaveAttributeAsync("aria-invalid", "true");
            await Assertions.Expect(page.Locator($"#{await address.GetAttributeAsync("aria-describedby")}")).ToHaveTextAsync(lang == "en"
                ? "Give an e-mail address such as name@example.com." : "请填写有效的邮箱地址，如 name@example.com。");
            await Assertions.Expect(form.Locator(".form-alert")).ToContainTextAsync(lang == "en"
                ? "The notification settings need a fix: see the marked fields." : "通知设置有误：请按标出的字段修改。");
            await Assertions.Expect(page.Locator("#set-notifications-status")).ToBeEmptyAsync();
            await browser.ScreenshotAsync(page, $"89-notification-settings-field-error{suffix}");
            browser.AssertNoScriptErrors(page);
            Assert.Equal(0, keys.Clicks);
        }

        var stored = await BrowserFlows.AdminOf(browser, center).GetFromJsonAsync<JsonObject>($"/api/centers/{center}/notification-settings");
        Assert.Null(stored!["webhookUrl"]);
        Assert.Empty(stored["contacts"]!.AsArray());
    }
}
