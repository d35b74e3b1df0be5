namespace QaServerless.Ai.Agreement;

/// <summary>
/// One released human answer next to the AI suggestion for the same call and item. Labels are points as text or "na";
/// "deduction" (points below the maximum) is the positive class for precision and recall: a QA suggestion is useful
/// when it finds the problems humans find.
/// </summary>
public sealed record AgreementPair(string ItemId, string AiLabel, string HumanLabel, bool AiDeduction, bool HumanDeduction);

public enum SuggestionGate { Probation, Trusted, Hidden }

public sealed record ItemAgreement(
    string ItemId, int Pairs, int TruePositives, int FalsePositives, int FalseNegatives, int TrueNegatives,
    double? Precision, double? Recall, double? F1, double? Kappa, double ObservedAgreement, SuggestionGate Gate)
{
    public bool ShowsSuggestions => Gate != SuggestionGate.Hidden;
}

/// <summary>Precision, recall, F1 on the deduction class and Cohen's κ on the full answer labels. Pure.</summary>
public static class AgreementMath
{
    public static ItemAgreement Compute(string itemId, IReadOnlyList<AgreementPair> pairs, double kappaThreshold, int minPairs)
    {
        int tp = 0, fp = 0, fn = 0, tn = 0;
        foreach (var p in pairs)
        {
            if (p.AiDeduction && p.HumanDeduction) tp++;
            else if (p.AiDeduction) fp++;
            else if (p.HumanDeduction) fn++;
            else tn++;
        }
        double? precision = tp + fp == 0 ? null : (double)tp / (tp + fp);
        double? recall = tp + fn == 0 ? null : (double)tp / (tp + fn);
        double? f1 = precision is { } pr && recall is { } re && pr + re > 0 ? 2 * pr * re / (pr + re) : null;
        var (kappa, observed) = CohensKappa(pairs.Select(p => (p.AiLabel, p.HumanLabel)).ToList());
        // κ is undefined when AI and humans gave one and the same answer every time: never wrong, but never shown to
        // tell a good call from a bad one either. Such an item stays on probation (shown, labelled) rather than hidden.
        var gate = pairs.Count < minPairs ? SuggestionGate.Probation
            : kappa is { } k ? (k >= kappaThreshold ? SuggestionGate.Trusted : SuggestionGate.Hidden)
            : observed == 1 ? SuggestionGate.Probation : SuggestionGate.Hidden;
        return new ItemAgreement(itemId, pairs.Count, tp, fp, fn, tn, precision, recall, f1, kappa, observed, gate);
    }

    /// <summary>
    /// κ = (pₒ − pₑ) ÷ (1 − pₑ), pₒ the share of equal labels, pₑ = Σ over labels of the product of each rater's share.
    /// Undefined (null) with no pairs, or when both raters used one and the same label throughout (pₑ = 1).
    /// </summary>
    public static (double? Kappa, double Observed) CohensKappa(IReadOnlyList<(string A, string B)> pairs)
    {
        if (pairs.Count == 0) return (null, 0);
        double n = pairs.Count;
        var observed = pairs.Count(p => p.A == p.B) / n;
        var aCounts = pairs.GroupBy(p => p.A).ToDictionary(g => g.Key, g => g.Count());
        var bCounts = pairs.GroupBy(p => p.B).ToDictionary(g => g.Key, g => g.Count());
        var expected = aCounts.Sum(a => a.Value / n * (bCounts.TryGetValue(a.Key, out var b) ? b / n : 0));
        if (Math.Abs(1 - expected) < 1e-12) return (null, observed);
        return ((observed - expected) / (1 - expected), observed);
    }
}
