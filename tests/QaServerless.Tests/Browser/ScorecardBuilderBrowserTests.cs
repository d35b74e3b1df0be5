using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace QaServerless.Tests.Browser;

/// <summary>
/// The QA lead's scorecard builder (#/scorecards, g b): build a card with the keyboard, reorder, see the API's field
/// error at the field, preview with sample answers (the score the server gives), publish with the notice period;
/// compare two versions side by side.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ScorecardBuilderBrowserTests(BrowserFixture browser)
{
    private static string Field(string path) => $"[data-field=\"{path}\"]";

    [Fact]
    public async Task ALeadBuildsPreviewsAndPublishesAScorecardWithTheKeyboard()
    {
        var center = await BrowserFlows.SeedCenterAsync(browser);
        var page = await browser.NewPageAsync();
        var keys = new Keyboard(page);
        await BrowserFlows.SignInAsync(page, keys, "qa-lead", center);
        var signIn = keys.Keystrokes;

        // The list (g b), then a new card (n): focus starts on its name.
        await keys.PressAsync("g");
        await keys.PressAsync("b");
        await Assertions.Expect(page.Locator("main h1")).ToHaveTextAsync("质检标准");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("本中心还没有质检标准");
        await keys.PressAsync("n");
        await Assertions.Expect(page.Locator("main h1")).ToHaveTextAsync("新建质检标准");
        await Assertions.Expect(page.Locator("#scb-name")).ToBeFocusedAsync();
        await keys.TypeAsync("呼入服务标准");
        await keys.TabToAsync("#scb-channels");   // the channels it is for (empty: any)
        await keys.TypeAsync("Chat，email");

        // Section 1: greet (weight 2), then verify (weight 3, compliance-critical).
        await keys.TabToAsync(Field("sections[0].title"));
        await keys.TypeAsync("开场");
        await keys.TabToAsync(Field("sections[0].items[0].text"));
        await keys.TypeAsync("接通 2 秒内问候");
        await SetAsync(keys, Field("sections[0].items[0].weight"), "2");
        await keys.TabToAsync("button.add-item");
        await keys.PressAsync("Enter");
        await Assertions.Expect(page.Locator(Field("sections[0].items[1].text"))).ToBeFocusedAsync();
        await keys.TypeAsync("核实客户身份");
        await SetAsync(keys, Field("sections[0].items[1].weight"), "3");
        await keys.TabToAsync(Field("sections[0].items[1].critical"));
        await keys.PressAsync("ArrowDown", 3); // not critical → customer → business → compliance
        await Assertions.Expect(page.Locator(Field("sections[0].items[1].critical"))).ToHaveValueAsync("Compliance");

        // Verification first: Alt+↑ on the focused item moves it up, the focus stays on the control.
        await keys.TabToAsync(Field("sections[0].items[1].text"), backwards: true);
        await keys.PressAsync("Alt+ArrowUp");
        await Assertions.Expect(page.Locator(Field("sections[0].items[0].text"))).ToHaveValueAsync("核实客户身份");
        await Assertions.Expect(page.Locator(Field("sections[0].items[0].text"))).ToBeFocusedAsync();
        await Assertions.Expect(page.Locator(Field("sections[0].items[1].text"))).ToHaveValueAsync("接通 2 秒内问候");

        // Section 2: a 0–4 scale item (weight typed wrong: 0), and an N/A-able item.
        await keys.TabToAsync("#add-section");
        await keys.PressAsync("Enter");
        await Assertions.Expect(page.Locator(Field("sections[1].title"))).ToBeFocusedAsync();
        await keys.TypeAsync("解决问题");
        await keys.TabToAsync(Field("sections[1].items[0].text"));
        await keys.TypeAsync("给出正确完整的解决方案");
        await SetAsync(keys, Field("sections[1].items[0].weight"), "0");
        await keys.TabToAsync(Field("sections[1].items[0].answerType"));
        await keys.PressAsync("ArrowDown"); // yes/no → scale; the scale's maximum (4) appears
        await Assertions.Expect(page.Locator(Field("sections[1].items[0].scaleMax"))).ToHaveValueAsync("4");
        await keys.TabToAsync("#scb-sections fieldset:nth-of-type(2) button.add-item");
        await keys.PressAsync("Enter");
        await keys.TypeAsync("保持前征得同意");
        await keys.TabToAsync(Field("sections[1].items[1].notApplicableAllowed"));
        await keys.PressAsync("Space");

        // Saving: the API refuses weight 0 and names sections[1].items[0].weight; the error shows at that control.
        await keys.PressAsync("Control+s");
        var weight = page.Locator(Field("sections[1].items[0].weight"));
        await Assertions.Expect(weight).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(weight).ToBeFocusedAsync();
        await Assertions.Expect(page.Locator("#scb-form .field-error")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#scb-form .field-error")).ToHaveTextAsync("计分项目的权重必须大于 0。"); // said by the problem's field code
        await browser.ScreenshotAsync(page, "80-scorecard-field-error");
        await keys.PressAsync("Control+a");
        await keys.TypeAsync("5");
        await keys.PressAsync("Control+s");
        await Assertions.Expect(page.Locator("#scb-save-state")).ToHaveTextAsync("已保存");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex($"#/scorecards/{center}/sc-[0-9a-f]+/1$"));
        var id = Regex.Match(page.Url, "/(sc-[0-9a-f]+)/1$").Groups[1].Value;
        await Assertions.Expect(page.Locator("#scb-form [aria-invalid]")).ToHaveCountAsync(0);

        // The stored version: the order as reordered, the kinds as chosen.
        var lead = LeadOf(center);
        var stored = (await lead.GetFromJsonAsync<JsonObject>($"/api/centers/{center}/scorecards/{id}/versions/1"))!;
        Assert.Equal(["chat", "email"], stored["channels"]!.AsArray().Select(c => (string)c!)); // trimmed, lower case
        var items = stored["sections"]!.AsArray().SelectMany(s => s!["items"]!.AsArray()).Select(i => i!).ToList();
        Assert.Equal(["核实客户身份", "接通 2 秒内问候", "给出正确完整的解决方案", "保持前征得同意"], items.Select(i => (string)i["text"]!));
        Assert.Equal(("Compliance", "Scale", 4, true), ((string)items[0]["critical"]!, (string)items[2]["answerType"]!, (int)items[2]["scaleMax"]!, (bool)items[3]["notApplicableAllowed"]!));

        // The preview with sample answers: verify yes, greet yes, solution 3 of 4, hold N/A. By hand (ItemShare):
        // (3 × 1 + 2 × 1 + 5 × 3⁄4) ÷ (3 + 2 + 5) = 8.75 ÷ 10 = 87.50, Good.
        var preview = page.Locator("#scb-preview fieldset.item");
        await Assertions.Expect(page.Locator("#pv-score")).ToContainTextAsync("—");
        await keys.ClickAsync(preview.Nth(0).GetByLabel("是"));
        await keys.ClickAsync(preview.Nth(1).GetByLabel("是"));
        await keys.ClickAsync(preview.Nth(2).GetByLabel("3 分"));
        await keys.ClickAsync(preview.Nth(3).GetByLabel("不适用"));
        await Assertions.Expect(page.Locator("#pv-score")).ToHaveTextAsync("87.50 良好");
        var answers = new object[]
        {
            new { itemId = (string)items[0]["itemId"]!, points = 1 }, new { itemId = (string)items[1]["itemId"]!, points = 1 },
            new { itemId = (string)items[2]["itemId"]!, points = 3 }, new { itemId = (string)items[3]["itemId"]!, notApplicable = true },
        };
        var server = await (await lead.PostAsJsonAsync($"/api/centers/{center}/scorecards/{id}/versions/1/score", new { answers })).Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal((87.5m, "Good"), ((decimal)server!["score"]!, (string)server["band"]!));
        // Verification failed: a critical error fails the card whatever the rest.
        await keys.ClickAsync(preview.Nth(0).GetByLabel("否"));
        await Assertions.Expect(page.Locator("#pv-score")).ToHaveTextAsync("0.00 不合格");
        await Assertions.Expect(page.Locator("#pv-critical")).ToHaveTextAsync("致命错误 1");
        await keys.ClickAsync(preview.Nth(0).GetByLabel("是"));
        await Assertions.Expect(page.Locator("#pv-score")).ToHaveTextAsync("87.50 良好");
        await Accessibility.AssertEveryControlLabelledAsync(page);
        await browser.ScreenshotAsync(page, "81-scorecard-builder-zh");
        await AssertFitsAsync(page);

        // Publishing: the date offered is the end of the 7-day notice; the list shows it with its effective date.
        await Assertions.Expect(page.Locator("#scb-effective")).ToHaveValueAsync(DateTime.Now.AddDays(7).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await keys.TabToAsync("#scb-publish-button", backwards: true);
        await keys.PressAsync("Enter");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex($"#/scorecards/{center}$"));
        var published = (await lead.GetFromJsonAsync<JsonObject>($"/api/centers/{center}/scorecards/{id}/versions/1"))!;
        var effective = DateTimeOffset.Parse((string)published["effectiveFrom"]!, CultureInfo.InvariantCulture);
        Assert.Equal("Published", (string)published["status"]!);
        Assert.InRange(effective - DateTimeOffset.UtcNow, TimeSpan.FromDays(7) - TimeSpan.FromMinutes(5), TimeSpan.FromDays(7));
        var row = page.Locator($"section[data-scorecard='{id}'] tr[data-version='1']");
        var day = effective.ToLocalTime().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        await Assertions.Expect(row.Locator(".badge")).ToHaveTextAsync($"已发布 · {effective.ToLocalTime():yyyy-MM-dd HH:mm} 生效");
        await Assertions.Expect(row.Locator("td.effective")).ToContainTextAsync(day);
        var buildToPublish = (keys.Keystrokes - signIn, keys.Clicks);
        await browser.ScreenshotAsync(page, "82-scorecards-list-zh");
        browser.AssertNoScriptErrors(page);

        // English: the list and the published version (read only, the preview still scores).
        await keys.TabToAsync("#lang");
        await keys.PressAsync("Enter");
        await Assertions.Expect(page.Locator("main h1")).ToHaveTextAsync("Scorecards");
        await Assertions.Expect(row.Locator(".badge")).ToContainTextAsync("published · effective");
        await browser.ScreenshotAsync(page, "83-scorecards-list-en");
        await page.GotoAsync($"/api/ui/#/scorecards/{center}/{id}/1");
        await Assertions.Expect(page.Locator("#scb-form input").First).ToBeDisabledAsync();
        await Assertions.Expect(page.Locator("#scb-retire")).ToBeVisibleAsync();
        await page.Locator("#scb-preview fieldset.item").Nth(2).GetByLabel("4 pts").CheckAsync();
        await Assertions.Expect(page.Locator("#pv-score")).ToHaveTextAsync("100.00 Excellent");
        await Accessibility.AssertEveryControlLabelledAsync(page);
        await AssertFitsAsync(page);
        await browser.ScreenshotAsync(page, "84-scorecard-published-en");
        browser.AssertNoScriptErrors(page);

        await File.WriteAllTextAsync(Path.Combine(browser.ScreenshotFolder, "keystrokes-scorecards.txt"), string.Create(CultureInfo.InvariantCulture,
            $"lead builds a scorecard (2 sections, 4 items: scale, critical, N/A; one keyboard reorder; one weight fixed after the API's error) and publishes it, from the list (g b) to the published listing: {buildToPublish.Item1} keystrokes (typed wording included), {buildToPublish.Item2} clicks (the sample answers picked in the preview); sign-in {signIn} keystrokes\n"));
    }

    [Fact]
    public async Task ALeadComparesTwoVersionsSideBySide()
    {
        var center = await BrowserFlows.SeedCenterAsync(browser);
        await BrowserFlows.SeedScorecardAsync(browser, center); // v1: greet, verify | solve, jargon (warning)
        var lead = LeadOf(center);
        var next = await lead.PostAsync($"/api/centers/{center}/scorecards/standard/versions", null);
        Assert.True(next.IsSuccessStatusCode, await next.Content.ReadAsStringAsync());
        var v2 = (await next.Content.ReadFromJsonAsync<JsonObject>())!;
        // v2: greet reworded, solve weight 5 → 4, jargon removed, empathy added.
        var sections = v2["sections"]!.AsArray();
        sections[0]!["items"]![0]!["text"] = "接通 2 秒内使用标准问候语";
        var solving = sections[1]!["items"]!.AsArray();
        solving[0]!["weight"] = 4;
        solving.RemoveAt(1);
        solving.Add(new JsonObject { ["itemId"] = "empathy", ["text"] = "客户情绪激动时安抚", ["weight"] = 1, ["answerType"] = "YesNo" });
        foreach (var item in sections.SelectMany(s => s!["items"]!.AsArray())) { item!.AsObject().Remove("possible"); item.AsObject().Remove("isScoring"); }
        var put = new HttpRequestMessage(HttpMethod.Put, $"/api/centers/{center}/scorecards/standard/versions/2")
        {
            Content = JsonContent.Create(new { name = (string)v2["name"]!, sections, rules = v2["rules"] }),
        };
        put.Headers.TryAddWithoutValidation("If-Match", next.Headers.ETag!.ToString());
        var saved = await lead.SendAsync(put);
        Assert.True(saved.IsSuccessStatusCode, await saved.Content.ReadAsStringAsync());

        foreach (var lang in new[] { "zh-CN", "en" })
        {
            var page = await browser.NewPageAsync();
            var keys = new Keyboard(page);
            await BrowserFlows.SignInAsync(page, keys, "qa-lead", center);
            if (lang == "en")
            {
                // The switch redraws the page it is on: wait for it before g b, or the keys may go to the page being replaced.
                await keys.TabToAsync("#lang");
                await keys.PressAsync("Enter");
                await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
            }
            await keys.PressAsync("g");
            await keys.PressAsync("b");
            var card = page.Locator("section[data-scorecard=standard]");
            await Assertions.Expect(card.Locator("tr[data-version='1']")).ToHaveAttributeAsync("data-status", "InForce");
            await Assertions.Expect(card.Locator("tr[data-version='2']")).ToHaveAttributeAsync("data-status", "Draft");
            // The compare form offers v1 ↔ v2 (the two latest): one Enter on its button.
            await keys.TabToAsync("section[data-scorecard=standard] form.compare button");
            await keys.PressAsync("Enter");
            await Assertions.Expect(page).ToHaveURLAsync(new Regex($"#/scorecards/{center}/standard/compare/1/2$"));

            var table = page.Locator("#scc-table");
            await Assertions.Expect(table.Locator("tr[data-item=empathy]")).ToHaveAttributeAsync("data-kind", "added");
            await Assertions.Expect(table.Locator("tr[data-item=jargon]")).ToHaveAttributeAsync("data-kind", "removed");
            await Assertions.Expect(table.Locator("tr[data-item=greet]")).ToHaveAttributeAsync("data-changed", "text");
            await Assertions.Expect(table.Locator("tr[data-item=solve]")).ToHaveAttributeAsync("data-changed", "weight");
            await Assertions.Expect(table.Locator("tr[data-item=verify]")).ToHaveAttributeAsync("data-kind", "same");
            // The changed field is marked in both columns, nothing else in the row.
            await Assertions.Expect(table.Locator("tr[data-item=solve] .diff-field.changed")).ToHaveCountAsync(2);
            await Assertions.Expect(table.Locator("tr[data-item=solve] .diff-field.changed").Last).ToHaveTextAsync(lang == "en" ? "weight 4" : "权重 4");
            await Assertions.Expect(page.Locator("#scc-summary")).ToHaveTextAsync(lang == "en"
                ? "1 added · 1 removed · 2 changed · 1 unchanged" : "新增 1 · 删除 1 · 修改 2 · 未变 1");
            await Assertions.Expect(page.Locator("#scc-rules")).ToHaveClassAsync("diff-same");
            await Accessibility.AssertEveryControlLabelledAsync(page);
            await AssertFitsAsync(page);
            await browser.ScreenshotAsync(page, $"85-scorecard-compare-{(lang == "en" ? "en" : "zh")}");
            browser.AssertNoScriptErrors(page);
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task DraggingAnItemByItsHandleMovesItAndTheSavedOrderFollows()
    {
        var center = await BrowserFlows.SeedCenterAsync(browser);
        await BrowserFlows.SeedScorecardAsync(browser, center);
        var lead = LeadOf(center);
        Assert.True((await lead.PostAsync($"/api/centers/{center}/scorecards/standard/versions", null)).IsSuccessStatusCode);

        var page = await browser.NewPageAsync("en");
        var keys = new Keyboard(page);
        await BrowserFlows.SignInAsync(page, keys, "qa-lead", center);
        await page.GotoAsync($"/api/ui/#/scorecards/{center}/standard/2");
        // "solve" (section 2) dropped on the lower half of "greet" (section 1): it lands after greet, before verify.
        // Both in view: the mouse drags within the window, as a person would.
        await page.Locator(".sc-item[data-item=greet]").EvaluateAsync("e => window.scrollTo(0, e.getBoundingClientRect().top + window.scrollY - 80)");
        var from = (await page.Locator(".sc-item[data-item=solve] .handle").BoundingBoxAsync())!;
        var to = (await page.Locator(".sc-item[data-item=greet]").BoundingBoxAsync())!;
        await page.Mouse.MoveAsync(from.X + from.Width / 2, from.Y + from.Height / 2);
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync(to.X + 30, to.Y + to.Height - 6, new() { Steps = 8 });
        await page.Mouse.UpAsync();
        await Assertions.Expect(page.Locator("#scb-sections fieldset").First.Locator(".sc-item")).ToHaveCountAsync(3);
        Assert.Equal(["greet", "solve", "verify"], await page.Locator("#scb-sections fieldset").First.Locator(".sc-item").EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.item)"));
        await Assertions.Expect(page.Locator("#scb-save-state")).ToHaveTextAsync("有未保存的修改");
        await keys.PressAsync("Control+s");
        await Assertions.Expect(page.Locator("#scb-save-state")).ToHaveTextAsync("已保存");
        var stored = (await lead.GetFromJsonAsync<JsonObject>($"/api/centers/{center}/scorecards/standard/versions/2"))!;
        Assert.Equal(["greet", "solve", "verify"], stored["sections"]![0]!["items"]!.AsArray().Select(i => (string)i!["itemId"]!));
        browser.AssertNoScriptErrors(page);
    }

    private static async Task SetAsync(Keyboard keys, string selector, string value)
    {
        await keys.TabToAsync(selector);
        await keys.PressAsync("Control+a");
        await keys.TypeAsync(value);
    }

    private HttpClient LeadOf(string center)
    {
        var client = new HttpClient { BaseAddress = new Uri(browser.BaseUrl) };
        client.DefaultRequestHeaders.Add(QaServerless.Security.ClientPrincipalHandler.DevHeader,
            QaServerless.Security.ClientPrincipalHandler.Encode("lead-1", [QaServerless.Security.Roles.QaLead], [center]));
        return client;
    }

    /// <summary>At 1280 px nothing sticks out sideways.</summary>
    private static async Task AssertFitsAsync(IPage page) =>
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), $"{page.Url} is wider than the window");
}
