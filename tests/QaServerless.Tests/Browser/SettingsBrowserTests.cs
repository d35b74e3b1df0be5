using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Azure.Storage.Blobs;
using Microsoft.Playwright;
using QaServerless.Ingestion;
using QaServerless.Tests.Ingestion;

namespace QaServerless.Tests.Browser;

/// <summary>Issue 15 part 4: the settings, roster upload and quarantine pages, as the QA lead and the admin use them.</summary>
[Collection(BrowserCollection.Name)]
public sealed class SettingsBrowserTests(BrowserFixture browser)
{
    internal static readonly (string Lang, string Suffix)[] Languages = [("zh-CN", ""), ("en", "-en")];

    private Task<(IPage Page, Keyboard Keys)> SignedInAsync(string role, string center, string lang) => SignedInAsync(browser, role, center, lang);

    /// <summary>A new page signed in with the keyboard, in the language asked (the bar's language switch).</summary>
    internal static async Task<(IPage Page, Keyboard Keys)> SignedInAsync(BrowserFixture browser, string role, string center, string lang)
    {
        var page = await browser.NewPageAsync();
        var keys = new Keyboard(page);
        await BrowserFlows.SignInAsync(page, keys, role, center);
        // The home page drawn: its route, finishing, puts the focus into <main> and would take it from the language switch.
        await page.WaitForFunctionAsync("() => !/#\\/(signin)?$/.test(location.hash) && document.getElementById('main').contains(document.activeElement)");
        if (lang == "en")
        {
            await keys.TabToAsync("#lang", backwards: true); // the settings page holds many controls: back to the bar is shorter
            await keys.PressAsync("Enter");
            await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        }
        return (page, keys);
    }

    [Fact]
    public async Task TheLeadChangesTheSamplingPlanAndFindsItSavedAfterAReload()
    {
        var center = await BrowserFlows.SeedCenterAsync(browser);
        var version = 0;
        foreach (var (lang, suffix) in Languages)
        {
            var (page, keys) = await SignedInAsync("qa-lead", center, lang);
            await keys.PressAsync("g");
            await keys.PressAsync("x");
            await Assertions.Expect(page).ToHaveURLAsync(new Regex("#/settings$"));
            var plan = page.Locator("#set-plan");
            var target = plan.Locator("[name=baseTargetPerAgentPerMonth]");
            await Assertions.Expect(target).ToHaveValueAsync(version == 0 ? "8" : "11"); // the default, then the first save
            await target.FillAsync(version == 0 ? "11" : "12.5");
            await plan.Locator("[name=businessTypeMultipliers]").FillAsync("投诉=3\n售后=1.5");
            await plan.Locator("[name='channelRates.chat']").FillAsync("0.1"); // chats by a share; voice left empty: by the target
            await plan.Locator("button[type=submit]").ClickAsync();
            version++;
            await Assertions.Expect(page.Locator("#set-plan-status")).ToHaveTextAsync(lang == "en" ? $"Saved as version {version}." : $"已保存为版本 {version}。");
            await browser.ScreenshotAsync(page, $"90-settings-saved{suffix}");

            await page.ReloadAsync();
            await Assertions.Expect(target).ToHaveValueAsync(version == 1 ? "11" : "12.5");
            await Assertions.Expect(plan.Locator("[name=businessTypeMultipliers]")).ToHaveValueAsync("投诉=3\n售后=1.5");
            await Assertions.Expect(plan.Locator("[name='channelRates.chat']")).ToHaveValueAsync("0.1");
            await Assertions.Expect(plan.Locator("[name='channelRates.voice']")).ToHaveValueAsync("");
            await Assertions.Expect(page.Locator("#set-plan-version")).ToContainTextAsync(lang == "en" ? $"Version {version}" : $"当前版本 {version}");
            // A lead changes the plan and the others; the center is the admin's: shown, not editable.
            await Assertions.Expect(page.Locator("#set-center [name=name]")).ToBeDisabledAsync();
            await Assertions.Expect(page.Locator("#set-center .who-may")).ToContainTextAsync(lang == "en" ? "Admin may change it" : "管理员可修改");
            await Accessibility.AssertEveryControlLabelledAsync(page);
            browser.AssertNoScriptErrors(page);
        }

        var stored = await BrowserFlows.AdminOf(browser, center).GetFromJsonAsync<JsonObject>($"/api/sampling/{center}/plan");
        Assert.Equal(12.5, stored!["baseTargetPerAgentPerMonth"]!.GetValue<double>());
        Assert.Equal(2, stored["version"]!.GetValue<int>());
        Assert.Equal(3, stored["businessTypeMultipliers"]!["投诉"]!.GetValue<double>());
        Assert.Equal(0.1, stored["channelRates"]!["chat"]!.GetValue<double>());
        Assert.Null(stored["channelRates"]!["voice"]);
    }

