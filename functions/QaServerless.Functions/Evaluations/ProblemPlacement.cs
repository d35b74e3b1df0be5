namespace QaServerless.Evaluations;

/// <summary>
/// Where a problem record sits: a moment (mm:ss) in a call, a message in a text conversation (chat, e-mail …). Pure: the
/// conversation's messages are the input, as the call's length is for a moment. A message's problem takes the message's
/// offset as its <see cref="ProblemRecord.AtSecond"/>, so lists sorted by time and exports keep working on both kinds.
/// </summary>
public static class ProblemPlacement
{
    /// <summary>Each problem that names a message of <paramref name="messages"/> gets that message's offset; the rest stay as they are.</summary>
    public static IReadOnlyList<ProblemRecord> AtMessages(IReadOnlyList<ProblemRecord> problems, IReadOnlyList<ConversationMessage>? messages)
    {
        if (messages is null) return problems;
        var byId = ById(messages);
        return [.. problems.Select(p => p.MessageId is { } id && byId.TryGetValue(id, out var m) ? p with { AtSecond = m.AtSecond } : p)];
    }

    /// <summary>
    /// Why the record's message is wrong, or null when it is right: in a text conversation every problem names one of its
    /// messages at that message's offset; a call has no messages to name.
    /// </summary>
    public static string? CheckMessage(ProblemRecord p, IReadOnlyList<ConversationMessage>? messages)
    {
        if (messages is null)
            return p.MessageId is null ? null : "A call has no messages: give the moment (mm:ss) instead of a message.";
        if (string.IsNullOrWhiteSpace(p.MessageId)) return "Name the message of the conversation the problem is in.";
        if (!ById(messages).TryGetValue(p.MessageId, out var m)) return $"'{p.MessageId}' is not a message of this conversation.";
        return p.AtSecond == m.AtSecond ? null : $"Message #{m.Number} was sent {m.AtSecond} s after the first message, not {p.AtSecond} s.";
    }

    /// <summary>The messages of a thread by id (an export that repeats an id: the first one counts).</summary>
    private static Dictionary<string, ConversationMessage> ById(IReadOnlyList<ConversationMessage> messages)
    {
        var byId = new Dictionary<string, ConversationMessage>(StringComparer.Ordinal);
        foreach (var m in messages) byId.TryAdd(m.MessageId, m);
        return byId;
    }
}
