using Azure;
using Azure.Data.Tables;
using QaServerless.Calls;
using QaServerless.Security;

namespace QaServerless.Search;

/// <summary>
/// The search index in Table Storage (keys: <see cref="SearchKeys"/>). A call's row and its index copies always change
/// in one transaction of their day partition, under the call row's ETag, so the copies never disagree with the row;
/// a write whose result equals what is stored writes nothing (replays change nothing). Every read is a range of one
/// partition.
/// </summary>
public sealed class SearchIndexStore(TableServiceClient tables)
{
    public const string TableName = "SearchIndex";
    private TableClient Table => tables.GetTableClient(TableName);
    private const int Attempts = 8;

    public async Task<SearchRow?> GetAsync(CenterScope scope, DateOnly day, string callId, CancellationToken ct)
    {
        var hit = await Table.GetEntityIfExistsAsync<TableEntity>(SearchKeys.Partition(scope, day), SearchKeys.CallRow(callId), cancellationToken: ct);
        return hit.HasValue ? SearchRow.FromEntity(hit.Value!) : null;
    }

    /// <summary>
    /// Reads the call's row, applies <paramref name="change"/> (null: leave it) and writes the row and its copies: the
    /// copies it now has are replaced, the ones it lost deleted, all in one transaction. A concurrent writer makes it
    /// read again and retry.
    /// </summary>
    public async Task UpdateAsync(CenterScope scope, DateOnly day, string callId, Func<SearchRow?, SearchRow?> change, CancellationToken ct)
    {
        var partition = SearchKeys.Partition(scope, day);
        for (var attempt = 1; ; attempt++)
        {
            var hit = await Table.GetEntityIfExistsAsync<TableEntity>(partition, SearchKeys.CallRow(callId), cancellationToken: ct);
            var old = hit.HasValue ? SearchRow.FromEntity(hit.Value!) : null;
            var next = change(old);
            if (next is null || next.SameAs(old)) return;
            var keep = SearchKeys.RowsOf(next);
            var actions = new List<TableTransactionAction>
            {
                old is null
                    ? new(TableTransactionActionType.Add, next.ToEntity(partition, SearchKeys.CallRow(callId)))
                    : new(TableTransactionActionType.UpdateReplace, next.ToEntity(partition, SearchKeys.CallRow(callId)), hit.Value!.ETag),
            };
            actions.AddRange(keep.Where(k => k != SearchKeys.CallRow(callId))
                .Select(k => new TableTransactionAction(TableTransactionActionType.UpsertReplace, next.ToEntity(partition, k))));
            if (old is not null)
                actions.AddRange(SearchKeys.RowsOf(old).Except(keep)
                    .Select(k => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(partition, k), ETag.All)));
            try
            {
                await Table.SubmitTransactionAsync(actions, ct);
                return;
            }
            catch (TableTransactionFailedException e) when (e.Status is 409 or 412 or 404 && attempt < Attempts)
            {
                // Another writer changed the call's row meanwhile: read it again.
            }
        }
    }

    /// <summary>Removes a call's row and copies from a day (a corrected call that moved to another day).</summary>
    public async Task RemoveAsync(CenterScope scope, DateOnly day, string callId, CancellationToken ct)
    {
        var partition = SearchKeys.Partition(scope, day);
        var hit = await Table.GetEntityIfExistsAsync<TableEntity>(partition, SearchKeys.CallRow(callId), cancellationToken: ct);
        if (!hit.HasValue) return;
        var row = SearchRow.FromEntity(hit.Value!);
        try
        {
            await Table.SubmitTransactionAsync(SearchKeys.RowsOf(row)
                .Select(k => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(partition, k), k == SearchKeys.CallRow(callId) ? hit.Value!.ETag : ETag.All)), ct);
        }
        catch (TableTransactionFailedException e) when (e.Status is 404 or 412)
        {
            // Removed or rewritten meanwhile: the other writer's state stands.
        }
    }

    /// <summary>
    /// Newly ingested calls: their call columns merged into the call row and the copies a call has before any evaluation
    /// or analysis (agent, team, the record's own tags), in transactions of ≤ 100 per day partition. Merging keeps
    /// whatever an evaluation or analysis wrote first; the same calls again write the same values.
    /// </summary>
    public async Task MergeNewCallsAsync(CenterScope scope, IEnumerable<(DateOnly Day, Call Call)> calls, CancellationToken ct)
    {
        foreach (var day in calls.GroupBy(c => c.Day))
        {
            var partition = SearchKeys.Partition(scope, day.Key);
            var batch = new List<TableTransactionAction>();
            foreach (var (_, call) in day)
            {
                var row = SearchRow.FromCall(call, day.Key);
                var rows = SearchKeys.RowsOf(row).Select(k => new TableTransactionAction(TableTransactionActionType.UpsertMerge, CallColumns(row, partition, k))).ToList();
                if (batch.Count + rows.Count > 100) { await Table.SubmitTransactionAsync(batch, ct); batch = []; }
                batch.AddRange(rows);
            }
            if (batch.Count > 0) await Table.SubmitTransactionAsync(batch, ct);
        }
    }

    /// <summary>Only the columns ingestion owns (a merge must not blank an evaluation's or analysis's columns).</summary>
    private static TableEntity CallColumns(SearchRow row, string partition, string key)
    {
        var all = row.ToEntity(partition, key);
        string[] owned = ["CallId", "Day", "AgentId", "Team", "BusinessType", "Direction", "Start", "HandleSeconds", "CallTags", "Channel"];
        var e = new TableEntity(partition, key);
        foreach (var name in owned) if (all.TryGetValue(name, out var value)) e[name] = value;
        return e;
    }

    /// <summary>The rows of one partition's range, narrowed on the server by <paramref name="filter"/> (an OData filter or null).</summary>
    public IAsyncEnumerable<TableEntity> ReadAsync(CenterScope scope, DateOnly day, KeyRange range, string? filter, CancellationToken ct)
    {
        var query = TableClient.CreateQueryFilter($"PartitionKey eq {SearchKeys.Partition(scope, day)} and RowKey ge {range.From} and RowKey lt {range.To}");
        return Table.QueryAsync<TableEntity>(filter is null ? query : $"{query} and ({filter})", maxPerPage: 1000, cancellationToken: ct);
    }
}