    [Fact]
    public async Task ABadValueIsShownAtItsFieldAndNothingIsSaved()
    {
        var center = await BrowserFlows.SeedCenterAsync(browser);
        foreach (var (lang, suffix) in Languages)
        {
            var (page, keys) = await SignedInAsync("qa-lead", center, lang);
            await page.GotoAsync($"/api/ui/#/settings/{center}");
            var plan = page.Locator("#set-plan");
            var minTalk = plan.Locator("[name=minTalkSeconds]");
            await minTalk.FillAsync("-5");
            var chatRate = plan.Locator("[name='channelRates.chat']");
            await chatRate.FillAsync("1.5");
            await minTalk.FocusAsync();
            await keys.PressAsync("Control+s");
            await Assertions.Expect(minTalk).ToHaveAttributeAsync("aria-invalid", "true");
            await Assertions.Expect(minTalk).ToBeFocusedAsync();
            var note = page.Locator($"#{await minTalk.GetAttributeAsync("aria-describedby")}");
            await Assertions.Expect(note).ToContainTextAsync("Between 0 and 3600 seconds.");
            await Assertions.Expect(page.Locator("#set-plan-status")).ToBeEmptyAsync();
            await Assertions.Expect(chatRate).ToHaveAttributeAsync("aria-invalid", "true"); // the API's "channelRates.chat", at its input

            // The tolerance's errors are named "tolerance.limit": still shown at the limit.
            var tolerance = page.Locator("#set-tolerance");
            await tolerance.Locator("[name=limit]").FillAsync("0");
            await tolerance.Locator("button[type=submit]").ClickAsync();
            await Assertions.Expect(tolerance.Locator("[name=limit]")).ToHaveAttributeAsync("aria-invalid", "true");
            await Assertions.Expect(tolerance.Locator(".field-error")).ToContainTextAsync(new Regex("above 0|大于 0"));
            await browser.ScreenshotAsync(page, $"91-settings-field-error{suffix}");
            browser.AssertNoScriptErrors(page);
        }
        var stored = await BrowserFlows.AdminOf(browser, center).GetFromJsonAsync<JsonObject>($"/api/sampling/{center}/plan");
        Assert.Equal(0, stored!["version"]!.GetValue<int>());
        Assert.Equal(10, stored["minTalkSeconds"]!.GetValue<int>());
    }

