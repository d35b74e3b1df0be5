using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using QaServerless.Ai.Analysis;
using QaServerless.Evaluations;
using QaServerless.FakeOpenAI;
using QaServerless.ReferenceData;
using QaServerless.Scorecards;
using QaServerless.Scoring;
using QaServerless.Security;

namespace QaServerless.Tests.Browser;

/// <summary>
/// Calibration end to end in the browser: the QA lead creates a session from the search page's link
/// (<c>#/calibration/new/{center}?calls=…</c>) plus two suggested calls, three inspectors score it beside the player and
/// the transcript (their answers still there after a reload), the lead closes it with the agreed standard entered in the
/// form, and the per-call and per-item results match the figures worked out by hand below.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class CalibrationBrowserTests(BrowserFixture browser)
{
    // The seeded card (BrowserFlows.SeedScorecardAsync), item-share formula: greet 2, verify 3 (critical), solve 5 (N/A
    // allowed), jargon a warning (no weight). Score = Σ weight × yes ÷ Σ applicable weight × 100.
    private static readonly string[] Calls = ["C5001", "C5002", "C5003", "C5004", "C5005"];
    private static readonly string[] Items = ["greet", "verify", "solve", "jargon"];

    // Answers per call in item order: y = yes, n = no, a = N/A.
    private static readonly string[] Standard = ["yyyy", "yyny", "nyyy", "yyay", "yyyn"];   // 100, 50, 80, 100, 100
    private static readonly Dictionary<string, string[]> Inspectors = new()
    {
        ["I001"] = Standard,                                         // as the standard: 0 deviation everywhere
        ["I002"] = ["nyyy", "yyny", "nyyy", "yyay", "yyyn"],         // C5001: 80 vs 100 → −20 points, 20 %
        ["I003"] = ["yyyy", "yyyy", "yyyy", "yyay", "yyyn"],         // C5002: 100 vs 50 → +50, 100 %; C5003: 100 vs 80 → +20, 25 %
    };

    [Fact]
    public async Task TheLeadCreatesFromALinkAndSuggestionsThreeInspectorsScoreAndTheStandardCloseShowsTheHandComputedResults()
    {
        var center = await BrowserFlows.SeedCenterAsync(browser);
        await SeedInspectorsAsync(center);
        await BrowserFlows.SeedScorecardAsync(browser, center);
        foreach (var call in Calls.Append("C5006")) await BrowserFlows.SeedCallWithAudioAsync(browser, center, call, "A001");
        // The first call has a masked transcript (the fake model's order inquiry), shown beside the card.
        browser.OpenAI.Transcripts.Register("C5001", CannedTranscripts.Demo[0]);
        Assert.Equal(AnalysisStatus.Completed, await browser.Service<CallAnalyzer>().AnalyzeAsync(new AnalysisRequest(center, "C5001"), CancellationToken.None));
        await SeedUpheldAppealsAsync(center, "C5004", "C5005");

        // 1. The lead: the search page's link preselects three calls; two suggestions (upheld appeals) are picked.
        var lead = await browser.NewPageAsync();
        await BrowserFlows.SignInAsync(lead, new Keyboard(lead), "qa-lead", center);
        var create = new Keyboard(lead);
        await lead.GotoAsync($"/api/ui/#/calibration/new/{center}?calls=C5001,C5002,C5003");
        await Assertions.Expect(lead.Locator("#cal-title")).ToBeFocusedAsync();
        await Assertions.Expect(lead.Locator("#chosen-calls li")).ToHaveTextAsync([new Regex("C5001"), new Regex("C5002"), new Regex("C5003")]);
        await Assertions.Expect(lead.Locator("#suggestions tbody tr")).ToHaveCountAsync(2);
        await Assertions.Expect(lead.Locator("#suggestions")).ToContainTextAsync("申诉成立");
        await Assertions.Expect(lead.Locator("#inspector-list")).ToContainTextAsync("王强");
        await Assertions.Expect(lead.Locator("#chosen-calls li[data-call=C5001]")).ToContainTextAsync("陈静 (A001) · 咨询");
        await Accessibility.AssertEveryControlLabelledAsync(lead);
        await ShotsAsync(lead, "70-calibration-create", "#suggestions");
        await Assertions.Expect(lead.Locator("#cal-title")).ToBeFocusedAsync();
        await create.TypeAsync("十一月校准");
        // Created without participants first: the server's error shows at the participants' box.
        await create.PressAsync("Control+Enter");
        await Assertions.Expect(lead.Locator("#people[aria-invalid=true]")).ToBeVisibleAsync();
        await Assertions.Expect(lead.Locator("#people + .field-error")).ToContainTextAsync("至少邀请 2 人");
        await Assertions.Expect(lead.Locator("#add-call[aria-invalid=true]")).ToBeVisibleAsync(); // 3 calls of the 5 needed
        foreach (var call in new[] { "C5004", "C5005" }) { await create.TabToAsync($"#suggestions input[value={call}]"); await create.PressAsync("Space"); }
        await Assertions.Expect(lead.Locator("#chosen-label")).ToContainTextAsync("5");
        foreach (var person in Inspectors.Keys) { await create.TabToAsync($"#inspector-list input[value={person}]"); await create.PressAsync("Space"); }
        await create.PressAsync("Control+Enter");
        await Assertions.Expect(lead).ToHaveURLAsync(new Regex($"#/calibration/{center}/cal-"));
        var sessionUrl = lead.Url[lead.Url.IndexOf('#')..];
        await Assertions.Expect(lead.Locator("#progress tr[data-person=I002]")).ToContainTextAsync("王强 (I002)");
        await Assertions.Expect(lead.Locator("#progress tr[data-person=I002]")).ToContainTextAsync("0 / 5");
        browser.AssertNoScriptErrors(lead);

        // 2. Three inspectors score every call by keys beside the player and the transcript.
        var scoreKeys = new Dictionary<string, int>();
        foreach (var (person, answers) in Inspectors)
        {
            var page = await browser.NewPageAsync();
            await BrowserFlows.SignInAsync(page, new Keyboard(page), "inspector", center, person);
            var keys = new Keyboard(page);
            await page.GotoAsync($"/api/ui/{sessionUrl}");
            await Assertions.Expect(page.Locator("#my-progress")).ToHaveTextAsync("已评 0 / 5 通");
            await Assertions.Expect(page.Locator("#my-calls a.todo").First).ToBeFocusedAsync();
            await keys.PressAsync("Enter");
            for (var i = 0; i < Calls.Length; i++)
            {
                await Assertions.Expect(page.Locator("h1")).ToContainTextAsync(Calls[i]);
                await Assertions.Expect(page.Locator("audio")).ToHaveAttributeAsync("src", new Regex($@"/devstoreaccount1/recordings/.+{Calls[i]}\.wav\?.*sig="));
                if (i == 0)
                {
                    await Assertions.Expect(page.Locator("#transcript button").First).ToBeVisibleAsync();
                    if (person == "I001") { await Accessibility.AssertEveryControlLabelledAsync(page); await ShotsAsync(page, "71-calibration-score", "#transcript button"); }
                }
                await Assertions.Expect(page.Locator("fieldset.item[data-item=greet] input").First).ToBeFocusedAsync();
                foreach (var key in answers[i]) await keys.PressAsync(key.ToString());
                await keys.PressAsync("Control+Enter");
            }
            await Assertions.Expect(page.Locator("#my-progress")).ToHaveTextAsync("已评 5 / 5 通");
            scoreKeys[person] = keys.Keystrokes + keys.Clicks;
            Assert.Equal(0, keys.Clicks);
            // After a reload the saved answers are there again (I003 said yes to "solve" on C5002).
            if (person == "I003")
            {
                await page.GotoAsync($"/api/ui/{sessionUrl}/C5002");
                await page.ReloadAsync();
                await Assertions.Expect(page.Locator("fieldset[data-item=solve] input[value='1']")).ToBeCheckedAsync();
                await Assertions.Expect(page.Locator("fieldset[data-item=greet] input[value='1']")).ToBeCheckedAsync();
                await Assertions.Expect(page.Locator("#cal-live")).ToContainTextAsync("100.00");
                await Assertions.Expect(page.Locator("#my-progress")).ToHaveTextAsync("已评 5 / 5 通");
            }
            browser.AssertNoScriptErrors(page);
        }

        // 3. The lead closes: the expert baseline without an expert is refused at its field; then the agreed standard.
        await lead.ReloadAsync();
        await Assertions.Expect(lead.Locator("#progress tr[data-person=I003]")).ToContainTextAsync("5 / 5");
        var close = new Keyboard(lead);
        await close.TabToAsync("#baseline");
        await close.PressAsync("ArrowDown");                        // expert
        await close.TabToAsync("#close-session");
        await close.PressAsync("Enter");
        await Assertions.Expect(lead.Locator("#expert-id[aria-invalid=true]")).ToBeVisibleAsync();
        await close.TabToAsync("#baseline", backwards: true);
        await close.PressAsync("ArrowDown");                        // standard: the grid of agreed answers
        await Assertions.Expect(lead.Locator("#standard select")).ToHaveCountAsync(Calls.Length * Items.Length);
        await close.TabToAsync("#standard select");
        for (var call = 0; call < Calls.Length; call++)
            for (var item = 0; item < Items.Length; item++)
            {
                // Options: —, yes, no, N/A.
                await close.PressAsync("ArrowDown", Standard[call][item] switch { 'y' => 1, 'n' => 2, _ => 3 });
                await close.PressAsync("Tab");
            }
        await Assertions.Expect(lead.Locator("select[name=standard-C5002-solve]")).ToHaveValueAsync("0");
        await Assertions.Expect(lead.Locator("select[name=standard-C5004-solve]")).ToHaveValueAsync("na");
        await ShotsAsync(lead, "72-calibration-close-standard", "#baseline", keepState: true);
        await close.TabToAsync("#close-session");
        await close.PressAsync("Enter");

        // 4. The results, against the hand computation.
        await Assertions.Expect(lead.Locator("#per-call")).ToBeVisibleAsync();
        var baseline = lead.Locator("#per-call tr.baseline-row");
        foreach (var (call, score) in Calls.Zip(new[] { "100.00", "50.00", "80.00", "100.00", "100.00" }))
            await Assertions.Expect(baseline.Locator($"td[data-call={call}]")).ToHaveTextAsync(score);
        async Task Cell(string person, string call, string score, string deviation, bool within)
        {
            var cell = lead.Locator($"#per-call tr[data-person={person}] td[data-call={call}]");
            await Assertions.Expect(cell.Locator(".cell-score")).ToHaveTextAsync(score);
            await Assertions.Expect(cell.Locator(".deviation")).ToContainTextAsync(deviation);
            await Assertions.Expect(cell).ToHaveClassAsync(new Regex(within ? @"\bwithin\b" : @"\boutside\b"));
        }
        await Cell("I001", "C5002", "50.00", "0.00 · 0.0%", true);
        await Cell("I002", "C5001", "80.00", "-20.00 · 20.0%", false);   // 20 ÷ 100
        await Cell("I002", "C5002", "50.00", "0.00 · 0.0%", true);
        await Cell("I003", "C5002", "100.00", "+50.00 · 100.0%", false); // 50 ÷ 50
        await Cell("I003", "C5003", "100.00", "+20.00 · 25.0%", false);  // 20 ÷ 80
        await Cell("I003", "C5004", "100.00", "0.00 · 0.0%", true);
        // Mean deviation over 5 calls: I002 20 % ÷ 5 = 4.00 % (≤ 5: pass); I003 (100 + 25) ÷ 5 = 25.00 %, (50 + 20) ÷ 5 = 14.00 points.
        async Task Outcome(string person, string percent, string points, string outcome)
        {
            var row = lead.Locator($"#results tr[data-person={person}]");
            await Assertions.Expect(row.Locator(".mean-percent")).ToHaveTextAsync(percent);
            await Assertions.Expect(row.Locator(".mean-points")).ToHaveTextAsync(points);
            await Assertions.Expect(row.Locator(".outcome")).ToHaveTextAsync(outcome);
        }
        await Outcome("I001", "0.00", "0.00", "通过");
        await Outcome("I002", "4.00", "4.00", "通过");
        await Outcome("I003", "25.00", "14.00", "未通过");
        await Assertions.Expect(lead.Locator("#results tr[data-person=I003]")).ToContainTextAsync("赵敏 (I003)");

        // Per item (3 answers on each of 5 calls; ordered pairs: 6 a call, 30 in all).
        // greet: C5001 {1,0,1} and C5003 {0,0,1} agree on 2 of 6 pairs, the rest on 6: 22/30 = 73.3 %, 3 of 5 unanimous.
        //   Coincidences: o11 = 1 + 3·3 = 10, o00 = 1, o01 = o10 = 2; n1 = 12, n0 = 3, n = 15:
        //   α = 1 − (n − 1)·(o01 + o10) ÷ (2·n1·n0) = 1 − 14·4 ÷ 72 = 0.222: not reliable. Match with the standard 13/15 = 86.7 %.
        // solve: C5002 {0,0,1} 2 of 6, the rest unanimous (C5004 all N/A): 26/30 = 86.7 %; nominal, N/A a category:
        //   n1 = 10, n0 = 2, nNA = 3, Σ n_c n_k (c ≠ k) = 2·(20 + 30 + 6) = 112, α = 1 − 14·2 ÷ 112 = 0.750: tentative.
        //   Interval, N/A missing (C5004 left out, n = 12): α = 1 − 11·2 ÷ (2·10·2) = 0.450. Match 14/15 = 93.3 %.
        // verify: yes everywhere: no variation, α undefined. jargon: every call unanimous, values vary between calls: α = 1.000.
        async Task Item(string item, string agreement, string unanimous, string alpha, string reading, string? match = null)
        {
            var row = lead.Locator($"#per-item tr[data-item={item}]");
            await Assertions.Expect(row.Locator(".agreement")).ToHaveTextAsync(agreement);
            await Assertions.Expect(row.Locator(".unanimous")).ToHaveTextAsync(unanimous);
            await Assertions.Expect(row.Locator(".alpha")).ToContainTextAsync(alpha);
            await Assertions.Expect(row.Locator(".alpha .count")).ToHaveTextAsync("基于 5/5 通电话");
            await Assertions.Expect(row.Locator(".reading")).ToContainTextAsync(reading);
            await Assertions.Expect(row).Not.ToHaveClassAsync(new Regex(@"\bfew\b"));
            if (match is not null) await Assertions.Expect(row.Locator(".match")).ToHaveTextAsync(match);
        }
        await Item("greet", "73.3", "3 / 5", "0.222", "不可靠", "86.7");
        await Item("solve", "86.7", "4 / 5", "0.750", "仅可暂定", "93.3");
        await Assertions.Expect(lead.Locator("#per-item tr[data-item=solve] td").Nth(5)).ToHaveTextAsync("0.450");
        await Item("verify", "100.0", "5 / 5", "—", "无差异", "100.0");
        await Item("jargon", "100.0", "5 / 5", "1.000", "可靠");
        await Assertions.Expect(lead.Locator("#alpha-legend")).ToContainTextAsync("Krippendorff 2004");
        await Accessibility.AssertEveryControlLabelledAsync(lead);
        await ShotsAsync(lead, "73-calibration-results", "#per-item");

        // 5. Trends and alerts, reached from the calibration page. A second session (through the API, I001 the expert)
        // fails I003 again: two failures in a row raise the alert. I003: 100 on every call vs I001's 50 → 100 % each time.
        await SecondSessionFailingI003Async(center);
        await lead.GotoAsync($"/api/ui/#/calibration/{center}");
        await lead.Locator("#trends-link").ClickAsync();
        await Assertions.Expect(lead.Locator("#trends tbody tr").First).ToHaveAttributeAsync("data-inspector", "I003"); // alerts first
        await Assertions.Expect(lead.Locator("#trends tr[data-inspector=I003] .pass-rate")).ToHaveTextAsync("0%");
        await Assertions.Expect(lead.Locator("#trends tr[data-inspector=I003] .mean")).ToHaveTextAsync("62.50"); // (25 + 100) ÷ 2
        await Assertions.Expect(lead.Locator("#trends tr[data-inspector=I003] .alert-cell")).ToContainTextAsync("连续 2 场未通过校准");
        await Assertions.Expect(lead.Locator("#trends tr[data-inspector=I002] .pass-rate")).ToHaveTextAsync("100%");
        await Assertions.Expect(lead.Locator("#trends tr[data-inspector=I001] .pass-rate")).ToHaveTextAsync("100%"); // the expert's session is not counted
        await Assertions.Expect(lead.Locator("#trends tr[data-inspector=I003]")).ToContainTextAsync("十一月校准");
        await lead.Locator("#alerts-only").CheckAsync();
        await Assertions.Expect(lead.Locator("#trends tbody tr")).ToHaveCountAsync(1);
        await lead.Locator("#alerts-only").UncheckAsync();
        await Assertions.Expect(lead.Locator("#trends tbody tr")).ToHaveCountAsync(3);
        await Accessibility.AssertEveryControlLabelledAsync(lead);
        await ShotsAsync(lead, "74-calibration-trends", "#trends");
        browser.AssertNoScriptErrors(lead);

        await File.AppendAllTextAsync(Path.Combine(browser.ScreenshotFolder, "keystrokes.txt"), string.Create(CultureInfo.InvariantCulture,
            $"calibration create (title, 2 suggestions, 3 inspectors, one refused try included): {create.Keystrokes} keystrokes, {create.Clicks} clicks\n" +
            $"calibration score (5 calls × 4 items, per inspector, from the session page): {string.Join(", ", scoreKeys.Select(k => $"{k.Key} {k.Value}"))} keystrokes, 0 clicks\n" +
            $"calibration close with the standard (5 × 4 agreed answers, one refused expert try included): {close.Keystrokes} keystrokes, {close.Clicks} clicks\n"));
    }

    private HttpClient As(string center, string user, string role, string? person = null)
    {
        var client = new HttpClient { BaseAddress = new Uri(browser.BaseUrl) };
        client.DefaultRequestHeaders.Add(ClientPrincipalHandler.DevHeader, ClientPrincipalHandler.Encode(user, [role], [center], person));
        return client;
    }

    /// <summary>A second session over HTTP: I001 (the expert) and I002 say "no" to solve everywhere (50), I003 "yes" (100).</summary>
    [Fact]
    public async Task TheLeadInvitesAnotherInspectorByNameToTheOpenSessionAndSeesTheirProgress()
    {
        var center = await BrowserFlows.SeedCenterAsync(browser);
        await SeedInspectorsAsync(center);
        await BrowserFlows.SeedScorecardAsync(browser, center);
        foreach (var call in Calls) await BrowserFlows.SeedCallWithAudioAsync(browser, center, call, "A001");
        var api = As(center, "lead-1", Roles.QaLead);
        var created = await api.PostAsJsonAsync($"/api/calibration/{center}/sessions", new
        {
            title = "邀请校准", scorecardId = "standard", callIds = Calls,
            participants = new[] { new { personId = "I001", role = "inspector" }, new { personId = "I002", role = "inspector" } },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonObject>())!["session"]!["sessionId"]!.GetValue<string>();

        var lead = await browser.NewPageAsync();
        var keys = new Keyboard(lead);
        await BrowserFlows.SignInAsync(lead, keys, "qa-lead", center);
        await lead.GotoAsync($"/api/ui/#/calibration/{center}/{id}");
        await Assertions.Expect(lead.Locator("#progress tbody tr")).ToHaveCountAsync(2);
        await ShotsAsync(lead, "73-calibration-invite", "#invite-form summary");
        await keys.TabToAsync("#invite-form summary");
        await keys.PressAsync("Enter");
        // Only who is not in the session yet, by name.
        await Assertions.Expect(lead.Locator("#invite-form #inspector-list tr")).ToHaveCountAsync(1);
        await Assertions.Expect(lead.Locator("#invite-form #inspector-list")).ToContainTextAsync("赵敏");
        await Accessibility.AssertEveryControlLabelledAsync(lead);
        await keys.TabToAsync("#invite-form input[value=I003]");
        await keys.PressAsync("Space");
        await Assertions.Expect(lead.Locator("#invited-count")).ToContainTextAsync("1");
        Assert.True(await lead.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= 1280"), "the invite form is wider than 1280 px");
        await browser.ScreenshotAsync(lead, "73-calibration-invite-open-zh");
        await keys.TabToAsync("#send-invites");
        await keys.PressAsync("Enter");

        await Assertions.Expect(lead.Locator("#progress tr[data-person=I003]")).ToContainTextAsync("赵敏 (I003)");
        await Assertions.Expect(lead.Locator("#progress tr[data-person=I003]")).ToContainTextAsync("0 / 5");
        var stored = (await api.GetFromJsonAsync<JsonObject>($"/api/calibration/{center}/sessions/{id}"))!;
        Assert.Equal(["I001", "I002", "I003"], stored["session"]!["participants"]!.AsArray().Select(p => p!["personId"]!.GetValue<string>()).Order());
        // The invited inspector finds the session's calls to score.
        var invited = await browser.NewPageAsync();
        await BrowserFlows.SignInAsync(invited, new Keyboard(invited), "inspector", center, "I003");
        await invited.GotoAsync($"/api/ui/#/calibration/{center}/{id}");
        await Assertions.Expect(invited.Locator("#my-progress")).ToHaveTextAsync("已评 0 / 5 通");
        browser.AssertNoScriptErrors(lead);
        browser.AssertNoScriptErrors(invited);
    }

    private Task SeedInspectorsAsync(string center) => browser.Service<ReferenceDataStore>().UpsertInspectorsAsync([
        new Inspector(center, "I001", "李娜", 40, [], []), new Inspector(center, "I002", "王强", 40, [], []), new Inspector(center, "I003", "赵敏", 40, [], [])]);

    private async Task SecondSessionFailingI003Async(string center)
    {
        var lead = As(center, "lead-2", Roles.QaLead);
        var created = await lead.PostAsJsonAsync($"/api/calibration/{center}/sessions", new
        {
            title = "十二月校准", scorecardId = "standard", callIds = Calls,
            participants = Inspectors.Keys.Select(p => new { personId = p, role = "inspector" }).ToArray(),
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonObject>())!["session"]!["sessionId"]!.GetValue<string>();
        foreach (var person in Inspectors.Keys)
            foreach (var call in Calls)
            {
                var put = await As(center, $"user-{person}", Roles.Inspector, person).PutAsJsonAsync($"/api/calibration/{center}/sessions/{id}/scores/{call}", new
                {
                    answers = new object[] { new { itemId = "greet", points = 1 }, new { itemId = "verify", points = 1 },
                        new { itemId = "solve", points = person == "I003" ? 1 : 0 }, new { itemId = "jargon", points = 1 } },
                });
                Assert.Equal(HttpStatusCode.OK, put.StatusCode);
            }
        var closed = await lead.PostAsJsonAsync($"/api/calibration/{center}/sessions/{id}/close", new { baseline = "expert", expertId = "I001" });
        Assert.Equal(HttpStatusCode.OK, closed.StatusCode);
    }

    /// <summary>Upheld appeals on the calls, through the evaluation store: the disagreement signal suggestions rank.</summary>
    private async Task SeedUpheldAppealsAsync(string center, params string[] calls)
    {
        var card = await browser.Service<ScorecardStore>().GetInForceAsync(center, "standard", DateTimeOffset.UtcNow) ?? throw new InvalidOperationException("no card");
        var now = DateTimeOffset.UtcNow;
        IReadOnlyList<ItemAnswer> original = [ItemAnswer.No("greet"), ItemAnswer.Yes("verify"), ItemAnswer.Yes("solve"), ItemAnswer.Yes("jargon")];
        IReadOnlyList<ItemAnswer> corrected = [ItemAnswer.Yes("greet"), ItemAnswer.Yes("verify"), ItemAnswer.Yes("solve"), ItemAnswer.Yes("jargon")];
        foreach (var call in calls)
            await browser.Service<EvaluationStore>().AddAsync(new Evaluation
            {
                CenterId = center, EvaluationId = $"ev-{call}", CallId = call, AgentId = "A001", Team = "T1", InspectorId = "I001",
                ScorecardId = card.ScorecardId, ScorecardVersion = card.Version, Status = EvaluationStatus.AppealUpheld, Answers = corrected,
                Result = ScoreCalculator.Score(card, corrected), OriginalResult = ScoreCalculator.Score(card, original),
                Appeal = new Appeal { Comment = "我问候了", By = "A001", At = now.AddDays(-2), Upheld = true, DecidedBy = "lead-1", DecidedAt = now.AddDays(-1) },
                Version = 5, ChangedBy = "lead-1", ChangedAt = now.AddDays(-1), Reason = "appeal upheld",
            });
    }

    /// <summary>
    /// The page in Chinese and in English, each checked to fit 1280 px. The language switch re-draws the page; with
    /// keepState the English picture is left out of the flow (the form's entries would be lost) and taken on a copy.
    /// </summary>
    private async Task ShotsAsync(IPage page, string name, string ready, bool keepState = false)
    {
        async Task FitsAsync() => Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= 1280"), $"{name} is wider than 1280 px");
        await FitsAsync();
        await browser.ScreenshotAsync(page, $"{name}-zh");
        var target = page;
        if (keepState)
        {
            target = await page.Context.NewPageAsync();
            await target.GotoAsync(page.Url);
            await Assertions.Expect(target.Locator("#baseline")).ToBeVisibleAsync();
        }
        await target.Locator("#lang").ClickAsync();
        await Assertions.Expect(target.Locator("html")).ToHaveAttributeAsync("lang", "en");
        // The switch draws "loading" at once (route() runs up to its first await inside the click): what is ready is the new page.
        await Assertions.Expect(target.Locator(ready).First).ToBeVisibleAsync();
        if (keepState) await target.Locator("#baseline").SelectOptionAsync("Standard");
        Assert.True(await target.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= 1280"), $"{name} (en) is wider than 1280 px");
        await browser.ScreenshotAsync(target, $"{name}-en");
        await target.Locator("#lang").ClickAsync();
        await Assertions.Expect(target.Locator("html")).ToHaveAttributeAsync("lang", "zh-CN");
        await Assertions.Expect(target.Locator(ready).First).ToBeVisibleAsync();
        if (keepState) await target.CloseAsync();
    }
}
