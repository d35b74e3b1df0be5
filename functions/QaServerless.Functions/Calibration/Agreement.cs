namespace QaServerless.Calibration;

/// <summary>How well the participants agreed on one scorecard item across the session's calls.</summary>
/// <param name="PercentAgreement">Pairwise agreement, 0..100: agreeing pairs of answers on the same call ÷ all such pairs.</param>
/// <param name="UnanimousCalls">Calls on which everybody who answered the item gave the same answer.</param>
/// <param name="AlphaNominal">Krippendorff's α treating answers as categories (N/A is a category of its own); null when undefined.</param>
/// <param name="AlphaInterval">Krippendorff's α treating answers as points on a scale (N/A is missing); null when undefined.</param>
public sealed record ItemAgreement(string ItemId, int Calls, int PairableCalls, double? PercentAgreement, int UnanimousCalls,
    double? AlphaNominal, double? AlphaInterval);

/// <summary>Percent agreement and Krippendorff's α per item (docs/calibration.md, "Agreement per item").</summary>
public static class Agreement
{
    /// <summary>
    /// Pairwise percent agreement over units (calls), each given as the answers it received.
    /// Every call with at least two answers contributes m (m − 1) ordered pairs; null when no call has two answers.
    /// </summary>
    public static double? PercentAgreement<T>(IEnumerable<IReadOnlyList<T>> units)
    {
        double agreeing = 0, pairs = 0;
        foreach (var unit in units.Where(u => u.Count >= 2))
        {
            pairs += unit.Count * (unit.Count - 1);
            agreeing += unit.GroupBy(v => v).Sum(g => g.Count() * (g.Count() - 1));
        }
        return pairs == 0 ? null : 100 * agreeing / pairs;
    }

    /// <summary>
    /// Agreement on one item. Each call lists the answers it received: a number of points, or null for N/A.
    /// </summary>
    public static ItemAgreement ForItem(string itemId, IReadOnlyList<IReadOnlyList<double?>> answersPerCall)
    {
        // N/A is an answer (it removes the item from the score) and disagreeing about it matters, so it is a nominal
        // category; on the interval scale it has no position and is left out as missing.
        var nominal = answersPerCall.Select(c => (IReadOnlyList<double>)c.Select(a => a ?? double.NaN).ToList()).ToList();
        var interval = answersPerCall.Select(c => (IReadOnlyList<double>)c.Where(a => a.HasValue).Select(a => a!.Value).ToList()).ToList();
        var categories = answersPerCall.Select(c => (IReadOnlyList<string>)c.Select(a => a?.ToString("R", System.Globalization.CultureInfo.InvariantCulture) ?? "n/a").ToList());
        return new ItemAgreement(
            itemId,
            answersPerCall.Count,
            answersPerCall.Count(c => c.Count >= 2),
            PercentAgreement(categories),
            answersPerCall.Count(c => c.Count >= 2 && c.Distinct().Count() == 1),
            Krippendorff.Alpha(nominal, MeasurementLevel.Nominal),
            Krippendorff.Alpha(interval, MeasurementLevel.Interval));
    }
}
