using QaServerless.Evaluations;
using QaServerless.Kpis;
using QaServerless.Scorecards;
using QaServerless.Scoring;
using QaServerless.SelfEvaluations;
using QaServerless.Tests.Scoring;

namespace QaServerless.Tests.SelfEvaluations;

/// <summary>Which calls are asked, the steps, the comparison and the gap figures, without storage; figures worked by hand.</summary>
public sealed class SelfEvaluationFlowTests
{
    private static readonly string[] Calls = [.. Enumerable.Range(1, 20).Select(i => $"C{i:0000}")];
    private static readonly DateTimeOffset At = new(2026, 11, 20, 9, 0, 0, TimeSpan.FromHours(8));
    private static readonly Scorecard Card = ScoringExamples.Standard() with { ScorecardId = "standard", Version = 1 };

    [Fact]
    public void TheShareAsksTheCallsWhoseHashBucketIsBelowIt()
    {
        // Buckets (SHA-256 of "self-evaluation\n" + id, first 8 bytes big-endian, mod 100): C0001 3, C0005 5, C0009 10,
        // C0019 14, C0015 21, C0011 31, C0016 37, C0017 55, C0004 58, C0002 63 … (computed apart with Python's hashlib).
        string[] Asked(int share, bool on = true) =>
            [.. Calls.Where(c => SelfEvaluationFlow.IsAsked(new SelfEvaluationSettings { Enabled = on, SharePercent = share }, c))];

        Assert.Equal(3, SelfEvaluationFlow.BucketOf("C0001"));
        Assert.Equal(63, SelfEvaluationFlow.BucketOf("C0002"));
        Assert.Equal(["C0001", "C0005", "C0009", "C0015", "C0019"], Asked(30));
        Assert.Equal(["C0001", "C0004", "C0005", "C0009", "C0011", "C0015", "C0016", "C0017", "C0019"], Asked(60));
        Assert.Empty(Asked(0));
        Assert.Equal(Calls, Asked(100));
        Assert.Empty(Asked(100, on: false));
        // A larger share asks everything a smaller one asked: raising it never drops a call already asked.
        Assert.Subset(Asked(60).ToHashSet(), Asked(30).ToHashSet());
    }

    [Fact]
    public void ASubmittedSelfEvaluationNeverChangesAndClosesAtRelease()
    {
        var asked = SelfEvaluationFlow.Ask("c1", "call-1", "a1", "T1", Card, new Change("system:assignment", At));
        var saved = SelfEvaluationFlow.SaveDraft(asked, Card, [ItemAnswer.Yes("greet")], "客户号码 13812345678", new Change("u-a1", At)).Next!;
        Assert.Equal(2, saved.Version);
        Assert.DoesNotContain("13812345678", saved.Note);

        var incomplete = SelfEvaluationFlow.Submit(saved, Card, new Change("u-a1", At));
        Assert.Null(incomplete.Next);
        Assert.Equal(["verify", "solve", "close", "disclose", "empathy"], incomplete.Missing);

        var full = SelfEvaluationFlow.SaveDraft(saved, Card, SelfAnswers1, null, new Change("u-a1", At)).Next!;
        var submitted = SelfEvaluationFlow.Submit(full, Card, new Change("u-a1", At)).Next!;
        Assert.Equal(SelfEvaluationStatus.Submitted, submitted.Status);
        Assert.Equal(SelfEvaluationFlow.SubmittedAlready, SelfEvaluationFlow.SaveDraft(submitted, Card, SelfAnswers2, null, new Change("u-a1", At)).Code);

        var closed = SelfEvaluationFlow.Close(submitted, Released("ev-1", InspectorAnswers1), new Change("system:release", At))!;
        Assert.Equal(SelfEvaluationStatus.Submitted, closed.Status);
        Assert.Equal("ev-1", closed.EvaluationId);
        Assert.Null(SelfEvaluationFlow.Close(closed, Released("ev-1", InspectorAnswers1), new Change("system:release", At)));
        Assert.Equal(SelfEvaluationFlow.Closed, SelfEvaluationFlow.Submit(closed, Card, new Change("u-a1", At)).Code);

        var missed = SelfEvaluationFlow.Close(saved, Released("ev-2", InspectorAnswers1), new Change("system:release", At))!;
        Assert.Equal(SelfEvaluationStatus.Missed, missed.Status);
    }

