using QaServerless.Evaluations;
using QaServerless.Scoring;
using static QaServerless.Scoring.ItemAnswer;
using static QaServerless.Tests.Scoring.ScoringExamples;

namespace QaServerless.Tests.Evaluations;

/// <summary>The lifecycle rules without storage.</summary>
public sealed class EvaluationFlowTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 20, 1, 0, 0, TimeSpan.Zero);
    private static readonly ItemAnswer[] Full = [Yes("greet"), Yes("verify"), Scale("solve", 4), Yes("close"), Yes("disclose"), Yes("empathy")];

    private static Evaluation Released(int window = 7)
    {
        var card = Standard();
        var e = EvaluationFlow.Start("c1", "ev1", "call1", "a1", "T1", "insp-1", card, true, 300, new Change("insp", T0));
        e = EvaluationFlow.SaveDraft(e, card, Full, [], new Change("insp", T0)).Next!;
        e = EvaluationFlow.Submit(e, card, new Change("insp", T0)).Next!;
        return EvaluationFlow.Release(e, window, new Change("insp", T0)).Next!;
    }

    [Fact]
    public void EachStepIsANewVersionWithWhoWhenAndWhy()
    {
        var e = Released();
        Assert.Equal(4, e.Version);
        Assert.Equal(("insp", T0, "released"), (e.ChangedBy, e.ChangedAt, e.Reason));
        Assert.Equal(100m, e.Result!.Score);
    }

    [Fact]
    public void AnAppealAfterTheWindowIsRefused()
    {
        var e = Released(window: 7);
        Assert.NotNull(EvaluationFlow.FileAppeal(e, "late?", new Change("a1", T0.AddDays(7))).Next);
        var late = EvaluationFlow.FileAppeal(e, "too late", new Change("a1", T0.AddDays(7).AddSeconds(1)));
        Assert.Null(late.Next);
        Assert.Contains("window closed", late.Conflict);
    }

    [Fact]
    public void AnAppealNeedsACommentAndThereIsOnlyOne()
    {
        var e = Released();
        Assert.Contains("comment", EvaluationFlow.FileAppeal(e, " ", new Change("a1", T0)).Errors!.Keys);
        var appealed = EvaluationFlow.FileAppeal(e, "wrong", new Change("a1", T0)).Next!;
        var rejected = EvaluationFlow.DecideAppeal(appealed, Standard(), false, "stands", null, null, new Change("lead", T0)).Next!;
        Assert.Equal(EvaluationStatus.AppealRejected, rejected.Status);
        Assert.NotNull(EvaluationFlow.FileAppeal(rejected, "again", new Change("a1", T0)).Conflict);
    }

    [Fact]
    public void AnUpheldAppealNeedsCorrectedAnswersAndChargesTheInspector()
    {
        var appealed = EvaluationFlow.FileAppeal(Released(), "wrong", new Change("a1", T0)).Next!;
        Assert.Contains("answers", EvaluationFlow.DecideAppeal(appealed, Standard(), true, "yes", null, null, new Change("lead", T0)).Errors!.Keys);

        ItemAnswer[] corrected = [Yes("greet"), No("verify"), Scale("solve", 4), Yes("close"), Yes("disclose"), Yes("empathy")];
        var upheld = EvaluationFlow.DecideAppeal(appealed, Standard(), true, "yes", corrected, null, new Change("lead", T0)).Next!;
        // (2 + 0 + 20 + 1 + 2) ÷ 28 = 89.29
        Assert.Equal(89.29m, upheld.Result!.Score);
        Assert.Equal(100m, upheld.OriginalResult!.Score);
        Assert.Equal("insp-1", upheld.ScoringErrorChargedTo);
    }

    [Fact]
    public void OnlyADraftIsEditedAndProblemMomentsFallWithinTheCall()
    {
        var card = Standard();
        var e = EvaluationFlow.Start("c1", "ev1", "call1", "a1", "T1", "insp-1", card, true, callSeconds: 90, new Change("insp", T0));
        var outside = EvaluationFlow.SaveDraft(e, card, [], [new ProblemRecord("verify", "no check", 91, ProblemClass.Serious)], new Change("insp", T0));
        Assert.Contains("problems[0].atSecond", outside.Errors!.Keys);
        Assert.NotNull(EvaluationFlow.SaveDraft(Released(), card, Full, [], new Change("insp", T0)).Conflict);
        Assert.Equal("01:30", new ProblemRecord("verify", "x", 90, ProblemClass.Common).Moment);
    }

    [Fact]
    public void ReleaseAndCorrectionAreTheKpiFacts()
    {
        var released = Released();
        var submitted = released with { Status = EvaluationStatus.Submitted, Version = 3 };
        Assert.Equal(EvaluationFactKind.Released, EvaluationService.FactOf(submitted, released)!.Kind);
        Assert.Null(EvaluationService.FactOf(released, EvaluationFlow.Acknowledge(released, new Change("a1", T0)).Next!));
    }
}
