namespace QaServerless.Sampling;

/// <summary>
/// An agent's coverage for a month: how many of their calls were sampled, assigned and evaluated against the plan's
/// target, and how far their figures can be trusted: the mean score's 95 % margin of error and interval (Student's t,
/// bounded by the 0..100 scale), the pass rate and the critical-error rate with their Wilson intervals. Below
/// <see cref="Margins.MinimumEvaluations"/> evaluations there is no margin and no interval (<see cref="EnoughEvaluations"/> false).
/// </summary>
public sealed record AgentCoverage(
    string AgentId, bool NewHire, bool OnWatchList, double Target, int Population, int Sampled, int Assigned, int Evaluated,
    double? MeanScore, double? StandardDeviation, double? MarginOfError, bool Trustworthy)
{
    public bool EnoughEvaluations => Evaluated >= Margins.MinimumEvaluations;
    /// <summary>The mean's 95 % interval, within 0..100.</summary>
    public Interval? ScoreInterval { get; init; }
    /// <summary>Released evaluations that passed (band not Fail), of those whose outcome is recorded.</summary>
    public RateEstimate PassRate { get; init; } = RateEstimate.From(0, 0);
    /// <summary>Released evaluations with at least one critical error (致命错误), of those whose outcome is recorded.</summary>
    public RateEstimate CriticalErrorRate { get; init; } = RateEstimate.From(0, 0);
}

public sealed record CoverageReport(string CenterId, string Month, int PlanVersion, double TrustworthyMargin, IReadOnlyList<AgentCoverage> Agents)
{
    /// <summary>Below this many evaluations an agent's figures carry no margin (docs/sampling.md).</summary>
    public int MinimumEvaluations => Margins.MinimumEvaluations;
}

/// <summary>
/// One released evaluation's outcome for coverage. <see cref="Passed"/> and <see cref="CriticalError"/> are null on rows
/// recorded before they were kept: such rows count in the mean but not in the rates.
/// </summary>
public sealed record EvaluationOutcome(string AgentId, double Score, bool? Passed = null, bool? CriticalError = null);

public static class Coverage
{
    /// <summary>A mean score is called trustworthy when its 95 % margin of error is at most this many points.</summary>
    public const double TrustworthyMargin = 5;

    public const double ScaleMax = 100;

    /// <summary>
    /// The 95 % margin of error of the mean of <paramref name="scores"/> (n evaluated calls out of the agent's
    /// <paramref name="population"/> calls of the month): t(0.975, n−1) × s ÷ √n × √((N − n) ÷ (N − 1)), with s the observed
    /// standard deviation and the finite-population correction (it reaches 0 when every call was evaluated), never more
    /// than the whole scale. Null below <see cref="Margins.MinimumEvaluations"/> scores.
    /// </summary>
    public static double? MarginOfError(IReadOnlyList<double> scores, int population)
    {
        var n = scores.Count;
        if (n < Margins.MinimumEvaluations) return null;
        var sd = StandardDeviation(scores)!.Value;
        var big = Math.Max(population, n);
        var fpc = big > 1 ? Math.Sqrt((double)(big - n) / (big - 1)) : 0;
        return Math.Min(ScaleMax, Margins.StudentT975(n - 1) * sd / Math.Sqrt(n) * fpc);
    }

    /// <summary>mean ± margin, cut to the 0..100 scale a score lives on.</summary>
    public static Interval? ScoreInterval(double mean, double? margin) =>
        margin is { } m ? new Interval(Math.Max(0, mean - m), Math.Min(ScaleMax, mean + m)) : null;

    /// <summary>Sample standard deviation (n − 1); null below two values.</summary>
    public static double? StandardDeviation(IReadOnlyList<double> values)
    {
        if (values.Count < 2) return null;
        var mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1));
    }

    public static IReadOnlyList<AgentCoverage> Build(SamplingPlan plan, IReadOnlyList<AgentDay> days,
        IReadOnlyList<EvaluationOutcome> outcomes, IReadOnlyDictionary<string, int> assigned)
    {
        var byAgent = outcomes.GroupBy(s => s.AgentId).ToDictionary(g => g.Key, g => g.ToList());
        return days.GroupBy(d => d.AgentId).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g =>
        {
            var latest = g.MaxBy(d => d.Day)!;
            var mine = byAgent.GetValueOrDefault(g.Key) ?? [];
            var scores = mine.Select(o => o.Score).ToList();
            var population = g.Sum(d => d.Population);
            var margin = MarginOfError(scores, population);
            double? mean = scores.Count > 0 ? scores.Average() : null;
            var interval = mean is { } mu ? ScoreInterval(mu, margin) : null;
            var known = mine.Where(o => o.Passed is not null).ToList();
            var knownCritical = mine.Where(o => o.CriticalError is not null).ToList();
            return new AgentCoverage(g.Key, latest.NewHire, latest.OnWatchList,
                Math.Round(SampleAllocation.ExpectedPerMonth(plan, new AgentProfile(g.Key, latest.NewHire, latest.OnWatchList)), 2),
                population, g.Sum(d => d.Sampled), assigned.GetValueOrDefault(g.Key), scores.Count,
                mean is { } m ? Math.Round(m, 2) : null, StandardDeviation(scores) is { } sd ? Math.Round(sd, 2) : null,
                margin is { } e ? Math.Round(e, 2) : null, margin is <= TrustworthyMargin)
            {
                ScoreInterval = interval is null ? null : new Interval(Math.Round(interval.Low, 2), Math.Round(interval.High, 2)),
                PassRate = RateEstimate.From(known.Count(o => o.Passed == true), known.Count),
                CriticalErrorRate = RateEstimate.From(knownCritical.Count(o => o.CriticalError == true), knownCritical.Count),
            };
        }).ToList();
    }
}
