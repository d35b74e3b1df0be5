using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using QaServerless.Calls;
using QaServerless.Hosting;
using QaServerless.Privacy;

namespace QaServerless.Ingestion;

/// <summary>A manifest we could not take, and why; what an operator sees in GET /api/ingest/quarantine.</summary>
public sealed record QuarantinedManifest(string CenterId, string Blob, IReadOnlyList<string> Reasons, DateTimeOffset At);

/// <summary>
/// Where permanently bad manifests go: a copy plus <c>{name}.reason.json</c> in container <c>recordings-quarantine</c>
/// (same path as the original, which is left in place: nothing uploaded is lost) and a row in table
/// <c>IngestQuarantine</c> (partition = center) that the API lists. Quarantining is idempotent: a replay overwrites the
/// same blobs and row. The invocation then succeeds — retrying bad input would only fail again.
/// </summary>
public sealed class Quarantine(BlobServiceClient blobs, TableServiceClient tables, TimeProvider clock)
{
    public const string Container = "recordings-quarantine";
    public const string Table = "IngestQuarantine";

    public async Task<QuarantinedManifest> PutAsync(string centerId, string blobName, string? content, IReadOnlyList<string> reasons, CancellationToken ct)
    {
        var at = clock.GetUtcNow();
        var container = blobs.GetBlobContainerClient(Container);
        // A name with control characters or '..' is itself the problem: keep it out of blob paths, under an escaped name.
        var safeName = CallRecordParser.SafeBlobName(blobName) ? blobName : "unsafe-names/" + CallKeys.Escape(blobName).Replace("..", "%2E%2E");
        if (content is not null)
            await container.GetBlobClient(safeName).UploadAsync(BinaryData.FromString(content), overwrite: true, ct);
        // What operators read (the reason file, the API, the logs) never shows a rejected value in clear: a phone number
        // used as a call id is the blob's name too. The row key stays the real name, so a fixed upload releases the row.
        var shown = Masked(new QuarantinedManifest(centerId, blobName, reasons, at));
        var reason = JsonSerializer.Serialize(new { blob = shown.Blob, container = "recordings", reasons = shown.Reasons, at }, HostJson.Options);
        await container.GetBlobClient(safeName + ".reason.json").UploadAsync(BinaryData.FromString(reason), overwrite: true, ct);

        var row = new TableEntity(CallKeys.Escape(centerId), CallKeys.Escape(blobName))
        {
            ["Blob"] = shown.Blob, ["Reasons"] = string.Join("\n", shown.Reasons), ["At"] = at,
        };
        await tables.GetTableClient(Table).UpsertEntityAsync(row, TableUpdateMode.Replace, ct);
        return shown;
    }

    /// <summary>The entry with its blob name and reasons masked (<see cref="PiiMasker"/>); rows written before masking are masked when read.</summary>
    public static QuarantinedManifest Masked(QuarantinedManifest q) =>
        q with { Blob = PiiMasker.Mask(q.Blob), Reasons = q.Reasons.Select(PiiMasker.Mask).ToList() };

    /// <summary>Clears the quarantine row of a manifest that was fixed and ingested since.</summary>
    public async Task ReleaseAsync(string centerId, string blobName, CancellationToken ct)
    {
        try { await tables.GetTableClient(Table).DeleteEntityAsync(CallKeys.Escape(centerId), CallKeys.Escape(blobName), Azure.ETag.All, ct); }
        catch (Azure.RequestFailedException e) when (e.Status == 404) { }
    }

    public async Task<IReadOnlyList<QuarantinedManifest>> ListAsync(string centerId, CancellationToken ct)
    {
        var list = new List<QuarantinedManifest>();
        await foreach (var e in tables.GetTableClient(Table).QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {CallKeys.Escape(centerId)}"), cancellationToken: ct))
            list.Add(Masked(new QuarantinedManifest(centerId, e.GetString("Blob")!, (e.GetString("Reasons") ?? "").Split('\n'), e.GetDateTimeOffset("At") ?? default)));
        return list;
    }

    internal static string Utf8(byte[] bytes) => Encoding.UTF8.GetString(bytes);
}
