using System.Net;
using Microsoft.Extensions.DependencyInjection;
using QaServerless.Calibration;
using QaServerless.Kpis;
using QaServerless.ReferenceData;
using QaServerless.Tests.Infrastructure;

namespace QaServerless.Tests.Kpis;

[Collection(AppCollection.Name)]
public sealed class MonthlyKpiExportTests(AppFixture app)
{
    [Fact]
    public async Task TheTimerExportsLastMonthForEveryCenter()
    {
        var center = AppFixture.NewCenterId("x");
        await app.Services.GetRequiredService<ReferenceDataStore>().UpsertCenterAsync(new Center(center, "Export", "Asia/Shanghai"));

        // The timer payload exactly as the Functions host posts it to a custom handler.
        var payload = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Payloads", "timer-MonthlyKpiExport.json"));
        var response = await app.CreateClient().PostAsync("/MonthlyKpiExport", new StringContent(payload, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains($"{center} 2026-10", await response.Content.ReadAsStringAsync()); // the fixture's clock says 2026-11-20

        var exports = app.BlobService.GetBlobContainerClient(KpiExporter.Container);
        foreach (var file in KpiExporter.Files)
            Assert.True((await exports.GetBlobClient($"{center}/2026-10/{file}").ExistsAsync()).Value, file);
    }

    [Fact]
    public async Task CalibrationResultsCountForTheInspectorOnce()
    {
        var center = AppFixture.NewCenterId("x");
        await app.Services.GetRequiredService<ReferenceDataStore>().UpsertCenterAsync(new Center(center, "Cal", "Asia/Shanghai"));
        var sink = app.Services.GetServices<ICalibrationClosedSink>().OfType<KpiCalibrationSink>().Single();
        var session = new CalibrationSession
        {
            CenterId = center, SessionId = "s1", Title = "Oct", ScorecardId = "std", ScorecardVersion = 3, CallIds = ["c1"],
            Participants = [new Participant("i1", ParticipantRole.Inspector), new Participant("i2", ParticipantRole.Inspector)],
            CreatedBy = "lead", CreatedAt = KpiGoldenData.At(20, 9), ClosedAt = KpiGoldenData.At(20, 11),
        };
        ParticipantOutcome Outcome(string id, double percent, bool passed) => new(id, ParticipantRole.Inspector, false,
            new ParticipantResult(id, 1, percent, percent, percent, percent, percent, passed, []));
        var results = new SessionResults("s1", null!, null!, [Outcome("i1", 2.0, true), Outcome("i2", 6.5, false)], [], [], null);

        await sink.OnSessionClosedAsync(session, results, default);
        await sink.OnSessionClosedAsync(session, results, default); // a replay

        var report = await app.Services.GetRequiredService<KpiService>().MonthAsync(center, new DateOnly(2026, 10, 1), KpiGroup.Inspector, new KpiOptions(), default);
        var i2 = report.Groups.Single(g => g.Group == "i2").Qa;
        Assert.Equal((1L, 6.5m), (i2.CalibrationSessions, i2.MeanCalibrationDeviationPercent!.Value));
        Assert.Equal(new Ratio(0, 1), i2.CalibrationPassRate);
        Assert.Equal(new Ratio(1, 1), report.Groups.Single(g => g.Group == "i1").Qa.CalibrationPassRate);
    }
}
