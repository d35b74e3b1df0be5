using System.Globalization;
using QaServerless.Security;

namespace QaServerless.Kpis;

/// <summary>One team's figures in one month (a point of the team trend).</summary>
public sealed record TeamMonth(string Month, string Team, long Evaluations, decimal? MeanScore, long Calls);

/// <summary>Reads the rollups of a center-month (or a range of days) and builds the report. No call or evaluation is read.</summary>
public sealed class KpiService(KpiStore store, KpiCache cache)
{
    public static bool TryParseMonth(string? text, out DateOnly first) =>
        DateOnly.TryParseExact((text ?? "") + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out first);

    public async Task<KpiReport> MonthAsync(string center, DateOnly month, KpiGroup groupBy, KpiOptions options, CancellationToken ct) =>
        (await CachedMonthAsync(center, month, groupBy, options, ct)).Report;

    /// <summary>The month's report with its JSON, from the cache when it is current (<see cref="KpiCache"/>).</summary>
    public Task<KpiCache.Cached> CachedMonthAsync(string center, DateOnly month, KpiGroup groupBy, KpiOptions options, CancellationToken ct) =>
        cache.GetAsync(center, month.ToString("yyyyMM"), [KpiStore.Partition(center, month.ToString("yyyyMM"))], groupBy, options,
            () => BuildMonthAsync(center, month, groupBy, options, ct), ct);

    private async Task<KpiReport> BuildMonthAsync(string center, DateOnly month, KpiGroup groupBy, KpiOptions options, CancellationToken ct)
    {
        var key = month.ToString("yyyyMM");
        var totalTask = store.ReadGroupsAsync(center, key, KpiGroup.Center, ct);
        var groupsTask = groupBy == KpiGroup.Center ? totalTask : store.ReadGroupsAsync(center, key, groupBy, ct);
        var daysTask = store.ReadDaysAsync(center, key, ct);
        var total = Counters.Sum((await totalTask).Select(g => g.Counters));
        return KpiReports.Build(center, month.ToString("yyyy-MM"), groupBy, options, total, await groupsTask, await daysTask);
    }

    /// <summary>
    /// Each team's month over the <paramref name="months"/> months up to <paramref name="month"/>: one range read of team
    /// rows per month, for the report's team trends.
    /// </summary>
    public async Task<IReadOnlyList<TeamMonth>> TeamTrendAsync(string center, DateOnly month, int months, CancellationToken ct)
    {
        var reads = Enumerable.Range(0, months).Select(i => month.AddMonths(i - months + 1))
            .Select(async m => (Month: m, Teams: await store.ReadGroupsAsync(center, m.ToString("yyyyMM"), KpiGroup.Team, ct))).ToList();
        var list = new List<TeamMonth>();
        foreach (var read in reads)
        {
            var (m, teams) = await read;
            foreach (var (id, _, counters) in teams)
            {
                var qa = QaKpis.From(counters);
                list.Add(new TeamMonth(m.ToString("yyyy-MM"), id, qa.Evaluations, qa.MeanScore, counters[K.Calls]));
            }
        }
        return list;
    }

    /// <summary>A range of days, for the center as a whole (day rollups are kept per center).</summary>
    public async Task<KpiReport> DaysAsync(string center, DateOnly from, DateOnly to, KpiOptions options, CancellationToken ct)
    {
        var days = new List<(DateOnly, Counters)>();
        for (var month = new DateOnly(from.Year, from.Month, 1); month <= to; month = month.AddMonths(1))
            days.AddRange((await store.ReadDaysAsync(center, month.ToString("yyyyMM"), ct)).Where(d => d.Day >= from && d.Day <= to));
        var total = Counters.Sum(days.Select(d => d.Item2));
        return KpiReports.Build(center, $"{from:yyyy-MM-dd}..{to:yyyy-MM-dd}", KpiGroup.Center, options, total, [("", null, total)], days);
    }

    /// <summary>What a person may see of a report: leads everything; a supervisor their teams' agents and teams.</summary>
    public static KpiReport ScopeTo(KpiReport report, CurrentUser user)
    {
        if (user.LeadsCenter(report.CenterId)) return report;
        bool Mine(GroupKpis g) => report.GroupBy switch
        {
            KpiGroup.Team => user.Teams.Contains(g.Group),
            KpiGroup.Agent => g.Team is { } t && user.Teams.Contains(t),
            _ => false,
        };
        return report with
        {
            Groups = report.Groups.Where(Mine).ToList(),
            Ranking = report.Ranking.Where(r => user.Teams.Contains(r.Team)).ToList(),
        };
    }
}
