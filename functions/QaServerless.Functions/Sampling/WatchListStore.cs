using Azure;
using Azure.Data.Tables;

namespace QaServerless.Sampling;

/// <summary>An agent on the watch list until <see cref="Until"/> (inclusive): sampled more (plan's watch-list multiplier).</summary>
public sealed record WatchListEntry(string CenterId, string AgentId, DateOnly Until, string Reason);

/// <summary>
/// The watch list (agents with recent problems), one row per agent: PartitionKey = center, RowKey = agent id.
/// Anyone may mark: sampling marks agents with a complaint call, scoring marks agents on the release of a failed or
/// critical-error evaluation (<c>MarkAsync(center, agent, "failed-evaluation", releasedDay.AddDays(30))</c>).
/// An entry expires by itself: it only counts while <c>Until</c> is not past, nobody has to remove it.
/// Marking again keeps the later end, so replays and out-of-order marks are harmless.
/// </summary>
public sealed class WatchListStore(TableServiceClient tables)
{
    public const string TableName = "WatchList";
    public const int DefaultDays = 30;
    private TableClient Table => tables.GetTableClient(TableName);

    public async Task MarkAsync(string centerId, string agentId, string reason, DateOnly until, CancellationToken ct = default)
    {
        for (var attempt = 0; ; attempt++)
        {
            var hit = await Table.GetEntityIfExistsAsync<TableEntity>(centerId, agentId, cancellationToken: ct);
            var entity = new TableEntity(centerId, agentId) { ["Until"] = until.ToString("yyyy-MM-dd"), ["Reason"] = reason };
            try
            {
                if (!hit.HasValue) { await Table.AddEntityAsync(entity, ct); return; }
                if (string.CompareOrdinal(hit.Value!.GetString("Until"), entity.GetString("Until")) >= 0) return; // already watched longer
                await Table.UpdateEntityAsync(entity, hit.Value.ETag, TableUpdateMode.Replace, ct);
                return;
            }
            catch (RequestFailedException e) when (e.Status is 409 or 412 && attempt < 5) { }
        }
    }

    /// <summary>Agents watched on <paramref name="day"/>: one single-partition query.</summary>
    public async Task<IReadOnlyDictionary<string, WatchListEntry>> ListActiveAsync(string centerId, DateOnly day, CancellationToken ct = default)
    {
        var active = new Dictionary<string, WatchListEntry>();
        var from = day.ToString("yyyy-MM-dd");
        await foreach (var e in Table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {centerId} and Until ge {from}"), cancellationToken: ct))
            active[e.RowKey] = new(centerId, e.RowKey, DateOnly.Parse(e.GetString("Until")!), e.GetString("Reason") ?? "");
        return active;
    }
}
