using QaServerless.Calls;
using QaServerless.Privacy;
using QaServerless.ReferenceData;

namespace QaServerless.Ingestion.Profiles;

/// <summary>A record the dry run would refuse: where, why, and the record — both masked, as in a rejects file.</summary>
public sealed record DryRunReject(long Line, string Reason, string Record);

/// <summary>
/// What importing the sample would do: how many records were read, accepted and refused; the first calls as they would
/// be stored; every reject (up to <see cref="DryRun.MaxRejects"/>, then counted); a whole-file problem (missing columns).
/// </summary>
public sealed record DryRunResult(string ProfileId, int Version, long RecordsRead, long Accepted, long Rejected,
    IReadOnlyList<Call> Calls, IReadOnlyList<DryRunReject> Rejects, long RejectsLeftOut, string? Problem);

/// <summary>A sample file through exactly the import's reading (<see cref="CallImportReader"/>), storing nothing.</summary>
public static class DryRun
{
    /// <summary>The sample's size limit: enough for thousands of rows, small enough to answer at once.</summary>
    public const int MaxBytes = 4 * 1024 * 1024;
    public const int MaxCalls = 20, MaxRejects = 500;

    public static async Task<DryRunResult> RunAsync(Stream sample, string fileName, ImportProfile profile, Center center, DateTimeOffset now, CancellationToken ct)
    {
        long read = 0, accepted = 0, rejected = 0;
        var calls = new List<Call>();
        var rejects = new List<DryRunReject>();
        IReadOnlyList<string> missing = [];
        await foreach (var record in CallImportReader.ReadAsync(sample, fileName, profile, center, now, m => missing = m, ct))
        {
            read++;
            if (!record.Rejected)
            {
                accepted++;
                // A transcript-only record (a Connect chat transcript) has no call of its own to show.
                if (record.Call is { } call && calls.Count < MaxCalls) calls.Add(call);
                continue;
            }
            rejected++;
            if (rejects.Count < MaxRejects) rejects.Add(new DryRunReject(record.Line, PiiMasker.Mask(record.Problem ?? ""), PiiMasker.Mask(record.Raw)));
        }
        var problem = missing.Count > 0 ? PiiMasker.Mask($"missing columns: {string.Join(", ", missing)}") : null;
        return new DryRunResult(profile.ProfileId, profile.Version, read, accepted, rejected, calls, rejects, rejected - rejects.Count, problem);
    }
}
