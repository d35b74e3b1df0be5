using QaServerless.Calibration;

namespace QaServerless.Tests.Calibration;

public sealed class AgreementTests
{
    [Fact]
    public void PercentAgreementCountsAgreeingPairsOfAnswersOnTheSameCall()
    {
        // Call 1: yes, yes, yes → 6 ordered pairs, 6 agree. Call 2: yes, yes, no → 6 pairs, 2 agree. 8 / 12 = 66.7 %.
        IReadOnlyList<string>[] calls = [["yes", "yes", "yes"], ["yes", "yes", "no"], ["no"]];
        Assert.Equal(100.0 * 8 / 12, Agreement.PercentAgreement(calls)!.Value, 9);
    }

    [Fact]
    public void AnItemsAgreementReportsPercentAndBothAlphas()
    {
        // A yes/no item (1 = yes, 0 = no) on four calls by three participants; call 4 had one N/A.
        IReadOnlyList<double?>[] calls = [[1, 1, 1], [1, 1, 0], [0, 0, 0], [1, 1, null]];
        var item = Agreement.ForItem("greeting", calls);

        Assert.Equal(4, item.Calls);
        Assert.Equal(2, item.UnanimousCalls);
        // Pairs: 6 + 2 + 6 + 2 agreeing (1,1) of 6 each = 16 / 24.
        Assert.Equal(100.0 * 16 / 24, item.PercentAgreement!.Value, 9);
        // Interval (N/A missing): units {1,1,1},{1,1,0},{0,0,0},{1,1}: m = 3,3,3,2.
        // o11 = 6/2 + 2/2 + 2/1 = 6, o10 = o01 = 2/2 = 1, o00 = 6/2 = 3 → n1 = 7, n0 = 4, n = 11.
        // Binary: α = 1 − (n − 1) × 2 o01 / (2 n0 n1) = 1 − 10 × 2 / 56 = 0.643.
        Assert.Equal(1 - 10.0 * 2 / 56, item.AlphaInterval!.Value, 9);
        // Nominal (N/A a category): the N/A value adds disagreement, so α is lower.
        Assert.True(item.AlphaNominal < item.AlphaInterval);
    }

    [Fact]
    public void AnItemEverybodyAnsweredTheSameHasFullAgreementAndNoAlpha()
    {
        IReadOnlyList<double?>[] calls = [[1, 1], [1, 1, 1]];
        var item = Agreement.ForItem("closing", calls);
        Assert.Equal(100, item.PercentAgreement);
        Assert.Null(item.AlphaNominal); // no variation: α is undefined, not 1
    }
}
