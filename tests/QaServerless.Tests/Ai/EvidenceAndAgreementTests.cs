using QaServerless.Ai.Agreement;
using QaServerless.Ai.PreScoring;
using QaServerless.Ai.Transcripts;

namespace QaServerless.Tests.Ai;

public sealed class EvidenceVerifierTests
{
    private static readonly PreScoringCard Card = new("sc", 1,
    [
        new("greeting", "2 秒内问候", null, 1, false, false, false),
        new("closing", "结束语", null, 1, false, true, false),
    ]);

    private static readonly Transcript Call = Transcript.Merge("c1", "zh", 60,
    [
        new TranscriptSegment(Speaker.Agent, 0.8, 3.0, "您好，很高兴为您服务。"),
        new TranscriptSegment(Speaker.Customer, 3.5, 6.0, "我的电话是138****5678。"),
        new TranscriptSegment(Speaker.Agent, 50.0, 53.0, "感谢您的来电，再见！"),
    ]);

    private static (IReadOnlyList<Suggestion> Kept, IReadOnlyList<DiscardedAnswer> Discarded) Verify(params ModelAnswer[] answers) =>
        EvidenceVerifier.Verify(answers, Card, Call, toleranceSeconds: 5);

    [Fact]
    public void AQuoteFoundNearTheStatedTimeIsKept()
    {
        // Punctuation and spacing differ from the transcript: the comparison ignores them.
        var (kept, discarded) = Verify(new ModelAnswer("greeting", "yes", 0.9, [new("您好 很高兴为您服务", 1.0)]));
        var s = Assert.Single(kept);
        Assert.Empty(discarded);
        Assert.Equal((0, Speaker.Agent), (s.Evidence[0].Segment, s.Evidence[0].Speaker));
        Assert.False(s.Deduction);
        Assert.Equal(1, s.Points);
    }

    [Fact]
    public void AQuoteThatIsNotInTheCallIsDiscarded()
    {
        var (kept, discarded) = Verify(new ModelAnswer("greeting", "yes", 0.9, [new("早上好，欢迎致电", 1.0)]));
        Assert.Empty(kept);
        Assert.Equal(DiscardReason.QuoteNotFound, Assert.Single(discarded).Reason);
    }

    [Fact]
    public void AQuoteAtAWrongTimeIsDiscarded()
    {
        // Said at 50 s, cited at 20 s: 25 s away, beyond the 5 s tolerance.
        var (kept, discarded) = Verify(new ModelAnswer("closing", "yes", 0.8, [new("感谢您的来电", 20)]));
        Assert.Empty(kept);
        Assert.Equal(DiscardReason.WrongTime, Assert.Single(discarded).Reason);
        // Within the tolerance of the segment's span it holds.
        Assert.Single(Verify(new ModelAnswer("closing", "yes", 0.8, [new("感谢您的来电", 57.5)])).Kept);
    }

    [Fact]
    public void AnAnswerWithoutEvidenceIsDiscardedAndAOneCharacterQuoteProvesNothing()
    {
        var (kept, discarded) = Verify(
            new ModelAnswer("greeting", "no", 0.6, []),
            new ModelAnswer("closing", "yes", 0.6, [new("见", 51)]));
        Assert.Empty(kept);
        Assert.Equal([DiscardReason.NoEvidence, DiscardReason.QuoteNotFound], discarded.Select(d => d.Reason));
    }

    [Fact]
    public void MaskedQuotesMatchTheMaskedTranscript() =>
        Assert.Single(Verify(new ModelAnswer("greeting", "yes", 0.7, [new("电话是138****5678", 4)])).Kept);

    [Fact]
    public void OnlyVerifiedQuotesAreKeptOnAnAnswer()
    {
        var (kept, _) = Verify(new ModelAnswer("closing", "yes", 0.8, [new("感谢您的来电", 51), new("祝您生活愉快", 52)]));
        Assert.Single(Assert.Single(kept).Evidence);
    }

    [Fact]
    public void TheSchemaCarriesEachItemsAnswersAndRequiresEvidence()
    {
        var scale = new PreScoringCard("sc", 2, [new("empathy", "共情", "体谅客户", 3, true, true, false)]);
        var schema = System.Text.Json.Nodes.JsonNode.Parse(PreScoringSchema.Build(scale).ToString())!;
        var item = schema["properties"]!["items"]!["properties"]!["empathy"]!;
        Assert.Equal(["0", "1", "2", "3", "na"], item["properties"]!["answer"]!["enum"]!.AsArray().Select(n => (string)n!));
        Assert.Equal("共情（体谅客户）", (string?)item["description"]);
        Assert.Equal(["answer", "confidence", "evidence"], item["required"]!.AsArray().Select(n => (string)n!));
        Assert.False((bool)item["additionalProperties"]!);
    }

    [Fact]
    public void AnAnswerOutsideTheItemsEnumIsMalformed() =>
        Assert.Throws<MalformedAnswerException>(() => ModelAnswerParser.Parse("""{"items":{"greeting":{"answer":"maybe","confidence":1,"evidence":[]}}}""", Card));

