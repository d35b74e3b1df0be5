using QaServerless.Evaluations;

namespace QaServerless.Kpis;

/// <summary>What one released evaluation adds to the QA KPIs of its groups. Scores are kept in hundredths (exact sums).</summary>
public static class EvaluationContribution
{
    public static Counters Of(EvaluationFact fact)
    {
        var hundredths = (long)Math.Round(fact.Score * 100m, MidpointRounding.AwayFromZero);
        var c = new Counters()
            .Add(K.Evaluations, 1).Add(K.ScoreHundredths, hundredths).Add(K.ScoreSquaredHundredths, hundredths * hundredths / 100)
            .Add(K.Passed, fact.Passed ? 1 : 0).Add(K.BandCount(fact.Band.ToString()), 1)
            .Add(K.ScorecardVersion(fact.ScorecardId, fact.ScorecardVersion), 1);
        foreach (var (criticalClass, count) in fact.CriticalErrors.Where(kv => kv.Value > 0)) c.Add(K.WithCritical(criticalClass.ToString()), 1);
        // Once per evaluation whatever the classes: the per-class counts cannot give it (one evaluation may have two classes).
        if (fact.CriticalErrors.Values.Any(v => v > 0)) c.Add(K.WithAnyCritical, 1);
        foreach (var item in fact.DeductedItemIds) c.Add(K.Deducted(item), 1);
        foreach (var item in fact.WarningItemIds) c.Add(K.Warned(item), 1);
        if (fact.AppealUpheld is { } upheld) c.Add(K.AppealsDecided, 1).Add(K.AppealsUpheld, upheld ? 1 : 0);
        // Item-level disputes: upheld items counted on the decided fact only (an open appeal raises no fact).
        c.Add(K.ItemsEvaluated, fact.ItemsEvaluated);
        if (fact.AppealUpheld is not null) c.Add(K.ItemsDisputed, fact.ItemsDisputed).Add(K.ItemsUpheld, fact.ItemsUpheld);
        return c;
    }

    /// <summary>
    /// What the fact adds to its inspector's row on top: scoring errors charged by upheld appeals, one per upheld item
    /// (a fact stored before item-level disputes carries no count: one, as then).
    /// </summary>
    public static Counters ForInspector(EvaluationFact fact) =>
        Of(fact).Add(K.ScoringErrors, fact.ScoringErrorChargedTo == fact.InspectorId ? Math.Max(1, fact.ScoringErrors) : 0);
}
