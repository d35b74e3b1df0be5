using System.Text.RegularExpressions;
using Microsoft.Playwright;
using QaServerless.Ai;
using QaServerless.Ai.Agreement;
using QaServerless.Ai.Analysis;
using QaServerless.FakeOpenAI;

namespace QaServerless.Tests.Browser;

/// <summary>
/// The AI's help in the browser: calls analysed through the real client against the local fake OpenAI endpoint; the
/// inspector sees per item the suggestion, its confidence and evidence (clicking it seeks the audio), only where the
/// item's agreement gate allows, never as the answer until accepted with "i"; the transcript and the rule tags seek
/// too; the evaluation's version history; the QA lead's per-item agreement page ("g i").
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class AiBrowserTests(BrowserFixture browser)
{
    /// <summary>
    /// Two analysed calls of agent A001 — the fake's good order inquiry (C4001) and its late greeting with a repeat call
    /// (C4002) — and released human scores that make "greet" trusted (κ 1 over 2 pairs), "solve" hidden (κ 0) and leave
    /// "verify" on probation (1 pair; the center judges after 2). "jargon" has no verifiable evidence: discarded.
    /// </summary>
    private async Task<string> SeedAnalysedCallsAsync()
    {
        var center = await BrowserFlows.SeedCenterAsync(browser);
        await BrowserFlows.SeedScorecardAsync(browser, center);
        await browser.Service<AiSettingsStore>().SaveAsync(center, AiSettings.Default with { MinPairs = 2 }, CancellationToken.None);
        var analyzer = browser.Service<CallAnalyzer>();
        foreach (var (callId, conversation) in new[] { ("C4001", CannedTranscripts.Demo[0]), ("C4002", CannedTranscripts.Demo[1]) })
        {
            browser.OpenAI.Transcripts.Register(callId, conversation);
            await BrowserFlows.SeedCallWithAudioAsync(browser, center, callId, "A001", start: DateTimeOffset.UtcNow);
            Assert.Equal(AnalysisStatus.Completed, await analyzer.AnalyzeAsync(new AnalysisRequest(center, callId), CancellationToken.None));
            await BrowserFlows.AssignAsync(browser, center, callId, "A001", "咨询", "new-hire");
        }
        var agreement = browser.Service<AgreementStore>();
        var released = DateTimeOffset.UtcNow;
        // "jargon" (a warning item) is answered by the humans too, but the AI's answer never had evidence: no pair.
        Assert.Equal(3, await agreement.RecordReleasedAsync(center, "C4001", "ev-gold-1", released, [new("greet", 1, false, 1), new("verify", 1, false, 1), new("solve", 1, false, 1), new("jargon", 1, false, 1)]));
        Assert.Equal(2, await agreement.RecordReleasedAsync(center, "C4002", "ev-gold-2", released, [new("greet", 0, false, 1), new("verify", 1, false, 1), new("solve", 0, false, 1), new("jargon", 1, false, 1)]));
        return center;
    }

    private static Task AudioAtAsync(IPage page, double from, double to) =>
        page.WaitForFunctionAsync("([from, to]) => { const a = document.querySelector('audio'); return a.currentTime >= from && a.currentTime < to; }", new[] { from, to });

    [Fact]
    public async Task TheInspectorSeesGatedSuggestionsWithEvidenceAcceptsThemByKeyAndTheHistoryShowsEveryVersion()
    {
        var center = await SeedAnalysedCallsAsync();
        var page = await browser.NewPageAsync();
        var keys = new Keyboard(page);
        await BrowserFlows.SignInAsync(page, keys, "inspector", center, "I001");
        await page.GotoAsync($"/api/ui/#/evaluate/{center}/C4001");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex($"#/evaluation/{center}/ev-"));

        // Suggestions where the gate lets them show, labelled, with confidence and the quoted evidence.
        var greet = page.Locator("fieldset[data-item=greet] .ai");
        await Assertions.Expect(greet).ToContainTextAsync("AI 建议");
        await Assertions.Expect(greet.Locator(".ai-answer")).ToHaveTextAsync("是");
        await Assertions.Expect(greet).ToContainTextAsync("置信度");
        await Assertions.Expect(greet).ToContainTextAsync("已验证");                 // κ 1 ≥ 0.6: trusted
        await Assertions.Expect(greet).ToContainTextAsync("您好，很高兴为您服务");
        await Assertions.Expect(greet.Locator("button.seek")).ToHaveTextAsync("00:00"); // said at 0.6 s
        var verify = page.Locator("fieldset[data-item=verify] .ai");
        await Assertions.Expect(verify).ToContainTextAsync("试用中");                // 1 pair of 2: probation, shown
        await Assertions.Expect(verify.Locator("button.seek")).ToHaveTextAsync("00:06");
        await Assertions.Expect(page.Locator("fieldset[data-item=solve] .ai")).ToHaveCountAsync(0);  // κ 0 < 0.6: hidden
        await Assertions.Expect(page.Locator("fieldset[data-item=jargon] .ai")).ToHaveCountAsync(0); // no evidence: discarded
        await Assertions.Expect(page.Locator("#ai-hidden")).ToContainTextAsync("1");
        // A suggestion is not an answer: nothing is filled in until the inspector accepts.
        await Assertions.Expect(page.Locator("main fieldset.item input:checked")).ToHaveCountAsync(0);
        // The masked transcript, with times.
        await Assertions.Expect(page.Locator("#transcript button")).ToHaveCountAsync(7);
        await Assertions.Expect(page.Locator("#transcript button").Nth(2)).ToContainTextAsync("00:06");
        await Assertions.Expect(page.Locator("#transcript")).ToContainTextAsync("138****5678");
        await Accessibility.AssertEveryControlLabelledAsync(page);
        await browser.ScreenshotAsync(page, "12-inspector-ai-suggestions");

        // "i" takes the current item's suggestion (and moves on); an item without one keeps waiting for the human.
        var clicksBefore = keys.Clicks;
        var keysBefore = keys.Keystrokes;
        await keys.PressAsync("i");
        await Assertions.Expect(page.Locator("fieldset[data-item=greet] input[value='1']")).ToBeCheckedAsync();
        await keys.PressAsync("i");
        await Assertions.Expect(page.Locator("fieldset[data-item=verify] input[value='1']")).ToBeCheckedAsync();
        await Assertions.Expect(page.Locator("fieldset[data-item=solve]")).ToHaveClassAsync(new Regex("current"));
        await keys.PressAsync("i");
        await Assertions.Expect(page.Locator("fieldset[data-item=solve] input:checked")).ToHaveCountAsync(0);

        // Evidence, transcript lines and the "v" key seek the recording and play it.
        await keys.ClickAsync(page.Locator("fieldset[data-item=verify] .ai button.seek"));
        await AudioAtAsync(page, 6.3, 15);
        await Assertions.Expect(page.Locator("audio")).ToHaveJSPropertyAsync("paused", false);
        await keys.ClickAsync(page.Locator("#transcript button").Nth(4));            // 00:14 已为您查到
        await AudioAtAsync(page, 13.9, 22);
        await keys.PressAsync("p");
        await keys.TabToAsync("fieldset[data-item=greet] input");
        await keys.PressAsync("v");                                                   // greet's evidence, 0.6 s
        await AudioAtAsync(page, 0.5, 6);
        await keys.PressAsync("p");

        // Finish by hand, submit and release: the history lists every version with who, when, why and the score.
        await keys.TabToAsync("fieldset[data-item=solve] input");
        await keys.PressAsync("y");
        await keys.PressAsync("n");
        await Assertions.Expect(page.Locator("#score-value")).ToContainTextAsync("100.00");
        await keys.PressAsync("Control+s");
        await Assertions.Expect(page.Locator("#toast")).ToContainTextAsync("草稿已保存");
        await keys.PressAsync("Control+Enter");
        await Assertions.Expect(page.Locator("#status")).ToContainTextAsync("已提交");
        var history = page.Locator("#history tbody tr");
        await Assertions.Expect(history.First).ToContainTextAsync("已提交");           // newest first
        await Assertions.Expect(history.First).ToContainTextAsync("100.00");
        await Assertions.Expect(history.Last).ToContainTextAsync("v1");
        var submitted = await history.CountAsync();
        Assert.True(submitted >= 3, $"started, draft saved, submitted: {submitted} versions"); // submitting saves the draft first
        await keys.PressAsync("Control+Enter");                  // release: asks first
        await Assertions.Expect(page.Locator("#confirm-yes")).ToBeFocusedAsync();
        await keys.PressAsync("Enter");
        await Assertions.Expect(page.Locator("#status")).ToContainTextAsync("已发布");
        await Assertions.Expect(history).ToHaveCountAsync(submitted + 1);
        await Assertions.Expect(history.First).ToContainTextAsync("已发布");
        await Accessibility.AssertEveryControlLabelledAsync(page);
        await browser.ScreenshotAsync(page, "22-inspector-history");
        browser.AssertNoScriptErrors(page);

        // The other call: rule tags with their evidence, which seeks too.
        await page.GotoAsync($"/api/ui/#/evaluate/{center}/C4002");
        var repeat = page.Locator("#ai-tags li[data-rule=repeat-call]");
        await Assertions.Expect(repeat).ToContainTextAsync("这是我第二次来电");
        await Assertions.Expect(page.Locator("#ai-tags li[data-rule=greeting-2s]")).ToBeVisibleAsync();
        await keys.ClickAsync(repeat.Locator("button.seek").First);
        await AudioAtAsync(page, 7.4, 15);
        await Assertions.Expect(page.Locator("fieldset[data-item=greet] .ai .ai-answer")).ToHaveTextAsync("否"); // greeted at 4.8 s
        await Accessibility.AssertEveryControlLabelledAsync(page);
        await browser.ScreenshotAsync(page, "13-inspector-ai-tags");
        browser.AssertNoScriptErrors(page);
        Assert.True(keys.Clicks - clicksBefore == 3, "Only the three seeks were clicks.");
        Assert.True(keys.Keystrokes > keysBefore);
    }

    [Fact]
    public async Task TheLeadSeesPerItemAgreementAndTheGateOnTheAgreementPage()
    {
        var center = await SeedAnalysedCallsAsync();
        var page = await browser.NewPageAsync();
        var keys = new Keyboard(page);
        await BrowserFlows.SignInAsync(page, keys, "qa-lead", center);
        await keys.PressAsync("g");
        await keys.PressAsync("i");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("#/agreement$"));
        await Assertions.Expect(page.Locator("#ag-summary")).ToContainTextAsync("κ 阈值 0.60");
        await Assertions.Expect(page.Locator("#ag-summary")).ToContainTextAsync("至少 2 对");

        var greet = page.Locator("#agreement tr[data-item=greet]");
        await Assertions.Expect(greet).ToContainTextAsync("接通 2 秒内问候");         // the item's wording, not only its id
        await Assertions.Expect(greet).ToContainTextAsync("1 / 0 / 0 / 1");          // TP / FP / FN / TN
        await Assertions.Expect(greet).ToContainTextAsync("100%");                    // precision, recall
        await Assertions.Expect(greet).ToContainTextAsync("1.00");                    // F1, κ
        await Assertions.Expect(greet).ToContainTextAsync("可信");
        var solve = page.Locator("#agreement tr[data-item=solve]");
        await Assertions.Expect(solve).ToContainTextAsync("0 / 0 / 1 / 1");           // the human deducted once, the AI never
        await Assertions.Expect(solve).ToContainTextAsync("0.00");                    // κ
        await Assertions.Expect(solve).ToContainTextAsync("隐藏");
        var verifyRow = page.Locator("#agreement tr[data-item=verify]");
        await Assertions.Expect(verifyRow).ToContainTextAsync("试用");
        // One pair where the center judges after two: the count is shown, and neither bar nor badge looks good.
        await Assertions.Expect(verifyRow).ToHaveAttributeAsync("data-few", "yes");
        await Assertions.Expect(verifyRow).ToContainTextAsync("比较数不足：1/2");
        await Assertions.Expect(verifyRow.Locator(".kappa")).ToHaveCountAsync(0);       // κ undefined on one pair: no bar at all
        await Assertions.Expect(verifyRow.Locator(".badge.ok")).ToHaveCountAsync(0);
        await Assertions.Expect(greet.Locator(".badge.ok")).ToHaveCountAsync(1);        // judged on enough pairs: may look good
        await Assertions.Expect(greet).ToContainTextAsync("n = 2");
        // The item the table cannot show is listed with its reason: a warning item the AI never had evidence for.
        await Assertions.Expect(page.Locator("#agreement tr[data-item=jargon]")).ToHaveCountAsync(0);
        var jargon = page.Locator("#ag-missing li[data-item=jargon]");
        await Assertions.Expect(jargon).ToHaveAttributeAsync("data-reason", "NeverPreScored");
        await Assertions.Expect(jargon).ToContainTextAsync("避免使用专业术语");
        await Assertions.Expect(jargon).ToContainTextAsync("警告项");
        await Assertions.Expect(jargon).ToContainTextAsync("AI 从未给出可用建议（2 条人工评分无对应建议）");
        await Assertions.Expect(jargon).ToContainTextAsync("无证据 × 2");
        // The κ bar is drawn (sizes go through the CSSOM: the page's CSP drops style attributes).
        var bar = await greet.Locator(".kappa").EvaluateAsync<double[]>("e => { const b = e.getBoundingClientRect(), t = e.parentElement.getBoundingClientRect(); return [b.width / t.width, Math.abs(b.top - t.top)]; }");
        Assert.InRange(bar[0], 0.95, 1.0);
        Assert.InRange(bar[1], 0, 1);                                               // inside its track, not under it
        var threshold = await greet.Locator(".threshold").EvaluateAsync<double>("e => (e.getBoundingClientRect().left - e.parentElement.getBoundingClientRect().left) / e.parentElement.getBoundingClientRect().width");
        Assert.InRange(threshold, 0.55, 0.65);
        await Accessibility.AssertEveryControlLabelledAsync(page);
        await browser.ScreenshotAsync(page, "64-lead-agreement");

        // Another window, by keyboard.
        await keys.TabToAsync("#ag-window");
        await keys.PressAsync("Control+a");
        await keys.TypeAsync("7");
        await keys.PressAsync("Enter");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex($"#/agreement/{center}/7$"));
        await Assertions.Expect(page.Locator("#ag-summary")).ToContainTextAsync("近 7 天");
        await Assertions.Expect(page.Locator("#agreement tr[data-item=greet]")).ToContainTextAsync("可信");
        Assert.Equal(0, keys.Clicks);
        browser.AssertNoScriptErrors(page);
    }
}
