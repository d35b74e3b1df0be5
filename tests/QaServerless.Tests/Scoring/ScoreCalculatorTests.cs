using QaServerless.Scorecards;
using QaServerless.Scoring;
using static QaServerless.Scoring.ItemAnswer;
using static QaServerless.Tests.Scoring.ScoringExamples;

namespace QaServerless.Tests.Scoring;

/// <summary>Worked examples, computed by hand in the comments.</summary>
public sealed class ScoreCalculatorTests
{
    [Fact]
    public void WeightsScaleItemsAndNotApplicableFollowTheFormulaByHand()
    {
        // greet 1×2 = 2 of 2; verify 0×3 = 0 of 3; solve 3×5 = 15 of 4×5 = 20; close N/A (out of both sums);
        // disclose 1×2 = 2 of 2. Σ earned = 19, Σ possible = 27 → 19 ÷ 27 × 100 = 70.370… → 70.37, band pass.
        var result = ScoreCalculator.Score(Standard(), [Yes("greet"), No("verify"), Scale("solve", 3), NA("close"), Yes("disclose"), Yes("empathy")]);

        Assert.Equal(19m, result.EarnedPoints);
        Assert.Equal(27m, result.PossiblePoints);
        Assert.Equal(70.37m, result.Score);
        Assert.Equal(Band.Pass, result.Band);
        Assert.False(result.HasCriticalError);
        Assert.Equal(["verify", "solve"], result.DeductedItemIds);
    }

    [Fact]
    public void AnsweringTheNotApplicableItemPutsItBackInTheDenominator()
    {
        // As above but close answered yes: earned 19 + 1 = 20, possible 27 + 1 = 28 → 71.428… → 71.43.
        var result = ScoreCalculator.Score(Standard(), [Yes("greet"), No("verify"), Scale("solve", 3), Yes("close"), Yes("disclose"), Yes("empathy")]);
        Assert.Equal(71.43m, result.Score);

        // close answered no: earned 19, possible 28 → 67.857… → 67.86.
        var no = ScoreCalculator.Score(Standard(), [Yes("greet"), No("verify"), Scale("solve", 3), No("close"), Yes("disclose"), Yes("empathy")]);
        Assert.Equal(67.86m, no.Score);
    }

    [Fact]
    public void AFullScoreIsAHundredAndExcellent()
    {
        var result = ScoreCalculator.Score(Standard(), [Yes("greet"), Yes("verify"), Scale("solve", 4), Yes("close"), Yes("disclose"), Yes("empathy")]);
        Assert.Equal(100m, result.Score);
        Assert.Equal(Band.Excellent, result.Band);
    }

    [Fact]
    public void AWarningIsCountedButNeverDeducts()
    {
        var clean = ScoreCalculator.Score(Standard(), [Yes("greet"), Yes("verify"), Scale("solve", 2), Yes("close"), Yes("disclose"), Yes("empathy")]);
        var warned = ScoreCalculator.Score(Standard(), [Yes("greet"), Yes("verify"), Scale("solve", 2), Yes("close"), Yes("disclose"), No("empathy")]);

        // solve 2×5 = 10 of 20: earned 2+3+10+1+2 = 18, possible 28 → 64.29 both times.
        Assert.Equal(64.29m, clean.Score);
        Assert.Equal(clean.Score, warned.Score);
        Assert.Equal(0, clean.Warnings);
        Assert.Equal(1, warned.Warnings);
        Assert.Equal(["empathy"], warned.WarningItemIds);
    }

    [Fact]
    public void ACriticalErrorFailsTheEvaluationWithScoreZeroByDefault()
    {
        // Everything else perfect: raw = (2+3+20+1+0) ÷ 28 = 92.857… → 92.86, but disclose (compliance-critical) failed.
        var result = ScoreCalculator.Score(Standard(), [Yes("greet"), Yes("verify"), Scale("solve", 4), Yes("close"), No("disclose"), Yes("empathy")]);

        Assert.Equal(92.86m, result.RawScore);
        Assert.Equal(0m, result.Score);
        Assert.Equal(Band.Fail, result.Band);
        Assert.False(result.Passed);
        Assert.Equal(1, result.CriticalErrors[CriticalClass.Compliance]);
        Assert.Equal(0, result.CriticalErrors[CriticalClass.Customer]);
        Assert.Equal(0, result.CriticalErrors[CriticalClass.Business]);
        Assert.Equal(["disclose"], result.CriticalItemIds);
    }

    [Fact]
    public void AConfiguredCapLimitsTheScoreOfACriticalErrorAndItStillFails()
    {
        var capped = Standard(new ScoringRules { CriticalCap = 50 });
        // raw 92.86 → capped at 50, fail.
        var high = ScoreCalculator.Score(capped, [Yes("greet"), Yes("verify"), Scale("solve", 4), Yes("close"), No("disclose")]);
        Assert.Equal(50m, high.Score);
        Assert.Equal(Band.Fail, high.Band);

        // raw below the cap stays: greet 2, verify 0, solve 1×5 = 5, close 0, disclose 0 → 7 ÷ 28 = 25.00.
        var low = ScoreCalculator.Score(capped, [Yes("greet"), No("verify"), Scale("solve", 1), No("close"), No("disclose")]);
        Assert.Equal(25m, low.Score);
        Assert.Equal(Band.Fail, low.Band);
    }

