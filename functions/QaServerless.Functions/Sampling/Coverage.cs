namespace QaServerless.Sampling;

/// <summary>
/// An agent's coverage for a month: how many of their calls were sampled, assigned and evaluated against the plan's
/// target, and how far their mean score can be trusted (95 % margin of error, see <see cref="Coverage.MarginOfError"/>).
/// </summary>
public sealed record AgentCoverage(
    string AgentId, bool NewHire, bool OnWatchList, double Target, int Population, int Sampled, int Assigned, int Evaluated,
    double? MeanScore, double? StandardDeviation, double? MarginOfError, bool Trustworthy);

public sealed record CoverageReport(string CenterId, string Month, int PlanVersion, double TrustworthyMargin, IReadOnlyList<AgentCoverage> Agents);

public static class Coverage
{
    /// <summary>A mean score is called trustworthy when its 95 % margin of error is at most this many points.</summary>
    public const double TrustworthyMargin = 5;

    /// <summary>
    /// The 95 % margin of error of the mean of <paramref name="scores"/> (n evaluated calls out of the agent's
    /// <paramref name="population"/> calls of the month): t(0.975, n−1) × s ÷ √n × √((N − n) ÷ (N − 1)), with s the observed
    /// standard deviation and the finite-population correction (it reaches 0 when every call was evaluated).
    /// Null below two scores: one score has no observed spread.
    /// </summary>
    public static double? MarginOfError(IReadOnlyList<double> scores, int population)
    {
        var n = scores.Count;
        if (n < 2) return null;
        var sd = StandardDeviation(scores)!.Value;
        var big = Math.Max(population, n);
        var fpc = big > 1 ? Math.Sqrt((double)(big - n) / (big - 1)) : 0;
        return StudentT975(n - 1) * sd / Math.Sqrt(n) * fpc;
    }

    /// <summary>Sample standard deviation (n − 1); null below two values.</summary>
    public static double? StandardDeviation(IReadOnlyList<double> values)
    {
        if (values.Count < 2) return null;
        var mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1));
    }

    private static readonly double[] T975 =
    [
        12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160, 2.145, 2.131,
        2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042,
    ];

    /// <summary>Student's t 97.5 % quantile: tabulated to 30 degrees of freedom, then 1.96 + 2.4 ÷ df (within 0.002 of the exact value).</summary>
    public static double StudentT975(int degreesOfFreedom) =>
        degreesOfFreedom < 1 ? double.NaN : degreesOfFreedom <= T975.Length ? T975[degreesOfFreedom - 1] : 1.96 + 2.4 / degreesOfFreedom;

    public static IReadOnlyList<AgentCoverage> Build(SamplingPlan plan, IReadOnlyList<AgentDay> days,
        IReadOnlyList<(string AgentId, double Score)> scores, IReadOnlyDictionary<string, int> assigned)
    {
        var scoresByAgent = scores.GroupBy(s => s.AgentId).ToDictionary(g => g.Key, g => g.Select(s => s.Score).ToList());
        return days.GroupBy(d => d.AgentId).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g =>
        {
            var latest = g.MaxBy(d => d.Day)!;
            var mine = scoresByAgent.GetValueOrDefault(g.Key) ?? [];
            var population = g.Sum(d => d.Population);
            var margin = MarginOfError(mine, population);
            return new AgentCoverage(g.Key, latest.NewHire, latest.OnWatchList,
                Math.Round(SampleAllocation.ExpectedPerMonth(plan, new AgentProfile(g.Key, latest.NewHire, latest.OnWatchList)), 2),
                population, g.Sum(d => d.Sampled), assigned.GetValueOrDefault(g.Key), mine.Count,
                mine.Count > 0 ? Math.Round(mine.Average(), 2) : null, StandardDeviation(mine) is { } sd ? Math.Round(sd, 2) : null,
                margin is { } m ? Math.Round(m, 2) : null, margin is <= TrustworthyMargin);
        }).ToList();
    }
}
