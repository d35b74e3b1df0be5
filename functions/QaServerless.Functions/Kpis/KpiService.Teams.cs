namespace QaServerless.Kpis;

using Row = (string Id, string? Team, Counters Counters);

/// <summary>
/// A supervisor's report: every figure of it — totals, the daily series, bands, item Pareto, scorecard versions, groups,
/// ranking — is added up from the rows of their teams only, day by day from the center-day partitions (a team's row of
/// a day holds everything its calls and evaluations added, under the roster team: docs/kpis.md). Nothing center-wide is
/// read, so no figure of another team can reach it. Business types and inspectors exist only center-wide in the
/// rollups: a supervisor grouping by them gets no groups rather than the center's.
/// </summary>
public sealed partial class KpiService
{
    /// <summary>The teams as one key (cache entries and paging tokens of different scopes never mix).</summary>
    public static string TeamsKey(IEnumerable<string> teams) => string.Join(",", teams.Order(StringComparer.Ordinal));

    /// <summary>The report of the days <paramref name="from"/>..<paramref name="to"/> (a month's days, or a range) for <paramref name="teams"/>.</summary>
    public Task<KpiCache.Cached> CachedTeamsAsync(string center, string period, DateOnly from, DateOnly to, IReadOnlySet<string> teams,
        KpiGroup groupBy, KpiOptions options, CancellationToken ct) =>
        cache.GetAsync(center, $"{period}|teams:{TeamsKey(teams)}", DaysOf(from, to).Select(d => KpiStore.DayPartition(center, d)).ToList(), groupBy, options,
            () => BuildTeamsAsync(center, period, DaysOf(from, to), teams, groupBy, options, CancellationToken.None), ct);

    private async Task<KpiReport> BuildTeamsAsync(string center, string period, IReadOnlyList<DateOnly> days, IReadOnlySet<string> teams,
        KpiGroup groupBy, KpiOptions options, CancellationToken ct)
    {
        var reads = new (IReadOnlyList<Row> Teams, IReadOnlyList<Row> Agents)[days.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, days.Count), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct }, async (i, token) =>
        {
            var partition = KpiStore.DayPartition(center, days[i]);
            var teamRows = store.ReadGroupsAsync(partition, KpiGroup.Team, token);
            IReadOnlyList<Row> agents = groupBy == KpiGroup.Agent ? [.. (await store.ReadGroupsAsync(partition, KpiGroup.Agent, token)).Where(a => a.Team is { } t && teams.Contains(t))] : [];
            reads[i] = ([.. (await teamRows).Where(t => teams.Contains(t.Id))], agents);
        });
        var daily = days.Zip(reads).Where(d => d.Second.Teams.Count > 0).Select(d => (d.First, Counters.Sum(d.Second.Teams.Select(t => t.Counters)))).ToList();
        var total = Counters.Sum(daily.Select(d => d.Item2));
        IReadOnlyList<Row> groups = groupBy switch
        {
            KpiGroup.Center => [("", null, total)],
            KpiGroup.Team => SumByGroup(reads.Select(r => r.Teams)),
            KpiGroup.Agent => SumByGroup(reads.Select(r => r.Agents)),
            _ => [],
        };
        return KpiReports.Build(center, period, groupBy, options, total, groups, daily);
    }
}
