using System.ComponentModel;
using Microsoft.AspNetCore.Http.HttpResults;
using QaServerless.Security;

namespace QaServerless.Kpis;

/// <summary>
/// <c>GET /api/kpis/{center}/evaluations?month=yyyy-MM|from=&amp;to=&amp;groupBy=&amp;group=&amp;item=</c>: the evaluations
/// behind a KPI group row or a Pareto bar, worst score first, a page at a time. Scoped like the report.
/// </summary>
public static class KpiDrillDownApi
{
    /// <summary>The longest range of days a drill-down reads (one <c>e|</c> range per day), as a grouped report.</summary>
    public const int MaxRangeDays = KpiService.MaxGroupedRangeDays;

    public static void MapKpiDrillDown(this RouteGroupBuilder kpis) =>
        kpis.MapGet("/{center}/evaluations", GetAsync)
            .WithSummary("The evaluations behind a KPI figure: a group of a month or range, optionally those that deducted an item")
            .WithDescription("""
                Reads the rollups' record of each evaluation's contribution (`e|` rows: one range of the month partition, or
                of each day of a range of at most 92 days), keeps those that added to the group (and deducted or warned
                `item`), worst score first, `top` per page (default 50), then reads each evaluation on the page for its
                call. Supervisors get the evaluations of their teams only. See docs/kpis.md, drill-down.
                """);

    private static async Task<Results<Ok<DrillDownPage>, ValidationProblem, NotFound, ForbidHttpResult>> GetAsync(
        string center,
        [Description("A month, yyyy-MM (or give from and to).")] string? month,
        [Description("First day of a range, yyyy-MM-dd (center time zone).")] string? from,
        [Description("Last day of a range, yyyy-MM-dd; at most 92 days.")] string? to,
        [Description("center (default), team, agent, businessType or inspector.")] string? groupBy,
        [Description("The group's id (when groupBy is not center).")] string? group,
        [Description("A scorecard item id: only the evaluations that deducted (or, for a warning item, flagged) it.")] string? item,
        [Description("Evaluations per page: 1 to 500, default 50.")] string? top,
        [Description("The continuationToken (or previousToken) of the same query's previous answer.")] string? continuationToken,
        KpiDrillDown drill, CurrentUser user, CancellationToken ct)
    {
        if (!user.CanSeeCenter(center)) return TypedResults.NotFound();
        if (!KpiTrendApi.TryReaderTeams(user, center, out var teams)) return TypedResults.Forbid();
        var errors = new Dictionary<string, string[]>();
        var by = KpiTrendApi.ParseGroup(groupBy, group, errors, Enum.GetValues<KpiGroup>());
        if (!KpiPaging.TryParseTop(top, out var pageSize)) errors["top"] = [$"A whole number from 1 to {KpiPaging.MaxTop}."];
        if (item is { Length: 0 or > 200 }) errors["item"] = ["A scorecard item id (1 to 200 characters), or leave it out."];
        string period = "";
        IReadOnlyList<string> partitions = [];
        if (month is not null)
        {
            if (!KpiService.TryParseMonth(month, out var first)) errors["month"] = ["A month as yyyy-MM."];
            (period, partitions) = (month, [KpiStore.Partition(center, first.ToString("yyyyMM"))]);
        }
        else if (!KpiApi.TryParseDay(from, out var fromDay)) errors["from"] = ["Give month=yyyy-MM, or from and to as yyyy-MM-dd."];
        else if (!KpiApi.TryParseDay(to, out var toDay)) errors["to"] = ["Give month=yyyy-MM, or from and to as yyyy-MM-dd."];
        else if (toDay < fromDay) errors["to"] = ["On or after from."];
        else if (toDay.DayNumber - fromDay.DayNumber + 1 > MaxRangeDays) errors["to"] = [$"At most {MaxRangeDays} days from from."];
        else (period, partitions) = (KpiService.RangePeriod(fromDay, toDay),
            [.. Enumerable.Range(0, toDay.DayNumber - fromDay.DayNumber + 1).Select(d => KpiStore.DayPartition(center, fromDay.AddDays(d)))]);
        var scope = teams is null ? "*" : KpiService.TeamsKey(teams);
        var fingerprint = KpiPaging.Fingerprint(center, period, by, GroupSort.Default, new KpiOptions(), $"drill|{scope}|{group}|{item}");
        if (!KpiPaging.TryReadToken(continuationToken, fingerprint, out var skip))
            errors["continuationToken"] = ["Not a token of this query (same period, groupBy, group and item); start without one."];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        // Another team is not theirs to see: it answers as if it did not exist.
        if (teams is not null && by == KpiGroup.Team && !teams.Contains(group!)) return TypedResults.NotFound();
        return TypedResults.Ok(await drill.ListAsync(center, period, partitions, by, by == KpiGroup.Center ? null : group, item, teams, skip, pageSize, fingerprint, ct));
    }
}
