using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using QaServerless.Scorecards;

namespace QaServerless.Evaluations;

/// <summary>
/// Evaluations in one table partitioned by center, so that a change is ONE transaction (atomic, ETag-guarded):
/// <list type="table">
/// <item><term><c>e|{evaluationId}</c></term><description>the current version (head), with the fields lists filter on</description></item>
/// <item><term><c>v|{evaluationId}|{version:D5}</c></term><description>every version ever written, immutable (history)</description></item>
/// <item><term><c>c|{callId}</c></term><description>the evaluation of a call (point read; makes a second one for the call fail)</description></item>
/// <item><term><c>f|{evaluationId}</c></term><description>the evaluation's current KPI fact (outbox for <see cref="IEvaluationFactsSink"/>)</description></item>
/// <item><term><c>a|{agent}|{id}</c>, <c>t|{team}|{id}</c>, <c>i|{inspector}|{id}</c></term><description>copies of the head
/// by agent, team and inspector: an agent's, a supervisor's or an inspector's list is a range of its own rows instead of a
/// filtered scan of every evaluation of the center</description></item>
/// </list>
/// A change replaces the head with the ETag it was read with, adds the version row and rewrites the copies (moving them
/// when the agent, team or inspector changed) in the same transaction: a concurrent change fails with 412 and nothing
/// is written.
/// </summary>
public sealed class EvaluationStore(TableServiceClient tables)
{
    public const string TableName = "Evaluations";
    private TableClient Table => tables.GetTableClient(TableName);
    private static JsonSerializerOptions Json => ScorecardStore.Json;

    public static string HeadKey(string id) => $"e|{id}";
    public static string VersionKey(string id, int version) => $"v|{id}|{version:D5}";
    public static string CallKey(string callId) => $"c|{callId}";
    public static string FactKey(string id) => $"f|{id}";

    /// <summary>The copies of a head kept for the lists: by agent, by team, by inspector.</summary>
    private static IEnumerable<string> CopyKeys(Evaluation e) =>
    [
        CopyPrefix('a', e.AgentId) + e.EvaluationId, CopyPrefix('t', e.Team) + e.EvaluationId, CopyPrefix('i', e.InspectorId) + e.EvaluationId,
    ];

    private static string CopyPrefix(char kind, string value) => Calls.CallKeys.Join(kind.ToString(), value) + Calls.CallKeys.Separator;

    public async Task<Stored<Evaluation>?> GetAsync(string centerId, string evaluationId, CancellationToken ct = default)
    {
        var hit = await Table.GetEntityIfExistsAsync<TableEntity>(centerId, HeadKey(evaluationId), cancellationToken: ct);
        return hit.HasValue ? new(Read<Evaluation>(hit.Value!), hit.Value!.ETag) : null;
    }

    /// <summary>The id of the evaluation of a call, if there is one.</summary>
    public async Task<string?> GetIdByCallAsync(string centerId, string callId, CancellationToken ct = default)
    {
        var hit = await Table.GetEntityIfExistsAsync<TableEntity>(centerId, CallKey(callId), cancellationToken: ct);
        return hit.HasValue ? hit.Value!.GetString("EvaluationId") : null;
    }

    /// <summary>Stores version 1; null when the call has an evaluation already (its id is then in <c>c|{callId}</c>).</summary>
    public async Task<Stored<Evaluation>?> AddAsync(Evaluation first, CancellationToken ct = default)
    {
        try
        {
            var response = await Table.SubmitTransactionAsync(
            [
                new(TableTransactionActionType.Add, Head(first)),
                new(TableTransactionActionType.Add, VersionRow(first)),
                new(TableTransactionActionType.Add, new TableEntity(first.CenterId, CallKey(first.CallId)) { ["EvaluationId"] = first.EvaluationId }),
                .. Copies(first).Select(c => new TableTransactionAction(TableTransactionActionType.Add, c)),
            ], ct);
            return new(first, response.Value[0].Headers.ETag ?? default);
        }
        catch (TableTransactionFailedException e) when (e.Status == 409) { return null; }
    }

