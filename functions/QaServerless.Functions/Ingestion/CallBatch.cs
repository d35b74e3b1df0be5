namespace QaServerless.Ingestion;

/// <summary>
/// What one CDR file gave: rows read, ingested (added + corrected + unchanged) and rejected. <see cref="Status"/> is one of
/// <see cref="BatchStatus"/>; <see cref="Attempt"/> counts the import's tries (0 before the first); <see cref="Profile"/> the
/// import profile and version the file was read with (null: our own format). For text conversations:
/// <see cref="Transcripts"/> stored (new or changed), and <see cref="AwaitingRecord"/> transcripts whose call (its contact
/// record) is not stored yet: they join it when it comes.
/// </summary>
public sealed record BatchSummary(string CenterId, string Blob, string Status, long RowsRead, long Ingested, long Rejected,
    long Added, long Corrected, long Unchanged, string? RejectsBlob, string? Problem, DateTimeOffset Started, DateTimeOffset? Finished,
    int Attempt = 0, string? Profile = null, long Transcripts = 0, long AwaitingRecord = 0);

/// <summary>The life of a CDR file: every file the trigger hears of gets one of these, so none leaves without a record.</summary>
public static class BatchStatus
{
    /// <summary>Heard of, waiting in the <c>call-batches</c> queue.</summary>
    public const string Queued = "queued";
    /// <summary>An attempt is streaming it.</summary>
    public const string Ingesting = "ingesting";
    public const string Ingested = "ingested";
    public const string IngestedWithRejects = "ingested with rejects";
    /// <summary>Not a CDR we can take (name, format, center, columns): retrying would not help.</summary>
    public const string Rejected = "rejected";
    /// <summary>Over the size limit, or an attempt threw (the reason says which attempt; a later success replaces it).</summary>
    public const string Failed = "failed";
}

/// <summary>Limits of CDR ingestion (configuration section <c>Ingestion</c>; docs/ingest-formats.md).</summary>
public sealed record IngestionLimits
{
    /// <summary>The largest CDR file taken (2 GiB): it streams through in flat memory; the limit bounds one attempt's time.</summary>
    public long MaxCdrBytes { get; init; } = 2L * 1024 * 1024 * 1024;

    /// <summary>Attempts the host makes on one file before it gives up (host.json extensions.queues.maxDequeueCount).</summary>
    public int MaxAttempts { get; init; } = 5;
}
