using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using QaServerless.Calls;
using QaServerless.Hosting;

namespace QaServerless.Ingestion.Profiles;

/// <summary>
/// Import profiles, versioned. PartitionKey = center; RowKey <c>{profileId}</c> holds the current version and
/// <c>{profileId}@v{version:D6}</c> each version (immutable once written). A save adds the next version and moves the
/// current one in one transaction, guarded by the current row's ETag: of two leads saving at once, one gets 412.
/// </summary>
public sealed class ImportProfileStore(TableServiceClient tables)
{
    public const string TableName = "ImportProfiles";
    /// <summary>The profile that applies to a center's files outside any profile's folder.</summary>
    public const string DefaultId = "default";
    private TableClient Table => tables.GetTableClient(TableName);

    public async Task<ImportProfile?> GetAsync(string centerId, string profileId, CancellationToken ct)
    {
        var hit = await Table.GetEntityIfExistsAsync<TableEntity>(CallKeys.Escape(centerId), profileId, cancellationToken: ct);
        return hit.HasValue ? FromEntity(hit.Value!) : null;
    }

    public async Task<ImportProfile?> GetVersionAsync(string centerId, string profileId, int version, CancellationToken ct)
    {
        var hit = await Table.GetEntityIfExistsAsync<TableEntity>(CallKeys.Escape(centerId), VersionKey(profileId, version), cancellationToken: ct);
        return hit.HasValue ? FromEntity(hit.Value!) with { ETag = null } : null;
    }

    /// <summary>The center's own profile of that id, else the built-in one, else null.</summary>
    public async Task<ImportProfile?> FindAsync(string centerId, string profileId, CancellationToken ct) =>
        await GetAsync(centerId, profileId, ct) ?? BuiltInProfiles.Find(profileId);

    /// <summary>The center's current profiles (not their versions).</summary>
    public async Task<IReadOnlyList<ImportProfile>> ListAsync(string centerId, CancellationToken ct)
    {
        var list = new List<ImportProfile>();
        await foreach (var e in Table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {CallKeys.Escape(centerId)}"), cancellationToken: ct))
            if (!e.RowKey.Contains('@')) list.Add(FromEntity(e));
        return list;
    }

    /// <summary>
    /// The profile a CDR blob (<c>{center}/…</c>) is read with: the one its first folder names (the center's, else a
    /// built-in), else the center's <c>default</c>, else none (our own format).
    /// </summary>
    public async Task<ImportProfile?> ForBlobAsync(string centerId, string blobName, CancellationToken ct)
    {
        var segments = blobName.Split('/');
        if (segments.Length >= 3 && ImportProfile.IsProfileId(segments[1]) && await FindAsync(centerId, segments[1], ct) is { } named) return named;
        return await GetAsync(centerId, DefaultId, ct);
    }

    public enum SaveOutcome { Saved, PreconditionRequired, PreconditionFailed }

    /// <summary>
    /// Saves <paramref name="profile"/> as its next version. Replacing a saved profile needs the ETag read
    /// (<paramref name="ifMatch"/>); a first save needs none.
    /// </summary>
    public async Task<(SaveOutcome Outcome, ImportProfile? Saved)> SaveAsync(ImportProfile profile, string? ifMatch, CancellationToken ct)
    {
        var pk = CallKeys.Escape(profile.CenterId);
        var current = await Table.GetEntityIfExistsAsync<TableEntity>(pk, profile.ProfileId, cancellationToken: ct);
        if (current.HasValue && ifMatch is null) return (SaveOutcome.PreconditionRequired, null);
        if (current.HasValue && current.Value!.ETag.ToString() != ifMatch) return (SaveOutcome.PreconditionFailed, null);
        var version = current.HasValue ? (current.Value!.GetInt32("Version") ?? 0) + 1 : 1;
        var json = JsonSerializer.Serialize(profile with { Version = version, ETag = null }, HostJson.Options);
        TableEntity Row(string rowKey) => new(pk, rowKey) { ["Version"] = version, ["Profile"] = json };
        if (!await Table.TryAddVersionAsync(Row(profile.ProfileId), current.HasValue ? current.Value!.ETag : null, Row(VersionKey(profile.ProfileId, version)), ct))
            return (SaveOutcome.PreconditionFailed, null);
        return (SaveOutcome.Saved, await GetAsync(profile.CenterId, profile.ProfileId, ct));
    }

    private static string VersionKey(string profileId, int version) => $"{profileId}@v{version:D6}";

    private static ImportProfile FromEntity(TableEntity e)
    {
        var profile = JsonSerializer.Deserialize<ImportProfile>(e.GetString("Profile")!, HostJson.Options)!;
        return profile with { Version = e.GetInt32("Version") ?? profile.Version, ETag = e.ETag.ToString() };
    }
}
