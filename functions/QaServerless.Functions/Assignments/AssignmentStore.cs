using Azure;
using Azure.Data.Tables;

namespace QaServerless.Assignments;

/// <summary>
/// Assignments in one table, partitioned by center so that an assignment, its worklist row and the counters it
/// changes are written in ONE transaction (atomic; a replay fails on the first row and changes nothing):
/// <list type="table">
/// <item><term><c>c|{callId}</c></term><description>the assignment of a call (point read: <see cref="GetByCallAsync"/>)</description></item>
/// <item><term><c>w|{inspector}|{day}|{callId}</c></term><description>an inspector's worklist for a day (range query)</description></item>
/// <item><term><c>l|{day}|{inspector}</c></term><description>calls assigned to an inspector on a day (the daily cap check)</description></item>
/// <item><term><c>s|{yyyy-MM}|{agent}|{inspector}</c></term><description>an agent's calls per inspector in a month (spread)</description></item>
/// </list>
/// Counters are updated with their ETag, so two concurrent assignments cannot both take an inspector's last slot:
/// the loser's transaction fails with 412/409 and it chooses again.
/// </summary>
public sealed class AssignmentStore(TableServiceClient tables)
{
    public const string TableName = "Assignments";
    private TableClient Table => tables.GetTableClient(TableName);

    public static string CallKey(string callId) => $"c|{callId}";
    public static string WorkKey(string inspectorId, DateOnly day, string callId) => $"w|{inspectorId}|{day:yyyy-MM-dd}|{callId}";
    public static string LoadKey(DateOnly day, string inspectorId) => $"l|{day:yyyy-MM-dd}|{inspectorId}";
    public static string SpreadKey(DateOnly month, string agentId, string inspectorId) => $"s|{month:yyyy-MM}|{agentId}|{inspectorId}";

    /// <summary>The assignment of a call, or null when the call is not (yet) assigned. Scoring checks evaluators with it.</summary>
    public async Task<Assignment?> GetByCallAsync(string centerId, string callId, CancellationToken ct = default)
    {
        var hit = await Table.GetEntityIfExistsAsync<TableEntity>(centerId, CallKey(callId), cancellationToken: ct);
        return hit.HasValue ? ToAssignment(hit.Value!) : null;
    }

    /// <summary>An inspector's worklist for a day, in call id order: one single-partition range query.</summary>
    public async Task<IReadOnlyList<Assignment>> ListWorklistAsync(string centerId, string inspectorId, DateOnly day, CancellationToken ct = default)
    {
        var list = new List<Assignment>();
        await foreach (var e in QueryPrefixAsync(centerId, $"w|{inspectorId}|{day:yyyy-MM-dd}|", ct)) list.Add(ToAssignment(e));
        return list;
    }

    /// <summary>Calls assigned per inspector on a day (with the counters' ETags).</summary>
    public async Task<IReadOnlyDictionary<string, Counter>> GetLoadsAsync(string centerId, DateOnly day, CancellationToken ct = default)
    {
        var loads = new Dictionary<string, Counter>();
        await foreach (var e in QueryPrefixAsync(centerId, $"l|{day:yyyy-MM-dd}|", ct))
            loads[e.RowKey[(e.RowKey.LastIndexOf('|') + 1)..]] = ToCounter(e);
        return loads;
    }

    /// <summary>This month's calls of one agent per inspector.</summary>
    public async Task<IReadOnlyDictionary<string, Counter>> GetAgentMonthAsync(string centerId, DateOnly month, string agentId, CancellationToken ct = default)
    {
        var seen = new Dictionary<string, Counter>();
        await foreach (var e in QueryPrefixAsync(centerId, $"s|{month:yyyy-MM}|{agentId}|", ct))
            seen[e.RowKey[(e.RowKey.LastIndexOf('|') + 1)..]] = ToCounter(e);
        return seen;
    }

