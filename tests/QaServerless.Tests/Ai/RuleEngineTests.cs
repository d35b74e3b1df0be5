using QaServerless.Ai.Rules;
using QaServerless.Ai.Transcripts;

namespace QaServerless.Tests.Ai;

public sealed class RuleEngineTests
{
    private static TranscriptSegment A(double start, double end, string text) => new(Speaker.Agent, start, end, text);
    private static TranscriptSegment C(double start, double end, string text) => new(Speaker.Customer, start, end, text);
    private static Transcript T(double duration, params TranscriptSegment[] segments) => Transcript.Merge("c1", "zh", duration, segments);

    private static RuleTag? Tag(Transcript t, string ruleId) => RuleEngine.Run(BuiltInRules.All, t).SingleOrDefault(x => x.RuleId == ruleId);

    [Fact]
    public void AGreetingWithinTwoSecondsRaisesNoTag() =>
        Assert.Null(Tag(T(30, A(1.2, 3.5, "您好，很高兴为您服务，本次通话可能会被录音。")), "greeting-2s"));

    [Fact]
    public void AGreetingAfterTwoSecondsIsTaggedWithWhereItWasSaid()
    {
        var tag = Tag(T(30, C(0.5, 2, "喂？"), A(4.5, 6, "您好，请问有什么可以帮您？")), "greeting-2s");
        Assert.NotNull(tag);
        var evidence = Assert.Single(tag.Evidence);
        Assert.Equal(1, evidence.Segment);
        Assert.Equal(4.5, evidence.Start);
        Assert.Equal(Speaker.Agent, evidence.Speaker);
    }

    [Fact]
    public void AGreetingSaidByTheCustomerDoesNotCountForTheAgent()
    {
        var tag = Tag(T(30, C(0.3, 1, "你好"), A(8, 9, "嗯")), "greeting-2s");
        Assert.NotNull(tag);
        // Nothing matching anywhere: the evidence is the window that was searched.
        var evidence = Assert.Single(tag.Evidence);
        Assert.Null(evidence.Segment);
        Assert.Equal((0, 2), (evidence.Start, evidence.End));
    }

    [Fact]
    public void AMissingRecordingDisclosureIsTaggedAndASaidOneIsNot()
    {
        Assert.NotNull(Tag(T(60, A(0.5, 2, "您好")), "recording-disclosure"));
        Assert.Null(Tag(T(60, A(0.5, 2, "您好"), A(20, 25, "为保证服务质量，本次通话将会录音")), "recording-disclosure"));
    }

    [Fact]
    public void ForbiddenWordsOfTheAgentAreTaggedWithEachSegment()
    {
        var tag = Tag(T(60, A(0.5, 2, "您好"), C(10, 12, "我不知道怎么办"), A(15, 18, "这个不归我管，你自己看吧")), "forbidden-words");
        Assert.NotNull(tag);
        var evidence = Assert.Single(tag.Evidence); // the customer's 不知道 is not the agent's forbidden word
        Assert.Equal((2, 15.0), (evidence.Segment, evidence.Start));
        Assert.Contains("不归我管", evidence.Quote);
    }

    [Theory]
    [InlineData("这是我第二次来电了")]
    [InlineData("我已经打了好几次了")]
    [InlineData("我又打电话来问这个事")]
    public void RepeatCallPhrasesOfTheCustomerAreTagged(string said) =>
        Assert.NotNull(Tag(T(60, A(0.5, 2, "您好"), C(3, 6, said)), "repeat-call"));

    [Fact]
    public void TheAgentSayingSecondTimeIsNotARepeatCall() =>
        Assert.Null(Tag(T(60, A(0.5, 2, "您好，这是我第二次来电确认"), C(3, 6, "好的")), "repeat-call"));

    [Fact]
    public void ASilenceOfTenSecondsIsTaggedWithItsGap()
    {
        var tag = Tag(T(60, A(0.5, 2, "您好"), C(2.5, 5, "查一下订单"), A(5.5, 6, "请稍等"), A(17, 19, "让您久等了")), "long-silence");
        Assert.NotNull(tag);
        var gap = Assert.Single(tag.Evidence);
        Assert.Equal((6.0, 17.0), (gap.Start, gap.End));
    }

    [Fact]
    public void NineSecondsOfSilenceIsNotLong() =>
        Assert.Null(Tag(T(60, A(0.5, 2, "您好"), A(11, 12, "在的")), "long-silence"));

    [Fact]
    public void OvertalkIsTaggedOnTheOneWhoInterrupted()
    {
        var tag = Tag(T(60, C(1, 8, "我跟你说这个问题已经很久了一直没解决"), A(5, 9, "先生您听我说")), "overtalk");
        Assert.NotNull(tag);
        var e = Assert.Single(tag.Evidence);
        Assert.Equal((Speaker.Agent, 5.0, 8.0), (e.Speaker!.Value, e.Start, e.End));
    }

    [Fact]
    public void AWindowCountedFromTheEndFindsTheClosing()
    {
        var closing = new Rule
        {
            Id = "closing", Name = "结束语", Trigger = RuleTrigger.WhenMissing, Speaker = Speaker.Agent,
            Keywords = ["感谢您的来电", "再见"], WindowStart = 0, WindowEnd = 10, FromEnd = true,
        };
        Assert.Empty(RuleEngine.Run([closing], T(100, A(1, 2, "您好"), A(93, 95, "感谢您的来电，再见"))));
        // Said, but 40 s before the end: outside the window, so the tag fires and points at it.
        var tag = Assert.Single(RuleEngine.Run([closing], T(100, A(1, 2, "您好"), A(60, 62, "感谢您的来电"), C(70, 90, "还有一个问题"))));
        Assert.Equal(60, Assert.Single(tag.Evidence).Start);
    }

    [Fact]
    public void ACustomRegexRuleWithSpeakerAndWindowMatchesChineseText()
    {
        var verify = new Rule
        {
            Id = "verify", Name = "核实身份", Trigger = RuleTrigger.WhenMissing, Speaker = Speaker.Agent,
            Pattern = "(核实|确认).{0,4}(身份|姓名|手机号)", WindowStart = 0, WindowEnd = 30,
        };
        Assert.Empty(RuleEngine.Run([verify], T(100, A(12, 15, "先帮您确认一下您的手机号"))));
        Assert.Single(RuleEngine.Run([verify], T(100, A(45, 50, "先帮您确认一下您的手机号"))));
    }

    [Fact]
    public void InvalidRulesAreReportedByField()
    {
        var errors = RulesApi.Validate([new Rule { Id = "x", Name = "bad", Pattern = "(unclosed" }, new Rule { Id = "x", Name = "", Kind = RuleKind.Silence }], "rules");
        Assert.Contains("rules[0].pattern", errors.Keys);
        Assert.Contains("rules[1].name", errors.Keys);
        Assert.Contains("rules[1].minSeconds", errors.Keys);
        Assert.Contains("used twice", errors["rules"][0]);
    }
}