    [Fact]
    public async Task ARosterWithABadRowShowsEachRowErrorMaskedAndSavesNothingThenTheCorrectedFileIsSaved()
    {
        var center = await BrowserFlows.SeedCenterAsync(browser);
        const string bad = "agentId,name,team,supervisorId,hireDate,businessTypes,active\n" +
                           "A100,王芳,T1,S001,2026-02-30,咨询,true\n" +
                           "A101,赵磊,13812345678,S001,2025-06-01,投诉,maybe\n";
        const string good = "agentId,name,team,supervisorId,hireDate,businessTypes,active\n" +
                            "A100,王芳,T1,S001,2026-02-28,咨询,true\n" +
                            "A101,赵磊,T2,S001,2025-06-01,投诉,false\n";
        foreach (var (lang, suffix) in Languages)
        {
            var (page, _) = await SignedInAsync("qa-lead", center, lang);
            await page.GotoAsync($"/api/ui/#/settings/{center}/roster");
            var form = page.Locator("#ro-agents");
            await Assertions.Expect(form.Locator(".counts")).ToHaveTextAsync(lang == "en" ? "2 on file, 2 active." : "当前 2 人，其中在岗 2 人。");
            await form.Locator("input[type=file]").SetInputFilesAsync(new FilePayload { Name = "roster.csv", MimeType = "text/csv", Buffer = System.Text.Encoding.UTF8.GetBytes(bad) });
            await form.Locator("button[type=submit]").ClickAsync();

            var errors = form.Locator("table.row-errors tbody tr");
            await Assertions.Expect(errors).ToHaveCountAsync(3);
            await Assertions.Expect(form.Locator("tr[data-row='1']")).ToContainTextAsync("hireDate");
            await Assertions.Expect(form.Locator("tr[data-row='1']")).ToContainTextAsync("yyyy-MM-dd");
            await Assertions.Expect(form.Locator("tr[data-row='2']").Filter(new() { HasText = "active" })).ToContainTextAsync("true or false");
            await Assertions.Expect(form.Locator("tr[data-row='2']").Filter(new() { HasText = "team" })).ToHaveCountAsync(1);
            await Assertions.Expect(page.Locator("main")).Not.ToContainTextAsync("13812345678"); // the API masks the value in its reason
            await Assertions.Expect(form.Locator(".counts")).ToContainTextAsync("2");
            await browser.ScreenshotAsync(page, $"92-roster-row-errors{suffix}");
            browser.AssertNoScriptErrors(page);
        }
        var admin = BrowserFlows.AdminOf(browser, center);
        Assert.Equal(2, (await admin.GetFromJsonAsync<JsonArray>($"/api/centers/{center}/agents"))!.Count);

        var (fixedPage, _) = await SignedInAsync("qa-lead", center, "zh-CN");
        await fixedPage.GotoAsync($"/api/ui/#/settings/{center}/roster");
        var agents = fixedPage.Locator("#ro-agents");
        await agents.Locator("input[type=file]").SetInputFilesAsync(new FilePayload { Name = "roster.csv", MimeType = "text/csv", Buffer = System.Text.Encoding.UTF8.GetBytes(good) });
        await agents.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(agents.Locator(".outcome")).ToHaveTextAsync("已保存 2 行。");
        await Assertions.Expect(agents.Locator(".counts")).ToHaveTextAsync("当前 4 人，其中在岗 3 人。");
        Assert.Equal(4, (await admin.GetFromJsonAsync<JsonArray>($"/api/centers/{center}/agents"))!.Count);
    }

    [Fact]
    public async Task TheQuarantinePageListsAManifestIngestRefusedWithWhatToDo()
    {
        var center = await BrowserFlows.SeedCenterAsync(browser);
        // Through the real ingest path: audio, then a manifest whose start lies in the future, then the BlobCreated event.
        var recordings = browser.Service<BlobServiceClient>().GetBlobContainerClient(CallRecordIngestion.Container);
        await recordings.CreateIfNotExistsAsync();
        var name = $"{center}/2026/11/19/q-1";
        await recordings.GetBlobClient(name + ".wav").UploadAsync(BinaryData.FromBytes(IngestionHelpers.Wav(1)), overwrite: true);
        var manifest = IngestionHelpers.Manifest("q-1");
        manifest["start"] = DateTimeOffset.UtcNow.AddDays(2).ToString("yyyy-MM-dd'T'HH:mm:sszzz");
        await recordings.GetBlobClient(name + ".json").UploadAsync(BinaryData.FromObjectAsJson(manifest), overwrite: true);
        using var host = new HttpClient { BaseAddress = new Uri(browser.BaseUrl) };
        var ingest = await host.PostAsync("/IngestCallRecord", new StringContent(
            IngestionHelpers.EventGridPayload("IngestCallRecord", CallRecordIngestion.Container, name + ".json"), System.Text.Encoding.UTF8, "application/json"));
        Assert.True(ingest.IsSuccessStatusCode, await ingest.Content.ReadAsStringAsync());

        foreach (var (lang, suffix) in Languages)
        {
            var (page, keys) = await SignedInAsync("qa-lead", center, lang);
            await keys.PressAsync("g");
            await keys.PressAsync("q");
            await Assertions.Expect(page).ToHaveURLAsync(new Regex("#/quarantine$"));
            var row = page.Locator($"#qu-manifests tr[data-blob='{name}.json']");
            await Assertions.Expect(row).ToContainTextAsync("start: is in the future");
            await Assertions.Expect(row).ToContainTextAsync(lang == "en" ? "upload" : "重新上传");
            await Assertions.Expect(page.Locator("#qu-batches")).ToContainTextAsync(lang == "en" ? "No CDR file failed" : "没有失败");
            await Assertions.Expect(page.Locator("#qu-dead-letters")).ToContainTextAsync(lang == "en" ? "No dead letters." : "没有死信。");
            await Accessibility.AssertEveryControlLabelledAsync(page);
            await browser.ScreenshotAsync(page, $"93-quarantine{suffix}");
            browser.AssertNoScriptErrors(page);
        }
    }

