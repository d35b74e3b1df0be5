using QaServerless.Evaluations;
using QaServerless.Kpis;
using QaServerless.Scorecards;
using QaServerless.Scoring;
using static QaServerless.Scoring.ItemAnswer;
using static QaServerless.Tests.Scoring.ScoringExamples;

namespace QaServerless.Tests.Evaluations;

/// <summary>
/// Item-level disputes without storage, on the standard card (old rule, Σ points × weight ÷ Σ possible × weight): greet 2,
/// verify 3, solve 0..4 × 5, close 1 (N/A allowed), disclose 2 (compliance-critical), empathy (warning). Possible 28.
/// </summary>
public sealed class ItemDisputeFlowTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 20, 1, 0, 0, TimeSpan.Zero);
    private static readonly Change Agent = new("a1", T0.AddHours(1));
    private static readonly Change Lead = new("lead", T0.AddHours(2));

    private static Evaluation Released(params ItemAnswer[] answers)
    {
        var card = Standard();
        var e = EvaluationFlow.Start("c1", "ev1", "call1", "a1", "T1", "insp-1", card, true, 300, new Change("insp", T0));
        e = EvaluationFlow.SaveDraft(e, card, answers, [], new Change("insp", T0)).Next!;
        e = EvaluationFlow.Submit(e, card, new Change("insp", T0)).Next!;
        return EvaluationFlow.Release(e, 7, new Change("insp", T0)).Next!;
    }

    private static Evaluation Disputed(Evaluation e, params (string Item, string Reason)[] items) =>
        EvaluationFlow.FileAppeal(e, Standard(), null, items.Select(i => new DisputeInput(i.Item, i.Reason)).ToList(), Agent).Next!;

    private static ItemDecisionInput Uphold(string item, int? points = null, bool na = false) => new(item, true, new CorrectedAnswerInput(points, na ? true : null), "heard it in the call");
    private static ItemDecisionInput Reject(string item) => new(item, false, null, "the recording shows otherwise");

    [Fact]
    public void AnUpheldCriticalItemLiftsTheCriticalFailureAndTheScoreFollows()
    {
        // Inspector: verify no, solve 3 of 4, close N/A, disclose no (critical). Raw (2 + 0 + 15 + 0) ÷ 27 = 62.96, capped to 0.
        var e = Released(Yes("greet"), No("verify"), Scale("solve", 3), NA("close"), No("disclose"), Yes("empathy"));
        Assert.Equal((0m, 62.96m, Band.Fail), (e.Result!.Score, e.Result.RawScore, e.Result.Band));

        var appealed = Disputed(e, ("disclose", "I read the disclosure at 01:10"), ("verify", "I asked for the last four digits"));
        Assert.Equal(EvaluationStatus.Appealed, appealed.Status);
        Assert.Equal("", appealed.Appeal!.Comment);
        Assert.Equal([No("disclose"), No("verify")], appealed.Appeal.Items.Select(i => i.InspectorAnswer));

        var decided = ItemDisputes.Decide(appealed, Standard(), null, [Reject("verify"), Uphold("disclose", 1)], Lead).Next!;
        // disclose corrected to yes: (2 + 0 + 15 + 2) ÷ 27 = 70.37, no critical error left, band Pass.
        Assert.Equal((70.37m, Band.Pass, false), (decided.Result!.Score, decided.Result.Band, decided.Result.HasCriticalError));
        Assert.Equal(0m, decided.OriginalResult!.Score);
        Assert.Equal(EvaluationStatus.AppealUpheld, decided.Status);
        Assert.Equal("appeal partly upheld: corrected", decided.Reason);
        Assert.Equal((true, 1, 1), (decided.Appeal!.Upheld, decided.Appeal.UpheldItems, decided.Appeal.ScoringErrors));
        Assert.Equal("insp-1", decided.ScoringErrorChargedTo);
        // The decisions keep the appeal's order; the rejected item keeps the inspector's answer.
        Assert.Equal(["disclose", "verify"], decided.Appeal.Items.Select(i => i.ItemId));
        Assert.Equal(No("verify"), decided.Answers.Single(a => a.ItemId == "verify"));
        Assert.Equal(Yes("disclose"), decided.Appeal.Items[0].CorrectedAnswer);
    }

    [Fact]
    public void AnItemCorrectedToNotApplicableLeavesBothSumsAndEachUpheldItemIsAScoringError()
    {
        // Inspector: solve 2 of 4, close no. (2 + 3 + 10 + 0 + 2) ÷ 28 = 60.71.
        var e = Released(Yes("greet"), Yes("verify"), Scale("solve", 2), No("close"), Yes("disclose"), Yes("empathy"));
        Assert.Equal(60.71m, e.Result!.Score);
        var appealed = Disputed(e, ("close", "the customer hung up first"), ("solve", "the refund was booked"));

        var decided = ItemDisputes.Decide(appealed, Standard(), "both right", [Uphold("close", na: true), Uphold("solve", 4)], Lead).Next!;
        // close N/A, solve 4: (2 + 3 + 20 + 2) ÷ (2 + 3 + 20 + 2) = 100.
        Assert.Equal((100m, Band.Excellent), (decided.Result!.Score, decided.Result.Band));
        Assert.Equal(60.71m, decided.OriginalResult!.Score);
        Assert.Equal("appeal upheld: corrected", decided.Reason);
        Assert.Equal("both right", decided.Appeal!.DecisionComment);

        var fact = EvaluationFact.From(decided, EvaluationFactKind.Corrected);
        Assert.Equal((6, 2, 2, 2), (fact.ItemsEvaluated, fact.ItemsDisputed, fact.ItemsUpheld, fact.ScoringErrors));
    }

    [Fact]
    public void NoItemUpheldIsARejectedAppealAndTheEvaluationStands()
    {
        var e = Released(Yes("greet"), No("verify"), Scale("solve", 3), NA("close"), Yes("disclose"), Yes("empathy"));
        var decided = ItemDisputes.Decide(Disputed(e, ("verify", "I did")), Standard(), null, [Reject("verify")], Lead).Next!;
        Assert.Equal((EvaluationStatus.AppealRejected, "appeal rejected"), (decided.Status, decided.Reason));
        Assert.Equal(70.37m, decided.Result!.Score);
        Assert.Null(decided.OriginalResult);
        Assert.Null(decided.ScoringErrorChargedTo);
        Assert.Equal((false, 0), (decided.Appeal!.Upheld, decided.Appeal.ScoringErrors));
        var fact = EvaluationFact.From(decided, EvaluationFactKind.AppealRejected);
        Assert.Equal((1, 0, 0), (fact.ItemsDisputed, fact.ItemsUpheld, fact.ScoringErrors));
    }

    [Fact]
    public void UnknownDuplicateAndUnexplainedItemsAreRefusedByField()
    {
        var e = Released(Yes("greet"), Yes("verify"), Scale("solve", 4), Yes("close"), Yes("disclose"), Yes("empathy"));
        var step = EvaluationFlow.FileAppeal(e, Standard(), "overall", [new("nope", "x"), new("greet", " "), new("verify", "a"), new("verify", "b"), null], Agent);
        Assert.Equal(["items[0].itemId", "items[1].reason", "items[3].itemId", "items[4].itemId", "items[4].reason"], step.Errors!.Keys.Order());
        // No items: the whole-evaluation appeal, which needs its comment.
        Assert.Contains("comment", EvaluationFlow.FileAppeal(e, Standard(), " ", [], Agent).Errors!.Keys);
        var whole = EvaluationFlow.FileAppeal(e, Standard(), "all wrong", [], Agent).Next!;
        Assert.Empty(whole.Appeal!.Items);
    }

    [Fact]
    public void EveryDisputedItemIsDecidedOnceWithAValidCorrectedAnswer()
    {
        var e = Released(Yes("greet"), No("verify"), Scale("solve", 3), NA("close"), Yes("disclose"), Yes("empathy"));
        var appealed = Disputed(e, ("verify", "did"), ("solve", "solved"), ("greet", "greeted"));
        var card = Standard();
        Dictionary<string, string[]> Errors(params ItemDecisionInput?[] d) => ItemDisputes.Decide(appealed, card, null, d, Lead).Errors!;

        // solve and greet are not decided: named by their place in the appeal.
        Assert.Equal(["items[1]", "items[2]"], Errors(Uphold("verify", 1)).Keys.Order());
        Assert.Equal(["items[0].itemId", "items[1]", "items[2]"], Errors(Uphold("close", 1), Uphold("verify", 1)).Keys.Order());
        Assert.Contains("items[1].itemId", Errors(Uphold("verify", 1), Reject("verify"), Reject("solve"), Reject("greet")).Keys);
        Assert.Contains("items[0].answer", Errors(new ItemDecisionInput("verify", true, null, "x"), Reject("solve"), Reject("greet")).Keys);
        Assert.Contains("items[0].answer.points", Errors(Uphold("solve", 5), Reject("verify"), Reject("greet")).Keys);
        Assert.Contains("items[0].answer.notApplicable", Errors(Uphold("verify", na: true), Reject("solve"), Reject("greet")).Keys);
        Assert.Contains("items[0].answer", Errors(Uphold("verify", 0), Reject("solve"), Reject("greet")).Keys);   // the inspector's own answer
        Assert.Contains("items[0].answer", Errors(new ItemDecisionInput("verify", false, new(1, null), "x"), Reject("solve"), Reject("greet")).Keys);
        Assert.Equal(["items[0].comment", "items[0].upheld"], Errors(new ItemDecisionInput("verify", null, null, " "), Reject("solve"), Reject("greet")).Keys.Order());
    }

    [Fact]
    public void AWholeAppealIsDecidedWholeAndAnItemAppealItemByItem()
    {
        var e = Released(Yes("greet"), No("verify"), Scale("solve", 3), NA("close"), Yes("disclose"), Yes("empathy"));
        var whole = EvaluationFlow.FileAppeal(e, "wrong", Agent).Next!;
        Assert.Contains("items", ItemDisputes.Decide(whole, Standard(), null, [Reject("verify")], Lead).Errors!.Keys);
        var items = Disputed(e, ("verify", "did"));
        Assert.Contains("items", EvaluationFlow.DecideAppeal(items, Standard(), true, "x", [Yes("verify")], null, Lead).Errors!.Keys);

        // Decided once: a second decision finds no open appeal.
        var decided = ItemDisputes.Decide(items, Standard(), null, [Uphold("verify", 1)], Lead).Next!;
        Assert.NotNull(ItemDisputes.Decide(decided, Standard(), null, [Uphold("verify", 1)], Lead).Conflict);
    }

    [Fact]
    public void ReasonsAndItemCommentsAreMasked()
    {
        var e = Released(Yes("greet"), No("verify"), Scale("solve", 3), NA("close"), Yes("disclose"), Yes("empathy"));
        var appealed = Disputed(e, ("verify", "客户留的号码 13812345678 已核实")).Masked();
        Assert.Equal("客户留的号码 138****5678 已核实", appealed.Appeal!.Items[0].Reason);
        var decided = ItemDisputes.Decide(appealed, Standard(), null, [new("verify", true, new(1, null), "回拨 13812345678 确认")], Lead).Next!.Masked();
        Assert.Equal("回拨 138****5678 确认", decided.Appeal!.Items[0].Comment);
    }

    [Fact]
    public void TheInspectorsRowCountsUpheldItemsAndTheUpheldItemRate()
    {
        // Inspector insp-1: an item appeal with 1 of 2 items upheld, a whole appeal upheld, an evaluation not appealed;
        // 6 items answered on each.
        Evaluation Base() => Released(Yes("greet"), No("verify"), Scale("solve", 3), NA("close"), No("disclose"), Yes("empathy"));
        var items = ItemDisputes.Decide(Disputed(Base(), ("disclose", "said"), ("verify", "did")), Standard(), null, [Uphold("disclose", 1), Reject("verify")], Lead).Next!;
        var whole = EvaluationFlow.DecideAppeal(EvaluationFlow.FileAppeal(Base(), "all wrong", Agent).Next!, Standard(), true, "yes",
            [Yes("greet"), Yes("verify"), Scale("solve", 3), NA("close"), Yes("disclose"), Yes("empathy")], null, Lead).Next!;
        var facts = new[]
        {
            EvaluationFact.From(items, EvaluationFactKind.Corrected), EvaluationFact.From(whole, EvaluationFactKind.Corrected),
            EvaluationFact.From(Base(), EvaluationFactKind.Released),
        };
        var qa = QaKpis.From(Counters.Sum(facts.Select(EvaluationContribution.ForInspector)));
        // Scoring errors: 1 upheld item + 1 whole appeal = 2; appeals upheld 2 of 2; items disputed 2, upheld 1 of 18 evaluated.
        Assert.Equal((2L, new Ratio(2, 2)), (qa.ScoringErrors, qa.AppealsUpheld));
        Assert.Equal((2L, 1L, new Ratio(1, 18)), (qa.ItemsDisputed, qa.ItemsUpheld, qa.UpheldItemRate));
        Assert.Equal(0.0556m, qa.UpheldItemRate.Value);
    }
}
