using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.AspNetCore.Http.HttpResults;
using QaServerless.Hosting;
using QaServerless.Security;

namespace QaServerless.Kpis;

/// <summary>
/// The monthly KPI export: <c>exports/{center}/{yyyy-MM}/</c> kpis.csv, kpis.xlsx and report.html, written by the
/// MonthlyKpiExport timer and on demand. The files depend only on the rollups, so a rerun writes identical bytes.
/// </summary>
public sealed class KpiExporter(KpiService kpis, BlobServiceClient blobs, QaServerless.ReferenceData.ReferenceDataStore reference)
{
    public const string Container = "exports";
    public static readonly string[] Files = ["kpis.csv", "kpis.xlsx", "report.html"];
    /// <summary>How many months the report's team trends cover (the exported month and the five before it).</summary>
    public const int TrendMonths = 6;

    /// <summary>Writes the month's files under <c>{center}/{yyyy-MM}/</c>: the scope names the folder, nothing else can.</summary>
    public async Task<IReadOnlyList<string>> ExportAsync(CenterScope scope, DateOnly month, CancellationToken ct)
    {
        var center = scope.Id;
        var options = new KpiOptions();
        var byAgent = await kpis.MonthAsync(center, month, KpiGroup.Agent, options, ct);
        var byTeam = await kpis.MonthAsync(center, month, KpiGroup.Team, options, ct);
        var byInspector = await kpis.MonthAsync(center, month, KpiGroup.Inspector, options, ct);
        var byType = await kpis.MonthAsync(center, month, KpiGroup.BusinessType, options, ct);
        var report = new ExportData(byAgent, byTeam, byInspector, byType)
        {
            Center = await reference.GetCenterAsync(center, ct),
            TeamTrend = await kpis.TeamTrendAsync(center, month, TrendMonths, ct),
        }.Masked();

        var container = blobs.GetBlobContainerClient(Container);
        var names = new List<string>();
        foreach (var (file, bytes, type) in new[]
                 {
                     ("kpis.csv", await KpiCsv.WriteAsync(report, ct), "text/csv; charset=utf-8"),
                     ("kpis.xlsx", KpiXlsx.Write(report), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
                     ("report.html", KpiHtml.Write(report), "text/html; charset=utf-8"),
                 })
        {
            var name = scope.Blob($"{month:yyyy-MM}", file);
            await container.GetBlobClient(name).UploadAsync(new BinaryData(bytes),
                new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = type } }, ct);
            names.Add(name);
        }
        return names;
    }
}

/// <summary>The four cuts of one center-month an export is made of, the center (name, time zone) and the team trends.</summary>
public sealed record ExportData(KpiReport ByAgent, KpiReport ByTeam, KpiReport ByInspector, KpiReport ByBusinessType)
{
    public KpiReport Summary => ByAgent;
    public QaServerless.ReferenceData.Center? Center { get; init; }
    public IReadOnlyList<TeamMonth> TeamTrend { get; init; } = [];
}

public static class KpiExportApi
{
    public static IServiceCollection AddKpiExports(this IServiceCollection services) =>
        services.AddBlobContainer(KpiExporter.Container).AddSingleton<KpiExporter>();

    public static IEndpointRouteBuilder MapKpiExports(this IEndpointRouteBuilder app)
    {
        var exports = app.MapGroup("/api/kpis/{center}/exports").WithTags("KPIs").RequireAuthorization(Policies.QaLead);

        exports.MapPost("/{month}", async Task<Results<Ok<IReadOnlyList<string>>, ValidationProblem, NotFound>> (
            string center, string month, KpiExporter exporter, CurrentUser user, TimeProvider clock, CancellationToken ct) =>
        {
            if (!user.LeadsCenter(center) || user.ScopeFor(center) is not { } scope) return TypedResults.NotFound();
            if (!KpiService.TryParseMonth(month, out var first)) return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["month"] = ["A month as yyyy-MM."] });
            if (first >= DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime).AddDays(1 - clock.GetUtcNow().Day))
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["month"] = ["Only a month that has ended can be exported."] });
            return TypedResults.Ok(await exporter.ExportAsync(scope, first, ct));
        });

        // Which files of the month exist: the workbench offers a download only for a file that is there.
        exports.MapGet("/{month}", async Task<Results<Ok<IReadOnlyList<string>>, NotFound>> (
            string center, string month, BlobServiceClient blobs, CurrentUser user, CancellationToken ct) =>
        {
            if (!user.LeadsCenter(center) || !KpiService.TryParseMonth(month, out _)) return TypedResults.NotFound();
            var container = blobs.GetBlobContainerClient(KpiExporter.Container);
            var found = new List<string>();
            if ((await container.ExistsAsync(ct)).Value)
                await foreach (var blob in container.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, $"{center}/{month}/", ct))
                    if (KpiExporter.Files.Contains(blob.Name[(blob.Name.LastIndexOf('/') + 1)..])) found.Add(blob.Name[(blob.Name.LastIndexOf('/') + 1)..]);
            return TypedResults.Ok<IReadOnlyList<string>>(found);
        });

        exports.MapGet("/{month}/{file}", async Task<Results<FileStreamHttpResult, NotFound>> (
            string center, string month, string file, BlobServiceClient blobs, CurrentUser user, CancellationToken ct) =>
        {
            if (!user.LeadsCenter(center) || user.ScopeFor(center) is not { } scope || !KpiExporter.Files.Contains(file) || !KpiService.TryParseMonth(month, out var first))
                return TypedResults.NotFound();
            var blob = blobs.GetBlobContainerClient(KpiExporter.Container).GetBlobClient(scope.Blob($"{first:yyyy-MM}", file));
            if (!(await blob.ExistsAsync(ct)).Value) return TypedResults.NotFound();
            var download = await blob.DownloadStreamingAsync(cancellationToken: ct);
            return TypedResults.Stream(download.Value.Content, download.Value.Details.ContentType, file);
        })
        // A file stream declares no response of its own: say what a download is, for the OpenAPI document.
        .Produces(StatusCodes.Status200OK, typeof(byte[]), "text/csv", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "text/html");

        app.MapMonthlyKpiExport();
        return app;
    }
}
