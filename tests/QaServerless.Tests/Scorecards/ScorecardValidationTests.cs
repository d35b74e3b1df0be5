using QaServerless.Scorecards;
using static QaServerless.Tests.Scoring.ScoringExamples;

namespace QaServerless.Tests.Scorecards;

public sealed class ScorecardValidationTests
{
    [Fact]
    public void TheStandardExampleIsValid() => Assert.Empty(ScorecardValidation.Validate(Standard()));

    [Fact]
    public void AScorecardOfWarningsOnlyHasNoScoringItem()
    {
        var errors = ScorecardValidation.Validate(Card(null, Warning("w1"), Warning("w2")));
        Assert.Contains("scoring item", errors["sections"].Single());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void AScoringItemNeedsAPositiveWeight(decimal weight)
    {
        var errors = ScorecardValidation.Validate(Card(null, YesNo("a", 1), YesNo("b", weight)));
        Assert.Contains("sections[0].items[1].weight", errors.Keys);
    }

    [Fact]
    public void ACriticalItemCannotBeNotApplicable()
    {
        var errors = ScorecardValidation.Validate(Card(null, YesNo("a", 1, na: true, critical: CriticalClass.Compliance)));
        Assert.Contains("sections[0].items[0].notApplicableAllowed", errors.Keys);
    }

    [Fact]
    public void DuplicateItemIdsBadScalesAndBadBandsAreNamed()
    {
        var card = Card(new ScoringRules { PassFrom = 85, GoodFrom = 80, CriticalCap = 120 },
            YesNo("a", 1), YesNo("a", 1), Scale("s", 1, 0), Warning("w") with { Critical = CriticalClass.Business });
        var errors = ScorecardValidation.Validate(card);
        Assert.Contains("sections[0].items[1].itemId", errors.Keys);
        Assert.Contains("sections[0].items[2].scaleMax", errors.Keys);
        Assert.Contains("sections[0].items[3].warning", errors.Keys);
        Assert.Contains("rules", errors.Keys);
        Assert.Contains("rules.criticalCap", errors.Keys);
    }

    [Fact]
    public void ANamelessEmptyScorecardIsRefused()
    {
        var errors = ScorecardValidation.Validate(new Scorecard { CenterId = "c", ScorecardId = "x", Name = " " });
        Assert.Contains("name", errors.Keys);
        Assert.Contains("sections", errors.Keys);
    }
}

public sealed class ScorecardTemplateTests
{
    [Fact]
    public void TheInboundTemplateIsValidAndScoresAFullCallAtAHundred()
    {
        var card = ScorecardTemplates.Inbound().ToScorecard("c1", ScorecardTemplates.InboundId, 1);
        Assert.Empty(ScorecardValidation.Validate(card));
        var full = card.Items.Select(i => new QaServerless.Scoring.ItemAnswer(i.ItemId, i.Possible));
        Assert.Equal(100m, QaServerless.Scoring.ScoreCalculator.Score(card, full).Score);
    }
}

public sealed class ScorecardLifecycleTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 20, 1, 0, 0, TimeSpan.Zero);

    [Fact]
    public void AnAdminsNowThatArrivesAMomentLateIsNowButAnHourAgoIsThePast()
    {
        var draft = QaServerless.Tests.Scoring.ScoringExamples.Standard();
        var (published, _) = ScorecardLifecycle.Publish(draft, Now.AddSeconds(-3), "urgent", byAdmin: true, "admin", Now, ScoringSettings.Default);
        Assert.Equal(Now, published!.EffectiveFrom);
        var (none, errors) = ScorecardLifecycle.Publish(draft, Now.AddHours(-1), "urgent", byAdmin: true, "admin", Now, ScoringSettings.Default);
        Assert.Null(none);
        Assert.Contains("effectiveFrom", errors.Keys);
    }

    [Fact]
    public void WithoutADateTheVersionTakesEffectAtTheEndOfTheNoticePeriod()
    {
        var (published, _) = ScorecardLifecycle.Publish(QaServerless.Tests.Scoring.ScoringExamples.Standard(), null, null, byAdmin: false, "lead", Now,
            ScoringSettings.Default with { NoticeDays = 10 });
        Assert.Equal(Now.AddDays(10), published!.EffectiveFrom);
        Assert.Null(published.NoticeShortenedReason);
    }
}
