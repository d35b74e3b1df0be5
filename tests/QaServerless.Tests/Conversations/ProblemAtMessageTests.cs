using QaServerless.Evaluations;
using QaServerless.Scoring;
using static QaServerless.Tests.Scoring.ScoringExamples;

namespace QaServerless.Tests.Conversations;

/// <summary>A text conversation's problem records point at its messages: the rules without storage.</summary>
public sealed class ProblemAtMessageTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 20, 1, 0, 0, TimeSpan.Zero);

    /// <summary>The thread of Infrastructure/StoredConversations: ids, numbers, offsets.</summary>
    private static readonly ConversationMessage[] Thread =
        [new("m-1", 1, 0), new("m-2", 2, 5), new("m-3", 3, 75), new("m-4", 4, 100), new("m-5", 5, 150), new("m-6", 6, 180)];

    private static Evaluation Chat() =>
        EvaluationFlow.Start("c1", "ev1", "chat-1", "a1", "T1", "insp-1", Standard(), true, 180, new Change("insp", T0), channel: "chat");

    [Fact]
    public void AProblemAtAMessageTakesTheMessagesOffset()
    {
        // The client says nothing of the time (or something wrong): message #3 was sent 75 s after the first.
        var step = EvaluationFlow.SaveDraft(Chat(), Standard(), [], [new ProblemRecord("greet", "首次响应太慢", 0, ProblemClass.Typical) { MessageId = "m-3" }],
            new Change("insp", T0), Thread);
        var problem = Assert.Single(step.Next!.Problems);
        Assert.Equal(("m-3", 75), (problem.MessageId, problem.AtSecond));
        Assert.Equal("chat", step.Next.Channel);
    }

    [Fact]
    public void AnUnknownMessageIsRefusedNamingTheField()
    {
        var step = EvaluationFlow.SaveDraft(Chat(), Standard(), [], [new ProblemRecord("greet", "x", 0, ProblemClass.Common) { MessageId = "m-9" }],
            new Change("insp", T0), Thread);
        Assert.Null(step.Next);
        Assert.Equal(["problems[0].messageId"], step.Errors!.Keys);
        Assert.Contains("'m-9' is not a message", step.Errors["problems[0].messageId"][0]);
    }

    [Fact]
    public void AConversationsProblemMustNameAMessageAndACallsMustNot()
    {
        var noMessage = EvaluationFlow.CheckProblems(Standard(), [new ProblemRecord("greet", "x", 75, ProblemClass.Common)], 180, Thread);
        Assert.Equal(["problems[0].messageId"], noMessage.Keys);

        var onACall = EvaluationFlow.CheckProblems(Standard(), [new ProblemRecord("greet", "x", 75, ProblemClass.Common) { MessageId = "m-3" }], 300);
        Assert.Equal(["problems[0].messageId"], onACall.Keys);
    }

    [Fact]
    public void AStoredProblemWhoseOffsetDisagreesWithItsMessageIsRefusedOnSubmit()
    {
        // Stored before the thread was corrected at the source (m-3 now at 75 s): the record no longer matches its message.
        var stale = Chat() with { Problems = [new ProblemRecord("greet", "x", 70, ProblemClass.Common) { MessageId = "m-3" }] };
        var step = EvaluationFlow.Submit(stale, Standard(), new Change("insp", T0), Thread);
        Assert.Contains("problems[0].messageId", step.Errors!.Keys);
        Assert.Contains("#3", step.Errors["problems[0].messageId"][0]);
    }

    [Fact]
    public void ACallsEvaluationJsonIsWhatItWasWithoutMessages()
    {
        var json = System.Text.Json.JsonSerializer.Serialize(new ProblemRecord("greet", "x", 75, ProblemClass.Common), QaServerless.Hosting.HostJson.Options);
        Assert.DoesNotContain("messageId", json);
        var e = EvaluationFlow.Start("c1", "ev1", "call1", "a1", "T1", "insp-1", Standard(), true, 300, new Change("insp", T0));
        Assert.DoesNotContain("channel", System.Text.Json.JsonSerializer.Serialize(e, QaServerless.Hosting.HostJson.Options));
    }
}
