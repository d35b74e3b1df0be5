using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using CsvHelper;
using QaServerless.Calls;
using QaServerless.ReferenceData;

namespace QaServerless.Ingestion;

/// <summary>What one CDR file gave: rows read, ingested (added + corrected + unchanged) and rejected.</summary>
public sealed record BatchSummary(string CenterId, string Blob, string Status, long RowsRead, long Ingested, long Rejected,
    long Added, long Corrected, long Unchanged, string? RejectsBlob, string? Problem, DateTimeOffset Started, DateTimeOffset? Finished);

/// <summary>
/// Ingests a bulk call-record export, <c>call-records/{center}/{name}.csv|.jsonl</c> (docs/ingest-formats.md).
/// The file is streamed from Blob Storage record by record and saved in chunks through one <see cref="CallStore.Import"/>
/// (batched table transactions), so memory stays flat however long the file is. Bad rows go to
/// <c>call-records-rejected/{center}/{name}.rejects.csv</c> (line, reason, the record) and the good ones are ingested.
/// A summary per file is kept in table <c>CallBatches</c>. Replaying the file gives the same rows and the same summary.
/// </summary>
public sealed class CallBatchIngestion(BlobServiceClient blobs, TableServiceClient tables, CallStore calls, ReferenceDataStore reference, TimeProvider clock)
{
    public const string Container = "call-records";
    public const string RejectsContainer = "call-records-rejected";
    public const string SummaryTable = "CallBatches";

    /// <summary>Calls saved per <see cref="CallStore.Import.AddAsync"/> call: big enough to fill transactions, small enough to stay flat.</summary>
    public int ChunkSize { get; init; } = 5000;

    /// <summary>Added calls whose index rows wait to be written together (<see cref="CallStore.Import"/>).</summary>
    public int IndexBatchSize { get; init; } = CallStore.Import.DefaultIndexBatchSize;

    public async Task<BatchSummary> IngestAsync(string blobName, CancellationToken ct)
    {
        var started = clock.GetUtcNow();
        var center = blobName.Split('/')[0];
        BatchSummary Fail(string problem) => new(center, blobName, "rejected", 0, 0, 0, 0, 0, 0, null, problem, started, clock.GetUtcNow());

        if (!CallRecordParser.SafeBlobName(blobName)) return await SaveSummaryAsync(Fail("blob name contains '..', an empty segment or control characters"), ct);
        if (!blobName.Contains('/')) return await SaveSummaryAsync(Fail("expected call-records/{center}/{name}.csv or .jsonl"), ct);
        if (!CdrReader.IsCsv(blobName) && !CdrReader.IsJsonl(blobName)) return await SaveSummaryAsync(Fail("unsupported format: use .csv or .jsonl"), ct);
        var centerInfo = await reference.GetCenterAsync(center, ct);
        if (centerInfo is null) return await SaveSummaryAsync(Fail($"unknown center \"{center}\" (an admin creates centers first)"), ct);

        var blob = blobs.GetBlobContainerClient(Container).GetBlobClient(blobName);
        Stream source;
        string content;
        try
        {
            var properties = (await blob.GetPropertiesAsync(cancellationToken: ct)).Value;
            content = ContentOf(properties);
            // A replayed trigger, or the same bytes uploaded again: the file was ingested already, nothing to do.
            if (await FindIngestedAsync(center, blobName, content, ct) is { } done) return done;
            source = await blob.OpenReadAsync(new BlobOpenReadOptions(allowModifications: false)
            {
                BufferSize = 1024 * 1024, Conditions = new BlobRequestConditions { IfMatch = properties.ETag },
            }, ct);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return await SaveSummaryAsync(Fail("the file was deleted before it could be read"), ct);
        }

        var rejectsName = blobName + ".rejects.csv";
        var rejects = new RejectsWriter(blobs.GetBlobContainerClient(RejectsContainer).GetBlobClient(rejectsName));
        long read = 0, rejected = 0;
        IReadOnlyList<string> missing = [];
        var chunk = new List<Call>(ChunkSize);
        var import = calls.StartImport(centerInfo, IndexBatchSize);
        var now = clock.GetUtcNow();

        async Task FlushAsync()
        {
            if (chunk.Count == 0) return;
            await import.AddAsync(chunk, ct);
            chunk.Clear();
        }

        await using (source)
        {
            var records = CdrReader.IsCsv(blobName) ? CdrReader.ReadCsvAsync(source, m => missing = m, ct) : CdrReader.ReadJsonlAsync(source, ct);
            await foreach (var record in records)
            {
                read++;
                if (record.Fields is null)
                {
                    rejected++;
                    await rejects.WriteAsync(record.Line, record.Problem!, record.Raw, ct);
                    continue;
                }
                var (call, audioFile, errors) = CallRecordParser.Parse(record.Fields, center, now, audioRequired: false);
                if (call is null)
                {
                    rejected++;
                    await rejects.WriteAsync(record.Line, string.Join("; ", errors), record.Raw, ct);
                    continue;
                }
                // A CDR row may name its recording, relative to the center's folder of the recordings container.
                chunk.Add(audioFile is null ? call : call with { AudioBlob = $"{center}/{audioFile}" });
                if (chunk.Count >= ChunkSize) await FlushAsync();
            }
            await FlushAsync();
        }
        var (added, corrected, unchanged) = await import.CompleteAsync(ct);
        await rejects.CompleteAsync(ct);

        if (missing.Count > 0)
            return await SaveSummaryAsync(Fail($"missing columns: {string.Join(", ", missing)}"), ct);
        var summary = new BatchSummary(center, blobName, rejected == 0 ? "ingested" : "ingested with rejects", read, added + corrected + unchanged,
            rejected, added, corrected, unchanged, rejected > 0 ? $"{RejectsContainer}/{rejectsName}" : null, null, started, clock.GetUtcNow());
        return await SaveSummaryAsync(summary, ct, content);
    }