    /// <summary>Assigned calls per agent in a month (all inspectors): one range query, for coverage.</summary>
    public async Task<IReadOnlyDictionary<string, int>> CountByAgentForMonthAsync(string centerId, DateOnly month, CancellationToken ct = default)
    {
        var counts = new Dictionary<string, int>();
        await foreach (var e in QueryPrefixAsync(centerId, $"s|{month:yyyy-MM}|", ct))
        {
            var parts = e.RowKey.Split('|');
            counts[parts[2]] = counts.GetValueOrDefault(parts[2]) + (e.GetInt32("Count") ?? 0);
        }
        return counts;
    }

    /// <summary>
    /// Writes an assignment with its worklist row and counter increments in one transaction.
    /// <paramref name="load"/> and <paramref name="spread"/> are the counters as read (null: not there yet).
    /// </summary>
    public async Task<AssignOutcome> TryAssignAsync(Assignment assignment, Counter? load, Counter? spread, CancellationToken ct = default)
    {
        var month = new DateOnly(assignment.Day.Year, assignment.Day.Month, 1);
        var actions = new List<TableTransactionAction>
        {
            new(TableTransactionActionType.Add, ToEntity(assignment, CallKey(assignment.CallId))),
            new(TableTransactionActionType.Add, ToEntity(assignment, WorkKey(assignment.InspectorId, assignment.Day, assignment.CallId))),
            Increment(assignment.CenterId, LoadKey(assignment.Day, assignment.InspectorId), load, +1),
            Increment(assignment.CenterId, SpreadKey(month, assignment.AgentId, assignment.InspectorId), spread, +1),
        };
        try
        {
            await Table.SubmitTransactionAsync(actions, ct);
            return AssignOutcome.Assigned;
        }
        catch (TableTransactionFailedException e) when (e.Status is 409 or 412)
        {
            // Either the call is assigned already (a replayed message) or a counter moved under us (a concurrent assignment).
            return await GetByCallAsync(assignment.CenterId, assignment.CallId, ct) is null ? AssignOutcome.Conflict : AssignOutcome.AlreadyAssigned;
        }
    }

    /// <summary>
    /// Moves an assignment to another inspector (same day) in one transaction. <paramref name="ifMatch"/> is the
    /// assignment's ETag as the lead saw it: a stale one answers <see cref="ReassignOutcome.Stale"/> (412), nothing changes.
    /// </summary>
    public async Task<(ReassignOutcome Outcome, Assignment? Assignment)> ReassignAsync(Assignment current, string inspectorId, ETag ifMatch,
        CancellationToken ct = default)
    {
        var moved = current with { InspectorId = inspectorId, Status = AssignmentStatus.Assigned };
        var month = new DateOnly(current.Day.Year, current.Day.Month, 1);
        var loads = await GetLoadsAsync(current.CenterId, current.Day, ct);
        var spread = await GetAgentMonthAsync(current.CenterId, month, current.AgentId, ct);
        var actions = new List<TableTransactionAction>
        {
            new(TableTransactionActionType.UpdateReplace, ToEntity(moved, CallKey(current.CallId)), ifMatch),
            new(TableTransactionActionType.Delete, new TableEntity(current.CenterId, WorkKey(current.InspectorId, current.Day, current.CallId)), ETag.All),
            new(TableTransactionActionType.Add, ToEntity(moved, WorkKey(inspectorId, current.Day, current.CallId))),
            Increment(current.CenterId, LoadKey(current.Day, current.InspectorId), loads.GetValueOrDefault(current.InspectorId), -1),
            Increment(current.CenterId, LoadKey(current.Day, inspectorId), loads.GetValueOrDefault(inspectorId), +1),
            Increment(current.CenterId, SpreadKey(month, current.AgentId, current.InspectorId), spread.GetValueOrDefault(current.InspectorId), -1),
            Increment(current.CenterId, SpreadKey(month, current.AgentId, inspectorId), spread.GetValueOrDefault(inspectorId), +1),
        };
        try
        {
            await Table.SubmitTransactionAsync(actions, ct);
            return (ReassignOutcome.Moved, await GetByCallAsync(current.CenterId, current.CallId, ct));
        }
        catch (TableTransactionFailedException e) when (e.Status is 409 or 412)
        {
            var now = await GetByCallAsync(current.CenterId, current.CallId, ct);
            return (now is null || now.ETag != ifMatch.ToString() ? ReassignOutcome.Stale : ReassignOutcome.Conflict, now);
        }
    }

