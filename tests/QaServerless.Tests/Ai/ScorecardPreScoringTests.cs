using QaServerless.Ai.Integration;
using QaServerless.Ai.PreScoring;
using QaServerless.Scorecards;

namespace QaServerless.Tests.Ai;

public sealed class ScorecardPreScoringTests
{
    private static readonly Scorecard Card = new()
    {
        CenterId = "c", ScorecardId = "inbound", Version = 3, Name = "Inbound",
        Sections =
        [
            new ScorecardSection
            {
                SectionId = "open", Title = "开场",
                Items =
                [
                    new ScorecardItem { ItemId = "greet", Text = "2 秒内问候", Guidance = "您好，很高兴为您服务" },
                    new ScorecardItem { ItemId = "empathy", Text = "共情", AnswerType = AnswerType.Scale, ScaleMax = 3, NotApplicableAllowed = true },
                    new ScorecardItem { ItemId = "privacy", Text = "未泄露客户信息", Critical = CriticalClass.Compliance },
                ],
            },
        ],
    };

    [Fact]
    public void TheModelIsAskedTheScorecardVersionsItemsWithTheirAnswers()
    {
        var card = ScorecardPreScoringCards.From(Card);
        Assert.Equal(("inbound", 3), (card.ScorecardId, card.Version));
        Assert.Equal(["yes", "no"], card.Items[0].Answers);
        Assert.Equal(["0", "1", "2", "3", "na"], card.Items[1].Answers);
        Assert.True(card.Items[2].Critical);
        Assert.Equal("您好，很高兴为您服务", card.Items[0].Guidance);
    }

    [Theory]
    [InlineData("no", true)]
    [InlineData("yes", false)]
    [InlineData("2", true)]
    [InlineData("3", false)]
    [InlineData("na", false)]
    public void ADeductionIsAnAnswerBelowTheItemsMaximum(string answer, bool deduction)
    {
        var card = ScorecardPreScoringCards.From(Card);
        var item = answer is "yes" or "no" ? card.Items[0] : card.Items[1];
        Assert.Equal(deduction, item.IsDeduction(answer));
        Assert.Equal(answer == "na" ? "na" : item.Points(answer)!.Value.ToString(), AnswerLabels.FromModel(item, answer));
    }

    private static readonly DateTimeOffset Published = new(2026, 11, 23, 3, 0, 0, TimeSpan.Zero);

    private static Scorecard Version(int version, DateTimeOffset effectiveFrom) =>
        Card with { Version = version, Status = ScorecardStatus.Published, EffectiveFrom = effectiveFrom };

    [Fact]
    public void ACallIsPreScoredOnTheVersionInForceWhenItWasTaken()
    {
        var chosen = ScorecardPreScoringCards.Choose([Version(1, Published.AddDays(-30)), Version(2, Published)], Published.AddDays(-1), Published.AddHours(1));
        Assert.Equal(1, chosen?.Version);
    }

    [Fact]
    public void ACallTakenBeforeAnyScorecardTookEffectIsPreScoredOnTheOneInForceNowAsItsEvaluationWouldBe()
    {
        var chosen = ScorecardPreScoringCards.Choose([Version(1, Published)], Published.AddDays(-1), Published.AddMinutes(5));
        Assert.Equal(1, chosen?.Version);
        Assert.Null(ScorecardPreScoringCards.Choose([Version(1, Published.AddDays(7))], Published.AddDays(-1), Published));
    }
}
