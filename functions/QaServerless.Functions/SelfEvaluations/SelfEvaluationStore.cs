using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using QaServerless.Calls;
using QaServerless.Hosting;
using QaServerless.Scorecards;

namespace QaServerless.SelfEvaluations;

/// <summary>
/// Table <c>SelfEvaluations</c>, one partition per center (docs/data-model.md):
/// <list type="table">
/// <item><term><c>s|{callId}</c></term><description>the call's self-evaluation, current version (point read; a second one for the call fails: 409)</description></item>
/// <item><term><c>v|{callId}|{version:D5}</c></term><description>every version, never changed</description></item>
/// <item><term><c>a|{agent}|{callId}</c></term><description>a copy of the head for the agent's list (one range)</description></item>
/// <item><term><c>!settings</c>, <c>!settings|v|{version:D5}</c></term><description>the center's setting in force and every saved version</description></item>
/// </list>
/// A change replaces the head under the ETag it was read with, adds the version row and rewrites the copy in one
/// transaction: a concurrent change fails (412) and nothing is written.
/// </summary>
public sealed class SelfEvaluationStore(TableServiceClient tables)
{
    public const string TableName = "SelfEvaluations";
    private const string SettingsKey = "!settings";
    private TableClient Table => tables.GetTableClient(TableName);
    private static JsonSerializerOptions Json => ScorecardStore.Json;

    private static string HeadKey(string callId) => CallKeys.Join("s", callId);
    private static string VersionPrefix(string callId) => CallKeys.Join("v", callId) + CallKeys.Separator;
    private static string AgentPrefix(string agentId) => CallKeys.Join("a", agentId) + CallKeys.Separator;

    public async Task<Stored<SelfEvaluation>?> GetAsync(string centerId, string callId, CancellationToken ct)
    {
        var hit = await Table.GetEntityIfExistsAsync<TableEntity>(centerId, HeadKey(callId), cancellationToken: ct);
        return hit.HasValue ? new(Read(hit.Value!), hit.Value!.ETag) : null;
    }

    /// <summary>Stores version 1; false when the call has a self-evaluation already (a replayed assignment).</summary>
    public async Task<bool> AddAsync(SelfEvaluation first, CancellationToken ct)
    {
        try
        {
            var (head, version, copy) = Rows(first);
            await Table.SubmitTransactionAsync(new[] { head, version, copy }.Select(r => new TableTransactionAction(TableTransactionActionType.Add, r)), ct);
            return true;
        }
        catch (TableTransactionFailedException e) when (e.Status == 409) { return false; }
    }

    /// <summary>Writes the next version if the head still has <paramref name="etag"/>; null when somebody changed it first.</summary>
    public async Task<Stored<SelfEvaluation>?> SaveAsync(SelfEvaluation next, ETag etag, CancellationToken ct)
    {
        var (head, version, copy) = Rows(next);
        try
        {
            var response = await Table.SubmitTransactionAsync(
            [
                new(TableTransactionActionType.UpdateReplace, head, etag), new(TableTransactionActionType.Add, version),
                new(TableTransactionActionType.UpsertReplace, copy),
            ], ct);
            return new(next, response.Value[0].Headers.ETag ?? default);
        }
        catch (TableTransactionFailedException e) when (e.Status is 409 or 412 or 404) { return null; }
    }

    public async Task<IReadOnlyList<SelfEvaluation>> ListVersionsAsync(string centerId, string callId, CancellationToken ct) =>
        await RangeAsync(centerId, VersionPrefix(callId), ct);

    /// <summary>An agent's self-evaluations: the range of their copies, one partition.</summary>
    public async Task<IReadOnlyList<SelfEvaluation>> ListByAgentAsync(string centerId, string agentId, CancellationToken ct) =>
        await RangeAsync(centerId, AgentPrefix(agentId), ct);

    public async Task<(SelfEvaluationSettingsVersion Current, ETag? ETag)> GetSettingsAsync(string centerId, CancellationToken ct)
    {
        var hit = await Table.GetEntityIfExistsAsync<TableEntity>(centerId, SettingsKey, cancellationToken: ct);
        return hit.HasValue ? (ReadSettings(hit.Value!), hit.Value!.ETag) : (new(centerId, 0, false, 0, null, null), null);
    }

    /// <summary>Saves the next version when the stored one is still <paramref name="expectedVersion"/>; null when it is not (412).</summary>
    public async Task<SelfEvaluationSettingsVersion?> SaveSettingsAsync(string centerId, int expectedVersion, SelfEvaluationSettings settings, string by,
        DateTimeOffset at, CancellationToken ct)
    {
        var (current, etag) = await GetSettingsAsync(centerId, ct);
        if (current.Version != expectedVersion) return null;
        var next = new SelfEvaluationSettingsVersion(centerId, current.Version + 1, settings.Enabled, settings.SharePercent, by, at);
        TableEntity Row(string rowKey) => new(centerId, rowKey)
        {
            ["Version"] = next.Version, ["Enabled"] = next.Enabled, ["SharePercent"] = next.SharePercent, ["ChangedBy"] = by, ["ChangedAt"] = at,
        };
        return await Table.TryAddVersionAsync(Row(SettingsKey), etag, Row($"{SettingsKey}|v|{next.Version:D5}"), ct) ? next : null;
    }

    private static SelfEvaluationSettingsVersion ReadSettings(TableEntity e) => new(e.PartitionKey, e.GetInt32("Version") ?? 0,
        e.GetBoolean("Enabled") ?? false, e.GetInt32("SharePercent") ?? 0, e.GetString("ChangedBy"), e.GetDateTimeOffset("ChangedAt"));

    private async Task<List<SelfEvaluation>> RangeAsync(string centerId, string prefix, CancellationToken ct)
    {
        var list = new List<SelfEvaluation>();
        await foreach (var e in Table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter(
            $"PartitionKey eq {centerId} and RowKey ge {prefix} and RowKey lt {CallKeys.RangeEnd(prefix)}"), cancellationToken: ct))
            list.Add(Read(e));
        return list;
    }

    private static (TableEntity Head, TableEntity Version, TableEntity Copy) Rows(SelfEvaluation s)
    {
        TableEntity Row(string rowKey) => new(s.CenterId, rowKey)
        {
            ["Json"] = JsonSerializer.Serialize(s, Json), ["Status"] = s.Status.ToString(), ["AgentId"] = s.AgentId, ["Version"] = s.Version,
        };
        return (Row(HeadKey(s.CallId)), Row(VersionPrefix(s.CallId) + s.Version.ToString("D5")), Row(AgentPrefix(s.AgentId) + CallKeys.Escape(s.CallId)));
    }

    private static SelfEvaluation Read(TableEntity e) => JsonSerializer.Deserialize<SelfEvaluation>(e.GetString("Json")!, Json)!;
}
