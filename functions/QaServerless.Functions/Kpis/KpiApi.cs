using Microsoft.AspNetCore.Http.HttpResults;
using QaServerless.Calls;
using QaServerless.Evaluations;
using QaServerless.Hosting;
using QaServerless.Security;

namespace QaServerless.Kpis;

/// <summary>KPIs of a center: <c>GET /api/kpis/{center}?month=yyyy-MM&amp;groupBy=agent</c> or <c>?from=&amp;to=</c> (center as a whole).</summary>
public static class KpiApi
{
    public static IServiceCollection AddKpis(this IServiceCollection services) => services
        .AddTable(KpiStore.RollupsTable).AddTable(KpiStore.ContactsTable)
        .AddSingleton<KpiStore>().AddSingleton<KpiService>().AddSingleton<KpiCache>()
        .AddOptions<KpiCacheOptions>().BindConfiguration("Kpis").Services
        .AddSingleton<ICallIngestedSink, KpiCallSink>()
        .AddSingleton<IEvaluationFactsSink, KpiEvaluationSink>()
        .AddSingleton<QaServerless.Calibration.ICalibrationClosedSink, KpiCalibrationSink>()
        .AddKpiExports();

    public static IEndpointRouteBuilder MapKpis(this IEndpointRouteBuilder app)
    {
        var kpis = app.MapGroup("/api/kpis").WithTags("KPIs").RequireAuthorization(Policies.Member);
        kpis.MapGet("/{center}", GetAsync);
        app.MapKpiExports();
        return app;
    }

    private static async Task<Results<Ok<KpiReport>, KpiJsonResult, ValidationProblem, NotFound, ForbidHttpResult>> GetAsync(
        string center, string? month, string? from, string? to, string? groupBy, int? serviceLevelSeconds,
        KpiService kpis, CurrentUser user, CancellationToken ct)
    {
        if (!user.CanSeeCenter(center)) return TypedResults.NotFound();
        if (!user.LeadsCenter(center) && !user.IsIn(Roles.Supervisor)) return TypedResults.Forbid();

        var errors = new Dictionary<string, string[]>();
        var group = KpiGroup.Center;
        if (groupBy is not null && !Enum.TryParse(groupBy, ignoreCase: true, out group))
            errors["groupBy"] = ["One of center, team, agent, businessType, inspector."];
        if (serviceLevelSeconds is { } sl && !CallContribution.ServiceLevelThresholds.Contains(sl))
            errors["serviceLevelSeconds"] = [$"One of {string.Join(", ", CallContribution.ServiceLevelThresholds)}."];
        var options = new KpiOptions(serviceLevelSeconds ?? 20);

        if (month is not null)
        {
            if (!KpiService.TryParseMonth(month, out var first)) errors["month"] = ["A month as yyyy-MM."];
            if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
            var cached = await kpis.CachedMonthAsync(center, first, group, options, ct);
            // A lead sees the whole report: its JSON, made once per version of the month, is written as it is.
            if (user.LeadsCenter(center)) return new KpiJsonResult(cached);
            return TypedResults.Ok(KpiService.ScopeTo(cached.Report, user));
        }
        if (!DateOnly.TryParse(from, out var fromDay)) errors["from"] = ["Give month=yyyy-MM, or from and to as yyyy-MM-dd."];
        if (!DateOnly.TryParse(to, out var toDay)) errors["to"] = ["Give month=yyyy-MM, or from and to as yyyy-MM-dd."];
        else if (toDay < fromDay || toDay.DayNumber - fromDay.DayNumber > 366) errors["to"] = ["From ≤ to, at most a year apart."];
        if (group != KpiGroup.Center) errors["groupBy"] = ["A range of days is kept for the center as a whole; group by month instead."];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        if (!user.LeadsCenter(center)) return TypedResults.Forbid();
        return TypedResults.Ok(await kpis.DaysAsync(center, fromDay, toDay, options, ct));
    }
}
