using System.ComponentModel;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Microsoft.AspNetCore.Http.HttpResults;
using QaServerless.Calls;
using QaServerless.Evaluations;
using QaServerless.Hosting;
using QaServerless.Security;

namespace QaServerless.Kpis;

/// <summary>
/// KPIs of a center: <c>GET /api/kpis/{center}?month=yyyy-MM&amp;groupBy=agent</c> or <c>?from=&amp;to=</c>, the groups
/// one page at a time (<c>top</c>, <c>sort</c>, <c>continuationToken</c>: <see cref="KpiPaging"/>).
/// </summary>
public static class KpiApi
{
    public static IServiceCollection AddKpis(this IServiceCollection services) => services
        .AddTable(KpiStore.RollupsTable).AddTable(KpiStore.ContactsTable)
        .AddSingleton<KpiStore>().AddSingleton<KpiService>().AddSingleton<KpiCache>()
        .AddOptions<KpiCacheOptions>().BindConfiguration("Kpis").Services
        .AddSingleton<ICallIngestedSink, KpiCallSink>()
        .AddSingleton<IEvaluationFactsSink, KpiEvaluationSink>()
        .AddSingleton<QaServerless.Calibration.ICalibrationClosedSink, KpiCalibrationSink>()
        .AddKpiExports().AddKpiTrends().AddKpiTargets();

    public static IEndpointRouteBuilder MapKpis(this IEndpointRouteBuilder app)
    {
        var kpis = app.MapGroup("/api/kpis").WithTags("KPIs").RequireAuthorization(Policies.Member);
        kpis.MapGet("/{center}", GetAsync)
            .WithSummary("A center's KPIs for a month or a range of days, with one page of its groups")
            .WithDescription("""
                The center's totals, days, item Pareto and scorecard versions, and one page of the groups (`top`, default 50,
                at most 500) in the order `sort` asks for, with `page.totalGroups` and `page.continuationToken` for the next
                page (absent on the last). The ranking holds the agents on the page. QA leads see every group; supervisors
                the groups of their teams. The monthly export (`/exports`) holds every group, unpaged. See docs/kpis.md.
                """)
            .AddOpenApiOperationTransformer(DescribePagingAsync);
        kpis.MapKpiTrends();
        kpis.MapKpiDrillDown();
        kpis.MapKpiTargets();
        app.MapKpiExports();
        app.MapAgentTrends();
        return app;
    }

