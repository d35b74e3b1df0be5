using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using QaServerless.Hosting;

namespace QaServerless.Sampling;

/// <summary>
/// Sampling plans, versioned. PartitionKey = center; RowKey <c>v{version:D6}</c> holds each version (immutable once
/// written) and <c>current</c> the latest. A save adds the next version and moves <c>current</c> in one transaction,
/// guarded by <c>current</c>'s ETag: two leads saving at once cannot both win (the loser gets 412).
/// </summary>
public sealed class SamplingPlanStore(TableServiceClient tables)
{
    public const string TableName = "SamplingPlans";
    private const string Current = "current";
    private TableClient Table => tables.GetTableClient(TableName);

    /// <summary>The center's current plan, or the default plan (version 0) when no lead has saved one.</summary>
    public async Task<SamplingPlan> GetCurrentAsync(string centerId, CancellationToken ct = default)
    {
        var hit = await Table.GetEntityIfExistsAsync<TableEntity>(centerId, Current, cancellationToken: ct);
        return hit.HasValue ? FromEntity(hit.Value!) : SamplingPlan.Default(centerId);
    }

    /// <summary>A given version; version 0 is the default plan.</summary>
    public async Task<SamplingPlan?> GetVersionAsync(string centerId, int version, CancellationToken ct = default)
    {
        if (version == 0) return SamplingPlan.Default(centerId);
        var hit = await Table.GetEntityIfExistsAsync<TableEntity>(centerId, VersionKey(version), cancellationToken: ct);
        return hit.HasValue ? FromEntity(hit.Value!) with { ETag = null } : null;
    }

    /// <summary>
    /// Saves <paramref name="plan"/> as the next version. <paramref name="ifMatch"/>: the ETag of the current plan the
    /// lead edited (null: no check). Returns null when the current plan changed meanwhile.
    /// </summary>
    public async Task<SamplingPlan?> SaveAsync(SamplingPlan plan, string? ifMatch, CancellationToken ct = default)
    {
        var current = await Table.GetEntityIfExistsAsync<TableEntity>(plan.CenterId, Current, cancellationToken: ct);
        if (ifMatch is not null && (current.HasValue ? current.Value!.ETag.ToString() : "") != ifMatch) return null;
        var version = current.HasValue ? (current.Value!.GetInt32("Version") ?? 0) + 1 : 1;
        var saved = plan with { Version = version, ETag = null };
        var json = JsonSerializer.Serialize(saved, HostJson.Options);
        TableEntity Row(string rowKey) => new(plan.CenterId, rowKey) { ["Version"] = version, ["Plan"] = json };
        if (!await Table.TryAddVersionAsync(Row(Current), current.HasValue ? current.Value!.ETag : null, Row(VersionKey(version)), ct)) return null;
        return await GetCurrentAsync(plan.CenterId, ct);
    }

    private static string VersionKey(int version) => $"v{version:D6}";

    private static SamplingPlan FromEntity(TableEntity e)
    {
        var plan = JsonSerializer.Deserialize<SamplingPlan>(e.GetString("Plan")!, HostJson.Options)!;
        return plan with
        {
            CenterId = e.PartitionKey, Version = e.GetInt32("Version") ?? plan.Version, ETag = e.ETag.ToString(),
            BusinessTypeMultipliers = new Dictionary<string, double>(plan.BusinessTypeMultipliers, StringComparer.OrdinalIgnoreCase),
        };
    }
}
