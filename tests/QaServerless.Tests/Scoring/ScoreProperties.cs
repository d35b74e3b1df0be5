using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using QaServerless.Scorecards;
using QaServerless.Scoring;

namespace QaServerless.Tests.Scoring;

/// <summary>Properties of the score formula over random scorecards and answers.</summary>
public sealed class ScoreProperties
{
    private sealed record Case(Scorecard Card, IReadOnlyList<ItemAnswer> Answers);

    private static readonly Gen<(ScorecardItem Item, ItemAnswer Answer)> itemAndAnswer =
        from weight in Gen.Choose(1, 20)
        from scale in Gen.Elements(false, true)
        from max in Gen.Choose(1, 10)
        from critical in Gen.Frequency((4, Gen.Constant<CriticalClass?>(null)), (1, Gen.Elements<CriticalClass?>(CriticalClass.Customer, CriticalClass.Business, CriticalClass.Compliance)))
        from warning in Gen.Frequency((6, Gen.Constant(false)), (1, Gen.Constant(true)))
        from na in Gen.Elements(false, true)
        from fraction in Gen.Choose(0, 100)
        from answerNa in Gen.Frequency((4, Gen.Constant(false)), (1, Gen.Constant(true)))
        let isCritical = critical is not null && !warning
        let item = new ScorecardItem
        {
            ItemId = Guid.NewGuid().ToString("N"), Text = "x", Weight = weight / 2m,
            AnswerType = scale ? AnswerType.Scale : AnswerType.YesNo, ScaleMax = scale ? max : 1,
            Critical = isCritical ? critical : null, Warning = warning && !isCritical, NotApplicableAllowed = na && !isCritical,
        }
        select (item, answerNa && item.NotApplicableAllowed ? ItemAnswer.NA(item.ItemId) : new ItemAnswer(item.ItemId, item.Possible * fraction / 100));

    private static readonly Arbitrary<Case> cases = Arb.From(
        from pairs in Gen.NonEmptyListOf(itemAndAnswer)
        from cap in Gen.Choose(0, 100)
        from formula in Gen.Elements<ScoreFormula?>(null, ScoreFormula.WeightedPoints, ScoreFormula.ItemShare)
        select new Case(
            ScoringExamples.Card(new ScoringRules { CriticalCap = cap, Formula = formula }, [.. pairs.Select(p => p.Item), ScoringExamples.YesNo("anchor", 1)]),
            [.. pairs.Select(p => p.Answer), ItemAnswer.Yes("anchor")]));

    [Property(MaxTest = 300)]
    public Property TheScoreIsAlwaysBetweenZeroAndAHundred() => Prop.ForAll(cases, c =>
    {
        var result = ScoreCalculator.Score(c.Card, c.Answers);
        return result.Score is >= 0 and <= 100 && result.RawScore is >= 0 and <= 100;
    });

    [Property(MaxTest = 300)]
    public Property AddingANotApplicableItemChangesNothing() => Prop.ForAll(cases, Arb.From(Gen.Choose(1, 50)), (c, weight) =>
    {
        var before = ScoreCalculator.Score(c.Card, c.Answers);
        var extra = ScoringExamples.Scale("extra-na", weight, 5, na: true);
        var card = c.Card with { Sections = [.. c.Card.Sections, new ScorecardSection { SectionId = "s-extra", Title = "Extra", Items = [extra] }] };
        var after = ScoreCalculator.Score(card, [.. c.Answers, ItemAnswer.NA("extra-na")]);
        return before.Score == after.Score && before.RawScore == after.RawScore && before.Band == after.Band
            && before.EarnedPoints == after.EarnedPoints && before.PossiblePoints == after.PossiblePoints;
    });

    [Property(MaxTest = 300)]
    public Property ACriticalErrorAlwaysFails() => Prop.ForAll(cases, c =>
    {
        var result = ScoreCalculator.Score(c.Card, c.Answers);
        return !result.HasCriticalError || (result.Band == Band.Fail && result.Score <= c.Card.Rules.CriticalCap);
    });

    [Property(MaxTest = 300)]
    public Property WarningsNeverChangeTheScore() => Prop.ForAll(cases, c =>
    {
        var warnings = c.Card.Items.Where(i => i.Warning).Select(i => i.ItemId).ToHashSet();
        var flipped = c.Answers.Select(a => warnings.Contains(a.ItemId) ? ItemAnswer.No(a.ItemId) : a).ToList();
        return ScoreCalculator.Score(c.Card, c.Answers).Score == ScoreCalculator.Score(c.Card, flipped).Score;
    });

    /// <summary>
    /// The new rule's point (issue 18): a scale's resolution is not its importance. Every scale item's top and answer
    /// multiplied by the same factor (0..4 answered 3 → 0..12 answered 9) leave the score exactly as it was.
    /// </summary>
    [Property(MaxTest = 300)]
    public Property UnderTheItemShareRuleAFinerScaleLeavesTheScoreUnchanged() => Prop.ForAll(cases, Arb.From(Gen.Choose(2, 10)), (c, factor) =>
    {
        var card = c.Card with { Rules = c.Card.Rules with { Formula = ScoreFormula.ItemShare } };
        var scales = card.Items.Where(i => i.AnswerType == AnswerType.Scale).Select(i => i.ItemId).ToHashSet();
        var finer = card with
        {
            Sections = [.. card.Sections.Select(s => s with
            {
                Items = [.. s.Items.Select(i => scales.Contains(i.ItemId) ? i with { ScaleMax = i.ScaleMax * factor } : i)],
            })],
        };
        var answers = c.Answers.Select(a => scales.Contains(a.ItemId) && a.Points is { } p ? a with { Points = p * factor } : a).ToList();
        var before = ScoreCalculator.Score(card, c.Answers);
        var after = ScoreCalculator.Score(finer, answers);
        return (before.RawScore == after.RawScore && before.Score == after.Score && before.Band == after.Band)
            .Label($"{before.RawScore} vs {after.RawScore} at ×{factor}");
    });
}
