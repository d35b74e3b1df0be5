using System.Globalization;
using System.Text.Json;
using QaServerless.Ai.Transcripts;

namespace QaServerless.Ingestion.Conversations;

/// <summary>One message of a text conversation as its source wrote it (text not yet masked).</summary>
public sealed record TextMessage(string? Id, Speaker From, DateTimeOffset At, string Text);

/// <summary>
/// The messages of a text conversation (chat, IM, e-mail thread, SMS), read from a source record, and what follows from
/// them: the transcript we store (one segment a message, masked), the first response time and the fields a record
/// leaves out (start, length, abandoned). Pure: no storage. docs/ingest-formats.md, "Text conversations".
/// </summary>
public static class TextMessages
{
    /// <summary>A conversation of more messages than this is refused: no real chat or thread is that long, and it bounds memory.</summary>
    public const int MaxMessages = 5000;
    /// <summary>Amazon Connect's own limit for one message's content (the participant API's <c>Item.Content</c>).</summary>
    public const int MaxTextChars = 16384;
    public const int MaxIdChars = 256;

    /// <summary>
    /// The transcript as stored: segments ordered by sending time (stable: the source's order for equal times), each
    /// <c>Start</c> = <c>End</c> = seconds after the first message, its message id and sent time, the text masked.
    /// </summary>
    public static Transcript ToTranscript(string callId, string language, IReadOnlyList<TextMessage> messages)
    {
        var ordered = messages.OrderBy(m => m.At).ToList();
        var first = ordered.Count > 0 ? ordered[0].At : default;
        var segments = ordered.Select(m =>
        {
            var at = Math.Round((m.At - first).TotalSeconds, 3);
            return new TranscriptSegment(m.From, at, at, m.Text) { MessageId = m.Id, SentAt = m.At };
        }).ToList();
        var duration = segments.Count > 0 ? segments[^1].End : 0;
        return new Transcript(callId, language, duration, segments).Masked();
    }

    /// <summary>
    /// Seconds from the customer's first message to the agent's first message after it (whole seconds, rounded down);
    /// null when the customer never wrote or no agent answered (an abandoned chat). A greeting the agent sent before the
    /// customer wrote (an outbound message) is not a response. System and bot messages never count.
    /// </summary>
    public static int? FirstResponseSeconds(IReadOnlyList<TextMessage> messages)
    {
        var ordered = messages.OrderBy(m => m.At).ToList();
        var customer = ordered.FirstOrDefault(m => m.From == Speaker.Customer);
        if (customer is null) return null;
        var agent = ordered.FirstOrDefault(m => m.From == Speaker.Agent && m.At >= customer.At);
        return agent is null ? null : (int)Math.Floor((agent.At - customer.At).TotalSeconds);
    }

    /// <summary>The first response time of a stored transcript (its segments' senders and sent times).</summary>
    public static int? FirstResponseSeconds(Transcript transcript)
    {
        var first = transcript.Segments.Select(s => s.SentAt).FirstOrDefault(t => t is not null) ?? DateTimeOffset.UnixEpoch;
        return FirstResponseSeconds([.. transcript.Segments.Select(s => new TextMessage(s.MessageId, s.Speaker, s.SentAt ?? first.AddSeconds(s.Start), s.Text))]);
    }

    /// <summary>
    /// What the messages say that a record may leave out, as fields a profile reads: <c>derived.start</c> (the first
    /// message, ISO 8601), <c>derived.talkSeconds</c> (first to last message), <c>derived.abandoned</c> (no agent message),
    /// <c>derived.firstResponseSeconds</c>.
    /// </summary>
    public static void AddDerived(Dictionary<string, string?> fields, IReadOnlyList<TextMessage> messages)
    {
        if (messages.Count == 0) return;
        var first = messages.Min(m => m.At);
        var last = messages.Max(m => m.At);
        fields["derived.start"] = first.ToString("yyyy-MM-ddTHH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture);
        fields["derived.talkSeconds"] = ((long)Math.Round((last - first).TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        fields["derived.abandoned"] = messages.Any(m => m.From == Speaker.Agent) ? "false" : "true";
        if (FirstResponseSeconds(messages) is { } fr) fields["derived.firstResponseSeconds"] = fr.ToString(CultureInfo.InvariantCulture);
    }

    internal static string? Str(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 } s ? s : null;

    /// <summary>An ISO 8601 time with an offset (a message time without one is ambiguous).</summary>
    internal static DateTimeOffset? Time(string? text) =>
        text is not null && (text.EndsWith('Z') || text.LastIndexOfAny(['+', '-']) > 10)
        && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var t) ? t : null;

    /// <summary>The checks every message goes through, whatever its source; the problems name the message by position.</summary>
    internal static void Check(string field, int index, string? id, string? text, List<FieldError> errors)
    {
        if (id is { Length: > MaxIdChars } || id is not null && id.Any(char.IsControl))
            errors.Add(new($"{field}[{index}].id", $"must be at most {MaxIdChars} characters without control characters"));
        if (text is { Length: > MaxTextChars }) errors.Add(new($"{field}[{index}].text", $"longer than {MaxTextChars} characters"));
    }

    /// <summary>
    /// The id a message is stored under (a problem record points at it): the source's own, unless it looks like personal
    /// data (an e-mail Message-ID holds an address; an SMS id may be a number), then its place in the conversation,
    /// <c>#1</c>, <c>#2</c> …, stable across replays and telling nothing. A UUID is never taken for a number.
    /// </summary>
    internal static string? StoredId(string? id, int index) =>
        id is null || Guid.TryParseExact(id, "D", out _) || Privacy.StructuredFields.PersonalDataReason(id, identifier: true) is null ? id : $"#{index + 1}";
}