    [Fact]
    public async Task TheAdminStartsOnTheSettingsAndRenamesTheCenter()
    {
        var center = await BrowserFlows.SeedCenterAsync(browser);
        foreach (var (lang, suffix) in Languages)
        {
            var (page, _) = await SignedInAsync("admin", center, lang);
            await page.GotoAsync("/api/ui/#/");
            await Assertions.Expect(page).ToHaveURLAsync(new Regex("#/settings$"));
            // A fresh load of the landing page: the sign-in's own route may still be loading, and when a late page
            // finishes the shell draws the current page again, which would wipe a name typed before that.
            await page.ReloadAsync();
            await Assertions.Expect(page.Locator("#set-center [name=name]")).Not.ToHaveValueAsync("");
            // In the bar's admin menu (grouped pages): there, not necessarily unfolded.
            await Assertions.Expect(page.Locator("#nav a[href='#/quarantine']")).ToBeAttachedAsync();
            var form = page.Locator("#set-center");
            var newName = lang == "en" ? "Shanghai contact center" : "上海客服中心";
            await form.Locator("[name=name]").FillAsync(newName);
            await form.Locator("button[type=submit]").ClickAsync();
            await Assertions.Expect(page.Locator("#set-center-status")).ToHaveTextAsync(lang == "en" ? "Saved." : "已保存。");
            await page.ReloadAsync();
            await Assertions.Expect(form.Locator("[name=name]")).ToHaveValueAsync(newName);
            await browser.ScreenshotAsync(page, $"94-admin-settings{suffix}");
            browser.AssertNoScriptErrors(page);
        }
    }

    [Fact]
    public async Task TheSamplingRunsTabShowsWhatADaysRunDrewAsTheApiRecordedIt()
    {
        var center = await BrowserFlows.SeedCenterAsync(browser);
        var day = BrowserFlows.Today.AddDays(-1);
        var start = new DateTimeOffset(day.ToDateTime(new TimeOnly(10, 0)), TimeSpan.FromHours(8));
        await BrowserFlows.SeedCallWithAudioAsync(browser, center, "R001", "A001", 60, start);
        await BrowserFlows.SeedCallWithAudioAsync(browser, center, "R002", "A002", 60, start.AddMinutes(5));
        var stored = await browser.Service<QaServerless.ReferenceData.ReferenceDataStore>().GetCenterAsync(center);
        await browser.Service<QaServerless.Sampling.SamplingService>().RunAsync(stored!, day);
        var run = await BrowserFlows.AdminOf(browser, center).GetFromJsonAsync<JsonObject>($"/api/sampling/{center}/runs/{day:yyyy-MM-dd}");
        var drawn = run!["run"]!["drawn"]!.GetValue<int>();
        var strata = run["strata"]!.AsArray().Count;

        foreach (var (lang, suffix) in Languages)
        {
            var (page, _) = await SignedInAsync("qa-lead", center, lang);
            await page.GotoAsync($"/api/ui/#/settings/{center}/runs/{day:yyyy-MM-dd}");
            await Assertions.Expect(page.Locator("#run-header")).ToContainTextAsync($"{day:yyyy-MM-dd}");
            await Assertions.Expect(page.Locator("#run-header tbody td").Nth(4)).ToHaveTextAsync(drawn.ToString());
            await Assertions.Expect(page.Locator("#run-strata tbody tr")).ToHaveCountAsync(strata);
            await Assertions.Expect(page.Locator("#run-calls tbody tr")).ToHaveCountAsync(drawn);
            await Accessibility.AssertEveryControlLabelledAsync(page);
            await browser.ScreenshotAsync(page, $"95-sampling-run{suffix}");
            browser.AssertNoScriptErrors(page);
        }
        Assert.True(strata > 0, "the run should have strata for the two agents' calls");
    }
}
