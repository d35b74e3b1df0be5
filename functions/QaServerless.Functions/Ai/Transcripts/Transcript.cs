using System.Text.Json.Serialization;

namespace QaServerless.Ai.Transcripts;

/// <summary>Who spoke. Stereo recordings carry the agent on the first channel and the customer on the second.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<Speaker>))]
public enum Speaker { Agent, Customer, Unknown }

/// <summary>One stretch of speech with its time from pickup, in seconds.</summary>
public sealed record TranscriptSegment(Speaker Speaker, double Start, double End, string Text)
{
    public double Duration => Math.Max(0, End - Start);

    /// <summary>
    /// A text conversation (chat, IM, e-mail: a call whose <c>Channel</c> is not voice) is kept as a transcript too, one
    /// segment a message (<see cref="Start"/> = <see cref="End"/> = seconds after the first message), so rules, prompts and
    /// the workbench read one shape. Its message id in the source export; null for speech.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? MessageId { get; init; }

    /// <summary>When a text message was sent (from the source export); null for speech.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DateTimeOffset? SentAt { get; init; }
}

/// <summary>
/// A call's speaker-labelled transcript, segments ordered by start time. Stored masked (see <see cref="Privacy.PiiMasker"/>)
/// as JSON in the <c>transcripts</c> container; rules, prompts and the workbench all read this one shape.
/// </summary>
public sealed record Transcript(string CallId, string Language, double DurationSeconds, IReadOnlyList<TranscriptSegment> Segments)
{
    /// <summary>Merges per-channel segment lists into one timeline (stable for equal start times: agent first).</summary>
    public static Transcript Merge(string callId, string language, double duration, params IEnumerable<TranscriptSegment>[] channels) =>
        new(callId, language, duration, channels.SelectMany(c => c)
            .Where(s => !string.IsNullOrWhiteSpace(s.Text))
            .OrderBy(s => s.Start).ThenBy(s => s.Speaker).ToList());

    /// <summary>A copy with every segment's text masked: what is stored and what a model is shown.</summary>
    public Transcript Masked() => this with { Segments = Segments.Select(s => s with { Text = Privacy.PiiMasker.Mask(s.Text) }).ToList() };

    /// <summary>The lines as a prompt shows them: <c>[12.5s 坐席] 您好……</c>.</summary>
    public string ToPromptText() => string.Join('\n', Segments.Select(s =>
        $"[{s.Start:0.0}s {(s.Speaker == Speaker.Agent ? "坐席" : s.Speaker == Speaker.Customer ? "客户" : "未知")}] {s.Text}"));
}
