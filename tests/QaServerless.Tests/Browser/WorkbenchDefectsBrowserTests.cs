using Microsoft.Playwright;

namespace QaServerless.Tests.Browser;

/// <summary>
/// Issue 16, as a new user met it on the demo at 1280 px: errors that say what happened where the person looks,
/// a live score that does not claim 100 before anything is answered, a release that is confirmed, pages whose boxes
/// do not overlap or clip, exports offered only when there is a file.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class WorkbenchDefectsBrowserTests(BrowserFixture browser)
{
    [Fact]
    public async Task AnErrorSaysWhatHappenedAtTheFieldInTheReadersLanguageAndNeverNull()
    {
        var demo = await DemoCenter.SeedAsync(browser);

        // The supervisor adds coaching with every field empty: each field says what it needs, focus on the first.
        var supervisor = await browser.NewPageAsync();
        await BrowserFlows.SignInAsync(supervisor, new Keyboard(supervisor), "supervisor", demo.Center, team: "T1");
        await supervisor.GotoAsync($"/api/ui/#/evaluation/{demo.Center}/{demo.ReleasedA001}");
        var form = supervisor.Locator("#coaching form").Last;
        await form.Locator("button[type=submit]").ClickAsync();
        await supervisor.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await browser.ScreenshotAsync(supervisor, "80-coaching-empty-fields");
        await Assertions.Expect(form.Locator(".field-error")).ToHaveCountAsync(3);
        await Assertions.Expect(form.Locator("input[name=coachAction]")).ToBeFocusedAsync();
        await Assertions.Expect(form.Locator("[aria-invalid=true]")).ToHaveCountAsync(3);
        await Assertions.Expect(form.Locator("label .required")).ToHaveCountAsync(3); // every required field is marked
        // The server's own check (a date in the past) lands at its field too, in Chinese.
        await form.Locator("input[name=coachAction]").FillAsync("复听录音");
        await form.Locator("input[name=coachOwner]").FillAsync("S001");
        await form.Locator("input[name=coachDate]").FillAsync("2020-01-01");
        await form.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(form.Locator("input[name=coachDate]")).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(form.Locator(".field-error")).ToHaveTextAsync("请选择今天或以后的跟进日期。");
        await Assertions.Expect(form.Locator("input[name=coachDate]")).ToBeFocusedAsync();
        Assert.DoesNotMatch(NoBlanksBrowserTests.Blank, await supervisor.EvaluateAsync<string>("() => document.body.innerText"));
        browser.AssertNoScriptErrors(supervisor);

        // An agent opening another agent's evaluation: the page says it is not there (in Chinese), not "loading…" or null.
        var agent = await browser.NewPageAsync();
        await BrowserFlows.SignInAsync(agent, new Keyboard(agent), "agent", demo.Center, "A001");
        await agent.GotoAsync($"/api/ui/#/evaluation/{demo.Center}/{demo.ReleasedA002}");
        await agent.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await browser.ScreenshotAsync(agent, "81-agent-other-evaluation");
        await Assertions.Expect(agent.Locator("#page-error")).ToHaveTextAsync("找不到此评估，或你无权查看。");
        await Assertions.Expect(agent.Locator("main")).Not.ToContainTextAsync("加载中");
        Assert.DoesNotMatch(NoBlanksBrowserTests.Blank, await agent.EvaluateAsync<string>("() => document.body.innerText"));
        browser.AssertNoScriptErrors(agent);
    }

    [Fact]
    public async Task TheLiveScoreWaitsForAnAnswerAndAReleaseIsConfirmedThenTheNextCallIsOffered()
    {
        var demo = await DemoCenter.SeedAsync(browser);
        await BrowserFlows.SeedCallWithAudioAsync(browser, demo.Center, "C5000", "A001");
        await BrowserFlows.AssignAsync(browser, demo.Center, "C5009", "A002", "投诉", "complaint");
        var page = await browser.NewPageAsync();
        var keys = new Keyboard(page);
        await BrowserFlows.SignInAsync(page, keys, "inspector", demo.Center, "I001");
        await page.GotoAsync($"/api/ui/#/evaluate/{demo.Center}/C5000");
        await Assertions.Expect(page.Locator("fieldset.item.current")).ToHaveCountAsync(1);

        // Nothing answered: no score, the share answered.
        await browser.ScreenshotAsync(page, "82-live-score-unanswered");
        await Assertions.Expect(page.Locator("#score-value")).ToContainTextAsync("—");
        await Assertions.Expect(page.Locator("#score-value")).Not.ToContainTextAsync("100");
        await Assertions.Expect(page.Locator("#answered")).ToHaveTextAsync("已评 0 / 4 项");
        await keys.PressAsync("y");
        await Assertions.Expect(page.Locator("#score-value")).ToContainTextAsync("100.00");
        await Assertions.Expect(page.Locator("#answered")).ToHaveTextAsync("已评 1 / 4 项");

        // Submitting with items open: the server's code, in Chinese, and the open items marked.
        await keys.PressAsync("Control+Enter");
        await Assertions.Expect(page.Locator("#actions .form-alert")).ToContainTextAsync("还有 3 项未评");
        await Assertions.Expect(page.Locator("fieldset.item.missing")).ToHaveCountAsync(3);

        // The problem record's moment is typed (or stamped), not read-only.
        await keys.PressAsync("e");
        await page.Locator("#problem-form input[name=moment]").FillAsync("00:07");
        await page.Locator("#problem-form input[name=description]").FillAsync("未核实身份");
        await page.Locator("#problem-form input[name=description]").PressAsync("Enter");
        await Assertions.Expect(page.Locator("#problems")).ToContainTextAsync("00:07");

        // A 0-point critical Fail: two quick Ctrl+Enter presses submit, then only ask (focus on Cancel).
        await page.Locator("fieldset[data-item=verify] input").First.FocusAsync();
        await keys.PressAsync("n"); // verify (critical): no
        await keys.PressAsync("n"); // solve: no
        await keys.PressAsync("y"); // jargon
        await Assertions.Expect(page.Locator("#band")).ToHaveTextAsync("不合格");
        await keys.PressAsync("Control+Enter");
        await keys.PressAsync("Control+Enter");
        await Assertions.Expect(page.Locator("#status")).ToContainTextAsync("已提交");
        await keys.PressAsync("Control+Enter");
        await Assertions.Expect(page.Locator("dialog#confirm")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("dialog#confirm")).ToContainTextAsync("致命错误");
        await Assertions.Expect(page.Locator("#confirm-no")).ToBeFocusedAsync();
        await browser.ScreenshotAsync(page, "83-release-confirm-critical");
        await keys.PressAsync("Enter"); // on Cancel
        await Assertions.Expect(page.Locator("#status")).ToContainTextAsync("已提交");
        await keys.PressAsync("Control+Enter");
        await page.Locator("#confirm-yes").ClickAsync();
        await Assertions.Expect(page.Locator("#status")).ToContainTextAsync("已发布");

        // After release: the next call of the worklist, focused.
        await Assertions.Expect(page.Locator("#next-call-link")).ToBeFocusedAsync();
        await Assertions.Expect(page.Locator("#next-call-link")).ToContainTextAsync("C5009");
        // The history reads in Chinese too.
        await Assertions.Expect(page.Locator("#history")).ToContainTextAsync("发布");
        await Assertions.Expect(page.Locator("#history")).Not.ToContainTextAsync("released");
        await browser.ScreenshotAsync(page, "84-released-next-call");
        browser.AssertNoScriptErrors(page);
    }

    /// <summary>Boxes that overlap among the elements matched, and elements whose text is clipped or wraps in a one-line cell.</summary>
    private const string LayoutScript = """
        ([selectors, oneLine, subjectOnly]) => {
          const found = [];
          // What shows of an element: its box clipped by every scrolling ancestor (the evaluation's side column scrolls on its
          // own: a player scrolled out of it is hidden there, not over the top bar).
          const shown = e => {
            const b = e.getBoundingClientRect();
            let r = { left: b.left, right: b.right, top: b.top, bottom: b.bottom };
            for (let p = e.parentElement; p && p !== document.body; p = p.parentElement) {
              if (getComputedStyle(p).overflowY === 'visible') continue;
              const c = p.getBoundingClientRect();
              r = { left: Math.max(r.left, c.left), right: Math.min(r.right, c.right), top: Math.max(r.top, c.top), bottom: Math.min(r.bottom, c.bottom) };
            }
            return r;
          };
          const boxes = selectors.flatMap(s => [...document.querySelectorAll(s)].filter(e => e.offsetParent || e.getClientRects().length)
            .map(e => ({ s, r: shown(e) })).filter(b => b.r.right > b.r.left && b.r.bottom > b.r.top));
          for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
            const a = boxes[i].r, b = boxes[j].r;
            if (subjectOnly && boxes[i].s !== selectors[0]) continue;
            if (boxes[i].s !== boxes[j].s && a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1)
              found.push(`${boxes[i].s} overlaps ${boxes[j].s}`);
          }
          for (const e of document.querySelectorAll(oneLine)) {
            const range = document.createRange(); range.selectNodeContents(e);
            const lines = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
            if (lines.size > 1) found.push(`${oneLine} "${e.textContent}" wraps to ${lines.size} lines`);
          }
          for (const e of document.querySelectorAll('main *, header *'))
            if (getComputedStyle(e).overflowX === 'hidden' && e.scrollWidth > e.clientWidth + 1 && !e.classList.contains('sr-only') && !e.classList.contains('who'))
              found.push(`clipped: ${e.tagName}.${e.className} "${e.textContent.slice(0, 30)}"`);
          return found;
        }
        """;

    /// <summary>With <paramref name="subjectOnly"/>, only the first selector's boxes against the others' (the rest may
    /// scroll under the top bar as any page does).</summary>
    private static async Task<IEnumerable<string>> LayoutFaultsAsync(IPage page, string[] separate, string oneLine = "none", bool subjectOnly = false) =>
        (await page.EvaluateAsync<string[]>(LayoutScript, new object[] { separate, oneLine, subjectOnly })).Select(f => $"{page.Url}: {f}");

    [Theory]
    [InlineData("zh-CN")]
    [InlineData("en")]
    public async Task At1280PxNothingOverlapsOrClipsInEitherLanguage(string language)
    {
        var demo = await DemoCenter.SeedAsync(browser);
        var faults = new List<string>(); // every fault of the pages, listed together at the end
        var page = await browser.NewPageAsync(language);
        await page.GotoAsync("/api/ui/#/signin");
        await page.EvaluateAsync("l => localStorage.setItem('qa-lang', l)", language);
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("select[name=role]")).ToBeFocusedAsync();
        if (await page.Locator("#signout").IsVisibleAsync()) faults.Add("signed out, yet the sign-out button shows");
        var keys = new Keyboard(page);
        await BrowserFlows.SignInAsync(page, keys, "qa-lead", demo.Center);
        await page.EvaluateAsync("l => localStorage.setItem('qa-lang', l)", language);
        await page.ReloadAsync();

        // The lead's top bar: one row, its parts side by side, however many pages nav.js lists (a menu per group).
        await Assertions.Expect(page.Locator("#nav > *").First).ToBeVisibleAsync();
        var bar = await page.Locator("header.topbar").BoundingBoxAsync();
        if (bar!.Height >= 60) faults.Add($"The top bar is {bar.Height} px high: it wrapped.");
        faults.AddRange(await LayoutFaultsAsync(page, ["header .brand", "#nav > *", "#who", "#lang", "#help-button", "#signout"]));
        faults.AddRange(await TopBarMenusFaultsAsync(page));
        await page.Locator("#nav .menu > button").Last.ClickAsync();
        await Assertions.Expect(page.Locator("#nav .menu > ul:visible")).ToHaveCountAsync(1);
        await page.ScreenshotAsync(new() { Path = Path.Combine(browser.ScreenshotFolder, $"90-top-bar-menu-{language}.png") });
        await page.Keyboard.PressAsync("Escape");

        // Deciding an appeal: the player never covers the score, the decision form or the problem form's labels.
        await page.GotoAsync($"/api/ui/#/evaluation/{demo.Center}/{demo.AppealedA001}");
        await Assertions.Expect(page.Locator("#decision-comment")).ToBeVisibleAsync();
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        foreach (var target in new[] { "#decision-comment", "#live-score", "#history" })
        {
            await page.Locator(target).ScrollIntoViewIfNeededAsync();
            await page.Locator(target).EvaluateAsync("e => e.scrollIntoView({ block: 'center' })");
            faults.AddRange(await LayoutFaultsAsync(page, [".player", "#live-score", "form[aria-labelledby=decision-title] label", "header.topbar"], "#history td:nth-child(2)", subjectOnly: true));
        }
        await page.Keyboard.PressAsync("Escape");
        await page.Locator("fieldset.item").First.Locator("input").First.FocusAsync();
        await page.Keyboard.PressAsync("e");
        await Assertions.Expect(page.Locator("#problem-form")).ToBeVisibleAsync();
        await page.Locator("#problem-form").EvaluateAsync("e => e.scrollIntoView({ block: 'end' })");
        faults.AddRange(await LayoutFaultsAsync(page, [".player", "#problem-form label", "header.topbar"], subjectOnly: true));
        await page.ScreenshotAsync(new() { Path = Path.Combine(browser.ScreenshotFolder, $"85-lead-deciding-{language}.png") }); // as scrolled: the player over the form shows
        await browser.ScreenshotAsync(page, $"85-lead-deciding-{language}-page");

        // The KPI charts: the tallest bar's label stays below the caption.
        await page.GotoAsync("/api/ui/#/kpi");
        await Assertions.Expect(page.Locator("figure figcaption").First).ToBeVisibleAsync();
        await browser.ScreenshotAsync(page, $"86-lead-kpi-{language}");
        faults.AddRange(await LayoutFaultsAsync(page, ["figure figcaption", ".chart .bar span"]));

        // Check boxes keep their size (the coaching outcome's "improved").
        await page.GotoAsync($"/api/ui/#/evaluation/{demo.Center}/{demo.ReleasedA001}");
        await Assertions.Expect(page.Locator("#coaching")).ToBeVisibleAsync();
        var radios = await page.Locator("input[type=radio]").First.BoundingBoxAsync();
        if (radios!.Width >= 40) faults.Add($"A radio button is {radios.Width} px wide.");
        browser.AssertNoScriptErrors(page);
        Assert.True(faults.Count == 0, $"{faults.Count} layout faults:\n{string.Join("\n", faults)}");
    }

    /// <summary>
    /// Every page nav.js gives the person is in the bar with its g-key, the bar's right edge inside 1280 px; each group's
    /// menu opens (click, and ↓ from its button), its links fully inside the window, one line each, none over another;
    /// Esc closes it and returns to the button; the current page is marked in its menu and on the group's button.
    /// </summary>
    private static async Task<IEnumerable<string>> TopBarMenusFaultsAsync(IPage page)
    {
        var faults = new List<string>();
        var expected = await page.EvaluateAsync<string[]>("""
            async () => { const nav = await import('/api/ui/nav.js'); const s = await (await fetch('/api/session')).json(); return nav.navFor(s.me).map(i => i.name); }
            """);
        var links = page.Locator("#nav a[data-page]");
        var shown = await links.EvaluateAllAsync<string[]>("ls => ls.map(l => l.dataset.page + ' ' + l.getAttribute('aria-keyshortcuts'))");
        if (shown.Length != expected.Length) faults.Add($"The bar holds {shown.Length} pages of the {expected.Length} nav.js gives: {string.Join(", ", shown)}");
        faults.AddRange(shown.Where(s => !s.Contains(" g ")).Select(s => $"no g-key: {s}"));
        var right = await page.EvaluateAsync<double>("() => Math.max(...[...document.querySelectorAll('header.topbar > *')].map(e => e.getBoundingClientRect().right))");
        if (right > 1280) faults.Add($"The bar's parts reach {right} px.");
        var buttons = page.Locator("#nav .menu > button");
        var count = await buttons.CountAsync();
        if (count == 0 && expected.Length > 3) faults.Add("No group menus in a bar of many pages.");
        for (var i = 0; i < count; i++)
        {
            var button = buttons.Nth(i);
            var group = await button.GetAttributeAsync("data-group");
            await button.ClickAsync();
            await Assertions.Expect(button).ToHaveAttributeAsync("aria-expanded", "true");
            var menu = page.Locator($"#{await button.GetAttributeAsync("aria-controls")}");
            await Assertions.Expect(menu).ToBeVisibleAsync();
            faults.AddRange((await menu.EvaluateAsync<string[]>("""
                m => {
                  const found = [], boxes = [...m.querySelectorAll('a')].map(a => [a, a.getBoundingClientRect()]);
                  for (const [a, r] of boxes) {
                    if (r.left < 0 || r.right > innerWidth || r.bottom > innerHeight || r.width < 1) found.push(`"${a.textContent}" outside the window`);
                    if (a.scrollWidth > a.clientWidth + 1) found.push(`"${a.textContent}" clipped`);
                    const range = document.createRange(); range.selectNodeContents(a);
                    if (new Set([...range.getClientRects()].map(x => Math.round(x.top))).size > 1) found.push(`"${a.textContent}" wraps`);
                  }
                  for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
                    const a = boxes[i][1], b = boxes[j][1];
                    if (a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1) found.push(`"${boxes[i][0].textContent}" over "${boxes[j][0].textContent}"`);
                  }
                  return found;
                }
                """)).Select(f => $"menu {group}: {f}"));
            await page.Keyboard.PressAsync("Escape");
            await Assertions.Expect(menu).ToBeHiddenAsync();
            await Assertions.Expect(button).ToBeFocusedAsync();
            await page.Keyboard.PressAsync("ArrowDown");
            await Assertions.Expect(menu.Locator("a").First).ToBeFocusedAsync();
            await page.Keyboard.PressAsync("End");
            await Assertions.Expect(menu.Locator("a").Last).ToBeFocusedAsync();
            await page.Keyboard.PressAsync("Escape");
            await Assertions.Expect(button).ToBeFocusedAsync();
        }
        // The current page, marked in its menu and on its group's button; g + key still goes there.
        await page.Locator("main").FocusAsync();
        await page.Keyboard.PressAsync("g");
        await page.Keyboard.PressAsync("k");
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("#/kpi"));
        await Assertions.Expect(page.Locator("#kpi-tiles")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#nav a[data-page=kpi]")).ToHaveAttributeAsync("aria-current", "page");
        if (count > 0) await Assertions.Expect(page.Locator("#nav .menu:has(a[data-page=kpi]) > button")).ToHaveClassAsync("current");
        return faults.Select(f => $"top bar: {f}");
    }

    [Fact]
    public async Task ExportLinksShowOnlyWhenTheFileExistsAndAnEmptyMonthSaysSo()
    {
        var demo = await DemoCenter.SeedAsync(browser);
        var page = await browser.NewPageAsync();
        await BrowserFlows.SignInAsync(page, new Keyboard(page), "qa-lead", demo.Center);
        var now = DateTime.UtcNow;
        var lastMonth = new DateTime(now.Year, now.Month, 1).AddMonths(-1).ToString("yyyy-MM");

        // This month has not ended: nothing to download yet, and it says why.
        await page.GotoAsync("/api/ui/#/kpi");
        await Assertions.Expect(page.Locator("h1")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#kpi-downloads a")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("#kpi-not-ended")).ToBeVisibleAsync();

        // Last month: no calls and no evaluations here, said in words; after generating, the three files.
        await page.GotoAsync($"/api/ui/#/kpi/{demo.Center}/{lastMonth}/team/group");
        await Assertions.Expect(page.Locator("h1")).ToBeVisibleAsync();
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await browser.ScreenshotAsync(page, "87-kpi-empty-month");
        await Assertions.Expect(page.Locator("#kpi-empty-month")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#kpi-downloads a")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("#kpi-no-files")).ToBeVisibleAsync();
        await page.Locator("#kpi-generate").ClickAsync();
        await Assertions.Expect(page.Locator("#kpi-downloads a")).ToHaveCountAsync(3);
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("#kpi-downloads a").First.ClickAsync());
        Assert.Null(await download.FailureAsync());
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("#kpi-downloads a")).ToHaveCountAsync(3); // still there on the next visit
        browser.AssertNoScriptErrors(page);
    }
}
