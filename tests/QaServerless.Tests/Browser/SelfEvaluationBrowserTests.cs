using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using QaServerless.Assignments;
using QaServerless.Security;
using QaServerless.Tests.Assignments;

namespace QaServerless.Tests.Browser;

/// <summary>
/// Issue 19 part 4: an agent self-evaluates a sampled call with the keyboard, the inspector scores and releases it, and
/// the agent sees both side by side (the differing items marked) and the month's gap per item, equal to the hand figures.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class SelfEvaluationBrowserTests(BrowserFixture browser)
{
    private const string CallId = "C0001"; // hash bucket 3 (SelfEvaluationFlowTests): asked at any share above 3 %

    [Fact]
    public async Task AnAgentSelfEvaluatesTheInspectorReleasesAndTheAgentSeesBothSideBySideWithTheGap()
    {
        var center = await BrowserFlows.SeedCenterAsync(browser);
        await BrowserFlows.SeedScorecardAsync(browser, center);
        await BrowserFlows.SeedCallWithAudioAsync(browser, center, CallId, "A001");
        await SendAsync(BrowserFlows.AdminOf(browser, center), HttpMethod.Put, $"/api/self-evaluations/{center}/settings", new { enabled = true, sharePercent = 50 }, "\"0\"");
        // The assignment as the Service Bus trigger delivers it, twice: the redelivery asks nothing twice.
        var request = HostPayloads.Json(new AssignmentRequest(center, CallId, "A001", "T1", "咨询", BrowserFlows.Today.AddDays(-1), BrowserFlows.Today, "random", 0));
        using var host = new HttpClient { BaseAddress = new Uri(browser.BaseUrl) };
        for (var delivery = 1; delivery <= 2; delivery++)
            Assert.Equal(HttpStatusCode.OK, (await HostPayloads.PostAsync(host, AssignInspectorFunction.Name,
                HostPayloads.ServiceBus(AssignInspectorFunction.Binding, request, "m-" + center, delivery))).StatusCode);

        // The agent: g s, the one open self-evaluation, y y a n (greet yes, verify yes, solve N/A, jargon no), a note, Ctrl+Enter.
        var page = await browser.NewPageAsync();
        var keys = new Keyboard(page);
        await BrowserFlows.SignInAsync(page, keys, "agent", center, "A001");
        await Assertions.Expect(page.Locator("#my-trend")).ToBeVisibleAsync();
        await keys.PressAsync("g");
        await keys.PressAsync("s");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("#/self$"));
        var row = page.Locator("#self-list tbody tr");
        await Assertions.Expect(row).ToHaveCountAsync(1);
        await Assertions.Expect(row.Locator("a.open")).ToBeFocusedAsync();
        await keys.PressAsync("Enter");
        await Assertions.Expect(page.Locator("fieldset[data-item=greet] input").First).ToBeFocusedAsync();
        foreach (var key in new[] { "y", "y", "a", "n" }) await keys.PressAsync(key);
        await Assertions.Expect(page.Locator("#self-note")).ToBeFocusedAsync();
        await keys.TypeAsync("先核实身份再问候");
        await Assertions.Expect(page.Locator("#self-live")).ToContainTextAsync("100.00");
        await Assertions.Expect(page.Locator("#self-hidden")).ToContainTextAsync("质检员的评分在发布前不会显示");
        await Accessibility.AssertEveryControlLabelledAsync(page);
        await browser.ScreenshotAsync(page, "96-self-evaluation-agent");
        await keys.PressAsync("Control+Enter");
        await Assertions.Expect(page.Locator("#confirm-yes")).ToBeFocusedAsync();
        await keys.PressAsync("Enter");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex($"#/self/{center}$"));
        await Assertions.Expect(row).ToHaveAttributeAsync("data-status", "Submitted");

        // The inspector cannot read it before submitting theirs; then scores greet no, verify yes, solve yes, jargon yes: 8 of 10 = 80.00.
        var inspector = new HttpClient { BaseAddress = new Uri(browser.BaseUrl) };
        inspector.DefaultRequestHeaders.Add(ClientPrincipalHandler.DevHeader, ClientPrincipalHandler.Encode("u-I001", [Roles.Inspector], [center], "I001"));
        Assert.Equal(HttpStatusCode.NotFound, (await inspector.GetAsync($"/api/self-evaluations/{center}/calls/{CallId}")).StatusCode);
        var evaluation = await SendAsync(inspector, HttpMethod.Post, $"/api/centers/{center}/evaluations", new { callId = CallId, scorecardId = "standard" }, null);
        var path = $"/api/centers/{center}/evaluations/{evaluation["evaluationId"]}";
        evaluation = await SendAsync(inspector, HttpMethod.Put, path + "/draft", new
        {
            answers = new object[] { new { itemId = "greet", points = 0 }, new { itemId = "verify", points = 1 }, new { itemId = "solve", points = 1 }, new { itemId = "jargon", points = 1 } },
        }, $"\"{evaluation["version"]}\"");
        evaluation = await SendAsync(inspector, HttpMethod.Post, path + "/submit", new { }, $"\"{evaluation["version"]}\"");
        Assert.Equal(HttpStatusCode.OK, (await inspector.GetAsync($"/api/self-evaluations/{center}/calls/{CallId}")).StatusCode);
        await SendAsync(inspector, HttpMethod.Post, path + "/release", new { }, $"\"{evaluation["version"]}\"");

        // The agent again: the closed self-evaluation links to the released evaluation, which shows both side by side.
        await page.ReloadAsync();
        await Assertions.Expect(row.Locator("a.open")).ToBeFocusedAsync();
        await keys.PressAsync("Enter");
        await Assertions.Expect(page.Locator("#self-to-evaluation")).ToBeFocusedAsync();
        await keys.PressAsync("Enter");
        await Assertions.Expect(page.Locator("#self-comparison-box")).ToHaveAttributeAsync("data-loaded", "true");
        await Assertions.Expect(page.Locator("#self-scores")).ToHaveTextAsync("质检得分 80.00 · 座席自评 100.00 · 差 +20.00");
        var differing = page.Locator("#self-comparison tbody tr.differs");
        Assert.Equal(["greet", "solve", "jargon"], await differing.EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.item)"));
        await Assertions.Expect(page.Locator("#self-comparison tr[data-item=solve] td.self")).ToHaveTextAsync("不适用");
        await Assertions.Expect(page.Locator("#self-comparison tr[data-item=verify] .badge.ok")).ToHaveTextAsync("一致");
        await browser.ScreenshotAsync(page, "97-self-evaluation-compare");

        // The month's gap per item, by hand: greet 1 − 0 = +100 %, verify 0, solve (N/A on one side) none, jargon 0 − 1 = −100 %;
        // the score gap 100 − 80 = +20.00; every figure on one pair.
        await keys.PressAsync("g");
        await keys.PressAsync("s");
        var gaps = page.Locator("#self-gaps");
        await Assertions.Expect(gaps).ToHaveAttributeAsync("data-loaded", "true");
        await Assertions.Expect(gaps.Locator(".summary")).ToHaveTextAsync("请求 1 · 已提交 1 · 未提交 0 · 平均得分差 +20.00");
        await Assertions.Expect(gaps.Locator("tr[data-item=greet] td.gap")).ToHaveTextAsync("+100.0% (n = 1)");
        await Assertions.Expect(gaps.Locator("tr[data-item=greet] td.agreement")).ToHaveTextAsync("0% (0 / 1)");
        await Assertions.Expect(gaps.Locator("tr[data-item=verify] td.gap")).ToHaveTextAsync("0.0% (n = 1)");
        await Assertions.Expect(gaps.Locator("tr[data-item=solve] td.gap")).ToHaveTextAsync("— (n = 0)");
        await Assertions.Expect(gaps.Locator("tr[data-item=jargon] td.gap")).ToHaveTextAsync("-100.0% (n = 1)");
        await Assertions.Expect(gaps.Locator("tr[data-item=greet] td").First).ToHaveTextAsync("接通 2 秒内问候");
        await browser.ScreenshotAsync(page, "98-self-evaluation-gaps");

        // English, by the language button.
        await keys.TabToAsync("#lang", backwards: true);
        await keys.PressAsync("Enter");
        await Assertions.Expect(page.Locator("#self-gaps .summary")).ToHaveTextAsync("Asked 1 · submitted 1 · missed 0 · mean score gap +20.00");
        await browser.ScreenshotAsync(page, "98-self-evaluation-gaps-en");
        await page.GoBackAsync(); // the released evaluation again
        await Assertions.Expect(page.Locator("#self-scores")).ToHaveTextAsync("Inspector 80.00 · agent's own 100.00 · difference +20.00");
        await browser.ScreenshotAsync(page, "97-self-evaluation-compare-en");
        browser.AssertNoScriptErrors(page);
        Assert.Equal(0, keys.Clicks);
    }

    private static async Task<JsonObject> SendAsync(HttpClient client, HttpMethod method, string path, object body, string? ifMatch)
    {
        var request = new HttpRequestMessage(method, path) { Content = JsonContent.Create(body) };
        if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{method} {path}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!.AsObject();
    }
}
