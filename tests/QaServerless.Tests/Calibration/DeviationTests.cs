using QaServerless.Calibration;

namespace QaServerless.Tests.Calibration;

public sealed class DeviationTests
{
    private static IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> Scores(params (string who, (string call, double score)[] calls)[] people) =>
        people.ToDictionary(p => p.who, p => (IReadOnlyDictionary<string, double>)p.calls.ToDictionary(c => c.call, c => c.score));

    [Theory]
    // baseline 80: 82 → 2 points, 2.5 %; 77 → 3 points, 3.75 %; 84 → 4 points, exactly 5 %.
    [InlineData(82, 2, 2.5, true, true)]
    [InlineData(77, 3, 3.75, false, true)]
    [InlineData(84, 4, 5.0, false, true)]
    [InlineData(85, 5, 6.25, false, false)]
    public void ProportionalDeviationIsTheDifferenceOverTheBaseline(double score, double points, double percent, bool within3, bool within5)
    {
        var at3 = Deviation.Of("c1", score, 80, new Tolerance(ToleranceMethod.Proportional, 3));
        var at5 = Deviation.Of("c1", score, 80, new Tolerance(ToleranceMethod.Proportional, 5));
        Assert.Equal(points, at3.Points, 9);
        Assert.Equal(percent, at3.Percent, 9);
        Assert.Equal(within3, at3.WithinTolerance);
        Assert.Equal(within5, at5.WithinTolerance);
    }

    [Fact]
    public void ScoreDifferenceMethodComparesPoints()
    {
        var tolerance = new Tolerance(ToleranceMethod.ScoreDifference, 3);
        Assert.True(Deviation.Of("c1", 63, 60, tolerance).WithinTolerance);   // 3 points (5 % of 60)
        Assert.False(Deviation.Of("c1", 96, 92, tolerance).WithinTolerance);  // 4 points (4.3 % of 92)
        Assert.Equal(-4, Deviation.Of("c1", 88, 92, tolerance).SignedPoints);  // stricter than the baseline
    }

    [Fact]
    public void AZeroBaselineIsMeasuredAgainstTheWholeScale()
    {
        // The group agreed a critical error (score 0); a participant who missed it and gave 10 is 10 % of 100 off.
        var d = Deviation.Of("c1", 10, 0, Tolerance.Default);
        Assert.Equal(10, d.Percent, 9);
        Assert.False(d.WithinTolerance);
        Assert.True(Deviation.Of("c1", 0, 0, Tolerance.Default).WithinTolerance);
    }

    [Fact]
    public void ConsensusIsTheMeanScoreAndEachParticipantIsJudgedOnTheirMeanDeviation()
    {
        var scores = Scores(
            ("ana", [("c1", 90), ("c2", 70)]),
            ("bo", [("c1", 80), ("c2", 80)]),
            ("cy", [("c1", 85), ("c2", 75)]));
        var consensus = Deviation.Consensus(scores);
        Assert.Equal(85, consensus["c1"], 9);
        Assert.Equal(75, consensus["c2"], 9);

        var results = Deviation.Results(scores, consensus, new Tolerance(ToleranceMethod.Proportional, 5)).ToDictionary(r => r.ParticipantId);
        // ana: |90 − 85| / 85 = 5.882 %, |70 − 75| / 75 = 6.667 % → mean 6.275 % > 5 %: fails.
        Assert.Equal((5.0 / 85 + 5.0 / 75) / 2 * 100, results["ana"].MeanPercent, 9);
        Assert.Equal(5, results["ana"].MeanPoints, 9);
        Assert.Equal(0, results["ana"].MeanSignedPoints, 9);
        Assert.False(results["ana"].Passed);
        Assert.False(results["bo"].Passed);
        Assert.True(results["cy"].Passed);
        Assert.Equal(0, results["cy"].MaxPercent, 9);
    }

    [Fact]
    public void TheEveryCallRuleFailsOneCallOutOfToleranceEvenWhenTheMeanIsWithin()
    {
        // Against an expert's 80 and 90: 80 (0 %) and 85 (5.56 %) → mean 2.78 %.
        var scores = Scores(("ana", [("c1", 80), ("c2", 85)]));
        var baseline = new Dictionary<string, double> { ["c1"] = 80, ["c2"] = 90 };
        Assert.True(Deviation.Results(scores, baseline, new Tolerance(ToleranceMethod.Proportional, 3, PassRule.Mean)).Single().Passed);
        Assert.False(Deviation.Results(scores, baseline, new Tolerance(ToleranceMethod.Proportional, 3, PassRule.EveryCall)).Single().Passed);
    }

    [Fact]
    public void SomebodyWhoScoredNoBaselineCallHasNoResult()
    {
        var scores = Scores(("ana", [("c1", 80)]), ("bo", [("c9", 80)]));
        var results = Deviation.Results(scores, new Dictionary<string, double> { ["c1"] = 80 }, Tolerance.Default);
        Assert.Equal(["ana"], results.Select(r => r.ParticipantId));
    }

    [Theory]
    [InlineData(0, ToleranceMethod.Proportional)]
    [InlineData(-3, ToleranceMethod.ScoreDifference)]
    [InlineData(101, ToleranceMethod.Proportional)]
    public void AToleranceMustBePositiveAndAtMostAHundred(double limit, ToleranceMethod method) =>
        Assert.Contains("tolerance.limit", new Tolerance(method, limit).Validate().Keys);
}