    /// <summary>Writes the next version if the head (read as <paramref name="current"/>) still has <paramref name="etag"/>; null on a conflict (412).</summary>
    public async Task<Stored<Evaluation>?> SaveAsync(Evaluation current, Evaluation next, ETag etag, EvaluationFact? fact, CancellationToken ct = default)
    {
        var actions = new List<TableTransactionAction>
        {
            new(TableTransactionActionType.UpdateReplace, Head(next), etag),
            new(TableTransactionActionType.Add, VersionRow(next)),
        };
        actions.AddRange(Copies(next).Select(c => new TableTransactionAction(TableTransactionActionType.UpsertReplace, c)));
        // A reassigned inspector (or a roster change of agent or team) moves the copy: the old one goes in the same transaction.
        actions.AddRange(CopyKeys(current).Except(CopyKeys(next))
            .Select(key => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(current.CenterId, key), ETag.All)));
        if (fact is not null)
            actions.Add(new(TableTransactionActionType.UpsertReplace, new TableEntity(next.CenterId, FactKey(next.EvaluationId))
            {
                ["Version"] = fact.Version, ["Kind"] = fact.Kind.ToString(), ["Json"] = JsonSerializer.Serialize(fact, Json),
            }));
        try
        {
            var response = await Table.SubmitTransactionAsync(actions, ct);
            return new(next, response.Value[0].Headers.ETag ?? default);
        }
        catch (TableTransactionFailedException e) when (e.Status is 412 or 409 or 404) { return null; }
    }

    /// <summary>
    /// The heads of a center's evaluations, narrowed by the given fields (each an equality filter); one partition. Given
    /// an inspector, agent or team, the range of that one's copies is read (in that order of preference: the narrowest
    /// first), the other fields filter it; otherwise the heads.
    /// </summary>
    public async Task<IReadOnlyList<Evaluation>> ListAsync(string centerId, string? agentId = null, string? team = null, string? inspectorId = null,
        EvaluationStatus? status = null, CancellationToken ct = default)
    {
        var prefix = inspectorId is not null ? CopyPrefix('i', inspectorId)
            : agentId is not null ? CopyPrefix('a', agentId)
            : team is not null ? CopyPrefix('t', team)
            : "e|";
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {centerId} and RowKey gt {prefix} and RowKey lt {Calls.CallKeys.RangeEnd(prefix)}");
        if (agentId is not null) filter += " and " + TableClient.CreateQueryFilter($"AgentId eq {agentId}");
        if (team is not null) filter += " and " + TableClient.CreateQueryFilter($"Team eq {team}");
        if (inspectorId is not null) filter += " and " + TableClient.CreateQueryFilter($"InspectorId eq {inspectorId}");
        if (status is { } s) filter += " and " + TableClient.CreateQueryFilter($"Status eq {s.ToString()}");
        var list = new List<Evaluation>();
        await foreach (var e in Table.QueryAsync<TableEntity>(filter, cancellationToken: ct)) list.Add(Read<Evaluation>(e));
        return list;
    }

    /// <summary>Every version of an evaluation, oldest first.</summary>
    public async Task<IReadOnlyList<Evaluation>> ListVersionsAsync(string centerId, string evaluationId, CancellationToken ct = default)
    {
        var from = $"v|{evaluationId}|";
        var to = $"v|{evaluationId}}}";
        var list = new List<Evaluation>();
        await foreach (var e in Table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {centerId} and RowKey gt {from} and RowKey lt {to}"), cancellationToken: ct))
            list.Add(Read<Evaluation>(e));
        return list;
    }

    /// <summary>The current KPI fact of every released evaluation of a center (to catch a sink up or rebuild rollups).</summary>
    public async Task<IReadOnlyList<EvaluationFact>> ListFactsAsync(string centerId, CancellationToken ct = default)
    {
        var list = new List<EvaluationFact>();
        await foreach (var e in Table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {centerId} and RowKey gt {"f|"} and RowKey lt {"f}"}"), cancellationToken: ct))
            list.Add(Read<EvaluationFact>(e));
        return list;
    }

    private static TableEntity Head(Evaluation e) => new(e.CenterId, HeadKey(e.EvaluationId))
    {
        ["CallId"] = e.CallId, ["AgentId"] = e.AgentId, ["Team"] = e.Team, ["InspectorId"] = e.InspectorId,
        ["Status"] = e.Status.ToString(), ["Version"] = e.Version, ["Score"] = e.Result is { } r ? (double)r.Score : null,
        ["Json"] = JsonSerializer.Serialize(e, Json),
    };

    private static IEnumerable<TableEntity> Copies(Evaluation e)
    {
        var head = Head(e);
        return CopyKeys(e).Select(key => new TableEntity(head) { PartitionKey = e.CenterId, RowKey = key });
    }

    private static TableEntity VersionRow(Evaluation e) => new(e.CenterId, VersionKey(e.EvaluationId, e.Version))
    {
        ["Status"] = e.Status.ToString(), ["ChangedBy"] = e.ChangedBy, ["Reason"] = e.Reason, ["Json"] = JsonSerializer.Serialize(e, Json),
    };

    private static T Read<T>(TableEntity e) => JsonSerializer.Deserialize<T>(e.GetString("Json")!, Json)!;
}