    /// <summary>Sets the status of an assignment and its worklist row (for scoring: in progress, completed).</summary>
    public async Task<bool> SetStatusAsync(string centerId, string callId, AssignmentStatus status, CancellationToken ct = default)
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            if (await GetByCallAsync(centerId, callId, ct) is not { } current) return false;
            var changed = current with { Status = status };
            try
            {
                await Table.SubmitTransactionAsync(
                [
                    new(TableTransactionActionType.UpdateReplace, ToEntity(changed, CallKey(callId)), new ETag(current.ETag!)),
                    new(TableTransactionActionType.UpdateReplace, ToEntity(changed, WorkKey(current.InspectorId, current.Day, callId)), ETag.All),
                ], ct);
                return true;
            }
            catch (TableTransactionFailedException e) when (e.Status is 404 or 409 or 412)
            {
                // Reassigned meanwhile: read again and apply to the new state.
            }
        }
        return false;
    }

    private static TableTransactionAction Increment(string partition, string rowKey, Counter? counter, int by)
    {
        var entity = new TableEntity(partition, rowKey) { ["Count"] = Math.Max(0, (counter?.Count ?? 0) + by) };
        return counter?.ETag is { } etag
            ? new TableTransactionAction(TableTransactionActionType.UpdateReplace, entity, etag)
            : new TableTransactionAction(TableTransactionActionType.Add, entity);
    }

    private IAsyncEnumerable<TableEntity> QueryPrefixAsync(string partition, string prefix, CancellationToken ct)
    {
        var upper = prefix[..^1] + (char)(prefix[^1] + 1);
        return Table.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {prefix} and RowKey lt {upper}"), cancellationToken: ct);
    }

    private static Counter ToCounter(TableEntity e) => new(e.GetInt32("Count") ?? 0, e.ETag);

    private static TableEntity ToEntity(Assignment a, string rowKey) => new(a.CenterId, rowKey)
    {
        ["CallId"] = a.CallId, ["InspectorId"] = a.InspectorId, ["Day"] = a.Day.ToString("yyyy-MM-dd"),
        ["SampleDay"] = a.SampleDay.ToString("yyyy-MM-dd"), ["AgentId"] = a.AgentId, ["Team"] = a.Team,
        ["BusinessType"] = a.BusinessType, ["Reason"] = a.Reason, ["Status"] = a.Status.ToString(),
        ["Deferred"] = a.Deferred, ["AssignedAt"] = a.AssignedAt,
    };

    private static Assignment ToAssignment(TableEntity e) => new(
        e.PartitionKey, e.GetString("CallId") ?? "", e.GetString("InspectorId") ?? "", DateOnly.Parse(e.GetString("Day")!),
        DateOnly.Parse(e.GetString("SampleDay")!), e.GetString("AgentId") ?? "", e.GetString("Team") ?? "",
        e.GetString("BusinessType") ?? "", e.GetString("Reason") ?? "",
        Enum.TryParse<AssignmentStatus>(e.GetString("Status"), out var s) ? s : AssignmentStatus.Assigned,
        e.GetBoolean("Deferred") ?? false, e.GetDateTimeOffset("AssignedAt") ?? default, e.ETag.ToString());
}

/// <summary>A counter row as read: its value and ETag (null when the row does not exist yet).</summary>
public sealed record Counter(int Count, ETag? ETag);

public enum AssignOutcome { Assigned, AlreadyAssigned, Conflict }

public enum ReassignOutcome { Moved, Stale, Conflict }
