namespace QaServerless.Kpis;

/// <summary>One month of an agent's released evaluations.</summary>
public sealed record AgentMonth(string Month, long Evaluations, decimal? MeanScore, Ratio PassRate);

/// <summary>
/// Where an agent stands in the center in a month, without naming anybody else: the quartile of their mean score among
/// the agents evaluated that month (1 = the best quarter) and how many agents were ranked.
/// </summary>
public sealed record Standing(string Month, int Quartile, int RankedAgents);

/// <summary>An agent's months (oldest first), the average over them and their latest standing.</summary>
public sealed record AgentTrend(string AgentId, string? Team, IReadOnlyList<AgentMonth> Months, decimal? Average, long Evaluations, Standing? Standing);

public sealed record AgentTrendsReport(string Center, string From, string To, IReadOnlyList<AgentTrend> Agents);

/// <summary>The agents' monthly figures out of the KPI rollups' agent rows (plain rules, no storage).</summary>
public static class AgentTrends
{
    /// <summary>The quartile of a mean among the month's means: 1 + ⌊4 × (agents strictly better) ÷ ranked⌋ (ties share the better quartile).</summary>
    public static int QuartileOf(decimal mean, IReadOnlyCollection<decimal> means) =>
        1 + Math.Min(3, 4 * means.Count(m => m > mean) / Math.Max(1, means.Count));

    /// <summary>
    /// The trends of the agents <paramref name="visible"/> keeps, from each month's agent rows (every agent's, so the
    /// quartile is taken within the whole center). Months are yyyy-MM, oldest first.
    /// </summary>
    public static IReadOnlyList<AgentTrend> Of(IReadOnlyList<(string Month, IReadOnlyList<(string Id, string? Team, Counters Counters)> Rows)> months,
        Func<string, string?, bool> visible)
    {
        var meansByMonth = months.ToDictionary(m => m.Month, m => m.Rows.Where(r => r.Counters[K.Evaluations] > 0).Select(r => Mean(r.Counters)).ToList());
        var agents = months.SelectMany(m => m.Rows).Where(r => visible(r.Id, r.Team))
            .GroupBy(r => r.Id, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal);
        var list = new List<AgentTrend>();
        foreach (var agent in agents)
        {
            var byMonth = months.Select(m => (m.Month, Row: m.Rows.FirstOrDefault(r => r.Id == agent.Key))).ToList();
            var points = byMonth.Select(m => m.Row.Counters is { } c
                ? new AgentMonth(m.Month, c[K.Evaluations], c[K.Evaluations] > 0 ? Math.Round(Mean(c), 2, MidpointRounding.AwayFromZero) : null, new Ratio(c[K.Passed], c[K.Evaluations]))
                : new AgentMonth(m.Month, 0, null, new Ratio(0, 0))).ToList();
            var total = Counters.Sum(agent.Select(r => r.Counters));
            var latest = byMonth.LastOrDefault(m => m.Row.Counters is { } c && c[K.Evaluations] > 0);
            var standing = latest.Row.Counters is { } lc
                ? new Standing(latest.Month, QuartileOf(Mean(lc), meansByMonth[latest.Month]), meansByMonth[latest.Month].Count) : null;
            list.Add(new AgentTrend(agent.Key, agent.Last().Team, points,
                total[K.Evaluations] > 0 ? Math.Round(Mean(total), 2, MidpointRounding.AwayFromZero) : null, total[K.Evaluations], standing));
        }
        return list;
    }

    private static decimal Mean(Counters c) => (decimal)c[K.ScoreHundredths] / 100m / c[K.Evaluations];
}
