using System.ComponentModel;
using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using QaServerless.ReferenceData;
using QaServerless.Security;

namespace QaServerless.Kpis;

/// <summary>
/// <c>GET /api/kpis/{center}/trend?grain=month|week&amp;periods=12&amp;groupBy=center|team|agent&amp;group=</c>: one group's
/// figures over consecutive months or weeks ending with <c>end</c> (default: the center's today), with the center's
/// targets. Scoped like the KPI report: QA leads see any group, supervisors their teams (another team: 404).
/// </summary>
public static class KpiTrendApi
{
    public static IServiceCollection AddKpiTrends(this IServiceCollection services) =>
        services.AddSingleton<KpiTrendService>().AddSingleton<KpiDrillDown>();

    public static void MapKpiTrends(this RouteGroupBuilder kpis) =>
        kpis.MapGet("/{center}/trend", GetAsync)
            .WithSummary("A group's trend over the last months or weeks: mean score, pass rate, FCR, AHT, critical-error rate")
            .WithDescription("""
                Point reads of the rollups only: a month partition's group row per month; a week's seven center-day rows per
                week (also a supervisor's agent by month, day by day, so that only the days in their teams count). At most
                24 months or 26 weeks. See docs/kpis.md, trends.
                """);

    /// <summary>The teams a reader's figures are made of: null for a QA lead (everything); false when they may not read KPIs.</summary>
    internal static bool TryReaderTeams(CurrentUser user, string center, out IReadOnlySet<string>? teams)
    {
        teams = user.LeadsCenter(center) ? null : user.Teams;
        return user.LeadsCenter(center) || user.IsIn(Roles.Supervisor);
    }

    /// <summary>groupBy and group as a trend or drill-down takes them; errors name the field.</summary>
    internal static KpiGroup ParseGroup(string? groupBy, string? group, Dictionary<string, string[]> errors, KpiGroup[] allowed)
    {
        var by = KpiGroup.Center;
        if (groupBy is not null && (!TryParseName(groupBy, out by) || !allowed.Contains(by)))
            errors["groupBy"] = [$"One of {string.Join(", ", allowed.Select(a => char.ToLowerInvariant(a.ToString()[0]) + a.ToString()[1..]))}."];
        else if (by != KpiGroup.Center && string.IsNullOrWhiteSpace(group)) errors["group"] = ["The id of the team, agent … that groupBy names."];
        return by;
    }

    /// <summary>An enum member by name only (Enum.TryParse also takes numbers, "7" would be a group).</summary>
    private static bool TryParseName<T>(string text, out T value) where T : struct, Enum =>
        Enum.TryParse(text, ignoreCase: true, out value) && Enum.IsDefined(value) && !char.IsDigit(text.TrimStart('-', '+', ' ').FirstOrDefault('0'));

    private static async Task<Results<Ok<KpiTrend>, ValidationProblem, NotFound, ForbidHttpResult>> GetAsync(
        string center,
        [Description("month (default) or week (Monday to Sunday, center time zone).")] string? grain,
        [Description("How many periods: 1 to 24 months or 26 weeks, default 12.")] string? periods,
        [Description("A day of the last period, yyyy-MM-dd (or yyyy-MM for months); default today in the center's time zone.")] string? end,
        [Description("center (default), team or agent.")] string? groupBy,
        [Description("The team or agent id (when groupBy is team or agent).")] string? group,
        KpiTrendService trends, ReferenceDataStore reference, TimeProvider clock, CurrentUser user, CancellationToken ct)
    {
        if (!user.CanSeeCenter(center)) return TypedResults.NotFound();
        if (!TryReaderTeams(user, center, out var teams)) return TypedResults.Forbid();
        var errors = new Dictionary<string, string[]>();
        var by = ParseGroup(groupBy, group, errors, [KpiGroup.Center, KpiGroup.Team, KpiGroup.Agent]);
        var g = TrendGrain.Month;
        if (grain is not null && !TryParseName(grain, out g)) errors["grain"] = ["month or week."];
        var max = g == TrendGrain.Week ? TrendPeriods.MaxWeeks : TrendPeriods.MaxMonths;
        var count = TrendPeriods.DefaultPeriods;
        if (periods is not null && (!int.TryParse(periods, NumberStyles.None, CultureInfo.InvariantCulture, out count) || count < 1 || count > max))
            errors["periods"] = [$"A whole number from 1 to {max}."];
        DateOnly last = default;
        if (end is not null && !DateOnly.TryParseExact(end, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out last)
            && !(g == TrendGrain.Month && KpiService.TryParseMonth(end, out last)))
            errors["end"] = ["A day as yyyy-MM-dd (or a month as yyyy-MM)."];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        // Another team is not theirs to see: it answers as if it did not exist.
        if (teams is not null && by == KpiGroup.Team && !teams.Contains(group!)) return TypedResults.NotFound();
        if (end is null)
        {
            var stored = await reference.GetCenterAsync(center, ct);
            last = stored?.DayOf(clock.GetUtcNow()) ?? DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        }
        return TypedResults.Ok(await trends.TrendAsync(center, g, last, count, by, by == KpiGroup.Center ? null : group, teams, new KpiOptions(), ct));
    }
}
