using QaServerless.Scorecards;
using QaServerless.Scoring;
using static QaServerless.Scoring.ItemAnswer;
using static QaServerless.Tests.Scoring.ScoringExamples;

namespace QaServerless.Tests.Scoring;

/// <summary>
/// Worked examples of the new rule (issue 18): the weight is the item's share of the card, a scale answer earns its
/// fraction of it. score = Σ(weight × points ÷ possible) ÷ Σ(weight) × 100. The arithmetic is done by hand in the comments.
/// </summary>
public sealed class ItemShareScoringTests
{
    private static readonly ItemAnswer[] SolveThree = [Yes("greet"), No("verify"), Scale("solve", 3), NA("close"), Yes("disclose"), Yes("empathy")];

    [Fact]
    public void AScaleItemEarnsItsFractionOfItsWeightNextToYesNoNotApplicableAndACriticalItem()
    {
        // greet 2 × 1/1 = 2; verify 3 × 0/1 = 0; solve 5 × 3/4 = 3.75; close N/A (out of both sums); disclose 2 × 1/1 = 2;
        // empathy is a warning (no place in the sums). Σ earned = 7.75, Σ weight = 2 + 3 + 5 + 2 = 12 → 64.583… → 64.58, pass.
        // (The old rule gave this evaluation 70.37: solve counted 20 of 27 points instead of 5 of 12 weight.)
        var result = ScoreCalculator.Score(StandardByShare(), SolveThree);

        Assert.Equal(7.75m, result.EarnedPoints);
        Assert.Equal(12m, result.PossiblePoints);
        Assert.Equal(64.58m, result.Score);
        Assert.Equal(Band.Pass, result.Band);
        Assert.Equal(["verify", "solve"], result.DeductedItemIds);
        Assert.Equal(70.37m, ScoreCalculator.Score(Standard(), SolveThree).Score);
    }

    [Fact]
    public void TheCriticalItemFailedStillFailsTheEvaluationUnderTheNewRule()
    {
        // As above with disclose (compliance-critical) answered no: raw = (2 + 0 + 3.75 + 0) ÷ 12 = 47.916… → 47.92;
        // the critical error caps the score at 0 and the band is Fail.
        var result = ScoreCalculator.Score(StandardByShare(), [Yes("greet"), No("verify"), Scale("solve", 3), NA("close"), No("disclose")]);

        Assert.Equal(47.92m, result.RawScore);
        Assert.Equal(0m, result.Score);
        Assert.Equal(Band.Fail, result.Band);
        Assert.Equal(1, result.CriticalErrors[CriticalClass.Compliance]);
    }

    [Fact]
    public void AnsweringTheNotApplicableItemAddsItsWeightToTheDenominator()
    {
        // close answered yes: earned 7.75 + 1 = 8.75 of 13 → 67.307… → 67.31; answered no: 7.75 of 13 → 59.615… → 59.62, fail.
        Assert.Equal(67.31m, ScoreCalculator.Score(StandardByShare(), [Yes("greet"), No("verify"), Scale("solve", 3), Yes("close"), Yes("disclose")]).Score);
        var no = ScoreCalculator.Score(StandardByShare(), [Yes("greet"), No("verify"), Scale("solve", 3), No("close"), Yes("disclose")]);
        Assert.Equal(59.62m, no.Score);
        Assert.Equal(Band.Fail, no.Band);
    }

    [Fact]
    public void AFinerScaleForTheSameItemLeavesTheScoreAsItWasUnderTheNewRuleOnly()
    {
        // solve on 0..8 answered 6 is the same judgement as 3 of 4. New rule: 5 × 6/8 = 3.75 again → 64.58.
        // Old rule: (2 + 0 + 6 × 5 + 2) ÷ (2 + 3 + 8 × 5 + 2) = 34 ÷ 47 = 72.34: the item grew from 20 to 40 points.
        ItemAnswer[] six = [Yes("greet"), No("verify"), Scale("solve", 6), NA("close"), Yes("disclose")];
        Assert.Equal(64.58m, ScoreCalculator.Score(StandardByShare(solveMax: 8), six).Score);
        Assert.Equal(72.34m, ScoreCalculator.Score(Standard(solveMax: 8), six).Score);
    }

    [Fact]
    public void YesNoOnlyCardsScoreTheSameUnderBothRules()
    {
        // weights 2, 3, 1: yes, no, yes → (2 + 1) ÷ 6 = 50.00 either way.
        var items = new[] { YesNo("a", 2), YesNo("b", 3), YesNo("c", 1) };
        ItemAnswer[] answers = [Yes("a"), No("b"), Yes("c")];
        Assert.Equal(50m, ScoreCalculator.Score(Card(WeightedPoints, items), answers).Score);
        Assert.Equal(50m, ScoreCalculator.Score(Card(ItemShare, items), answers).Score);
    }

    /// <summary>opening 20 % (greet, intro), solving 50 % (solve 0..4), holding 10 % (hold, N/A allowed), compliance 20 % (disclose, critical).</summary>
    private static Scorecard Sectioned() => new()
    {
        CenterId = "c1", ScorecardId = "sections", Name = "Sections", Rules = ItemShare,
        Sections =
        [
            Section("opening", 20, YesNo("greet", 1), YesNo("intro", 1)),
            Section("solving", 50, Scale("solve", 1, 4)),
            Section("holding", 10, YesNo("hold", 1, na: true)),
            Section("compliance", 20, YesNo("disclose", 1, critical: CriticalClass.Compliance)),
        ],
    };

    [Fact]
    public void SectionWeightsGiveEachSectionItsShareAndAWhollyNotApplicableSectionLeavesBothSums()
    {
        // opening 20 × (1 + 0) ÷ 2 = 10; solving 50 × (1 × 3/4) ÷ 1 = 37.5; holding N/A: out; compliance 20 × 1 = 20.
        // Σ = 67.5 of 20 + 50 + 20 = 90 → 75.00. With hold answered yes: + 10 of + 10 → 77.5 ÷ 100 = 77.50.
        var na = ScoreCalculator.Score(Sectioned(), [Yes("greet"), No("intro"), Scale("solve", 3), NA("hold"), Yes("disclose")]);
        Assert.Equal(67.5m, na.EarnedPoints);
        Assert.Equal(90m, na.PossiblePoints);
        Assert.Equal(75m, na.Score);
        Assert.Equal(77.5m, ScoreCalculator.Score(Sectioned(), [Yes("greet"), No("intro"), Scale("solve", 3), Yes("hold"), Yes("disclose")]).Score);
    }

    [Fact]
    public void SectionWeightsAreAllOrNothingAndNeedTheNewRule()
    {
        var card = Sectioned() with { Sections = [.. Sectioned().Sections.Take(3), Sectioned().Sections[3] with { Weight = null }] };
        Assert.Contains("sections[3].weight", ScorecardValidation.Validate(card).Keys);
        Assert.Contains("sections[0].weight", ScorecardValidation.Validate(Sectioned() with { Rules = WeightedPoints }).Keys);
        Assert.Empty(ScorecardValidation.Validate(Sectioned()));
    }
}
