using Microsoft.Playwright;
using QaServerless.Calls;
using QaServerless.Ingestion;
using QaServerless.Tests.Ingestion;

namespace QaServerless.Tests.Browser;

/// <summary>
/// A QA lead makes an import profile for a CDR in a foreign layout (other column names, dd/MM/yyyy HH:mm, durations as
/// hh:mm:ss, 是/否, 呼入/呼出) on the imports page, runs it on a file picked in the browser, and the same file dropped in
/// the profile's folder is stored as the dry run showed.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ImportProfileBrowserTests(BrowserFixture browser)
{
    [Fact]
    public async Task TheLeadMakesAProfileForAForeignCdrDryRunsAFileAndTheImportStoresWhatItShowed()
    {
        var center = await BrowserFlows.SeedCenterAsync(browser);
        var csv = ImportProfileApiTests.ForeignCsv + "\nB-9,a017,一组,信用卡咨询,呼入,2026-11-19 09:05,00:01:00,,否,\n";
        var file = Path.Combine(Path.GetTempPath(), $"bank-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(file, csv);

        var page = await browser.NewPageAsync();
        var keys = new Keyboard(page);
        await BrowserFlows.SignInAsync(page, keys, "qa-lead", center);
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("待裁定的申诉"); // the lead's home
        await keys.PressAsync("g");
        await keys.PressAsync("p");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("导入配置");

        async Task Type(string id, string text)
        {
            await page.FocusAsync($"#{id}");
            await keys.TypeAsync(text);
        }
        await Type("imp-profileId", "bank");
        await Type("imp-name", "银行外包 CDR");
        var fields = ImportProfileApiTests.Foreign().Fields;
        foreach (var (ours, theirs) in fields) await Type($"imp-fields-{ours}", theirs);
        await Type("imp-dateTimeFormat", "dd/MM/yyyy HH:mm");
        await page.SelectOptionAsync("#imp-durationUnit", "hh:mm:ss");
        await Type("imp-trueWords", "是");
        await Type("imp-falseWords", "否");
        await Type("imp-inboundWords", "呼入");
        await Type("imp-outboundWords", "呼出");
        await Type("imp-businessTypes", "信用卡咨询=咨询");
        await Type("imp-teams", "一组=t1");
        await keys.PressAsync("Control+s");
        await Assertions.Expect(page.Locator("#imp-version")).ToHaveTextAsync("版本 1");

        await page.SetInputFilesAsync("#imp-file", file);
        await keys.PressAsync("Control+Enter");
        await Assertions.Expect(page.Locator("#imp-summary")).ToHaveTextAsync("读取 3 条 · 可入库 2 条 · 拒绝 1 条");
        var first = page.Locator("#imp-calls tr[data-call='B-1'] td");
        await Assertions.Expect(first.Nth(2)).ToHaveTextAsync("t1");
        await Assertions.Expect(first.Nth(3)).ToHaveTextAsync("咨询");
        await Assertions.Expect(first.Nth(6)).ToHaveTextAsync("183");
        await Assertions.Expect(page.Locator("#imp-rejects tr[data-line='4']")).ToContainTextAsync("does not match the format dd/MM/yyyy HH:mm");
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "the page is wider than 1280 px");
        await Accessibility.AssertEveryControlLabelledAsync(page);
        await browser.ScreenshotAsync(page, "90-lead-import-profile-dry-run");

        // The same file in the profile's folder, through the import (the BlobCreated path's service): stored as shown.
        var name = $"{center}/bank/2026-11-19.csv";
        await browser.Service<Azure.Storage.Blobs.BlobServiceClient>().GetBlobContainerClient(CallBatchIngestion.Container).GetBlobClient(name)
            .UploadAsync(BinaryData.FromString(csv), overwrite: true);
        var summary = await browser.Service<CallBatchIngestion>().IngestAsync(name, default);
        Assert.Equal((3L, 2L, 1L, "bank v1"), (summary.RowsRead, summary.Ingested, summary.Rejected, summary.Profile));
        var stored = await browser.Service<CallStore>().GetAsync(center, "B-1", default);
        Assert.Equal((CallDirection.Inbound, new DateTimeOffset(2026, 11, 19, 9, 5, 0, TimeSpan.FromHours(8)), 183, 12, "t1", "咨询", false),
            (stored!.Direction, stored.Start, stored.TalkSeconds, stored.HoldSeconds, stored.Team, stored.BusinessType, stored.Abandoned));
        var outbound = await browser.Service<CallStore>().GetAsync(center, "B-2", default);
        Assert.Equal((CallDirection.Outbound, 3723, true), (outbound!.Direction, outbound.TalkSeconds, outbound.Abandoned));

        // Opened again by its route, then in English: the saved version, and at 1280 px the page still fits.
        await page.GotoAsync($"/api/ui/#/imports/{center}/bank");
        await Assertions.Expect(page.Locator("#imp-version")).ToHaveTextAsync("版本 1");
        await Assertions.Expect(page.Locator("#imp-fields-start")).ToHaveValueAsync("开始时间");
        await page.FocusAsync("#imp-profileId");
        await keys.TabToAsync("#lang", backwards: true); // the header's language button, before the page's form
        await keys.PressAsync("Enter");
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Assertions.Expect(page.Locator("#imp-version")).ToHaveTextAsync("version 1");
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "the English page is wider than 1280 px");
        await browser.ScreenshotAsync(page, "90-lead-import-profile-en");
        browser.AssertNoScriptErrors(page);
        File.Delete(file);
    }
}
