using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using QaServerless.Hosting;

namespace QaServerless.Ai.Rules;

/// <summary>
/// Rule sets in table <c>AiRuleSets</c>: PartitionKey = center, RowKey = version zero-padded (so the newest is the
/// last row of a single-partition scan and "current" needs no pointer row). A version is inserted, never updated:
/// two leads saving at once cannot both get the same number (the second insert answers 409 and is retried).
/// </summary>
public sealed class RuleSetStore(TableServiceClient tables, TimeProvider clock)
{
    public const string Table = "AiRuleSets";
    private readonly TableClient table = tables.GetTableClient(Table);

    /// <summary>The center's newest rule set, or the built-in rules as version 0.</summary>
    public async Task<RuleSet> GetCurrentAsync(string center, CancellationToken ct)
    {
        RuleSet? last = null;
        await foreach (var e in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {center}"), cancellationToken: ct))
            last = FromEntity(e);
        return last ?? new RuleSet(center, 0, BuiltInRules.All, "built-in", DateTimeOffset.UnixEpoch);
    }

    public async Task<RuleSet?> GetAsync(string center, int version, CancellationToken ct)
    {
        if (version == 0) return new RuleSet(center, 0, BuiltInRules.All, "built-in", DateTimeOffset.UnixEpoch);
        var hit = await table.GetEntityIfExistsAsync<TableEntity>(center, Key(version), cancellationToken: ct);
        return hit.HasValue ? FromEntity(hit.Value!) : null;
    }

    public async Task<RuleSet> SaveNewVersionAsync(string center, IReadOnlyList<Rule> rules, string by, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            var next = (await GetCurrentAsync(center, ct)).Version + 1;
            var set = new RuleSet(center, next, rules, by, clock.GetUtcNow());
            try
            {
                await table.AddEntityAsync(new TableEntity(center, Key(next))
                {
                    ["Rules"] = JsonSerializer.Serialize(rules, HostJson.Options),
                    ["CreatedBy"] = by,
                    ["CreatedAt"] = set.CreatedAt,
                }, ct);
                return set;
            }
            catch (RequestFailedException e) when (e.Status == 409 && attempt < 5) { }
        }
    }

    private static string Key(int version) => version.ToString("D6");

    private static RuleSet FromEntity(TableEntity e) => new(
        e.PartitionKey, int.Parse(e.RowKey),
        JsonSerializer.Deserialize<List<Rule>>(e.GetString("Rules"), HostJson.Options) ?? [],
        e.GetString("CreatedBy") ?? "", e.GetDateTimeOffset("CreatedAt") ?? DateTimeOffset.UnixEpoch);
}
