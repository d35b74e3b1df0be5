using QaServerless.Hosting;
using QaServerless.ReferenceData;

namespace QaServerless.Kpis;

/// <summary>
/// Timer: every hour on the 1st of the month (UTC), export the month that has just ended for each center whose local
/// date is already the 1st. Running it again writes the same files, so the hourly repeats and replays are harmless.
/// </summary>
public static class MonthlyKpiExportFunction
{
    public static IEndpointRouteBuilder MapMonthlyKpiExport(this IEndpointRouteBuilder app)
    {
        app.MapTrigger("MonthlyKpiExport", async (invocation, services, ct) =>
        {
            var clock = services.GetRequiredService<TimeProvider>();
            var exporter = services.GetRequiredService<KpiExporter>();
            var response = new HostResponse();
            foreach (var center in await services.GetRequiredService<ReferenceDataStore>().ListCentersAsync(ct))
            {
                var today = center.DayOf(clock.GetUtcNow());
                var month = new DateOnly(today.Year, today.Month, 1).AddMonths(-1);
                var files = await exporter.ExportAsync(Security.CenterScope.OfStored(center.CenterId), month, ct);
                response.Log($"{center.CenterId} {month:yyyy-MM}: {string.Join(", ", files)}");
            }
            return response;
        });
        return app;
    }
}