    [Theory]
    [InlineData(CriticalClass.Customer)]
    [InlineData(CriticalClass.Business)]
    [InlineData(CriticalClass.Compliance)]
    public void EachCriticalClassIsCountedInItsOwnClass(CriticalClass cls)
    {
        var card = Card(null, YesNo("a", 1, critical: CriticalClass.Customer), YesNo("b", 1, critical: CriticalClass.Business),
            YesNo("c", 1, critical: CriticalClass.Compliance), YesNo("d", 1));
        var failing = cls switch { CriticalClass.Customer => "a", CriticalClass.Business => "b", _ => "c" };
        var answers = new[] { "a", "b", "c", "d" }.Select(id => id == failing ? No(id) : Yes(id));

        var result = ScoreCalculator.Score(card, answers);

        Assert.Equal(0m, result.Score);
        foreach (var c in Enum.GetValues<CriticalClass>()) Assert.Equal(c == cls ? 1 : 0, result.CriticalErrors[c]);
    }

    [Fact]
    public void TwoCriticalErrorsInTwoClassesAreBothCounted()
    {
        var card = Card(null, YesNo("a", 1, critical: CriticalClass.Customer), YesNo("b", 1, critical: CriticalClass.Business), YesNo("d", 1));
        var result = ScoreCalculator.Score(card, [No("a"), No("b"), Yes("d")]);
        Assert.Equal(1, result.CriticalErrors[CriticalClass.Customer]);
        Assert.Equal(1, result.CriticalErrors[CriticalClass.Business]);
        Assert.Equal(2, result.CriticalItemIds.Count);
    }

    [Theory]
    [InlineData(100, Band.Excellent)]
    [InlineData(90, Band.Excellent)]
    [InlineData(89.99, Band.Good)]
    [InlineData(80, Band.Good)]
    [InlineData(79.99, Band.Pass)]
    [InlineData(60, Band.Pass)]
    [InlineData(59.99, Band.Fail)]
    [InlineData(0, Band.Fail)]
    public void DefaultBandsAreNinetyEightySixty(double score, Band band) =>
        Assert.Equal(band, ScoreCalculator.BandOf((decimal)score, ScoringRules.Default));

    [Theory]
    [InlineData(95, Band.Excellent)]
    [InlineData(94, Band.Good)]
    [InlineData(85, Band.Good)]
    [InlineData(70, Band.Pass)]
    [InlineData(69.5, Band.Fail)]
    public void BandsAreConfigurable(double score, Band band) =>
        Assert.Equal(band, ScoreCalculator.BandOf((decimal)score, new ScoringRules { ExcellentFrom = 95, GoodFrom = 85, PassFrom = 70 }));

    [Fact]
    public void BandsApplyToTheComputedScore()
    {
        // 8 yes/no items of weight 1, 7 yes → 87.5 → good; 5 yes → 62.5 → pass; 4 yes → 50 → fail.
        var card = Card(null, Enumerable.Range(1, 8).Select(i => YesNo($"i{i}", 1)).ToArray());
        Band BandWith(int yes) => ScoreCalculator.Score(card, Enumerable.Range(1, 8).Select(i => i <= yes ? Yes($"i{i}") : No($"i{i}"))).Band;
        Assert.Equal(Band.Good, BandWith(7));
        Assert.Equal(Band.Pass, BandWith(5));
        Assert.Equal(Band.Fail, BandWith(4));
    }

    [Fact]
    public void SubmissionNeedsEveryItemAnsweredAndRefusesBadAnswers()
    {
        var card = Standard();
        var errors = ScoreCalculator.CheckAnswers(card, [Yes("greet"), NA("verify"), Scale("solve", 5), Yes("nope")], requireAll: true);

        Assert.Contains("answers[1].notApplicable", errors.Keys); // verify cannot be N/A
        Assert.Contains("answers[2].points", errors.Keys);        // solve takes 0..4
        Assert.Contains("answers[3].itemId", errors.Keys);        // unknown item
        Assert.Contains("disclose", errors["answers"][0]);          // missing
    }

    [Fact]
    public void ADraftMayBeIncomplete()
    {
        Assert.Empty(ScoreCalculator.CheckAnswers(Standard(), [Yes("greet")], requireAll: false));
    }

    [Fact]
    public void AnEvaluationWhereEveryScoringItemIsNotApplicableCannotBeSubmitted()
    {
        var card = Card(null, YesNo("a", 1, na: true), Warning("w"));
        var errors = ScoreCalculator.CheckAnswers(card, [NA("a"), Yes("w")], requireAll: true);
        Assert.Contains("answers", errors.Keys);
    }
}
