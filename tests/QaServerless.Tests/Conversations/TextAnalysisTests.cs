using QaServerless.Ai.PreScoring;
using QaServerless.Ai.Rules;
using QaServerless.Ai.Transcripts;
using QaServerless.Tests.Infrastructure;

namespace QaServerless.Tests.Conversations;

/// <summary>Rules, the prompt and the evidence check on a text conversation's messages, without storage or a model.</summary>
public sealed class TextAnalysisTests
{
    private static readonly Transcript Chat = StoredConversations.Thread("chat-1");
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    private static Transcript Thread(params (Speaker From, int At)[] messages) => new("t", "zh", messages[^1].At,
        [.. messages.Select((m, i) => new TranscriptSegment(m.From, m.At, m.At, $"消息{i + 1}") { MessageId = $"m{i + 1}" })]);

    [Fact]
    public void TheBuiltInsOnAChatTagOnlyTheSlowFirstResponse()
    {
        // #1 asks at 0 s, the queue's notice (#2, 5 s) is no reply, the agent first answers at 75 s (#3): 75 ≥ 60.
        // Greeting within 2 s and the recording notice are about calls; the 70 s gap is no "silence" in a thread.
        var tags = RuleEngine.Run(BuiltInRules.All, Chat);
        var tag = Assert.Single(tags);
        Assert.Equal("slow-first-response", tag.RuleId);
        var evidence = Assert.Single(tag.Evidence);
        Assert.Equal((2, Speaker.Agent, 0.0, 75.0), (evidence.Segment, evidence.Speaker, evidence.Start, evidence.End));
    }

    [Fact]
    public void FirstResponseFiguresByHand()
    {
        var rule = BuiltInRules.All.Single(r => r.Id == "slow-first-response");
        // Customer at 10 s, agent at 69 s: 59 s, under the minute.
        Assert.Null(TextRules.FirstResponse(rule, Thread((Speaker.Agent, 0), (Speaker.Customer, 10), (Speaker.Agent, 69))));
        // Customer at 10 s, agent at 70 s: exactly 60 s, tagged.
        Assert.Equal(60, TextRules.FirstResponse(rule, Thread((Speaker.Customer, 10), (Speaker.Agent, 70)))![0] is var e ? e.End - e.Start : 0);
        // Never answered: the customer's message, waiting to the thread's end (200 s).
        var unanswered = Assert.Single(TextRules.FirstResponse(rule, Thread((Speaker.Customer, 20), (Speaker.Unknown, 200)))!);
        Assert.Equal((0, Speaker.Customer, 20.0, 200.0), (unanswered.Segment, unanswered.Speaker, unanswered.Start, unanswered.End));
        // The customer never wrote: nothing to answer.
        Assert.Null(TextRules.FirstResponse(rule, Thread((Speaker.Agent, 0), (Speaker.Unknown, 5))));
    }

    [Fact]
    public void RulesRunWhereTheyApply()
    {
        Rule phrase = new() { Id = "p", Name = "p", Keywords = ["x"] };
        Assert.True(RuleEngine.AppliesTo(phrase, text: true) && RuleEngine.AppliesTo(phrase, text: false));
        Assert.False(RuleEngine.AppliesTo(phrase with { Channel = RuleChannel.Voice }, text: true));
        Assert.False(RuleEngine.AppliesTo(new Rule { Kind = RuleKind.Silence, MinSeconds = 10 }, text: true));
        Assert.False(RuleEngine.AppliesTo(new Rule { Kind = RuleKind.Overtalk, MinSeconds = 2 }, text: true));
        Assert.False(RuleEngine.AppliesTo(new Rule { Kind = RuleKind.FirstResponse, MinSeconds = 60 }, text: false));
    }

    [Fact]
    public void ThePromptNumbersTheMessagesWithTheirSentTimeInTheCentersZone()
    {
        var lines = PreScoringSchema.UserPrompt(Chat, Shanghai).Split('\n');
        Assert.Equal("会话消息：", lines[0]);
        Assert.Equal("[#2 10:02:05 系统] 您已进入人工客服队列，前面还有 1 位", lines[2]);
        Assert.Equal("[#3 10:03:15 坐席] 您好，很高兴为您服务，请问您的订单号是多少？", lines[3]);
        // Masked at ingest: the model never sees the phone number.
        Assert.Equal("[#4 10:03:40 客户] 订单号 2026111900123，手机 138****5678", lines[4]);
    }

    [Fact]
    public void TheSchemaOfATextConversationAsksForMessageNumbers()
    {
        var schema = System.Text.Json.Nodes.JsonNode.Parse(PreScoringSchema.Build(new PreScoringCard("sc", 1, [new("g", "问候", null, 1, false, false, false)]), text: true).ToString())!;
        var evidence = schema["properties"]!["items"]!["properties"]!["g"]!["properties"]!["evidence"]!["items"]!;
        Assert.Equal(["quote", "message"], evidence["required"]!.AsArray().Select(n => (string)n!));
        Assert.Equal("integer", (string)evidence["properties"]!["message"]!["type"]!);
    }

    private static readonly PreScoringCard Card = new("sc", 1,
    [
        new("greeting", "问候", null, 1, false, false, false),
        new("closing", "结束语", null, 1, false, true, false),
    ]);

    [Fact]
    public void AQuoteInTheCitedMessageIsKeptWithItsIdAndNumber()
    {
        var (kept, discarded) = EvidenceVerifier.Verify([new ModelAnswer("greeting", "yes", 0.9, [new("您好 很高兴为您服务", -1, 3)])], Card, Chat, 5);
        Assert.Empty(discarded);
        var evidence = Assert.Single(Assert.Single(kept).Evidence);
        Assert.Equal((3, "m-3", 2, Speaker.Agent, 75.0), (evidence.MessageNumber, evidence.MessageId, evidence.Segment, evidence.Speaker, evidence.SegmentStart));
    }

    [Fact]
    public void AQuoteInAnotherMessageOrInNoneIsDiscarded()
    {
        var (kept, discarded) = EvidenceVerifier.Verify(
        [
            new ModelAnswer("greeting", "yes", 0.9, [new("很高兴为您服务", -1, 5)]),   // it is #3, not #5
            new ModelAnswer("closing", "yes", 0.8, [new("感谢您的来电", -1, 6)]),      // #6 says 咨询, not 来电
        ], Card, Chat, 5);
        Assert.Empty(kept);
        Assert.Equal([DiscardReason.WrongMessage, DiscardReason.QuoteNotFound], discarded.Select(d => d.Reason));
    }
}
