using MathNet.Numerics.Distributions;

namespace QaServerless.Sampling;

/// <summary>A 95 % interval, already bounded by what the quantity can be (0..100 for a score, 0..1 for a rate).</summary>
public sealed record Interval(double Low, double High);

/// <summary>
/// A rate with the count it rests on: <see cref="Count"/> of <see cref="Of"/> evaluations, the share when there is any,
/// and its 95 % Wilson interval from <see cref="Margins.MinimumEvaluations"/> evaluations on (null below).
/// </summary>
public sealed record RateEstimate(int Count, int Of, double? Share, Interval? Interval)
{
    public static RateEstimate From(int count, int of) => new(count, of,
        of > 0 ? Math.Round((double)count / of, 4) : null,
        of >= Margins.MinimumEvaluations ? Margins.Wilson(count, of) is { } w ? new Interval(Math.Round(w.Low, 4), Math.Round(w.High, 4)) : null : null);
}

/// <summary>
/// The statistics behind coverage (docs/sampling.md, "Coverage and the margin of error"), pure. Below
/// <see cref="MinimumEvaluations"/> nothing is estimated: two evaluations that happen to agree say nothing about spread.
/// </summary>
public static class Margins
{
    /// <summary>Fewer evaluations than this give no margin and no interval: the workbench reads "not enough evaluations".</summary>
    public const int MinimumEvaluations = 5;

    /// <summary>The two-sided 95 % normal quantile z(0.975) = 1.959964.</summary>
    public static readonly double Z975 = Normal.InvCDF(0, 1, 0.975);

    /// <summary>Student's t 97.5 % quantile for <paramref name="degreesOfFreedom"/> (MathNet's inverse CDF; t(0.975, 4) = 2.776).</summary>
    public static double StudentT975(int degreesOfFreedom) =>
        degreesOfFreedom < 1 ? double.NaN : StudentT.InvCDF(0, 1, degreesOfFreedom, 0.975);

    /// <summary>
    /// Wilson's score interval (Wilson 1927; Newcombe 1998, method 3) for <paramref name="successes"/> of <paramref name="n"/>:
    /// (p̂ + z²⁄2n ± z √(p̂(1 − p̂)⁄n + z²⁄4n²)) ÷ (1 + z²⁄n). Unlike p̂ ± z√(p̂(1−p̂)/n) it stays within 0..1 and does not
    /// shrink to nothing at 0 of n or n of n. Null for n = 0.
    /// </summary>
    public static Interval? Wilson(int successes, int n, double? z = null)
    {
        if (n <= 0 || successes < 0 || successes > n) return null;
        var q = z ?? Z975;
        var p = (double)successes / n;
        var z2n = q * q / n;
        var centre = (p + z2n / 2) / (1 + z2n);
        var half = q * Math.Sqrt(p * (1 - p) / n + z2n / (4 * n)) / (1 + z2n);
        return new Interval(Math.Max(0, centre - half), Math.Min(1, centre + half));
    }
}