    /// <summary>
    /// <c>top</c> and <c>sort</c> are bound as text so that a bad value answers a problem naming the field (a failed int
    /// binding answers a bare 400); the document still says what they take.
    /// </summary>
    private static Task DescribePagingAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        foreach (var parameter in operation.Parameters?.OfType<OpenApiParameter>() ?? [])
        {
            if (parameter.Name == "top")
                parameter.Schema = new OpenApiSchema
                {
                    Type = JsonSchemaType.Integer, Minimum = "1", Maximum = KpiPaging.MaxTop.ToString(CultureInfo.InvariantCulture),
                    Default = JsonValue.Create(KpiPaging.DefaultTop),
                };
            if (parameter.Name == "sort")
                parameter.Schema = new OpenApiSchema
                {
                    Type = JsonSchemaType.String, Default = JsonValue.Create("group"),
                    Enum = [.. Enum.GetValues<GroupSortKey>().SelectMany(k => new[] { new GroupSort(k, false), new GroupSort(k, true) })
                        .Select(s => (JsonNode)JsonValue.Create(s.ToString()))],
                };
        }
        return Task.CompletedTask;
    }

    private static async Task<Results<Ok<KpiReport>, KpiJsonResult, ValidationProblem, NotFound, ForbidHttpResult>> GetAsync(
        string center,
        [Description("A month, yyyy-MM (or give from and to).")] string? month,
        [Description("First day of a range, yyyy-MM-dd (center time zone).")] string? from,
        [Description("Last day of a range, yyyy-MM-dd.")] string? to,
        [Description("center (default), team, agent, businessType, inspector or channel (voice, chat, email …).")] string? groupBy,
        [Description("Service-level threshold in seconds: 10, 15, 20 (default), 30, 45, 60, 90 or 120.")] int? serviceLevelSeconds,
        [Description("Groups per page: 1 to 500, default 50.")] string? top,
        [Description("Order of the groups: group (default), meanScore (worst first), evaluations, calls; a leading - reverses (-meanScore = best first).")] string? sort,
        [Description("The page.continuationToken (or page.previousToken) of the same query's previous answer.")] string? continuationToken,
        KpiService kpis, CurrentUser user, CancellationToken ct)
    {
        if (!user.CanSeeCenter(center)) return TypedResults.NotFound();
        if (!user.LeadsCenter(center) && !user.IsIn(Roles.Supervisor)) return TypedResults.Forbid();

        var errors = new Dictionary<string, string[]>();
        var group = KpiGroup.Center;
        if (groupBy is not null && !Enum.TryParse(groupBy, ignoreCase: true, out group))
            errors["groupBy"] = ["One of center, team, agent, businessType, inspector, channel."];
        if (serviceLevelSeconds is { } sl && !CallContribution.ServiceLevelThresholds.Contains(sl))
            errors["serviceLevelSeconds"] = [$"One of {string.Join(", ", CallContribution.ServiceLevelThresholds)}."];
        if (!KpiPaging.TryParseTop(top, out var pageSize)) errors["top"] = [$"A whole number from 1 to {KpiPaging.MaxTop}."];
        if (!GroupSort.TryParse(sort, out var order)) errors["sort"] = [$"One of {GroupSort.Allowed}."];
        var options = new KpiOptions(serviceLevelSeconds ?? 20);
        // A supervisor's pages are of another list than a lead's: a token of one is no good for the other.
        var lead = user.LeadsCenter(center);
        var scope = lead ? "*" : KpiService.TeamsKey(user.Teams);

        // A month or a range of days: what identifies the period in a token, and how its cached report is had.
        string period, periodName;
        Func<Task<KpiCache.Cached>> report;
        if (month is not null)
        {
            if (!KpiService.TryParseMonth(month, out var first)) errors["month"] = ["A month as yyyy-MM."];
            (period, periodName) = (month, "month");
            // A supervisor's report is built from their teams' rows alone, never cut out of the center's (KpiService.Teams).
            report = lead ? () => kpis.CachedMonthAsync(center, first, group, options, ct)
                : () => kpis.CachedTeamsAsync(center, month, first, first.AddMonths(1).AddDays(-1), user.Teams, group, options, ct);
        }
        else
        {
            if (!TryParseDay(from, out var fromDay)) errors["from"] = ["Give month=yyyy-MM, or from and to as yyyy-MM-dd."];
            if (!TryParseDay(to, out var toDay)) errors["to"] = ["Give month=yyyy-MM, or from and to as yyyy-MM-dd."];
            else if (toDay < fromDay) errors["to"] = ["On or after from."];
            else if (!errors.ContainsKey("from"))
            {
                var limit = group == KpiGroup.Center ? KpiService.MaxRangeDays : KpiService.MaxGroupedRangeDays;
                if (toDay.DayNumber - fromDay.DayNumber + 1 > limit)
                    errors["to"] = [$"At most {limit} days from from{(group == KpiGroup.Center ? "" : " when grouped (a longer period: ask month by month, or use the monthly export)")}."];
            }
            (period, periodName) = (KpiService.RangePeriod(fromDay, toDay), "range");
            report = lead ? () => kpis.CachedRangeAsync(center, fromDay, toDay, group, options, ct)
                : () => kpis.CachedTeamsAsync(center, period, fromDay, toDay, user.Teams, group, options, ct);
        }
        var fingerprint = KpiPaging.Fingerprint(center, period, group, order, options, scope);
        if (!KpiPaging.TryReadToken(continuationToken, fingerprint, out var skip))
            errors["continuationToken"] = [$"Not a token of this query (same {periodName}, groupBy, sort and serviceLevelSeconds); start without one."];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        var cached = await report();
        // A lead's page is made once per version of the period (JSON, gzip, ETag) and written as it is.
        if (lead) return new KpiJsonResult(cached.Page(order, skip, pageSize, fingerprint));
        return TypedResults.Ok(KpiPaging.Page(cached.Sorted(order), order, skip, pageSize, fingerprint));
    }

    internal static bool TryParseDay(string? text, out DateOnly day) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day);
}
