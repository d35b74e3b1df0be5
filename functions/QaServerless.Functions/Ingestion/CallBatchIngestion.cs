using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using QaServerless.Calls;
using QaServerless.Ingestion.Conversations;
using QaServerless.Ingestion.Profiles;
using QaServerless.ReferenceData;

namespace QaServerless.Ingestion;

/// <summary>
/// Ingests a bulk call-record export, <c>call-records/{center}/{name}.csv|.jsonl</c> (docs/ingest-formats.md).
/// The file is streamed from Blob Storage record by record and saved in chunks through one <see cref="CallStore.Import"/>
/// (batched table transactions), so memory stays flat however long the file is. Bad rows go to
/// <c>call-records-rejected/{center}/{name}.rejects.csv</c> (line, reason, the record) and the good ones are ingested.
/// A summary per file is kept in table <c>CallBatches</c>. Replaying the file gives the same rows and the same summary.
/// </summary>
public sealed class CallBatchIngestion(BlobServiceClient blobs, TableServiceClient tables, CallStore calls, ReferenceDataStore reference, TimeProvider clock,
    ImportProfileStore profiles, TextConversationStore conversations, IngestionLimits? limits = null)
{
    private readonly IngestionLimits limits = limits ?? new();

    public const string Container = "call-records";
    public const string RejectsContainer = "call-records-rejected";
    public const string SummaryTable = "CallBatches";

    /// <summary>Calls saved per <see cref="CallStore.Import.AddAsync"/> call: big enough to fill transactions, small enough to stay flat.</summary>
    public int ChunkSize { get; init; } = 5000;

    /// <summary>Added calls whose index rows wait to be written together (<see cref="CallStore.Import"/>).</summary>
    public int IndexBatchSize { get; init; } = CallStore.Import.DefaultIndexBatchSize;

    /// <summary>
    /// What the trigger does when it hears of a file: the checks that need no reading, then a <c>queued</c> summary. True
    /// when the file is to be imported (a message goes to the <c>call-batches</c> queue); false when it was rejected, is
    /// over the limit, was ingested already with these bytes, or is queued or being ingested already (a replayed event).
    /// </summary>
    public async Task<(BatchSummary Summary, bool Import)> AcceptAsync(string blobName, CancellationToken ct)
    {
        var (file, early) = await OpenAsync(blobName, ct);
        if (early is not null || file is null) return (early!, false);
        var row = await GetRowAsync(file.Center.CenterId, blobName, ct);
        if (row?.GetString("Content") == file.Content && row.GetString("Status") is BatchStatus.Queued or BatchStatus.Ingesting)
            return (ToSummary(file.Center.CenterId, row), false);
        var queued = new BatchSummary(file.Center.CenterId, blobName, BatchStatus.Queued, 0, 0, 0, 0, 0, 0, null, null, file.Started, null);
        return (await SaveSummaryAsync(queued, ct, file.Content), true);
    }

    /// <summary>Imports the file (attempt 1 when run by hand or by the bench).</summary>
    public Task<BatchSummary> IngestAsync(string blobName, CancellationToken ct) => IngestAsync(blobName, 1, ct);

    /// <summary>
    /// Streams the file into the call store. The summary says <c>ingesting</c> while it runs; when the attempt throws, it
    /// says <c>failed</c> with the attempt and the reason before the exception goes on to the host (which retries; a
    /// later success replaces the record, and after the last attempt the record stays), so no file fails unseen.
    /// </summary>
    public async Task<BatchSummary> IngestAsync(string blobName, int attempt, CancellationToken ct)
    {
        var (file, early) = await OpenAsync(blobName, ct);
        if (early is not null || file is null) return early!;
        var center = file.Center.CenterId;
        var ingesting = new BatchSummary(center, blobName, BatchStatus.Ingesting, 0, 0, 0, 0, 0, 0, null, null, file.Started, null, attempt);
        await SaveSummaryAsync(ingesting, ct, file.Content);
        try
        {
            return await ImportAsync(file, attempt, ct);
        }
        catch (Exception e)
        {
            var reason = $"{e.GetType().Name}: {e.Message.Split('\n')[0].Trim()}";
            var problem = attempt >= limits.MaxAttempts
                ? $"gave up after {attempt} attempts; the last failed with {reason}"
                : $"attempt {attempt} of {limits.MaxAttempts} failed ({reason}); it will be retried";
            // Not the trigger's token: a cancelled attempt (the host stopping) must leave its record too.
            await SaveSummaryAsync(ingesting with { Status = BatchStatus.Failed, Problem = problem, Finished = clock.GetUtcNow() }, CancellationToken.None, file.Content);
            throw;
        }
    }

    /// <summary>A file that passed the checks: its center, the bytes' identity and ETag, when we started on it.</summary>
    private sealed record CdrFile(string Blob, Center Center, BlobClient Client, ETag ETag, string Content, DateTimeOffset Started, ImportProfile? Profile);

    /// <summary>
    /// The checks before any row is read: name, format, center (else <c>rejected</c>), size (else <c>failed</c>), and an
    /// earlier complete ingestion of the same bytes (its summary, unchanged: a replay changes nothing).
    /// </summary>
    private async Task<(CdrFile? File, BatchSummary? Done)> OpenAsync(string blobName, CancellationToken ct)
    {
        var started = clock.GetUtcNow();
        var center = blobName.Split('/')[0];
        async Task<(CdrFile?, BatchSummary?)> End(string status, string problem) =>
            (null, await SaveSummaryAsync(new(center, blobName, status, 0, 0, 0, 0, 0, 0, null, problem, started, clock.GetUtcNow()), ct));

        if (!CallRecordParser.SafeBlobName(blobName)) return await End(BatchStatus.Rejected, "blob name contains '..', an empty segment or control characters");
        if (!blobName.Contains('/')) return await End(BatchStatus.Rejected, "expected call-records/{center}/{name}.csv or .jsonl");
        var centerInfo = await reference.GetCenterAsync(center, ct);
        if (centerInfo is null) return await End(BatchStatus.Rejected, $"unknown center \"{center}\" (an admin creates centers first)");
        // The file's folder names its import profile (else the center's default applies, else our own format).
        var profile = await profiles.ForBlobAsync(center, blobName, ct);
        if (!CallImportReader.Readable(blobName, profile))
            return await End(BatchStatus.Rejected, profile is null ? "unsupported format: use .csv or .jsonl"
                : $"the import profile {profile.ProfileId} reads {profile.Format}, not this file's type");

        var blob = blobs.GetBlobContainerClient(Container).GetBlobClient(blobName);
        BlobProperties properties;
        try { properties = (await blob.GetPropertiesAsync(cancellationToken: ct)).Value; }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return await End(BatchStatus.Rejected, "the file was deleted before it could be read");
        }
        if (properties.ContentLength > limits.MaxCdrBytes)
            return await End(BatchStatus.Failed, string.Create(CultureInfo.InvariantCulture,
                $"the file is {properties.ContentLength:N0} bytes, over the limit of {limits.MaxCdrBytes:N0} bytes: split the export into smaller files"));
        var content = ContentOf(properties);
        // A replayed trigger, or the same bytes uploaded again: the file was ingested already, nothing to do.
        if (await FindIngestedAsync(center, blobName, content, ct) is { } done) return (null, done);
        return (new CdrFile(blobName, centerInfo, blob, properties.ETag, content, started, profile), null);
    }

    private async Task<BatchSummary> ImportAsync(CdrFile file, int attempt, CancellationToken ct)
    {
        var (blobName, centerInfo, started) = (file.Blob, file.Center, file.Started);
        var center = centerInfo.CenterId;
        BatchSummary Fail(string problem) => new(center, blobName, BatchStatus.Rejected, 0, 0, 0, 0, 0, 0, null, problem, started, clock.GetUtcNow(), attempt,
            ProfileOf(file.Profile));
        Stream source;
        try
        {
            source = await file.Client.OpenReadAsync(new BlobOpenReadOptions(allowModifications: false)
            {
                BufferSize = 1024 * 1024, Conditions = new BlobRequestConditions { IfMatch = file.ETag },
            }, ct);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return await SaveSummaryAsync(Fail("the file was deleted before it could be read"), ct);
        }
        var content = file.Content;

        var rejectsName = blobName + ".rejects.csv";
        var rejects = new RejectsWriter(blobs.GetBlobContainerClient(RejectsContainer).GetBlobClient(rejectsName));
        long read = 0, rejected = 0, transcripts = 0, awaiting = 0;
        IReadOnlyList<string> missing = [];
        var chunk = new List<Call>(ChunkSize);
        // A text conversation's messages are stored before its call, so the call meets them (TextConversationStore).
        var messages = new List<Ai.Transcripts.Transcript>();
        var transcriptOnly = new List<string>();
        var import = calls.StartImport(centerInfo, IndexBatchSize);
        var now = clock.GetUtcNow();

        async Task FlushAsync()
        {
            if (chunk.Count == 0 && messages.Count == 0) return;
            transcripts += await conversations.SaveAsync(center, messages, ct);
            var join = await conversations.JoinAsync(center, chunk, transcriptOnly, ct);
            awaiting += join.AwaitingRecord;
            if (join.Calls.Count > 0) await import.AddAsync(join.Calls, ct);
            chunk.Clear();
            messages.Clear();
            transcriptOnly.Clear();
        }

        await using (source)
        {
            await foreach (var record in CallImportReader.ReadAsync(source, blobName, file.Profile, centerInfo, now, m => missing = m, ct))
            {
                read++;
                if (record.Rejected)
                {
                    rejected++;
                    await rejects.WriteAsync(record.Line, record.Problem!, record.Raw, ct);
                    continue;
                }
                if (record.Transcript is { } transcript) messages.Add(transcript);
                if (record.Call is { } call) chunk.Add(call);
                else if (record.Transcript is not null) transcriptOnly.Add(record.Transcript.CallId);
                if (chunk.Count + messages.Count >= ChunkSize) await FlushAsync();
            }
            await FlushAsync();
        }
        var (added, corrected, unchanged) = await import.CompleteAsync(ct);
        await rejects.CompleteAsync(ct);

        if (missing.Count > 0)
            return await SaveSummaryAsync(Fail($"missing columns: {string.Join(", ", missing)}"), ct);
        var summary = new BatchSummary(center, blobName, rejected == 0 ? BatchStatus.Ingested : BatchStatus.IngestedWithRejects, read, added + corrected + unchanged,
            rejected, added, corrected, unchanged, rejected > 0 ? $"{RejectsContainer}/{rejectsName}" : null, null, started, clock.GetUtcNow(), attempt,
            ProfileOf(file.Profile), transcripts, awaiting);
        return await SaveSummaryAsync(summary, ct, content);
    }

    /// <summary>The profile a file was read with, as the summary names it: <c>amazon-connect v0</c> (built-in), <c>bank v3</c>.</summary>
    private static string? ProfileOf(ImportProfile? p) => p is null ? null : $"{p.ProfileId} v{p.Version}";

    /// <summary>
    /// What identifies the file's bytes: their MD5 where the store has one (a single-shot upload), else the ETag (which
    /// changes with every upload, so a re-upload of a block-list file is ingested again: unchanged rows, nothing written).
    /// </summary>
    private static string ContentOf(BlobProperties p) =>
        p.ContentHash is { Length: > 0 } md5 ? "md5:" + Convert.ToBase64String(md5) : "etag:" + p.ETag;

    /// <summary>The summary of an earlier complete ingestion of exactly these bytes, if any.</summary>
    private async Task<BatchSummary?> FindIngestedAsync(string center, string blobName, string content, CancellationToken ct)
    {
        var row = await GetRowAsync(center, blobName, ct);
        return row?.GetString("Content") == content && row.GetString("Status") is BatchStatus.Ingested or BatchStatus.IngestedWithRejects
            ? ToSummary(center, row)
            : null;
    }

    private async Task<TableEntity?> GetRowAsync(string center, string blobName, CancellationToken ct)
    {
        var row = await tables.GetTableClient(SummaryTable).GetEntityIfExistsAsync<TableEntity>(CallKeys.Escape(center), CallKeys.Escape(blobName),
            cancellationToken: ct);
        return row.HasValue ? row.Value : null;
    }

    private async Task<BatchSummary> SaveSummaryAsync(BatchSummary s, CancellationToken ct, string? content = null)
    {
        await tables.GetTableClient(SummaryTable).UpsertEntityAsync(new TableEntity(CallKeys.Escape(s.CenterId), CallKeys.Escape(s.Blob))
        {
            ["Blob"] = s.Blob, ["Status"] = s.Status, ["RowsRead"] = s.RowsRead, ["Ingested"] = s.Ingested, ["Rejected"] = s.Rejected,
            ["Added"] = s.Added, ["Corrected"] = s.Corrected, ["Unchanged"] = s.Unchanged, ["RejectsBlob"] = s.RejectsBlob,
            ["Problem"] = s.Problem, ["Started"] = s.Started, ["Finished"] = s.Finished, ["Content"] = content, ["Attempt"] = s.Attempt, ["Profile"] = s.Profile,
            ["Transcripts"] = s.Transcripts, ["AwaitingRecord"] = s.AwaitingRecord,
        }, TableUpdateMode.Replace, ct);
        return s;
    }

    public async Task<IReadOnlyList<BatchSummary>> ListSummariesAsync(string center, CancellationToken ct)
    {
        var list = new List<BatchSummary>();
        await foreach (var e in tables.GetTableClient(SummaryTable).QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {CallKeys.Escape(center)}"), cancellationToken: ct))
            list.Add(ToSummary(center, e).Masked());
        return list;
    }

    private static BatchSummary ToSummary(string center, TableEntity e) => new(center, e.GetString("Blob")!, e.GetString("Status") ?? "",
        e.GetInt64("RowsRead") ?? 0, e.GetInt64("Ingested") ?? 0, e.GetInt64("Rejected") ?? 0, e.GetInt64("Added") ?? 0,
        e.GetInt64("Corrected") ?? 0, e.GetInt64("Unchanged") ?? 0, e.GetString("RejectsBlob"), e.GetString("Problem"),
        e.GetDateTimeOffset("Started") ?? default, e.GetDateTimeOffset("Finished"), e.GetInt32("Attempt") ?? 0, e.GetString("Profile"),
        e.GetInt64("Transcripts") ?? 0, e.GetInt64("AwaitingRecord") ?? 0);
}