    [Fact]
    public void TruncatedJsonIsMalformed() =>
        Assert.Throws<MalformedAnswerException>(() => ModelAnswerParser.Parse("""{"items":{"greeting":{"answer":"yes","conf""", Card));
}

public sealed class AgreementMathTests
{
    private static AgreementPair P(string ai, string human) => new("i", ai, human, ai == "0", human == "0");

    private static List<AgreementPair> Pairs(int tp, int fp, int fn, int tn) =>
        [.. Enumerable.Repeat(P("0", "0"), tp), .. Enumerable.Repeat(P("0", "1"), fp), .. Enumerable.Repeat(P("1", "0"), fn), .. Enumerable.Repeat(P("1", "1"), tn)];

    [Fact]
    public void AHandComputedConfusionMatrix()
    {
        // TP 20, FP 5, FN 10, TN 65 (n = 100).
        // precision = 20/25 = 0.8; recall = 20/30 = 0.6667; F1 = 2·0.8·0.6667/1.4667 = 0.7273
        // pₒ = 85/100 = 0.85; AI says "0" 25 times, humans 30 times: pₑ = 0.25·0.30 + 0.75·0.70 = 0.6
        // κ = (0.85 − 0.6)/(1 − 0.6) = 0.625
        var a = AgreementMath.Compute("i", Pairs(20, 5, 10, 65), kappaThreshold: 0.6, minPairs: 20);
        Assert.Equal((20, 5, 10, 65), (a.TruePositives, a.FalsePositives, a.FalseNegatives, a.TrueNegatives));
        Assert.Equal(0.8, a.Precision!.Value, 6);
        Assert.Equal(2.0 / 3, a.Recall!.Value, 6);
        Assert.Equal(0.727273, a.F1!.Value, 5);
        Assert.Equal(0.625, a.Kappa!.Value, 6);
        Assert.Equal(SuggestionGate.Trusted, a.Gate);
    }

    [Fact]
    public void ASecondMatrixBelowTheThresholdHidesTheItem()
    {
        // TP 10, FP 10, FN 10, TN 20 (n = 50): precision 0.5, recall 0.5;
        // pₒ = 30/50 = 0.6; pₑ = 0.4·0.4 + 0.6·0.6 = 0.52; κ = 0.08/0.48 = 0.1667
        var a = AgreementMath.Compute("i", Pairs(10, 10, 10, 20), 0.6, 20);
        Assert.Equal(0.5, a.Precision!.Value, 6);
        Assert.Equal(0.5, a.Recall!.Value, 6);
        Assert.Equal(1.0 / 6, a.Kappa!.Value, 6);
        Assert.Equal(SuggestionGate.Hidden, a.Gate);
        Assert.False(a.ShowsSuggestions);
    }

    [Fact]
    public void KappaOverThreeLabelsIncludingNotApplicable()
    {
        // AI × human over labels 0 / 1 / na, 10 pairs:
        //          h0  h1  hna
        //   a0      2   1   0
        //   a1      1   4   0
        //   ana     0   0   2
        // pₒ = 8/10; AI marginals .3 .5 .2, human .3 .5 .2 → pₑ = .09 + .25 + .04 = .38; κ = (.8 − .38)/(.62) = 0.677419
        var pairs = new List<(string, string)>
        {
            ("0", "0"), ("0", "0"), ("0", "1"), ("1", "0"), ("1", "1"), ("1", "1"), ("1", "1"), ("1", "1"), ("na", "na"), ("na", "na"),
        };
        var (kappa, observed) = AgreementMath.CohensKappa(pairs);
        Assert.Equal(0.8, observed, 6);
        Assert.Equal(0.677419, kappa!.Value, 5);
    }

    [Fact]
    public void FewPairsAreOnProbationAndUndefinedRatiosAreNull()
    {
        var a = AgreementMath.Compute("i", Pairs(0, 0, 0, 5), 0.6, 20);
        Assert.Equal(SuggestionGate.Probation, a.Gate);
        Assert.Null(a.Precision);
        Assert.Null(a.Recall);
        Assert.Null(a.Kappa); // both said "1" throughout: pₑ = 1, κ undefined
        Assert.True(a.ShowsSuggestions);
    }

    [Fact]
    public void PerfectAgreementOnOneAnswerStaysOnProbationNotHidden()
    {
        // 25 pairs, AI and humans both said "1" every time: pₑ = 1, κ undefined, yet the AI was never wrong.
        var agreeing = AgreementMath.Compute("i", Pairs(0, 0, 0, 25), 0.6, 20);
        Assert.Null(agreeing.Kappa);
        Assert.Equal(SuggestionGate.Probation, agreeing.Gate);
        Assert.True(agreeing.ShowsSuggestions);

        // The AI always said "1" and humans always "0": pₒ = 0, pₑ = 0, κ = 0: hidden.
        var wrong = AgreementMath.Compute("i", Pairs(0, 0, 25, 0), 0.6, 20);
        Assert.Equal(SuggestionGate.Hidden, wrong.Gate);
    }
}
