using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using QaServerless.Assignments;
using QaServerless.Security;

namespace QaServerless.Tests.Browser;

/// <summary>
/// The whole flow in the browser, keyboard only: the inspector scores a call and adds a problem record, submits and
/// releases it; the agent appeals; the QA lead upholds with a corrected answer; the corrected score shows to the
/// agent, the supervisor and the lead. Keystrokes and clicks are counted (the inspector's per evaluation is in the notes).
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class EvaluationFlowBrowserTests(BrowserFixture browser)
{
    [Fact]
    public async Task InspectorScoresByKeyboardAgentAppealsLeadUpholdsAndTheCorrectedScoreShowsEverywhere()
    {
        var center = await BrowserFlows.SeedCenterAsync(browser);
        await BrowserFlows.SeedScorecardAsync(browser, center);
        await BrowserFlows.SeedCallWithAudioAsync(browser, center, "C2001", "A001");
        var day = await BrowserFlows.AssignAsync(browser, center, "C2001", "A001", "咨询", "new-hire");

        // 1. The inspector: worklist → evaluation; answers by keys; a problem record; submit; release.
        var inspector = await browser.NewPageAsync();
        var signIn = new Keyboard(inspector);
        await BrowserFlows.SignInAsync(inspector, signIn, "inspector", center, "I001");
        var keys = new Keyboard(inspector);
        await BrowserFlows.ShowWorklistOfAsync(inspector, center, day);
        var started = DateTime.UtcNow;
        await keys.PressAsync("Enter");
        await Assertions.Expect(inspector).ToHaveURLAsync(new Regex($"#/evaluation/{center}/ev-"));
        await Assertions.Expect(inspector.Locator("fieldset.item.current")).ToHaveCountAsync(1);
        await Accessibility.AssertEveryControlLabelledAsync(inspector);

        // The recording streams from storage (Azurite) through the short-lived link and plays: p, speed, ±5 s.
        var audio = inspector.Locator("audio");
        await Assertions.Expect(audio).ToHaveAttributeAsync("src", new Regex(@"^http://127\.0\.0\.1:\d+/devstoreaccount1/recordings/.+C2001\.wav\?.*sig="));
        await keys.PressAsync("p");               // play
        await Assertions.Expect(audio).ToHaveJSPropertyAsync("paused", false);
        await inspector.WaitForFunctionAsync("() => document.querySelector('audio').currentTime > 0.3"); // it really advances
        await keys.PressAsync(">", 2);            // 1.5×
        await Assertions.Expect(audio).ToHaveJSPropertyAsync("playbackRate", 1.5);
        await Assertions.Expect(inspector.Locator("#speed")).ToHaveValueAsync("1.5");
        await keys.PressAsync(">", 3);            // 2× at most
        await Assertions.Expect(audio).ToHaveJSPropertyAsync("playbackRate", 2);
        await keys.PressAsync("<", 4);            // back to 1×
        await Assertions.Expect(audio).ToHaveJSPropertyAsync("playbackRate", 1);
        await keys.PressAsync("p");               // pause, so the skips are exact
        await Assertions.Expect(audio).ToHaveJSPropertyAsync("paused", true);
        var heard = await audio.EvaluateAsync<double>("a => a.currentTime");
        Assert.True(heard > 0.3, $"The audio played only to {heard} s.");
        await keys.PressAsync("l", 2);            // +10 s
        await inspector.WaitForFunctionAsync("t => Math.abs(document.querySelector('audio').currentTime - t) < 0.05", heard + 10);
        await keys.PressAsync("h");               // -5 s
        await inspector.WaitForFunctionAsync("t => Math.abs(document.querySelector('audio').currentTime - t) < 0.05", heard + 5);
        var moment = TimeSpan.FromSeconds(Math.Floor(heard + 5)).ToString(@"mm\:ss", CultureInfo.InvariantCulture);

        await keys.PressAsync("y");               // greet: yes
        await keys.PressAsync("y");               // verify: yes
        await keys.PressAsync("n");               // solve: no
        await keys.PressAsync("n");               // jargon (warning): no
        await Assertions.Expect(inspector.Locator("#score-value")).ToContainTextAsync("50.00"); // (2+3)/(2+3+5)
        await keys.PressAsync("k");               // back to "solve" to note why
        await keys.PressAsync("k");
        await keys.PressAsync("j");
        await keys.PressAsync("e");               // a problem, stamped at the playback time
        await Assertions.Expect(inspector.Locator("#problem-form input[name=description]")).ToBeFocusedAsync();
        await Assertions.Expect(inspector.Locator("#problem-form input[name=moment]")).ToHaveValueAsync(moment);
        await keys.TypeAsync("未解决退款问题");
        await keys.PressAsync("Enter");
        await Assertions.Expect(inspector.Locator("#problems")).ToContainTextAsync("未解决退款问题");
        await Assertions.Expect(inspector.Locator("#problems")).ToContainTextAsync(moment);
        await browser.ScreenshotAsync(inspector, "20-inspector-scoring");
        await keys.PressAsync("Control+Enter");   // submit
        await Assertions.Expect(inspector.Locator("#status")).ToContainTextAsync("已提交");
        await keys.PressAsync("Control+Enter");   // release to the agent: asks first
        await Assertions.Expect(inspector.Locator("#confirm-yes")).ToBeFocusedAsync();
        await keys.PressAsync("Enter");
        await Assertions.Expect(inspector.Locator("#status")).ToContainTextAsync("已发布");
        await browser.ScreenshotAsync(inspector, "21-inspector-released");
        Assert.Equal(0, keys.Clicks + signIn.Clicks);
        var wallTime = DateTime.UtcNow - started;
        browser.AssertNoScriptErrors(inspector);
        var perEvaluation = keys.Keystrokes;
        // The released version keeps the moment the inspector heard the problem at.
        var released = await BrowserFlows.AdminOf(browser, center).GetFromJsonAsync<JsonArray>($"/api/centers/{center}/evaluations?agentId=A001");
        Assert.Equal((int)Math.Floor(heard + 5), (int)Assert.Single(released!)!["problems"]![0]!["atSecond"]!);

        // 2. The agent: my evaluations → the released one → appeal with a comment.
        var agent = await browser.NewPageAsync();
        var agentKeys = new Keyboard(agent);
        await BrowserFlows.SignInAsync(agent, agentKeys, "agent", center, "A001");
        await Assertions.Expect(agent.Locator("main table")).ToContainTextAsync("50.00");
        await browser.ScreenshotAsync(agent, "30-agent-my-evaluations");
        await agentKeys.PressAsync("Enter");
        // The evaluation page draws once its call record, transcript and audio link are read: tab only when it is there.
        await Assertions.Expect(agent.Locator("#appeal-comment")).ToBeVisibleAsync();
        await agentKeys.TabToAsync("#appeal-comment");
        await agentKeys.TypeAsync("客户问题已在通话中解决");
        await agentKeys.TabToAsync("#appeal");
        await agentKeys.PressAsync("Enter");
        await Assertions.Expect(agent.Locator("#status")).ToContainTextAsync("申诉中");
        await browser.ScreenshotAsync(agent, "31-agent-appealed");
        browser.AssertNoScriptErrors(agent);

        // 3. The QA lead: appeals → the evaluation → corrects "solve" to yes → upholds.
        var lead = await browser.NewPageAsync();
        var leadKeys = new Keyboard(lead);
        await BrowserFlows.SignInAsync(lead, leadKeys, "qa-lead", center);
        await Assertions.Expect(lead.Locator("main table")).ToContainTextAsync("客户问题已在通话中解决");
        await browser.ScreenshotAsync(lead, "40-lead-appeals");
        await leadKeys.PressAsync("Enter");
        await Assertions.Expect(lead.Locator("#uphold")).ToBeVisibleAsync();
        await leadKeys.TabToAsync("fieldset[data-item=solve] input");
        await leadKeys.PressAsync("y");
        await Assertions.Expect(lead.Locator("#score-value")).ToContainTextAsync("100.00");
        await leadKeys.TabToAsync("#decision-comment", backwards: true);
        await leadKeys.TypeAsync("录音 02:10 已解决");
        await leadKeys.TabToAsync("#uphold");
        await leadKeys.PressAsync("Enter");
        await Assertions.Expect(lead.Locator("#status")).ToContainTextAsync("申诉成立");
        await Assertions.Expect(lead.Locator("#corrected")).ToContainTextAsync("50.00");
        await Assertions.Expect(lead.Locator("#score-value")).ToContainTextAsync("100.00");
        await browser.ScreenshotAsync(lead, "41-lead-upheld");
        browser.AssertNoScriptErrors(lead);

        // 4. The corrected score everywhere: the agent's list, the supervisor's team list.
        await agent.GotoAsync("/api/ui/#/my");
        await Assertions.Expect(agent.Locator("main table")).ToContainTextAsync("100.00");
        var supervisor = await browser.NewPageAsync();
        await BrowserFlows.SignInAsync(supervisor, new Keyboard(supervisor), "supervisor", center, team: "T1");
        await Assertions.Expect(supervisor.Locator("main table").Last).ToContainTextAsync("100.00");
        await browser.ScreenshotAsync(supervisor, "50-supervisor-team");
        browser.AssertNoScriptErrors(supervisor);

        await File.WriteAllTextAsync(Path.Combine(browser.ScreenshotFolder, "keystrokes.txt"), string.Create(CultureInfo.InvariantCulture,
            $"inspector per evaluation (worklist Enter to release, audio keys included): {perEvaluation} keystrokes, {keys.Clicks} clicks, {wallTime.TotalSeconds:0.0} s wall time (scripted, includes waiting for playback); sign-in {signIn.Keystrokes} keystrokes\n" +
            $"agent appeal: {agentKeys.Keystrokes} keystrokes (sign-in included); lead decision: {leadKeys.Keystrokes} keystrokes (sign-in included)\n"));
    }
}
