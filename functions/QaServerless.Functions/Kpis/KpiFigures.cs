using QaServerless.Scorecards;
using QaServerless.Scoring;

namespace QaServerless.Kpis;

/// <summary>Options a center can set for its KPIs (docs/kpis.md).</summary>
public sealed record KpiOptions(int ServiceLevelSeconds = 20, string RepeatWindow = "24h", int SatisfiedFrom = 4);

/// <summary>One share with its numerator and denominator, so a reader can check it. Null when the denominator is 0.</summary>
public sealed record Ratio(long Numerator, long Denominator)
{
    public decimal? Value => Denominator == 0 ? null : Math.Round((decimal)Numerator / Denominator, 4, MidpointRounding.AwayFromZero);
}

/// <summary>The contact-center KPIs of a group (from call records).</summary>
public sealed record ContactCenterKpis(
    long Calls, long Answered, long Abandoned, Ratio AnswerRate, Ratio AbandonmentRate, Ratio ServiceLevel, int ServiceLevelSeconds,
    decimal? AverageHandleSeconds, decimal? AverageTalkSeconds, decimal? AverageHoldSeconds, decimal? AverageAfterCallWorkSeconds,
    decimal? AverageQueueSeconds, decimal? CsatMean, Ratio CsatSatisfied, Ratio ComplaintRate, Ratio CallResolutionRate,
    IReadOnlyDictionary<string, Ratio> FirstContactResolution, long TextConversations = 0, decimal? AverageFirstResponseSeconds = null,
    Ratio? FirstResponseWithinTarget = null)
{
    public static ContactCenterKpis From(Counters c, KpiOptions options)
    {
        long answered = c[K.Answered];
        decimal? Avg(string sum) => answered == 0 ? null : Math.Round((decimal)c[sum] / answered, 1, MidpointRounding.AwayFromZero);
        var sl = CallContribution.ServiceLevelThresholds.Contains(options.ServiceLevelSeconds) ? options.ServiceLevelSeconds : 20;
        return new ContactCenterKpis(
            c[K.Calls], answered, c[K.Abandoned],
            new Ratio(answered, answered + c[K.Abandoned]), new Ratio(c[K.Abandoned], answered + c[K.Abandoned]),
            new Ratio(c[K.AnsweredWithin(sl)], answered + c[K.Abandoned]), sl,
            answered == 0 ? null : Math.Round((decimal)(c[K.TalkSeconds] + c[K.HoldSeconds] + c[K.AcwSeconds]) / answered, 1, MidpointRounding.AwayFromZero),
            Avg(K.TalkSeconds), Avg(K.HoldSeconds), Avg(K.AcwSeconds), Avg(K.QueueSeconds),
            c[K.CsatResponses] == 0 ? null : Math.Round((decimal)c[K.CsatSum] / c[K.CsatResponses], 2, MidpointRounding.AwayFromZero),
            new Ratio(c[K.CsatSatisfied], c[K.CsatResponses]), new Ratio(c[K.Complaints], answered), new Ratio(c[K.Resolved], c[K.ResolutionKnown]),
            RepeatContacts.Windows.Keys.ToDictionary(w => w, w => new Ratio(c[K.ResolvedFirstTime(w)], c[K.FirstContacts(w)])),
            c[K.TextConversations],
            c[K.FirstResponses] == 0 ? null : Math.Round((decimal)c[K.FirstResponseSeconds] / c[K.FirstResponses], 1, MidpointRounding.AwayFromZero),
            new Ratio(c[K.FirstResponsesWithinTarget], c[K.FirstResponses]));
    }
}

