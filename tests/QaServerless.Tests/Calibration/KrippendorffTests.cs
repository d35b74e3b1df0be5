using QaServerless.Calibration;

namespace QaServerless.Tests.Calibration;

/// <summary>
/// α against the worked examples in K. Krippendorff, "Computing Krippendorff's Alpha-Reliability" (2011),
/// to three decimals, and against small cases computed by hand in the comments.
/// </summary>
public sealed class KrippendorffTests
{
    // The paper's section C example: 4 observers × 12 units, nominal values 1..5, missing data (null).
    private static readonly double?[][] PaperExample =
    [
        [1, 2, 3, 3, 2, 1, 4, 1, 2, null, null, null],
        [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, null, 3],
        [null, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, null],
        [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, null],
    ];

    [Theory]
    [InlineData(MeasurementLevel.Nominal, 0.743)]
    [InlineData(MeasurementLevel.Ordinal, 0.815)]
    [InlineData(MeasurementLevel.Interval, 0.849)]
    [InlineData(MeasurementLevel.Ratio, 0.797)]
    public void MatchesThePapersExampleWithMissingDataToThreeDecimals(MeasurementLevel level, double published)
    {
        var alpha = Krippendorff.Alpha(PaperExample, level);
        Assert.Equal(published, Math.Round(alpha!.Value, 3));
    }

    [Fact]
    public void MatchesThePapersTwoObserverBinaryExample()
    {
        // Section A of the paper: two observers, ten units, binary data, α = 0.095.
        double?[][] data =
        [
            [0, 1, 0, 0, 0, 0, 0, 0, 1, 0],
            [1, 1, 1, 0, 0, 1, 0, 0, 0, 0],
        ];
        Assert.Equal(0.095, Math.Round(Krippendorff.Alpha(data, MeasurementLevel.Nominal)!.Value, 3));
    }

    [Fact]
    public void ASingleMismatchAmongFourValuesGivesZeroByHand()
    {
        // Units {1,1} and {1,2}: o11 = 2, o12 = o21 = 1; n1 = 3, n2 = 1, n = 4.
        // α = 1 − (n − 1) Σ o_ck / Σ n_c n_k = 1 − 3 × 2 / (3 + 3) = 0.
        IReadOnlyList<double>[] units = [[1, 1], [1, 2]];
        Assert.Equal(0, Krippendorff.Alpha(units, MeasurementLevel.Nominal)!.Value, 12);
    }

    [Fact]
    public void IntervalAlphaWeighsHowFarApartTheValuesAreByHand()
    {
        // Units {0,2} and {2,2}: o02 = o20 = 1, o22 = 2; n0 = 1, n2 = 3, n = 4; δ²(0,2) = 4.
        // D_o ∝ Σ o δ² = 2 × 4 = 8; D_e ∝ Σ n_c n_k δ² = 2 × 1 × 3 × 4 = 24; α = 1 − 3 × 8 / 24 = 0.
        // With units {0,1} and {2,2} instead the mismatch is smaller relative to the spread: α > 0.
        IReadOnlyList<double>[] far = [[0, 2], [2, 2]];
        IReadOnlyList<double>[] near = [[0, 1], [2, 2]];
        Assert.Equal(0, Krippendorff.Alpha(far, MeasurementLevel.Interval)!.Value, 12);
        // near: values 0,1,2 with n = 1,1,2; o01 = o10 = 1, o22 = 2. Σ o δ² = 2 × 1 = 2.
        // Σ n_c n_k δ² = 2 × (1·1·1 + 1·2·4 + 1·2·1) = 22. α = 1 − 3 × 2 / 22 = 0.727.
        Assert.Equal(0.727, Math.Round(Krippendorff.Alpha(near, MeasurementLevel.Interval)!.Value, 3));
        // Nominally only "different or not" counts, but the expected disagreement grows with three categories:
        // n = 1, 1, 2 → Σ n_c n_k = 2 × (1 + 2 + 2) = 10; α = 1 − 3 × 2 / 10 = 0.4.
        Assert.Equal(0.4, Krippendorff.Alpha(near, MeasurementLevel.Nominal)!.Value, 12);
    }

    [Fact]
    public void PerfectAgreementIsOne()
    {
        IReadOnlyList<double>[] units = [[1, 1, 1], [0, 0], [1, 1]];
        Assert.Equal(1, Krippendorff.Alpha(units, MeasurementLevel.Nominal));
        Assert.Equal(1, Krippendorff.Alpha(units, MeasurementLevel.Interval));
    }

    [Fact]
    public void IsUndefinedWithoutVariationOrWithoutPairableValues()
    {
        IReadOnlyList<double>[] same = [[1, 1], [1, 1, 1]];
        IReadOnlyList<double>[] lonely = [[1], [2]];
        Assert.Null(Krippendorff.Alpha(same, MeasurementLevel.Nominal));
        Assert.Null(Krippendorff.Alpha(lonely, MeasurementLevel.Interval));
    }
}
