using QaServerless.Ai.Transcripts;

namespace QaServerless.Ai.Rules;

/// <summary>Rules that only make sense on a thread of messages (chat, IM, e-mail), where times are seconds after the first message.</summary>
public static class TextRules
{
    /// <summary>
    /// The customer's first message and the agent's first message after it: tagged when the wait is at least
    /// <see cref="Rule.MinSeconds"/>, the evidence being the reply (its span is the wait); tagged too when the agent never
    /// replied, the evidence being the customer's message, waiting until the end of the thread. System messages (queue
    /// notices, bots) are no reply. Null when the agent answered in time or the customer never wrote.
    /// </summary>
    public static IReadOnlyList<TagEvidence>? FirstResponse(Rule rule, Transcript thread)
    {
        var segments = thread.Segments;
        var asked = Index(segments, 0, Speaker.Customer);
        if (asked < 0) return null;
        var customer = segments[asked];
        var replied = Index(segments, asked + 1, Speaker.Agent);
        if (replied < 0)
        {
            var end = Math.Max(thread.DurationSeconds, segments[^1].End);
            return [new TagEvidence(asked, Speaker.Customer, customer.Start, end, customer.Text)];
        }
        var reply = segments[replied];
        return reply.Start - customer.Start >= rule.MinSeconds ? [new TagEvidence(replied, Speaker.Agent, customer.Start, reply.Start, reply.Text)] : null;
    }

    private static int Index(IReadOnlyList<TranscriptSegment> segments, int from, Speaker speaker)
    {
        for (var i = from; i < segments.Count; i++) if (segments[i].Speaker == speaker) return i;
        return -1;
    }
}
