using System.Text.Json;
using QaServerless.Ai.Transcripts;
using QaServerless.Ingestion.Profiles;

namespace QaServerless.Ingestion.Conversations;

/// <summary>
/// An Amazon Connect chat transcript as Connect writes it to S3 (format <c>amazon-connect-chat</c>): <c>Version</c>,
/// <c>AWSAccountId</c>, <c>InstanceId</c>, <c>InitialContactId</c>, <c>ContactId</c>, <c>Participants</c> and
/// <c>Transcript[]</c> items (<c>AbsoluteTime</c>, <c>Content</c>, <c>ContentType</c>, <c>Id</c>, <c>Type</c>,
/// <c>ParticipantId</c>, <c>DisplayName</c>, <c>ParticipantRole</c>). It holds messages only: the call's fields come
/// from the CHAT contact record with the same <c>ContactId</c> (the <c>amazon-connect</c> profile).
/// </summary>
public static class ConnectChatTranscript
{
    /// <summary>The transcript's scalars (<c>ContactId</c>, <c>InitialContactId</c> …; never a display name) and its messages.</summary>
    public static (Dictionary<string, string?> Fields, IReadOnlyList<TextMessage> Messages, List<FieldError> Errors) Read(JsonElement file)
    {
        var fields = ContactRecords.Flatten(file, "Transcript", "Participants");
        var list = new List<TextMessage>();
        var errors = new List<FieldError>();
        if (!file.TryGetProperty("Transcript", out var items) || items.ValueKind != JsonValueKind.Array)
            errors.Add(new("Transcript", "is required (the chat's items)"));
        else if (items.GetArrayLength() > TextMessages.MaxMessages) errors.Add(new("Transcript", $"more than {TextMessages.MaxMessages} items"));
        else
        {
            var i = 0;
            foreach (var item in items.EnumerateArray()) Item(item, i++, list, errors);
        }
        TextMessages.AddDerived(fields, list);
        return (fields, list, errors);
    }

    /// <summary>
    /// A MESSAGE becomes a message (an agent's, a customer's; a SYSTEM, bot or supervisor message as
    /// <see cref="Speaker.Unknown"/>); an ATTACHMENT a message naming the file; an EVENT (joined, left, typing, ended,
    /// transfer) is left out: it is no one's words.
    /// </summary>
    private static void Item(JsonElement item, int i, List<TextMessage> list, List<FieldError> errors)
    {
        var type = TextMessages.Str(item, "Type")?.ToUpperInvariant();
        if (type is not ("MESSAGE" or "ATTACHMENT")) return;
        var id = TextMessages.Str(item, "Id");
        var text = type == "MESSAGE" ? TextMessages.Str(item, "Content") : "[附件 attachment] " + AttachmentName(item);
        TextMessages.Check("Transcript", i, id, text, errors);
        if (TextMessages.Time(TextMessages.Str(item, "AbsoluteTime")) is not { } at)
        {
            errors.Add(new($"Transcript[{i}].AbsoluteTime", "must be an ISO 8601 time, e.g. 2019-11-08T02:41:28.172Z"));
            return;
        }
        if (text is null) return; // a message without content (a receipt): nothing to read
        var speaker = TextMessages.Str(item, "ParticipantRole")?.ToUpperInvariant() switch
        {
            "AGENT" => Speaker.Agent,
            "CUSTOMER" => Speaker.Customer,
            _ => Speaker.Unknown,
        };
        list.Add(new TextMessage(TextMessages.StoredId(id, i), speaker, at, text));
    }

    private static string AttachmentName(JsonElement item) =>
        item.TryGetProperty("Attachments", out var a) && a.ValueKind == JsonValueKind.Array
            ? string.Join(", ", a.EnumerateArray().Select(x => TextMessages.Str(x, "AttachmentName")).OfType<string>())
            : "";
}
