using System.Text.Json;
using QaServerless.Ai.Transcripts;
using QaServerless.Ingestion.Profiles;

namespace QaServerless.Ingestion.Conversations;

/// <summary>
/// Our own export of text conversations (format <c>conversations</c>, docs/ingest-formats.md): one JSON object a
/// conversation — its call fields by our names plus <c>messages[{id, from, at, text}]</c> — one a line or in an array.
/// The call fields are read through the built-in profile (so a center's copy can map its teams and business types); the
/// messages are read here.
/// </summary>
public static class ConversationExport
{
    /// <summary>The conversation's scalars flattened (the messages left out) with the fields its messages give.</summary>
    public static (Dictionary<string, string?> Fields, IReadOnlyList<TextMessage> Messages, List<FieldError> Errors) Read(JsonElement conversation)
    {
        var fields = ContactRecords.Flatten(conversation, "messages");
        var (messages, errors) = Messages(conversation);
        TextMessages.AddDerived(fields, messages);
        return (fields, messages, errors);
    }

    private static (List<TextMessage>, List<FieldError>) Messages(JsonElement conversation)
    {
        var list = new List<TextMessage>();
        var errors = new List<FieldError>();
        if (!conversation.TryGetProperty("messages", out var array) || array.ValueKind != JsonValueKind.Array)
        {
            errors.Add(new("messages", "is required (an array of {id, from, at, text})"));
            return (list, errors);
        }
        if (array.GetArrayLength() > TextMessages.MaxMessages)
        {
            errors.Add(new("messages", $"more than {TextMessages.MaxMessages} messages"));
            return (list, errors);
        }
        var i = 0;
        foreach (var m in array.EnumerateArray())
        {
            var (id, from, at, text) = (TextMessages.Str(m, "id"), TextMessages.Str(m, "from"), TextMessages.Str(m, "at"), TextMessages.Str(m, "text"));
            var speaker = From(from);
            if (m.ValueKind != JsonValueKind.Object) errors.Add(new($"messages[{i}]", "must be an object"));
            else
            {
                if (speaker is null) errors.Add(new($"messages[{i}].from", "must be agent, customer or system"));
                if (TextMessages.Time(at) is not { } sent) errors.Add(new($"messages[{i}].at", "must be an ISO 8601 date and time with a UTC offset"));
                else if (speaker is { } s && text is not null) list.Add(new TextMessage(TextMessages.StoredId(id, i), s, sent, text));
                if (text is null) errors.Add(new($"messages[{i}].text", "is required"));
                TextMessages.Check("messages", i, id, text, errors);
            }
            i++;
        }
        if (i == 0) errors.Add(new("messages", "has no message"));
        return (list, errors);
    }

    /// <summary>Who sent it: a system or bot message (an automatic greeting, a survey link) is kept as <see cref="Speaker.Unknown"/>.</summary>
    private static Speaker? From(string? from) => from?.ToLowerInvariant() switch
    {
        "agent" => Speaker.Agent,
        "customer" => Speaker.Customer,
        "system" or "bot" => Speaker.Unknown,
        _ => null,
    };
}
