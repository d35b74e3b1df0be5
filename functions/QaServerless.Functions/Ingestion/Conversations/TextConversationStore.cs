using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json;
using Azure.Data.Tables;
using QaServerless.Ai.Analysis;
using QaServerless.Ai.Transcripts;
using QaServerless.Calls;
using QaServerless.Hosting;

namespace QaServerless.Ingestion.Conversations;

/// <summary>What joining a chunk's transcripts to their calls gave: the calls to save, and transcripts whose call is not here yet.</summary>
public sealed record ConversationJoin(IReadOnlyList<Call> Calls, int AwaitingRecord);

/// <summary>
/// A text conversation's messages, stored where transcripts are (<see cref="AnalysisStore"/>:
/// <c>ai-results/{center}/{callId}/transcript.json</c>, masked), and the join with its call. Table
/// <c>TextConversations</c> (PartitionKey = center, RowKey = call id) holds what the call takes from its messages (the first
/// response time) and the transcript's hash. The blob is written before the row, so a row means its transcript is in place,
/// and a replay (same hash) writes nothing.
/// <para>
/// Order does not matter: the call and its messages meet whichever comes second. A call record of a text channel takes
/// its first response time from the row when the row is there; a transcript whose call is stored already re-saves the
/// call with it (a new version of the call); a transcript that comes first waits in its row for its contact record.
/// Replaying either file gives the same call content, so nothing is stored twice.
/// </para>
/// </summary>
public sealed class TextConversationStore(TableServiceClient tables, AnalysisStore transcripts, CallStore calls)
{
    public const string Table = "TextConversations";
    private TableClient Rows => tables.GetTableClient(Table);

    private sealed record Facts(int? FirstResponseSeconds, string Hash);

    /// <summary>Stores each masked transcript (unless the same one is stored already) and its row. Returns how many were new or changed.</summary>
    public async Task<int> SaveAsync(string center, IReadOnlyList<Transcript> masked, CancellationToken ct)
    {
        var written = 0;
        await Parallel.ForEachAsync(masked, Options(ct), async (t, token) =>
        {
            var hash = Convert.ToHexString(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(t, HostJson.Options)), 0, 12);
            if ((await ReadAsync(center, t.CallId, token))?.Hash == hash) return;
            await transcripts.SaveTranscriptAsync(center, t, token);
            await Rows.UpsertEntityAsync(new TableEntity(CallKeys.Escape(center), CallKeys.Escape(t.CallId))
            {
                ["CallId"] = t.CallId, ["Hash"] = hash, ["Messages"] = t.Segments.Count,
                ["FirstResponseSeconds"] = TextMessages.FirstResponseSeconds(t),
            }, TableUpdateMode.Replace, token);
            Interlocked.Increment(ref written);
        });
        return written;
    }

    /// <summary>
    /// The chunk's calls with what their stored messages give (text channels only), plus the stored text calls that
    /// <paramref name="transcriptOnly"/> transcripts (Connect's) complete.
    /// </summary>
    public async Task<ConversationJoin> JoinAsync(string center, IReadOnlyList<Call> chunk, IReadOnlyList<string> transcriptOnly, CancellationToken ct)
    {
        var joined = new ConcurrentDictionary<int, Call>();
        await Parallel.ForEachAsync(chunk.Select((c, i) => (c, i)).Where(x => x.c.IsText), Options(ct), async (x, token) =>
        {
            if (await ReadAsync(center, x.c.CallId, token) is { } facts) joined[x.i] = x.c with { FirstResponseSeconds = facts.FirstResponseSeconds };
        });
        var result = chunk.Select((c, i) => joined.GetValueOrDefault(i, c)).ToList();

        var inChunk = chunk.Select(c => c.CallId).ToHashSet(StringComparer.Ordinal);
        var completed = new ConcurrentBag<Call>();
        var awaiting = 0;
        await Parallel.ForEachAsync(transcriptOnly.Where(id => !inChunk.Contains(id)).Distinct(), Options(ct), async (callId, token) =>
        {
            var stored = await calls.GetAsync(center, callId, token);
            if (stored is not { IsText: true }) { Interlocked.Increment(ref awaiting); return; }
            var facts = await ReadAsync(center, callId, token);
            completed.Add(stored with { FirstResponseSeconds = facts?.FirstResponseSeconds });
        });
        result.AddRange(completed.OrderBy(c => c.CallId, StringComparer.Ordinal));
        return new ConversationJoin(result, awaiting);
    }

    private async Task<Facts?> ReadAsync(string center, string callId, CancellationToken ct)
    {
        var row = await Rows.GetEntityIfExistsAsync<TableEntity>(CallKeys.Escape(center), CallKeys.Escape(callId), ["Hash", "FirstResponseSeconds"], ct);
        return row.HasValue ? new Facts(row.Value!.GetInt32("FirstResponseSeconds"), row.Value.GetString("Hash") ?? "") : null;
    }

    private static ParallelOptions Options(CancellationToken ct) => new() { MaxDegreeOfParallelism = 8, CancellationToken = ct };
}
