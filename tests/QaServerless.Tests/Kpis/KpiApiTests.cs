using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Data.Tables;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Microsoft.Extensions.DependencyInjection;
using QaServerless.Calls;
using QaServerless.Evaluations;
using QaServerless.Hosting;
using QaServerless.Kpis;
using QaServerless.ReferenceData;
using QaServerless.Security;
using QaServerless.Tests.Infrastructure;

namespace QaServerless.Tests.Kpis;

/// <summary>The golden month through the real pipeline: ingestion → rollups on Azurite → KPI API and export.</summary>
[Collection(AppCollection.Name)]
public sealed class KpiApiTests(AppFixture app)
{
    private static readonly JsonSerializerOptions Json = HostJson.Options;

    private async Task<string> GoldenCenterAsync(bool withEvaluations = true)
    {
        var center = AppFixture.NewCenterId("k");
        await app.Services.GetRequiredService<ReferenceDataStore>().UpsertCenterAsync(new Center(center, "KPI", "Asia/Shanghai"));
        var store = app.Services.GetRequiredService<CallStore>();
        var centerRecord = new Center(center, "KPI", "Asia/Shanghai");
        var calls = KpiGoldenData.Calls(center);
        await store.SaveAsync(centerRecord, calls[2], default);                  // out of order on purpose
        await store.SaveBatchAsync(centerRecord, calls, default);
        if (withEvaluations)
            foreach (var sink in app.Services.GetServices<IEvaluationFactsSink>().OfType<KpiEvaluationSink>())
                foreach (var fact in KpiGoldenData.Released(center)) await sink.OnEvaluationFactAsync(fact, default);
        return center;
    }

