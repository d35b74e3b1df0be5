using System.Text;
using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using QaServerless.Calls;
using QaServerless.ReferenceData;

namespace QaServerless.Ingestion;

/// <summary>The outcome of one manifest: stored (added, corrected or unchanged) or quarantined with reasons.</summary>
public sealed record ManifestOutcome(string Blob, IngestedCall? Saved, IReadOnlyList<string> Problems)
{
    public bool Quarantined => Saved is null;

    public override string ToString() => Saved is { } s
        ? $"{Blob}: call {s.Call.CallId} {s.Outcome.ToString().ToLowerInvariant()}"
        : $"{Blob}: quarantined ({string.Join("; ", Problems)})";
}

/// <summary>
/// Ingests one call manifest, <c>recordings/{center}/…/{callId}.json</c> (docs/ingest-formats.md): validate, look at
/// the audio file it names in the same folder (header only, ranged read), store the call. Permanent problems quarantine
/// the manifest and return normally; storage trouble throws so the host retries.
/// </summary>
public sealed class CallRecordIngestion(BlobServiceClient blobs, CallStore calls, ReferenceDataStore reference, Quarantine quarantine, TimeProvider clock)
{
    public const string Container = "recordings";
    public const int MaxManifestBytes = 1024 * 1024;
    public const int SupportedSchemaVersion = 1;

    /// <param name="blobName">The manifest's name inside the recordings container, e.g. <c>sh/2026/11/19/c-1.json</c>.</param>
    /// <remarks>The trigger only says the blob was created; the manifest is read here, at most <see cref="MaxManifestBytes"/>.</remarks>
    public async Task<ManifestOutcome> IngestAsync(string blobName, CancellationToken ct)
    {
        var center = blobName.Split('/')[0];
        if (!CallRecordParser.SafeBlobName(blobName))
            return await QuarantineAsync(center, blobName, null, ["blob name: contains '..', an empty segment or control characters"], ct);
        if (!blobName.Contains('/') || !blobName.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
            return await QuarantineAsync(center, blobName, null, ["blob name: expected {center}/…/{callId}.json"], ct);
        var (content, problem) = await ReadManifestAsync(blobName, ct);
        if (content is null)
            // Nothing (or too much) to copy into quarantine; the original stays where it was uploaded.
            return await QuarantineAsync(center, blobName, null, [problem!], ct);

        var centerInfo = await reference.GetCenterAsync(center, ct);
        if (centerInfo is null)
            return await QuarantineAsync(center, blobName, content, [$"unknown center \"{center}\" (an admin creates centers first)"], ct);

        JsonDocument doc;
        try { doc = JsonDocument.Parse(content, new JsonDocumentOptions { MaxDepth = 16 }); }
        catch (JsonException e)
        {
            return await QuarantineAsync(center, blobName, content, [$"manifest: malformed JSON ({e.Message})"], ct);
        }
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
                return await QuarantineAsync(center, blobName, content, ["manifest: must be a JSON object"], ct);
            var problems = new List<string>();
            var root = doc.RootElement;
            if (!root.TryGetProperty("schemaVersion", out var sv) || sv.ValueKind != JsonValueKind.Number)
                problems.Add("schemaVersion: is required (a number)");
            else if (!sv.TryGetInt32(out var version) || version != SupportedSchemaVersion)
                problems.Add($"schemaVersion: {sv.GetRawText()} is not supported (supported: {SupportedSchemaVersion})");
            if (root.TryGetProperty("centerId", out var cid) && cid.ValueKind == JsonValueKind.String && cid.GetString() != center)
                problems.Add($"centerId: \"{cid.GetString()}\" does not match the folder's center \"{center}\"");

            var (call, audioFile, errors) = CallRecordParser.Parse(new JsonRecordFields(root), center, clock.GetUtcNow(), audioRequired: true);
            problems.AddRange(errors.Select(e => e.ToString()));
            var fileName = blobName[(blobName.LastIndexOf('/') + 1)..^".json".Length];
            if (call is not null && call.CallId != fileName)
                problems.Add($"callId: \"{call.CallId}\" does not match the manifest's file name \"{fileName}.json\"");
            if (problems.Count > 0 || call is null)
                return await QuarantineAsync(center, blobName, content, problems, ct);

            var audioBlob = blobName[..(blobName.LastIndexOf('/') + 1)] + audioFile;
            var (audio, audioProblem) = await ReadAudioHeaderAsync(audioBlob, ct);
            if (audio is null)
                return await QuarantineAsync(center, blobName, content, [$"audioFile: {audioProblem}"], ct);

            var saved = await calls.SaveAsync(centerInfo, call with { AudioBlob = audioBlob, Audio = audio }, ct);
            await quarantine.ReleaseAsync(center, blobName, ct);
            return new ManifestOutcome(blobName, saved, []);
        }
    }

    /// <summary>
    /// Reads the manifest with one ranged request of <see cref="MaxManifestBytes"/> + 1 bytes: the Content-Range tells the
    /// whole size, so a file too big to be a manifest is never downloaded whole.
    /// </summary>
    private async Task<(string? Content, string? Problem)> ReadManifestAsync(string blobName, CancellationToken ct)
    {
        var blob = blobs.GetBlobContainerClient(Container).GetBlobClient(blobName);
        try
        {
            var download = (await blob.DownloadContentAsync(new BlobDownloadOptions { Range = new HttpRange(0, MaxManifestBytes + 1) }, ct)).Value;
            var bytes = download.Content.ToMemory();
            if (TotalSize(download.Details) > MaxManifestBytes || bytes.Length > MaxManifestBytes)
                return (null, $"manifest: larger than {MaxManifestBytes / 1024} KB");
            return bytes.Length == 0 ? (null, "manifest: empty") : (Encoding.UTF8.GetString(bytes.Span), null);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return (null, "manifest: deleted before it could be read");
        }
        catch (RequestFailedException e) when (e.Status == 416)
        {
            return (null, "manifest: empty");
        }
    }

    /// <summary>Content-Range "bytes 0-4095/123456" gives the whole size from a ranged read.</summary>
    private static long TotalSize(BlobDownloadDetails details) =>
        details.ContentRange is { } range && range.LastIndexOf('/') is var slash and > 0 && long.TryParse(range[(slash + 1)..], out var size)
            ? size : details.ContentLength;

    /// <summary>Reads the first few KB of the audio file; a missing blob or one that isn't audio is a problem, not an error.</summary>
    public async Task<(AudioInfo?, string?)> ReadAudioHeaderAsync(string audioBlob, CancellationToken ct)
    {
        var blob = blobs.GetBlobContainerClient(Container).GetBlobClient(audioBlob);
        try
        {
            var download = await blob.DownloadContentAsync(new BlobDownloadOptions { Range = new HttpRange(0, AudioHeader.HeaderBytes) }, ct);
            var details = download.Value.Details;
            return AudioHeader.Read(download.Value.Content.ToMemory().Span, TotalSize(details), details.ContentType, audioBlob);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return (null, $"\"{audioBlob}\" not found (upload the audio before its manifest)");
        }
        catch (RequestFailedException e) when (e.Status == 416)
        {
            return (null, "the audio file is empty");
        }
    }

    private async Task<ManifestOutcome> QuarantineAsync(string center, string blobName, string? content, IReadOnlyList<string> problems, CancellationToken ct)
    {
        await quarantine.PutAsync(center, blobName, content, problems, ct);
        return new ManifestOutcome(blobName, null, problems);
    }
}
