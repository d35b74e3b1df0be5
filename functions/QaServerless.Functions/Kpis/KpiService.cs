using System.Globalization;
using QaServerless.Security;

namespace QaServerless.Kpis;

/// <summary>One team's figures in one month (a point of the team trend).</summary>
public sealed record TeamMonth(string Month, string Team, long Evaluations, decimal? MeanScore, long Calls);

/// <summary>Reads the rollups of a center-month (or a range of days) and builds the report. No call or evaluation is read.</summary>
public sealed partial class KpiService(KpiStore store, KpiCache cache)
{
    public static bool TryParseMonth(string? text, out DateOnly first) =>
        DateOnly.TryParseExact((text ?? "") + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out first);

    /// <summary>
    /// A month a request names, 2000-01 to 2999-12: counting months back from 0001-01 would fall off the calendar (the
    /// generated malformed-input test found it). <see cref="RequestMonthProblem"/> says so to the caller.
    /// </summary>
    public static bool TryParseRequestMonth(string text, out DateOnly first) => TryParseMonth(text, out first) && first.Year is >= 2000 and <= 2999;

    public const string RequestMonthProblem = "A month as yyyy-MM, 2000-01 to 2999-12.";

    public async Task<KpiReport> MonthAsync(string center, DateOnly month, KpiGroup groupBy, KpiOptions options, CancellationToken ct) =>
        (await CachedMonthAsync(center, month, groupBy, options, ct)).Report;

    /// <summary>The month's report with its JSON, from the cache when it is current (<see cref="KpiCache"/>).</summary>
    public Task<KpiCache.Cached> CachedMonthAsync(string center, DateOnly month, KpiGroup groupBy, KpiOptions options, CancellationToken ct) =>
        cache.GetAsync(center, month.ToString("yyyyMM"), [KpiStore.Partition(center, month.ToString("yyyyMM"))], groupBy, options,
            () => BuildMonthAsync(center, month, groupBy, options, CancellationToken.None), ct);

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

    /// <summary>Longest range of days: grouped ranges read one partition per day (docs/kpis.md says why 92).</summary>
    public const int MaxGroupedRangeDays = 92, MaxRangeDays = 366;

    public static string RangePeriod(DateOnly from, DateOnly to) => $"{from:yyyy-MM-dd}..{to:yyyy-MM-dd}";

    private static IReadOnlyList<DateOnly> DaysOf(DateOnly from, DateOnly to) =>
        Enumerable.Range(0, to.DayNumber - from.DayNumber + 1).Select(from.AddDays).ToList();

    /// <summary>A range of days grouped by anything, from the center-day partitions, cached like a month.</summary>
    public Task<KpiCache.Cached> CachedRangeAsync(string center, DateOnly from, DateOnly to, KpiGroup groupBy, KpiOptions options, CancellationToken ct) =>
        cache.GetAsync(center, RangePeriod(from, to), DaysOf(from, to).Select(d => KpiStore.DayPartition(center, d)).ToList(), groupBy, options,
            () => BuildRangeAsync(center, from, to, groupBy, options, CancellationToken.None), ct);

    public async Task<KpiReport> RangeAsync(string center, DateOnly from, DateOnly to, KpiGroup groupBy, KpiOptions options, CancellationToken ct) =>
        (await CachedRangeAsync(center, from, to, groupBy, options, ct)).Report;

    /// <summary>
    /// Reads each day's center row (its point of the daily chart, and the total) and, when grouped, its group rows,
    /// then adds the days of each group up: every figure is a ratio of sums, so days add like months.
    /// </summary>
    private async Task<KpiReport> BuildRangeAsync(string center, DateOnly from, DateOnly to, KpiGroup groupBy, KpiOptions options, CancellationToken ct)
    {
        var days = DaysOf(from, to);
        var reads = new (Counters? Center, IReadOnlyList<(string Id, string? Team, Counters Counters)> Groups)[days.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, days.Count), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct }, async (i, token) =>
        {
            var partition = KpiStore.DayPartition(center, days[i]);
            var centerRow = store.ReadCenterAsync(partition, token);
            var groups = groupBy == KpiGroup.Center ? [] : await store.ReadGroupsAsync(partition, groupBy, token);
            reads[i] = (await centerRow, groups);
        });
        var daily = days.Zip(reads).Where(d => d.Second.Center is not null).Select(d => (d.First, d.Second.Center!)).ToList();
        var total = Counters.Sum(daily.Select(d => d.Item2));
        IReadOnlyList<(string, string?, Counters)> groupRows = [("", null, total)];
        if (groupBy != KpiGroup.Center) groupRows = SumByGroup(reads.Select(r => r.Groups));
        return KpiReports.Build(center, RangePeriod(from, to), groupBy, options, total, groupRows, daily);
    }

    /// <summary>
    /// Adds the days of each group up. Days in order, so an agent who moved team mid-range shows in their latest team
    /// (as the month's row does).
    /// </summary>
    private static IReadOnlyList<(string Id, string? Team, Counters Counters)> SumByGroup(IEnumerable<IReadOnlyList<(string Id, string? Team, Counters Counters)>> days)
    {
        var sums = new Dictionary<string, (string? Team, Counters Counters)>(StringComparer.Ordinal);
        foreach (var (id, team, counters) in days.SelectMany(d => d))
            sums[id] = sums.TryGetValue(id, out var sum) ? (team ?? sum.Team, sum.Counters.Add(counters)) : (team, counters.Clone());
        return sums.Select(kv => (kv.Key, kv.Value.Team, kv.Value.Counters)).ToList();
    }
}
