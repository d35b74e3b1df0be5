namespace QaServerless.Calibration;

/// <summary>What a participant's score is compared with.</summary>
public enum BaselineKind
{
    /// <summary>A fixed baseline: the scores of one expert (a participant chosen at close, left out of pass/fail).</summary>
    Expert,
    /// <summary>No fixed baseline: the group's consensus, the mean of everybody's score on the call.</summary>
    Consensus,
    /// <summary>The standard score the group agreed after discussion, entered by the QA lead at close.</summary>
    Standard,
}

/// <summary>How deviation is measured against the tolerance.</summary>
public enum ToleranceMethod
{
    /// <summary>Proportional method: |score − baseline| ÷ baseline, in percent (3 % or 5 % are usual limits).</summary>
    Proportional,
    /// <summary>Score-difference method: |score − baseline| in points.</summary>
    ScoreDifference,
}

/// <summary>Which calls must be within tolerance for a participant to pass the session.</summary>
public enum PassRule
{
    /// <summary>The participant's mean deviation over the calls they scored is within tolerance.</summary>
    Mean,
    /// <summary>Every call the participant scored is within tolerance.</summary>
    EveryCall,
}

/// <summary>The tolerance of a session. Defaults: proportional, 5 %, on the mean (configurable per center and per session).</summary>
public sealed record Tolerance(ToleranceMethod Method = ToleranceMethod.Proportional, double Limit = 5, PassRule Rule = PassRule.Mean)
{
    public static Tolerance Default { get; } = new();

    public bool Within(CallDeviation d) => Measure(d) <= Limit + 1e-9;

    public double Measure(CallDeviation d) => Method == ToleranceMethod.Proportional ? d.Percent : d.Points;

    public Dictionary<string, string[]> Validate()
    {
        var errors = new Dictionary<string, string[]>();
        if (!Enum.IsDefined(Method)) errors["tolerance.method"] = ["Use proportional or scoreDifference."];
        if (!Enum.IsDefined(Rule)) errors["tolerance.rule"] = ["Use mean or everyCall."];
        if (!(Limit > 0 && Limit <= 100)) errors["tolerance.limit"] = ["The tolerance limit is above 0 and at most 100 (percent or points)."];
        return errors;
    }
}

/// <summary>One participant on one call: score, baseline, and the two deviation measures.</summary>
/// <param name="Points">|score − baseline|, in points (score-difference method).</param>
/// <param name="Percent">|score − baseline| ÷ baseline × 100 (proportional method); against 100 when the baseline is 0.</param>
/// <param name="SignedPoints">score − baseline: positive means more lenient than the baseline.</param>
public sealed record CallDeviation(string CallId, double Score, double Baseline, double Points, double Percent, double SignedPoints, bool WithinTolerance);

/// <summary>One participant's result in a closed session.</summary>
public sealed record ParticipantResult(string ParticipantId, int CallsScored, double MeanPercent, double MeanPoints, double MaxPercent,
    double MaxPoints, double MeanSignedPoints, bool Passed, IReadOnlyList<CallDeviation> Calls);

/// <summary>Deviation from a baseline and pass/fail against a tolerance (docs/calibration.md, "Deviation").</summary>
public static class Deviation
{
    /// <summary>
    /// The deviation of one score from its baseline. A zero baseline (an agreed critical error scores 0) has no
    /// proportion, so the proportional method measures against the whole scale (100 points) instead.
    /// </summary>
    public static CallDeviation Of(string callId, double score, double baseline, Tolerance tolerance)
    {
        var signed = score - baseline;
        var points = Math.Abs(signed);
        var percent = baseline > 0 ? points / baseline * 100 : points;
        var d = new CallDeviation(callId, score, baseline, points, percent, signed, false);
        return d with { WithinTolerance = tolerance.Within(d) };
    }

    /// <summary>The group's consensus per call: the mean of the scores it received.</summary>
    public static IReadOnlyDictionary<string, double> Consensus(IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> scoresByParticipant) =>
        scoresByParticipant.Values.SelectMany(s => s).GroupBy(s => s.Key).ToDictionary(g => g.Key, g => g.Average(s => s.Value));

    /// <summary>
    /// Every participant's result against the baseline. Calls without a baseline are skipped; a participant who scored
    /// none of the baseline's calls gets no result (they did not take part, which is not the same as failing).
    /// </summary>
    public static IReadOnlyList<ParticipantResult> Results(
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> scoresByParticipant,
        IReadOnlyDictionary<string, double> baseline,
        Tolerance tolerance)
    {
        var results = new List<ParticipantResult>();
        foreach (var (participant, scores) in scoresByParticipant.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var calls = scores.Where(s => baseline.ContainsKey(s.Key)).OrderBy(s => s.Key, StringComparer.Ordinal)
                .Select(s => Of(s.Key, s.Value, baseline[s.Key], tolerance)).ToList();
            if (calls.Count == 0) continue;
            var meanPercent = calls.Average(c => c.Percent);
            var meanPoints = calls.Average(c => c.Points);
            var passed = tolerance.Rule == PassRule.EveryCall
                ? calls.All(c => c.WithinTolerance)
                : (tolerance.Method == ToleranceMethod.Proportional ? meanPercent : meanPoints) <= tolerance.Limit + 1e-9;
            results.Add(new ParticipantResult(participant, calls.Count, meanPercent, meanPoints, calls.Max(c => c.Percent),
                calls.Max(c => c.Points), calls.Average(c => c.SignedPoints), passed, calls));
        }
        return results;
    }
}