/// <summary>The QA KPIs of a group (from released evaluations).</summary>
public sealed record QaKpis(
    long Evaluations, decimal? MeanScore, decimal? ScoreStandardDeviation, Ratio PassRate, IReadOnlyDictionary<string, long> Bands,
    IReadOnlyDictionary<string, Ratio> CriticalErrorAccuracy, long ScoringErrors, Ratio AppealsUpheld, IReadOnlyList<string> ScorecardVersions,
    long CalibrationSessions, Ratio CalibrationPassRate, decimal? MeanCalibrationDeviationPercent, Ratio CriticalErrorRate,
    long ItemsDisputed, long ItemsUpheld, Ratio UpheldItemRate)
{
    public static QaKpis From(Counters c)
    {
        long n = c[K.Evaluations];
        decimal? mean = n == 0 ? null : (decimal)c[K.ScoreHundredths] / 100m / n;
        decimal? sd = null;
        if (n > 1 && mean is { } m)
        {
            // Σx² kept in hundredths: Σx² = score2H / 100. Sample standard deviation.
            var sumSquares = (double)c[K.ScoreSquaredHundredths] / 100.0;
            var variance = (sumSquares - n * (double)m * (double)m) / (n - 1);
            sd = Math.Round((decimal)Math.Sqrt(Math.Max(variance, 0)), 2, MidpointRounding.AwayFromZero);
        }
        return new QaKpis(n, mean is { } x ? Math.Round(x, 2, MidpointRounding.AwayFromZero) : null, sd, new Ratio(c[K.Passed], n),
            Enum.GetNames<Band>().ToDictionary(b => b, b => c[K.BandCount(b)]),
            Enum.GetNames<CriticalClass>().ToDictionary(cc => cc, cc => new Ratio(n - c[K.WithCritical(cc)], n)),
            c[K.ScoringErrors], new Ratio(c[K.AppealsUpheld], c[K.AppealsDecided]),
            c.WithPrefix("sc.").Keys.Order(StringComparer.Ordinal).ToList(),
            c[K.CalibrationSessions], new Ratio(c[K.CalibrationPassed], c[K.CalibrationSessions]),
            c[K.CalibrationSessions] == 0 ? null : Math.Round((decimal)c[K.CalibrationDeviationHundredths] / 100m / c[K.CalibrationSessions], 2, MidpointRounding.AwayFromZero),
            new Ratio(c[K.WithAnyCritical], n),
            // Upheld items ÷ items evaluated: how often, item by item, a lead found the inspector's answer wrong.
            c[K.ItemsDisputed], c[K.ItemsUpheld], new Ratio(c[K.ItemsUpheld], c[K.ItemsEvaluated]));
    }
}

/// <summary>One scorecard item in the monthly publication: how often it deducted or warned, with its Pareto share.</summary>
public sealed record ItemFrequency(string ItemId, string Kind, long Count, decimal Share, decimal CumulativeShare, decimal PerEvaluation);

public static class Pareto
{
    /// <summary>Items by count, descending (ties by id), with share of all and cumulative share — the Pareto of causes.</summary>
    public static IReadOnlyList<ItemFrequency> Of(Counters c)
    {
        long evaluations = c[K.Evaluations];
        var rows = c.WithPrefix("item.d.").Select(kv => (Id: kv.Key, Kind: "deduction", kv.Value))
            .Concat(c.WithPrefix("item.w.").Select(kv => (Id: kv.Key, Kind: "warning", kv.Value)))
            .OrderByDescending(r => r.Value).ThenBy(r => r.Kind, StringComparer.Ordinal).ThenBy(r => r.Id, StringComparer.Ordinal).ToList();
        long total = rows.Sum(r => r.Value);
        long running = 0;
        return rows.Select(r =>
        {
            running += r.Value;
            return new ItemFrequency(r.Id, r.Kind, r.Value, Share(r.Value, total), Share(running, total),
                evaluations == 0 ? 0 : Math.Round((decimal)r.Value / evaluations, 4, MidpointRounding.AwayFromZero));
        }).ToList();
    }

    private static decimal Share(long part, long whole) => whole == 0 ? 0 : Math.Round((decimal)part / whole, 4, MidpointRounding.AwayFromZero);
}

/// <summary>An agent's place in the team: percentile rank and z-score of the month's mean score ("compare to the best").</summary>
public sealed record Ranking(string AgentId, string Team, decimal MeanScore, int Rank, decimal Percentile, decimal? ZScore);

public static class Rankings
{
    /// <summary>
    /// Within each team: rank 1 = best mean score; percentile = share of the team's agents scoring at or below this one
    /// (×100); z = (mean − team mean) ÷ team standard deviation (population), null when the team has no spread.
    /// </summary>
    public static IReadOnlyList<Ranking> Within(IEnumerable<(string AgentId, string Team, decimal MeanScore)> agents) =>
        agents.GroupBy(a => a.Team).SelectMany(team =>
        {
            var list = team.OrderByDescending(a => a.MeanScore).ThenBy(a => a.AgentId, StringComparer.Ordinal).ToList();
            var mean = list.Average(a => (double)a.MeanScore);
            var sd = Math.Sqrt(list.Average(a => Math.Pow((double)a.MeanScore - mean, 2)));
            return list.Select((a, i) => new Ranking(a.AgentId, a.Team, a.MeanScore, i + 1,
                Math.Round(100m * list.Count(o => o.MeanScore <= a.MeanScore) / list.Count, 1, MidpointRounding.AwayFromZero),
                sd < 1e-9 ? null : Math.Round((decimal)(((double)a.MeanScore - mean) / sd), 2, MidpointRounding.AwayFromZero)));
        }).OrderBy(r => r.Team, StringComparer.Ordinal).ThenBy(r => r.Rank).ToList();
}
