using QaServerless.Sampling;

namespace QaServerless.Tests.Sampling;

/// <summary>
/// The coverage margins against values published independently of this code: Student's t quantiles from the standard
/// table (NIST/SEMATECH e-Handbook of Statistical Methods, 1.3.6.7.2, "Critical values of the Student's t distribution",
/// upper-tail 0.025 column), Wilson intervals from Newcombe (1998), "Two-sided confidence intervals for the single
/// proportion: comparison of seven methods", Statistics in Medicine 17, 857–872, Table II, method 3.
/// </summary>
public sealed class MarginTests
{
    [Theory]
    [InlineData(1, 12.706)]
    [InlineData(2, 4.303)]
    [InlineData(4, 2.776)]
    [InlineData(9, 2.262)]
    [InlineData(29, 2.045)]
    [InlineData(60, 2.000)]
    [InlineData(100, 1.984)]
    public void TheTQuantileIsThePublishedOne(int degreesOfFreedom, double published) =>
        Assert.Equal(published, Margins.StudentT975(degreesOfFreedom), 3);

    [Theory]
    [InlineData(81, 263, 0.2553, 0.3662)]
    [InlineData(15, 148, 0.0624, 0.1605)]
    [InlineData(0, 20, 0.0000, 0.1611)]
    [InlineData(1, 29, 0.0061, 0.1718)]
    public void TheWilsonIntervalIsNewcombesTableTwo(int successes, int n, double low, double high)
    {
        var interval = Margins.Wilson(successes, n)!;
        Assert.Equal(low, interval.Low, 4);
        Assert.Equal(high, interval.High, 4);
    }

    [Fact]
    public void AllOrNoneOfFiveStillLeavesAWideWilsonInterval()
    {
        // 0 of 5: 0–0.4345; 5 of 5: 0.5655–1 (z = 1.96). A Wald interval would say 0 ± 0 and 1 ± 0.
        Assert.Equal((0.0, 0.4345), Round(RateEstimate.From(0, 5).Interval!));
        Assert.Equal((0.5655, 1.0), Round(RateEstimate.From(5, 5).Interval!));
        static (double, double) Round(Interval i) => (Math.Round(i.Low, 4), Math.Round(i.High, 4));
    }

    [Fact]
    public void BelowFiveEvaluationsARateKeepsItsCountButHasNoInterval()
    {
        var rate = RateEstimate.From(2, 2);
        Assert.Equal((2, 2, 1.0), (rate.Count, rate.Of, rate.Share!.Value));
        Assert.Null(rate.Interval);
        Assert.Null(RateEstimate.From(0, 0).Share);
    }

    [Theory]
    [InlineData(new double[] { 85 })]
    [InlineData(new double[] { 0, 0 })]
    [InlineData(new double[] { 100, 100 })]
    [InlineData(new double[] { 0, 100, 50, 50 })]
    public void BelowFiveScoresThereIsNoMargin(double[] scores) => Assert.Null(Coverage.MarginOfError(scores, 1000));

    [Theory]
    [InlineData(0.0)]
    [InlineData(80.0)]
    [InlineData(100.0)]
    public void FiveEqualScoresHaveNoObservedSpreadAndAnIntervalOfThatOneValue(double value)
    {
        double[] scores = [value, value, value, value, value];
        Assert.Equal(0, Coverage.MarginOfError(scores, 1000)!.Value);
        Assert.Equal(new Interval(value, value), Coverage.ScoreInterval(value, 0));
    }

    [Fact]
    public void TheIntervalIsCutToTheScale()
    {
        // 0, 0, 0, 0, 100: mean 20, s = √2000, s ÷ √5 = 20; t(0.975, 4) = 2.776 → ±55.5 (N = 10,000: FPC 0.9998).
        double[] scores = [0, 0, 0, 0, 100];
        var margin = Coverage.MarginOfError(scores, 10_000)!.Value;
        Assert.Equal(2.776 * 20 * Math.Sqrt(9_995.0 / 9_999), margin, tolerance: 0.02); // the table rounds t to 3 decimals (exact 2.7764)
        var interval = Coverage.ScoreInterval(20, margin)!;
        Assert.Equal(0, interval.Low);
        Assert.Equal(20 + margin, interval.High, 6);
        Assert.Equal(100, Coverage.ScoreInterval(95, margin)!.High);
    }
}
