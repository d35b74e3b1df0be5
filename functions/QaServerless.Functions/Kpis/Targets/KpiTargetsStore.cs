using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using QaServerless.Hosting;

namespace QaServerless.Kpis;

/// <summary>
/// Table <c>KpiTargets</c>, one partition per center: <c>targets</c> holds the targets in force (JSON, version, who,
/// when) and <c>v|{version:D5}</c> every version ever saved, immutable. A save replaces the head under the ETag it was
/// read with and adds the version row in one transaction, so two leads saving at once cannot both win.
/// </summary>
public sealed class KpiTargetsStore(TableServiceClient tables)
{
    public const string Table = "KpiTargets";
    private const string Head = "targets";
    private TableClient Client => tables.GetTableClient(Table);

    private static string VersionRow(int version) => $"v|{version:D5}";

    public async Task<KpiTargetsVersion> GetAsync(string center, CancellationToken ct) => (await ReadAsync(center, ct)).Current;

    private async Task<(KpiTargetsVersion Current, ETag? ETag)> ReadAsync(string center, CancellationToken ct)
    {
        var hit = await Client.GetEntityIfExistsAsync<TableEntity>(center, Head, cancellationToken: ct);
        if (!hit.HasValue) return (new KpiTargetsVersion(center, 0, KpiTargets.None, null, null), null);
        var e = hit.Value!;
        return (new KpiTargetsVersion(center, e.GetInt32("Version") ?? 0,
            JsonSerializer.Deserialize<KpiTargets>(e.GetString("Json") ?? "{}", HostJson.Options) ?? KpiTargets.None,
            e.GetString("UpdatedBy"), e.GetDateTimeOffset("UpdatedAt")), e.ETag);
    }

    /// <summary>Saves the next version when the stored one is still <paramref name="expectedVersion"/>; null when it is not (412).</summary>
    public async Task<KpiTargetsVersion?> SaveAsync(string center, int expectedVersion, KpiTargets targets, string by, DateTimeOffset at, CancellationToken ct)
    {
        var (current, etag) = await ReadAsync(center, ct);
        if (current.Version != expectedVersion) return null;
        var next = new KpiTargetsVersion(center, current.Version + 1, targets, by, at);
        TableEntity Row(string rowKey) => new(center, rowKey)
        {
            ["Json"] = JsonSerializer.Serialize(targets, HostJson.Options), ["Version"] = next.Version, ["UpdatedBy"] = by, ["UpdatedAt"] = at,
        };
        return await Client.TryAddVersionAsync(Row(Head), etag, Row(VersionRow(next.Version)), ct) ? next : null;
    }
}