    [Fact]
    public void TheComparisonMarksEachDifferingItemAndTheGapsAddUpByHand()
    {
        var first = SelfComparison.Of(Card, Released("ev-1", InspectorAnswers1), Submitted("call-1", SelfAnswers1));
        var second = SelfComparison.Of(Card, Released("ev-2", InspectorAnswers2), Submitted("call-2", SelfAnswers2));
        var missed = SelfComparison.Of(Card, Released("ev-3", InspectorAnswers2), SelfEvaluationFlow.Ask("c1", "call-3", "a1", "T1", Card, new Change("s", At)) with
        {
            Status = SelfEvaluationStatus.Missed, ClosedAt = At,
        });

        // First call: the agent gave themselves verify (inspector: no) and solve 4 of 4 (inspector: 3): 100 against 70.37.
        Assert.Equal(["verify", "solve"], first.Items.Where(i => i.Differs).Select(i => i.ItemId));
        Assert.Equal((100m, 70.37m), (first.SelfScore!.Value, first.InspectorScore));
        Assert.Equal(0.25m, first.Items.Single(i => i.ItemId == "solve").ShareGap);
        // Second: greet no, solve 2 of 4, close N/A (inspector: yes), empathy no, against a clean 100: 15 of 27 = 55.56.
        Assert.Equal(["greet", "solve", "close", "empathy"], second.Items.Where(i => i.Differs).Select(i => i.ItemId));
        Assert.Equal(55.56m, second.SelfScore);
        Assert.Null(second.Items.Single(i => i.ItemId == "close").ShareGap);
        Assert.Null(missed.SelfScore);

        var gaps = SelfEvaluationGaps.Figures("a1", "T1", Counters.Sum(new[] { first, second, missed }.Select(SelfEvaluationGaps.Contribution)));
        Assert.Equal((3L, 2L, 1L), (gaps.Asked, gaps.Submitted, gaps.Missed));
        // (29.63 − 44.44) ÷ 2 = −7.405 → −7.41
        Assert.Equal(-7.41m, gaps.MeanScoreGap);
        var byItem = gaps.Items.ToDictionary(i => i.ItemId);
        Assert.Equal(["close", "disclose", "empathy", "greet", "solve", "verify"], byItem.Keys);
        // greet: same, then 0 against 1 → agreement 1 of 2, gap (0 − 1) ÷ 2 = −0.5
        Assert.Equal(new ItemGap("greet", 2, 1, 0.5m, 2, -0.5m), byItem["greet"]);
        Assert.Equal(new ItemGap("verify", 2, 1, 0.5m, 2, 0.5m), byItem["verify"]);
        // solve: 1 − 0.75 = 0.25, 0.5 − 1 = −0.5 → −0.125; never the same answer
        Assert.Equal(new ItemGap("solve", 2, 0, 0m, 2, -0.125m), byItem["solve"]);
        // close: both N/A once (agreed, not scored), N/A against yes once (differs, not scored): no gap to show
        Assert.Equal(new ItemGap("close", 2, 1, 0.5m, 0, null), byItem["close"]);
        Assert.Equal(new ItemGap("disclose", 2, 2, 1m, 2, 0m), byItem["disclose"]);
        Assert.Equal(new ItemGap("empathy", 2, 1, 0.5m, 2, -0.5m), byItem["empathy"]);
    }

    internal static readonly ItemAnswer[] InspectorAnswers1 =
        [ItemAnswer.Yes("greet"), ItemAnswer.No("verify"), ItemAnswer.Scale("solve", 3), ItemAnswer.NA("close"), ItemAnswer.Yes("disclose"), ItemAnswer.Yes("empathy")];
    internal static readonly ItemAnswer[] SelfAnswers1 =
        [ItemAnswer.Yes("greet"), ItemAnswer.Yes("verify"), ItemAnswer.Scale("solve", 4), ItemAnswer.NA("close"), ItemAnswer.Yes("disclose"), ItemAnswer.Yes("empathy")];
    internal static readonly ItemAnswer[] InspectorAnswers2 =
        [ItemAnswer.Yes("greet"), ItemAnswer.Yes("verify"), ItemAnswer.Scale("solve", 4), ItemAnswer.Yes("close"), ItemAnswer.Yes("disclose"), ItemAnswer.Yes("empathy")];
    internal static readonly ItemAnswer[] SelfAnswers2 =
        [ItemAnswer.No("greet"), ItemAnswer.Yes("verify"), ItemAnswer.Scale("solve", 2), ItemAnswer.NA("close"), ItemAnswer.Yes("disclose"), ItemAnswer.No("empathy")];

    private static SelfEvaluation Submitted(string callId, ItemAnswer[] answers) =>
        SelfEvaluationFlow.Ask("c1", callId, "a1", "T1", Card, new Change("s", At)) with
        {
            Status = SelfEvaluationStatus.Submitted, Answers = answers, Result = ScoreCalculator.Score(Card, answers),
        };

    private static Evaluation Released(string id, ItemAnswer[] answers) => EvaluationFlow.Start("c1", id, "call", "a1", "T1", "insp-1", Card, true, null,
        new Change("insp-1", At)) with
    {
        Status = EvaluationStatus.Released, Answers = answers, Result = ScoreCalculator.Score(Card, answers), ReleasedAt = At,
    };
}
