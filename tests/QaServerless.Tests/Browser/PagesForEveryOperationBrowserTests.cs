using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Azure.Storage.Queues;
using Microsoft.Playwright;
using QaServerless.Ai;
using QaServerless.Ai.Analysis;
using QaServerless.FakeOpenAI;
using QaServerless.ReferenceData;

namespace QaServerless.Tests.Browser;

/// <summary>
/// Issue 15 "every endpoint a person uses is reachable from a page": the AI rule editor (QA lead), reassigning a call
/// (QA lead) and asking for a call's analysis from the evaluation page (inspector), each checked through the API after.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class PagesForEveryOperationBrowserTests(BrowserFixture browser)
{
    private static readonly (string Lang, string Suffix)[] Languages = [("zh-CN", ""), ("en", "-en")];

    private async Task<(IPage Page, Keyboard Keys)> SignedInAsync(string role, string center, string lang, string? person = null)
    {
        var page = await browser.NewPageAsync();
        var keys = new Keyboard(page);
        await BrowserFlows.SignInAsync(page, keys, role, center, person);
        if (lang == "en")
        {
            await page.Locator("#lang").ClickAsync();
            await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        }
        return (page, keys);
    }

    [Fact]
    public async Task TheLeadSeesABadPatternAtItsFieldTriesTheRulesOnSampleTextAndSavesANewVersion()
    {
        var center = await BrowserFlows.SeedCenterAsync(browser);
        var version = 0;
        foreach (var (lang, suffix) in Languages)
        {
            var (page, keys) = await SignedInAsync("qa-lead", center, lang);
            await page.GotoAsync($"/api/ui/#/settings/{center}/rules");
            var editor = page.Locator("#rule-editor");
            await Assertions.Expect(editor.Locator("fieldset.rule")).ToHaveCountAsync(7); // six for calls, slow-first-response for text
            await Assertions.Expect(page.Locator("#rule-versions [aria-current=page]")).ToContainTextAsync(version == 0 ? (lang == "en" ? "Built-in" : "内置") : $"{version}");

            // The forbidden-words rule (the third) with a pattern that is no regular expression: refused at that field.
            var pattern = editor.Locator("[name='rules[2].pattern']");
            await pattern.FillAsync("([");
            await editor.Locator("#rule-save").ClickAsync();
            await Assertions.Expect(pattern).ToHaveAttributeAsync("aria-invalid", "true");
            await Assertions.Expect(page.Locator($"#{await pattern.GetAttributeAsync("aria-describedby")}")).ToContainTextAsync("Not a valid regular expression");
            await browser.ScreenshotAsync(page, $"95-ai-rules-field-error{suffix}");

            // Corrected, a new keyword, then the dry run of the rules as edited (not yet saved) on two pasted lines.
            await pattern.FillAsync("");
            var keywords = editor.Locator("[name='rules[2].keywords']");
            await keywords.FillAsync(await keywords.InputValueAsync() + $", 没空{version}");
            await editor.Locator("[name='rules[2].riskWeight']").FillAsync("40");
            await page.Locator("#rule-dry [name='transcript.segments']").FillAsync($"坐席 0 1.5 您好，很高兴为您服务\n客户 2 4 我这是第二次来电了\nagent 5 8 我现在没空{version}");
            await keys.PressAsync("Control+Enter");
            var result = page.Locator("#rule-dry-result");
            await Assertions.Expect(result.Locator("li[data-rule=forbidden-words]")).ToContainTextAsync($"没空{version}");
            await Assertions.Expect(result.Locator("li[data-rule=repeat-call]")).ToContainTextAsync("第二次来电");
            await Assertions.Expect(result.Locator("li[data-rule=greeting-2s]")).ToHaveCountAsync(0); // greeted within 2 s
            await Assertions.Expect(editor.Locator(".form-alert, [aria-invalid=true]")).ToHaveCountAsync(0); // the corrected rules ran
            await browser.ScreenshotAsync(page, $"96-ai-rules-dry-run{suffix}");

            await keys.PressAsync("Control+s");
            version++;
            await Assertions.Expect(page).ToHaveURLAsync(new Regex($"#/settings/{center}/rules/{version}$"));
            await Assertions.Expect(page.Locator("#rule-status")).ToHaveTextAsync(lang == "en" ? $"Saved as version {version}." : $"已保存为版本 {version}。");
            await Assertions.Expect(page.Locator("[name='rules[2].riskWeight']")).ToHaveValueAsync("40");
            await Accessibility.AssertEveryControlLabelledAsync(page);
            await browser.ScreenshotAsync(page, $"97-ai-rules-saved{suffix}");
            browser.AssertNoScriptErrors(page);
        }

        var admin = BrowserFlows.AdminOf(browser, center);
        var stored = await admin.GetFromJsonAsync<JsonObject>($"/api/ai/{center}/rules");
        Assert.Equal(2, stored!["version"]!.GetValue<int>());
        var forbidden = stored["rules"]!.AsArray().Single(r => r!["id"]!.GetValue<string>() == "forbidden-words")!;
        Assert.Equal(40, forbidden["riskWeight"]!.GetValue<int>());
        Assert.Contains("没空1", forbidden["keywords"]!.AsArray().Select(k => k!.GetValue<string>()));
        var first = await admin.GetFromJsonAsync<JsonObject>($"/api/ai/{center}/rules/1");
        Assert.DoesNotContain("没空1", first!["rules"]!.AsArray().Single(r => r!["id"]!.GetValue<string>() == "forbidden-words")!["keywords"]!.AsArray().Select(k => k!.GetValue<string>()));
    }

    [Fact]
    public async Task TheLeadReassignsACallFromTheWorklistToAnInspectorPickedByName()
    {
        var center = await BrowserFlows.SeedCenterAsync(browser);
        var day = await BrowserFlows.AssignAsync(browser, center, "C5001", "A001", "咨询", "random");
        // After the assignment, so that it went to I001: one more inspector, and one who must not evaluate team T1.
        await browser.Service<ReferenceDataStore>().UpsertInspectorsAsync([
            new Inspector(center, "I002", "王伟", 40, [], []), new Inspector(center, "I003", "赵敏", 40, [], ["T1"])]);
        var admin = BrowserFlows.AdminOf(browser, center);
        var moves = new[] { ("I001", "李娜", "I002", "王伟"), ("I002", "王伟", "I001", "李娜") };
        for (var i = 0; i < Languages.Length; i++)
        {
            var (lang, suffix) = Languages[i];
            var (from, fromName, to, toName) = moves[i];
            var (page, keys) = await SignedInAsync("qa-lead", center, lang);
            await page.GotoAsync($"/api/ui/#/worklist/{center}/{day:yyyy-MM-dd}?inspector={from}");
            await keys.ClickAsync(page.Locator("main tr:has-text('C5001') a.reassign"));
            await Assertions.Expect(page).ToHaveURLAsync(new Regex($"#/assignment/{center}/C5001$"));
            await Assertions.Expect(page.Locator("#asg-facts [data-fact=inspector]")).ToHaveTextAsync($"{fromName} ({from})");

            // The inspector with a conflict of interest: the API's reason at the inspector field, nothing moved.
            var select = page.Locator("#asg-reassign [name=inspectorId]");
            await select.SelectOptionAsync("I003");
            await keys.ClickAsync(page.Locator("#asg-submit"));
            await Assertions.Expect(select).ToHaveAttributeAsync("aria-invalid", "true");
            await Assertions.Expect(page.Locator("#asg-reassign .field-error")).ToContainTextAsync("conflict of interest");
            await browser.ScreenshotAsync(page, $"93-reassign-refused{suffix}");

            await select.SelectOptionAsync(new SelectOptionValue { Label = $"{toName} ({to})" });
            await keys.ClickAsync(page.Locator("#asg-submit"));
            await Assertions.Expect(page.Locator("#asg-facts [data-fact=inspector]")).ToHaveTextAsync($"{toName} ({to})");
            await Assertions.Expect(page.Locator("#asg-reassign .form-alert, #asg-reassign .field-error")).ToHaveCountAsync(0);
            await Assertions.Expect(page.Locator("#asg-history li")).ToContainTextAsync(lang == "en" ? $"Moved from {fromName} ({from}) to {toName} ({to})" : $"已从 {fromName} ({from}) 改派给 {toName} ({to})");
            await Accessibility.AssertEveryControlLabelledAsync(page);
            await browser.ScreenshotAsync(page, $"94-reassigned{suffix}");
            browser.AssertNoScriptErrors(page);

            var stored = await admin.GetFromJsonAsync<JsonObject>($"/api/assignments/{center}/calls/C5001");
            Assert.Equal(to, stored!["inspectorId"]!.GetValue<string>());
            var worklist = await admin.GetFromJsonAsync<JsonObject>($"/api/assignments/{center}/worklist?inspector={to}&day={day:yyyy-MM-dd}");
            Assert.Contains("C5001", worklist!["items"]!.AsArray().Select(a => a!["callId"]!.GetValue<string>()));
        }
    }

    [Fact]
    public async Task TheInspectorAsksForACallsAnalysisAndSeesItQueuedThenCompleted()
    {
        var center = await BrowserFlows.SeedCenterAsync(browser);
        await BrowserFlows.SeedScorecardAsync(browser, center);
        var queue = browser.Service<QueueServiceClient>().GetQueueClient(AnalysisQueue.Name);
        await queue.CreateIfNotExistsAsync();
        var calls = new[] { ("C6001", CannedTranscripts.Demo[0]), ("C6002", CannedTranscripts.Demo[1]) };
        for (var i = 0; i < Languages.Length; i++)
        {
            var (lang, suffix) = Languages[i];
            var (callId, conversation) = calls[i];
            browser.OpenAI.Transcripts.Register(callId, conversation);
            await BrowserFlows.SeedCallWithAudioAsync(browser, center, callId, "A001", start: DateTimeOffset.UtcNow);
            await BrowserFlows.AssignAsync(browser, center, callId, "A001", "咨询", "random");

            var (page, keys) = await SignedInAsync("inspector", center, lang, "I001");
            await page.GotoAsync($"/api/ui/#/evaluate/{center}/{callId}");
            var panel = page.Locator("#ai-analysis");
            await Assertions.Expect(panel).ToContainTextAsync(lang == "en" ? "No AI analysis for this call yet." : "此通话尚无 AI 分析。");
            await keys.ClickAsync(panel.Locator("#ai-analyze"));
            await Assertions.Expect(panel.Locator("#ai-requested")).ToHaveTextAsync(lang == "en" ? "Analysis requested: queued." : "已请求分析，排队中。");
            await browser.ScreenshotAsync(page, $"98-ai-analyze-queued{suffix}");

            // The request is on the analysis queue; the analyser takes it as the queue trigger would.
            var request = await TakeRequestAsync(queue, center, callId);
            Assert.Equal(AnalysisStatus.Completed, await browser.Service<CallAnalyzer>().AnalyzeAsync(request, CancellationToken.None));

            await keys.ClickAsync(panel.Locator("#ai-check"));
            await Assertions.Expect(page.Locator("#ai-analysis #ai-tags, #ai-analysis :text-is('No rule fired.'), #ai-analysis :text-is('没有规则命中。')").First).ToBeVisibleAsync();
            await Assertions.Expect(page.Locator("#ai-analysis #ai-analyze")).ToHaveCountAsync(0); // a completed analysis is kept
            await browser.ScreenshotAsync(page, $"99-ai-analyze-completed{suffix}");
            browser.AssertNoScriptErrors(page);

            var analysis = await BrowserFlows.AdminOf(browser, center).GetFromJsonAsync<JsonObject>($"/api/ai/{center}/calls/{callId}");
            Assert.Equal("Completed", analysis!["status"]!.GetValue<string>());
        }
    }

    /// <summary>The queued request for the call (other tests' messages are put back as they were).</summary>
    private static async Task<AnalysisRequest> TakeRequestAsync(QueueClient queue, string center, string callId)
    {
        foreach (var message in (await queue.ReceiveMessagesAsync(32)).Value)
        {
            var body = JsonNode.Parse(message.Body.ToString())!;
            if (body["centerId"]?.GetValue<string>() == center && body["callId"]?.GetValue<string>() == callId)
            {
                await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
                return new AnalysisRequest(center, callId, body["reason"]?.GetValue<string>() ?? "requested");
            }
            await queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: TimeSpan.Zero);
        }
        throw new Xunit.Sdk.XunitException($"No analysis request for {center}/{callId} on the queue.");
    }
}
