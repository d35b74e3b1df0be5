using QaServerless.Ai.Analysis;
using QaServerless.Evaluations;

namespace QaServerless.Ai.Integration;

/// <summary>
/// A text conversation's messages for its evaluation's problem records: the stored transcript (written at ingest, one
/// segment a message), numbered in thread order from 1, each at its whole seconds after the first message.
/// </summary>
public sealed class TranscriptMessages(AnalysisStore store) : IConversationMessages
{
    public async Task<IReadOnlyList<ConversationMessage>?> FindAsync(string centerId, string callId, CancellationToken ct) =>
        await store.GetTranscriptAsync(centerId, callId, ct) is { } transcript ? Of(transcript) : null;

    public static IReadOnlyList<ConversationMessage> Of(Transcripts.Transcript transcript) =>
        [.. transcript.Segments.Select((s, i) => (s, i)).Where(x => x.s.MessageId is not null)
            .Select(x => new ConversationMessage(x.s.MessageId!, x.i + 1, (int)Math.Floor(x.s.Start)))];
}
