namespace QaServerless.Calibration;

/// <summary>How far apart two values are for Krippendorff's α: the metric δ² of the level of measurement.</summary>
public enum MeasurementLevel { Nominal, Ordinal, Interval, Ratio }

/// <summary>
/// Krippendorff's α reliability coefficient over a reliability data matrix (observers × units, missing values allowed),
/// computed through the coincidence matrix as in K. Krippendorff, "Computing Krippendorff's Alpha-Reliability" (2011):
/// α = 1 − D_o / D_e, with D_o = Σ o_ck δ²_ck / n and D_e = Σ n_c n_k δ²_ck / (n (n − 1)).
/// Units with fewer than two values are not pairable and are left out, as the paper prescribes.
/// </summary>
public static class Krippendorff
{
    /// <summary>
    /// α for units given as the values they received (one list per unit, missing values simply absent).
    /// Null when α is undefined: fewer than two pairable values, or no variation at all (D_e = 0, every value the same).
    /// </summary>
    public static double? Alpha(IEnumerable<IReadOnlyList<double>> units, MeasurementLevel level)
    {
        var pairable = units.Where(u => u.Count >= 2).ToList();
        var values = pairable.SelectMany(u => u).Distinct().Order().ToArray();
        if (values.Length == 0) return null;
        var index = values.Select((v, i) => (v, i)).ToDictionary(x => x.v, x => x.i);
        var k = values.Length;

        // Coincidence matrix: each ordered pair of values within a unit adds 1 / (m_u − 1).
        var o = new double[k, k];
        foreach (var unit in pairable)
        {
            var weight = 1.0 / (unit.Count - 1);
            for (var i = 0; i < unit.Count; i++)
            for (var j = 0; j < unit.Count; j++)
                if (i != j) o[index[unit[i]], index[unit[j]]] += weight;
        }
        var nc = new double[k];
        for (var c = 0; c < k; c++)
        for (var d = 0; d < k; d++) nc[c] += o[c, d];
        var n = nc.Sum();

        double observed = 0, expected = 0;
        for (var c = 0; c < k; c++)
        for (var d = 0; d < k; d++)
        {
            if (c == d) continue;
            var delta = DeltaSquared(level, values, nc, c, d);
            observed += o[c, d] * delta;
            expected += nc[c] * nc[d] * delta;
        }
        if (expected == 0) return null;
        return 1 - (n - 1) * observed / expected;
    }

    /// <summary>α for a matrix of observers (rows) × units (columns); null marks a missing value.</summary>
    public static double? Alpha(IReadOnlyList<IReadOnlyList<double?>> observersByUnits, MeasurementLevel level)
    {
        var unitCount = observersByUnits.Count == 0 ? 0 : observersByUnits.Max(r => r.Count);
        var units = Enumerable.Range(0, unitCount)
            .Select(u => (IReadOnlyList<double>)observersByUnits.Where(r => u < r.Count && r[u].HasValue).Select(r => r[u]!.Value).ToList());
        return Alpha(units, level);
    }

    private static double DeltaSquared(MeasurementLevel level, double[] values, double[] nc, int c, int k) => level switch
    {
        MeasurementLevel.Nominal => 1,
        MeasurementLevel.Interval => Math.Pow(values[c] - values[k], 2),
        MeasurementLevel.Ratio => values[c] + values[k] == 0 ? 0 : Math.Pow((values[c] - values[k]) / (values[c] + values[k]), 2),
        // Ordinal: the number of values between c and k (inclusive), less half of c's and k's own frequencies.
        MeasurementLevel.Ordinal => Math.Pow(Enumerable.Range(Math.Min(c, k), Math.Abs(c - k) + 1).Sum(g => nc[g]) - (nc[c] + nc[k]) / 2, 2),
        _ => throw new ArgumentOutOfRangeException(nameof(level)),
    };
}