    private async Task<KpiReport> GetAsync(string center, string query)
    {
        var response = await app.QaLeadOf(center).GetAsync($"/api/kpis/{center}?{query}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<KpiReport>(Json))!;
    }

    [Fact]
    public async Task TheCentersMonthMatchesTheHandComputation()
    {
        var center = await GoldenCenterAsync();
        var report = await GetAsync(center, "month=2026-10");

        var cc = report.Total.ContactCenter;
        Assert.Equal((7L, 6L), (cc.Calls, cc.Answered));
        Assert.Equal(188.3m, cc.AverageHandleSeconds);
        Assert.Equal(new Ratio(4, 5), cc.FirstContactResolution["2h"]);
        Assert.Equal(new Ratio(2, 4), cc.FirstContactResolution["24h"]);
        Assert.Equal(new Ratio(1, 3), cc.FirstContactResolution["7d"]);
        var qa = report.Total.Qa;
        Assert.Equal(3, qa.Evaluations);
        Assert.Equal(55.83m, qa.MeanScore);                                          // (92.5 + 0 + 75) / 3
        Assert.Equal(new Ratio(2, 3), qa.PassRate);
        Assert.Equal(new Ratio(2, 3), qa.CriticalErrorAccuracy["Compliance"]);
        Assert.Equal(["std@3"], report.ScorecardVersions);
    }

    [Fact]
    public async Task FcrIsTheSameWhenACdrSizedBatchReadsWholeDaysOfContacts()
    {
        // The golden calls among 60 one-off customers (of 60 agents) in one batch: past ContactIndex.WholeDaysFrom, so the
        // batch reads whole days of contacts instead of each customer's rows, and its rollup rows are read by range
        // (KpiStore.ApplyAsync) instead of one by one. Each one-off call is a first contact, resolved.
        var center = AppFixture.NewCenterId("k");
        var centerRecord = new Center(center, "KPI", "Asia/Shanghai");
        await app.Services.GetRequiredService<ReferenceDataStore>().UpsertCenterAsync(centerRecord);
        var oneOffs = Enumerable.Range(0, 60).Select(i => OneOff(center, i));
        await app.Services.GetRequiredService<CallStore>().SaveBatchAsync(centerRecord, [.. KpiGoldenData.Calls(center), .. oneOffs], default);

        var cc = (await GetAsync(center, "month=2026-10")).Total.ContactCenter;

        Assert.Equal(new Ratio(4 + 60, 5 + 60), cc.FirstContactResolution["2h"]);
        Assert.Equal(new Ratio(2 + 60, 4 + 60), cc.FirstContactResolution["24h"]);
        Assert.Equal(new Ratio(1 + 60, 3 + 60), cc.FirstContactResolution["7d"]);
        Assert.Equal(7 + 60, cc.Calls);
    }

    [Theory]
    [InlineData(100_000)] // the days read are kept from one batch to the next
    [InlineData(10)]      // more than that: the index is let go after the first batch and each batch reads its days again
    [InlineData(0)]       // keeps nothing: whole days are read for each batch, holding only its customers' rows
    public async Task FcrIsTheSameWhenAnImportKeepsItsContactsFromBatchToBatch(int keepAtMost)
    {
        // A CDR import reports its batches to one sink instance, which may keep the whole days of contacts it read. Here
        // c2 arrives first as a manifest (so the import must read it from storage). The import's batches: 60 one-offs
        // (whole days), the golden calls one by one (few: served from what was kept, or by their customers' rows), then
        // 50 more one-offs with r1, a repeat of x1 from the first batch (whole days again). Last, a manifest repeats x0.
        var center = AppFixture.NewCenterId("k");
        var centerRecord = new Center(center, "KPI", "Asia/Shanghai");
        var reference = app.Services.GetRequiredService<ReferenceDataStore>();
        await reference.UpsertCenterAsync(centerRecord);
        var store = new CallStore(app.Services.GetRequiredService<TableServiceClient>(), reference,
            [new KpiCallSink(app.Services.GetRequiredService<KpiStore>(), reference) { KeepContactsAtMost = keepAtMost }]);
        var golden = KpiGoldenData.Calls(center);
        await store.SaveAsync(centerRecord, golden.Single(c => c.CallId == "c2"), default);

        var import = store.StartImport(centerRecord, indexBatchSize: 1);
        await import.AddAsync([.. Enumerable.Range(0, 60).Select(i => OneOff(center, i))], default);
        foreach (var call in golden) await import.AddAsync([call], default);
        await import.AddAsync([.. Enumerable.Range(60, 50).Select(i => OneOff(center, i)), RepeatOf(center, 1)], default);
        var result = await import.CompleteAsync(default);
        await store.SaveAsync(centerRecord, RepeatOf(center, 0), default);

        Assert.Equal((60 + 6 + 51, 0, 1), (result.Added, result.Corrected, result.Unchanged));
        var cc = (await GetAsync(center, "month=2026-10")).Total.ContactCenter;
        // r0 and r1 repeat x0 and x1 within every window: those are no longer resolved first time, r0 and r1 are no first contacts.
        Assert.Equal(new Ratio(4 + 108, 5 + 110), cc.FirstContactResolution["2h"]);
        Assert.Equal(new Ratio(2 + 108, 4 + 110), cc.FirstContactResolution["24h"]);
        Assert.Equal(new Ratio(1 + 108, 3 + 110), cc.FirstContactResolution["7d"]);
        Assert.Equal(7 + 110 + 2, cc.Calls);
    }

    /// <summary>A one-off customer's call (agent o{i}, 5–10 October): a first contact, resolved, unless repeated.</summary>
    private static Call OneOff(string center, int i) => KpiGoldenData.Call(center, $"x{i}", $"o{i}", "T9", "咨询",
        new DateTimeOffset(2026, 10, 5 + i % 6, 9 + i % 8, i % 60, 0, TimeSpan.FromHours(8)), talk: 50, customer: $"hash-once-{i}");

    /// <summary>One-off customer i calls again about the same thing 30 minutes later.</summary>
    private static Call RepeatOf(string center, int i) => KpiGoldenData.Call(center, $"r{i}", $"o{i}", "T9", "咨询",
        OneOff(center, i).Start.AddMinutes(30), talk: 50, customer: $"hash-once-{i}");

    [Fact]
    public async Task ReplayingIngestionAndFactsChangesNothing()
    {
        var center = await GoldenCenterAsync();
        var before = JsonSerializer.Serialize(await GetAsync(center, "month=2026-10&groupBy=agent"), Json);

        var store = app.Services.GetRequiredService<CallStore>();
        await store.SaveBatchAsync(new Center(center, "KPI", "Asia/Shanghai"), KpiGoldenData.Calls(center), default);
        var sink = app.Services.GetServices<IEvaluationFactsSink>().OfType<KpiEvaluationSink>().Single();
        foreach (var fact in KpiGoldenData.Released(center)) await sink.OnEvaluationFactAsync(fact, default);

        Assert.Equal(before, JsonSerializer.Serialize(await GetAsync(center, "month=2026-10&groupBy=agent"), Json));
    }

    [Fact]
    public async Task ACorrectedEvaluationReplacesItsEarlierContribution()
    {
        var center = await GoldenCenterAsync();
        var sink = app.Services.GetServices<IEvaluationFactsSink>().OfType<KpiEvaluationSink>().Single();
        await sink.OnEvaluationFactAsync(KpiGoldenData.Corrected(center), default);

        var report = await GetAsync(center, "month=2026-10&groupBy=agent");
        Assert.Equal(3, report.Total.Qa.Evaluations);
        Assert.Equal(79.17m, report.Total.Qa.MeanScore);                              // (92.5 + 70 + 75) / 3
        Assert.Equal(new Ratio(3, 3), report.Total.Qa.CriticalErrorAccuracy["Compliance"]);
        Assert.Equal(70m, report.Groups.Single(g => g.Group == "a2").Qa.MeanScore);
        Assert.Equal(["greet", "verify"], report.ItemPareto.Select(p => p.ItemId));
        var a1 = report.Ranking.Single(r => r.AgentId == "a1");
        Assert.Equal((1, 1.0m), (a1.Rank, a1.ZScore!.Value));

        var inspectors = await GetAsync(center, "month=2026-10&groupBy=inspector");
        Assert.Equal(1, inspectors.Groups.Single(g => g.Group == "i1").Qa.ScoringErrors);
    }

    [Fact]
    public async Task TeamsAndBusinessTypesSplitTheCalls()
    {
        var center = await GoldenCenterAsync(withEvaluations: false);
        var teams = await GetAsync(center, "month=2026-10&groupBy=team");
        Assert.Equal(6, teams.Groups.Single(g => g.Group == "T1").ContactCenter.Calls);
        Assert.Equal(1, teams.Groups.Single(g => g.Group == "T2").ContactCenter.Calls);
        var types = await GetAsync(center, "month=2026-10&groupBy=businessType");
        Assert.Equal(1, types.Groups.Single(g => g.Group == "投诉").ContactCenter.Calls);
        var days = await GetAsync(center, "from=2026-10-05&to=2026-10-06");
        Assert.Equal(4, days.Total.ContactCenter.Calls);                               // c1 c2 on the 5th, c3 c4 on the 6th
    }

    [Fact]
    public async Task BadQueriesAndOutsidersAreRefused()
    {
        var center = AppFixture.NewCenterId("k");
        var lead = app.QaLeadOf(center);
        var bad = await lead.GetAsync($"/api/kpis/{center}?month=2026-13&groupBy=planet");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var body = await bad.Content.ReadAsStringAsync();
        Assert.Contains("month", body);
        Assert.Contains("groupBy", body);
        Assert.Equal(HttpStatusCode.NotFound, (await app.QaLeadOf("elsewhere").GetAsync($"/api/kpis/{center}?month=2026-10")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await app.ClientAs("ag", [Roles.Agent], [center]).GetAsync($"/api/kpis/{center}?month=2026-10")).StatusCode);
    }

    [Fact]
    public async Task TheMonthlyExportIsRepeatableAndAgreesWithTheApi()
    {
        var center = await GoldenCenterAsync();
        var lead = app.QaLeadOf(center);
        Assert.Equal(HttpStatusCode.OK, (await lead.PostAsync($"/api/kpis/{center}/exports/2026-10", null)).StatusCode);
        var first = await DownloadAllAsync(lead, center);
        Assert.Equal(HttpStatusCode.OK, (await lead.PostAsync($"/api/kpis/{center}/exports/2026-10", null)).StatusCode);
        var second = await DownloadAllAsync(lead, center);
        foreach (var file in KpiExporter.Files) Assert.Equal(first[file], second[file]);

        var api = await GetAsync(center, "month=2026-10");
        using var xlsx = SpreadsheetDocument.Open(new MemoryStream(first["kpis.xlsx"]), false);
        var sheets = xlsx.WorkbookPart!.Workbook.Descendants<Sheet>().Select(s => s.Name!.Value).ToList();
        Assert.Equal(["summary", "agents", "teams", "business types", "items Pareto", "ranking", "inspectors", "calibration"], sheets);
        var summary = (WorksheetPart)xlsx.WorkbookPart.GetPartById(xlsx.WorkbookPart.Workbook.Descendants<Sheet>().First().Id!);
        var rows = summary.Worksheet.Descendants<Row>().ToList();
        var headers = rows[0].Elements<Cell>().Select(c => c.InnerText).ToList();
        var values = rows[1].Elements<Cell>().ToList();
        Assert.Equal(api.Total.Qa.MeanScore, decimal.Parse(values[headers.IndexOf("meanScore")].InnerText, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(api.Total.ContactCenter.Calls, long.Parse(values[headers.IndexOf("calls")].InnerText));
        Assert.Equal("std@3", values[headers.IndexOf("scorecardVersions")].InnerText);

        var csv = System.Text.Encoding.UTF8.GetString(first["kpis.csv"]).TrimStart('\uFEFF').Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("level,group,team,evaluations,meanScore", csv[0]);
        Assert.Equal(1 + 1 + 2 + 3 + 2, csv.Length);                                 // header, center, 2 teams, 3 agents, 2 business types
        Assert.All(csv, line => Assert.Equal(csv[0].Split(',').Length, line.Split(',').Length));

        var html = System.Text.Encoding.UTF8.GetString(first["report.html"]);
        Assert.Contains("<svg", html);
        Assert.Contains("std@3", html);
        Assert.DoesNotContain("hash-", html);                                          // no customer keys in the report
        Assert.DoesNotContain("hash-", string.Join("\n", csv));
    }

    private static async Task<Dictionary<string, byte[]>> DownloadAllAsync(HttpClient client, string center)
    {
        var files = new Dictionary<string, byte[]>();
        foreach (var file in KpiExporter.Files)
        {
            var response = await client.GetAsync($"/api/kpis/{center}/exports/2026-10/{file}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            files[file] = await response.Content.ReadAsByteArrayAsync();
        }
        return files;
    }
}
