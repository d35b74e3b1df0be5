using System.Globalization;

namespace QaServerless.Ai.Transcripts;

/// <summary>
/// A text conversation's transcript (chat, IM, e-mail: one segment a message, written at ingest) as rules, prompts and the
/// evidence check read it. Messages are numbered in thread order from 1 (<c>#3</c>): the number people and the model cite.
/// </summary>
public static class TextConversation
{
    /// <summary>Whether the transcript is a thread of messages rather than speech: its segments carry message ids.</summary>
    public static bool IsThread(this Transcript transcript) => transcript.Segments.Any(s => s.MessageId is not null);

    /// <summary>The sender as a prompt names it: 坐席, 客户, or 系统 (automatic messages: queue notices, bots).</summary>
    public static string SenderWord(Speaker speaker) => speaker switch { Speaker.Agent => "坐席", Speaker.Customer => "客户", _ => "系统" };

    /// <summary>
    /// The lines as a prompt shows a thread: <c>[#3 10:02:15 客户] …</c>, the sent time in the center's time zone
    /// (a message without one: its offset after the first message, <c>+00:02:15</c>).
    /// </summary>
    public static string ToPromptText(Transcript transcript, TimeZoneInfo zone) => string.Join('\n', transcript.Segments.Select((s, i) =>
        $"[#{i + 1} {ClockOf(s, zone)} {SenderWord(s.Speaker)}] {s.Text}"));

    private static string ClockOf(TranscriptSegment s, TimeZoneInfo zone) => s.SentAt is { } sent
        ? TimeZoneInfo.ConvertTime(sent, zone).ToString("HH:mm:ss", CultureInfo.InvariantCulture)
        : "+" + TimeSpan.FromSeconds(Math.Max(0, Math.Floor(s.Start))).ToString(@"hh\:mm\:ss", CultureInfo.InvariantCulture);

    /// <summary>The message numbered <paramref name="number"/> (#1 first), or null when the thread has no such message.</summary>
    public static TranscriptSegment? Message(this Transcript transcript, int number) =>
        number >= 1 && number <= transcript.Segments.Count ? transcript.Segments[number - 1] : null;
}
