using QaServerless.Calibration;

namespace QaServerless.Tests.Calibration;

public sealed class SuggestionTests
{
    private static readonly DateTimeOffset Day = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void CallsAreRankedByDisagreementWithContestedItemsCountingDouble()
    {
        DisagreementSignal[] signals =
        [
            new("k1", "appeal upheld", 3, ["verify"], Day),                 // 3
            new("k2", "AI and inspector disagree", 1, ["greet"], Day),       // 1 × 2 (greet is contested) = 2
            new("k2", "AI and inspector disagree", 1, ["close"], Day.AddDays(1)), // + 1 = 3, and more recent than k1
            new("k3", "AI and inspector disagree", 1, ["close"], Day),       // 1
            new("k4", "appeal upheld", 3, ["greet"], Day),                   // 6, but already calibrated
        ];
        var contested = new HashSet<string> { "greet" };
        var ranked = CalibrationSuggestions.Rank(signals, contested, new HashSet<string> { "k4" }, count: 3);

        Assert.Equal(["k2", "k1", "k3"], ranked.Select(c => c.CallId));
        Assert.Equal(3, ranked[0].Weight);
        Assert.Equal(["close", "greet"], ranked[0].ItemIds);
        Assert.Equal(["AI and inspector disagree"], ranked[0].Reasons);
    }

    [Fact]
    public void AnItemIsContestedWhenItsLatestSessionShowedLowAgreement()
    {
        CalibrationStore.ItemAgreementRow[] rows =
        [
            new("s1", "sc", "greet", Day, 60, 0.2),          // low then …
            new("s2", "sc", "greet", Day.AddMonths(1), 95, 0.9), // … fine now: not contested
            new("s2", "sc", "verify", Day.AddMonths(1), 85, 0.5), // α below 0.667
            new("s2", "sc", "solve", Day.AddMonths(1), 70, null), // below 80 % agreement
            new("s2", "sc", "close", Day.AddMonths(1), 100, null),
        ];
        Assert.Equal(new HashSet<string> { "verify", "solve" }, CalibrationSuggestions.ContestedItems(rows));
    }
}
