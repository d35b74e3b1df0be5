using System.Globalization;
using Azure.Storage.Blobs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using QaServerless.Calibration;
using QaServerless.Calls;
using QaServerless.Evaluations;
using QaServerless.Kpis;
using QaServerless.ReferenceData;
using QaServerless.Tests.Kpis;

namespace QaServerless.Tests.Browser;

/// <summary>
/// The exported report.html, as a director would open it: in Chromium, from a page that may fetch nothing else. It must
/// render without a console or page error, make no request (self-contained), state what it covers, and its charts must
/// be drawn and hold the month's figures.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class KpiReportBrowserTests(BrowserFixture browser)
{
    private const string ReportUrl = "https://report.invalid/report.html";

    [Fact]
    public async Task TheMonthlyReportOpensOfflineWithoutErrorsAndItsChartsHoldTheMonthsFigures()
    {
        var center = new Center(Infrastructure.AppFixture.NewCenterId("r"), "上海呼叫中心", "Asia/Shanghai");
        await KpiReportMonth.SeedAsync(center, browser.Service<ReferenceDataStore>(), browser.Service<CallStore>(),
            browser.App.Services.GetServices<IEvaluationFactsSink>(),
            browser.App.Services.GetServices<ICalibrationClosedSink>().OfType<KpiCalibrationSink>().Single());
        await browser.Service<KpiExporter>().ExportAsync(QaServerless.Security.CenterScope.OfStored(center.CenterId), KpiReportMonth.October, default);
        var blob = browser.Service<BlobServiceClient>().GetBlobContainerClient(KpiExporter.Container).GetBlobClient($"{center.CenterId}/2026-10/report.html");
        var html = (await blob.DownloadContentAsync()).Value.Content.ToString();
        var artifacts = Path.Combine(browser.RepoRoot, ".artifacts", "reports");
        Directory.CreateDirectory(artifacts);
        await File.WriteAllTextAsync(Path.Combine(artifacts, "kpi-report-2026-10.html"), html);

        var month = await browser.Service<KpiService>().MonthAsync(center.CenterId, KpiReportMonth.October, KpiGroup.Agent, new KpiOptions(), default);
        Assert.True(month.Total.Qa.Evaluations >= 90 && month.Total.ContactCenter.Calls == 600, "the seeded month is in the rollups");

        await using var context = await browser.Browser.NewContextAsync(new() { Locale = "zh-CN", ViewportSize = new() { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();
        var problems = new List<string>();
        page.Console += (_, message) => { if (message.Type is "error" or "warning") lock (problems) problems.Add($"console {message.Type}: {message.Text}"); };
        page.PageError += (_, error) => { lock (problems) problems.Add($"page error: {error}"); };
        page.RequestFailed += (_, request) => { lock (problems) problems.Add($"request failed: {request.Url}"); };
        var requests = new List<string>();
        // The report is served from a made-up origin; anything else it asked for would be a dependency it must not have.
        await page.RouteAsync("**/*", async route =>
        {
            lock (requests) requests.Add(route.Request.Url);
            if (route.Request.Url == ReportUrl) await route.FulfillAsync(new() { Status = 200, ContentType = "text/html; charset=utf-8", Body = html });
            else await route.AbortAsync();
        });
        await page.GotoAsync(ReportUrl, new() { WaitUntil = WaitUntilState.NetworkIdle });

        // What it covers: the center by name, the period with its time zone, the scorecard versions.
        Assert.Contains("上海呼叫中心", await page.TitleAsync());
        Assert.Contains("2026-10", await page.TitleAsync());
        await Assertions.Expect(page.Locator("[data-field=period]")).ToContainTextAsync("2026-10-01 – 2026-10-31, Asia/Shanghai");
        await Assertions.Expect(page.Locator("[data-field=scorecard-versions]")).ToHaveTextAsync("inbound@3, inbound@4");
        await Assertions.Expect(page.Locator("[data-field=mean-score] b")).ToHaveTextAsync(month.Total.Qa.MeanScore!.Value.ToString("0.##", CultureInfo.InvariantCulture));
        await Assertions.Expect(page.Locator("[data-field=calls] b")).ToHaveTextAsync("600");
        Assert.Equal(11, await page.Locator(".tile small").CountAsync());                 // every headline figure has its definition

        // Score distribution: a bar per band, adding up to the month's evaluations.
        var bands = await Values(page, "[data-chart=score-distribution] rect.bar");
        Assert.Equal(4, bands.Count);
        Assert.Equal(month.Total.Qa.Evaluations, (long)bands.Sum());

        // Pareto: bars largest first, and a cumulative line that never falls and ends at the share the bars shown cover.
        var pareto = await Values(page, "[data-chart=pareto] rect.bar");
        Assert.Equal(Math.Min(KpiHtml.MaxParetoItems, month.ItemPareto.Count), pareto.Count);
        Assert.True(pareto.Count >= 8, $"a long tail of items: {pareto.Count}");
        Assert.Equal(pareto.OrderByDescending(v => v), pareto);
        var cumulative = (await page.Locator("[data-chart=pareto] polyline.cumulative").GetAttributeAsync("data-values"))!
            .Split(' ').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(pareto.Count, cumulative.Count);
        Assert.Equal(cumulative.Order(), cumulative);
        Assert.Equal((double)month.ItemPareto[pareto.Count - 1].CumulativeShare, cumulative[^1], 4);

        // Team trends: a line per team over August–October (the seeded months), each with three points.
        var series = page.Locator("[data-chart=team-trends] g.series");
        Assert.Equal(KpiReportMonth.Teams, await series.EvaluateAllAsync<string[]>("gs => gs.map(g => g.dataset.series)"));
        for (var i = 0; i < KpiReportMonth.Teams.Length; i++)
        {
            Assert.Equal(3, await series.Nth(i).Locator("circle.point").CountAsync());
            Assert.Equal(1, await series.Nth(i).Locator("polyline").CountAsync());
        }

        // Ranking: every team has agents on both sides of its mean.
        var ranking = page.Locator("[data-chart=ranking] rect.bar");
        Assert.Equal(18, await ranking.CountAsync());
        var z = await Values(page, "[data-chart=ranking] rect.bar");
        Assert.Contains(z, v => v > 0);
        Assert.Contains(z, v => v < 0);

        foreach (var chart in new[] { "score-distribution", "pareto", "team-trends", "daily-calls", "daily-score", "ranking" })
        {
            var svg = page.Locator($"figure[data-chart={chart}] svg");
            await Assertions.Expect(svg).ToBeVisibleAsync();
            var box = await svg.BoundingBoxAsync();
            Assert.True(box is { Width: > 600, Height: > 150 }, $"{chart} is drawn at a readable size: {box?.Width}×{box?.Height}");
        }

        // No personal data: neither agents' names nor customers' keys.
        Assert.DoesNotContain(KpiReportMonth.AgentName(0), html);
        Assert.DoesNotContain("sha256:", html);

        await page.ScreenshotAsync(new() { Path = Path.Combine(browser.ScreenshotFolder, "70-kpi-report.png"), FullPage = true });
        Assert.Equal([ReportUrl], requests);
        Assert.Empty(problems);
    }

    private static async Task<List<double>> Values(IPage page, string selector) =>
        (await page.Locator(selector).EvaluateAllAsync<string[]>("els => els.map(e => e.getAttribute('data-value'))"))
        .Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToList();
}
