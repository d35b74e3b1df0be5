namespace QaServerless.Kpis;

/// <summary>
/// A group's trend from the rollups, by point reads only: per month, the month partition's row of the group; per week
/// (and for a supervisor's agent by month), the row of the group in each center-day partition. A supervisor's trend is
/// built from their teams' rows, as their KPI report is (<see cref="KpiService"/>.Teams): the center is the sum of their
/// teams, another team has no trend for them, and an agent counts only on the days spent in one of their teams.
/// </summary>
public sealed class KpiTrendService(KpiStore store, KpiTargetsStore targets)
{
    /// <param name="teams">The supervisor's teams; null for a QA lead (the whole center).</param>
    public async Task<KpiTrend> TrendAsync(string center, TrendGrain grain, DateOnly last, int count, KpiGroup groupBy, string? group,
        IReadOnlySet<string>? teams, KpiOptions options, CancellationToken ct)
    {
        var periods = TrendPeriods.Ending(grain, last, count);
        // An agent's month row carries only the team of their latest day: a supervisor's agent is read day by day instead.
        var byDay = grain == TrendGrain.Week || teams is not null && groupBy == KpiGroup.Agent;
        var reads = periods.SelectMany((p, i) => (byDay
                ? Enumerable.Range(0, p.To.DayNumber - p.From.DayNumber + 1).Select(d => KpiStore.DayPartition(center, p.From.AddDays(d)))
                : [KpiStore.Partition(center, p.From.ToString("yyyyMM"))]).Select(partition => (Period: i, Partition: partition)))
            .ToList();
        var sums = periods.Select(_ => new Counters()).ToArray();
        await Parallel.ForEachAsync(reads, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = ct }, async (read, token) =>
        {
            var counters = await ReadAsync(read.Partition, groupBy, group, teams, token);
            lock (sums[read.Period]) sums[read.Period].Add(counters);
        });
        var points = periods.Select((p, i) => TrendPeriods.Point(p.Name, p.From, p.To, sums[i], options)).ToList();
        return new KpiTrend(center, grain, groupBy, group, points, (await targets.GetAsync(center, ct)).Targets);
    }

    private async Task<Counters> ReadAsync(string partition, KpiGroup groupBy, string? group, IReadOnlySet<string>? teams, CancellationToken ct)
    {
        if (groupBy == KpiGroup.Center)
        {
            if (teams is null) return await store.ReadCenterAsync(partition, ct) ?? new Counters();
            var rows = await Task.WhenAll(teams.Select(t => store.ReadGroupRowAsync(partition, KpiGroup.Team, t, ct)));
            return Counters.Sum(rows.Where(r => r is not null).Select(r => r!.Value.Counters));
        }
        var row = await store.ReadGroupRowAsync(partition, groupBy, group!, ct);
        if (row is not { } found) return new Counters();
        // A supervisor asks only for their own team (checked by the API); an agent's day counts while in one of their teams.
        if (teams is not null && groupBy == KpiGroup.Agent && (found.Team is null || !teams.Contains(found.Team))) return new Counters();
        return found.Counters;
    }
}