    /// <summary>
    /// What identifies the file's bytes: their MD5 where the store has one (a single-shot upload), else the ETag (which
    /// changes with every upload, so a re-upload of a block-list file is ingested again: unchanged rows, nothing written).
    /// </summary>
    private static string ContentOf(BlobProperties p) =>
        p.ContentHash is { Length: > 0 } md5 ? "md5:" + Convert.ToBase64String(md5) : "etag:" + p.ETag;

    /// <summary>The summary of an earlier complete ingestion of exactly these bytes, if any.</summary>
    private async Task<BatchSummary?> FindIngestedAsync(string center, string blobName, string content, CancellationToken ct)
    {
        var row = await tables.GetTableClient(SummaryTable).GetEntityIfExistsAsync<TableEntity>(CallKeys.Escape(center), CallKeys.Escape(blobName),
            cancellationToken: ct);
        return row.HasValue && row.Value!.GetString("Content") == content && row.Value.GetString("Status") is { } status && status.StartsWith("ingested")
            ? ToSummary(center, row.Value)
            : null;
    }

    private async Task<BatchSummary> SaveSummaryAsync(BatchSummary s, CancellationToken ct, string? content = null)
    {
        await tables.GetTableClient(SummaryTable).UpsertEntityAsync(new TableEntity(CallKeys.Escape(s.CenterId), CallKeys.Escape(s.Blob))
        {
            ["Blob"] = s.Blob, ["Status"] = s.Status, ["RowsRead"] = s.RowsRead, ["Ingested"] = s.Ingested, ["Rejected"] = s.Rejected,
            ["Added"] = s.Added, ["Corrected"] = s.Corrected, ["Unchanged"] = s.Unchanged, ["RejectsBlob"] = s.RejectsBlob,
            ["Problem"] = s.Problem, ["Started"] = s.Started, ["Finished"] = s.Finished, ["Content"] = content,
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
        e.GetDateTimeOffset("Started") ?? default, e.GetDateTimeOffset("Finished"));

    /// <summary>
    /// Writes rejects as CSV straight into a block blob (blocks are committed as they fill: flat memory). Created on the
    /// first reject; a clean rerun of a file deletes the rejects of an earlier run.
    /// </summary>
    private sealed class RejectsWriter(BlobClient blob)
    {
        private CsvWriter? csv;

        public async Task WriteAsync(long line, string reason, string record, CancellationToken ct)
        {
            if (csv is null)
            {
                var stream = await blob.OpenWriteAsync(overwrite: true, new BlobOpenWriteOptions
                {
                    HttpHeaders = new BlobHttpHeaders { ContentType = "text/csv; charset=utf-8" },
                }, ct);
                // Rejects are opened in spreadsheets: a record starting with '=' must not run as a formula.
                csv = CsvWriter.Create(stream, new CsvWriterOptions { Injection = CsvInjection.Escape }, leaveOpen: false);
                await csv.WriteRecordAsync(["line", "reason", "record"], ct);
            }
            await csv.WriteRecordAsync([line.ToString(CultureInfo.InvariantCulture), Privacy.PiiMasker.Mask(reason), Privacy.PiiMasker.Mask(record)], ct);
        }

        public async Task CompleteAsync(CancellationToken ct)
        {
            if (csv is null)
            {
                await blob.DeleteIfExistsAsync(cancellationToken: ct);
                return;
            }
            await csv.FlushAsync(ct);
            await csv.DisposeAsync();
        }
    }
}
