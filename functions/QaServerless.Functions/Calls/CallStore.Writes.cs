using System.Collections.Concurrent;
using Azure;
using Azure.Data.Tables;
using QaServerless.ReferenceData;

namespace QaServerless.Calls;

/// <summary>
/// Writing calls so that a replay changes nothing, a correction keeps the previous version, and the per-stratum counts
/// are exact without ever scanning a day:
/// <list type="bullet">
/// <item>a call's row and its stratum's count row live in the same day partition and change in ONE transaction
/// (add row + count+1, delete row + count−1, the count under its ETag), so a count can never drift from its rows;</item>
/// <item>the locator is written last: a locator holding the content's hash means every row of that content is in place,
/// so a replay is recognised with one point read and writes nothing.</item>
/// </list>
/// Bulk saves first try the cheap path (transactions that add new rows); whatever turns out to exist already falls back
/// to the careful one-call path.
/// </summary>
public sealed partial class CallStore
{
    /// <summary>How many transactions a bulk save runs at once.</summary>
    public int Parallelism { get; init; } = 8;

    /// <summary>Where a call's row is: its center-local day and stratum (a channel other than voice is part of it).</summary>
    private sealed record Address(DateOnly Day, string BusinessType, string AgentId, string Channel)
    {
        public string Partition(string center) => CallKeys.DayPartition(center, Day);
        public string Row(string center, string callId) => CallKeys.CallRow(BusinessType, AgentId, CallKeys.SamplingKey(center, callId), callId, Channel);
        public string CountRow => CallKeys.CountRow(BusinessType, AgentId, Channel);
        public string AgentPartition(string center) => CallKeys.AgentMonthPartition(center, AgentId, Day);

        public static Address Of(Call call, DateOnly day) => new(day, call.BusinessType, call.AgentId, call.ChannelKey);

        /// <summary>A locator written before channels were strata has no channel: its rows are under the voice keys.</summary>
        public static Address? FromLocator(TableEntity e) =>
            DateOnly.TryParseExact(e.GetString("Day"), "yyyyMMdd", out var day)
                ? new(day, e.GetString("BusinessType")!, e.GetString("AgentId")!, Channels.KeyOf(e.GetString("Channel"))) : null;
    }

    private sealed record Pending(Call Call, DateOnly Day, string Hash)
    {
        public static Pending Of(Center center, Call call) => new(call, center.DayOf(call.Start), CallEntity.Hash(call));

        public Address Address { get; } = Address.Of(Call, Day);
        public bool Flagged => Call.TestCall || Call.Complaint;
    }

    private async Task<Address?> LocateAsync(string center, string callId, CancellationToken ct)
    {
        var loc = await Locators.GetEntityIfExistsAsync<TableEntity>(CallKeys.LocatorPartition(center, callId), CallKeys.LocatorRow(callId), cancellationToken: ct);
        return loc.HasValue ? Address.FromLocator(loc.Value!) : null;
    }

    /// <summary>Saves one call (a manifest): new, correction or replay. Flags an agent missing from the roster.</summary>
    public async Task<IngestedCall> SaveAsync(Center center, Call call, CancellationToken ct)
    {
        var agent = await reference.GetAgentAsync(call.CenterId, call.AgentId, ct);
        if (agent is null) await reference.FlagUnknownAgentAsync(call.CenterId, call.AgentId, call.Team, ct);
        call = WithRosterTeam(call, agent);
        var result = await SaveOneAsync(Pending.Of(center, call), ct);
        await NotifyAsync([result], ct);
        return result;
    }

    /// <summary>Saves many calls of one center at once. A call id repeated in the list: the last one wins.</summary>
    public async Task<SaveBatchResult> SaveBatchAsync(Center center, IReadOnlyList<Call> calls, CancellationToken ct)
    {
        var import = StartImport(center);
        await import.AddAsync(calls, ct);
        return await import.CompleteAsync(ct);
    }

    private ParallelOptions Options(CancellationToken ct) => new() { MaxDegreeOfParallelism = Parallelism, CancellationToken = ct };

    /// <summary>
    /// Step 1 of a bulk save: new rows and their counts, one transaction per ≤ 100 rows of a day partition. Returns the
    /// calls added, and those that met a row stored before (a replay or a correction), which need the careful path.
    /// </summary>
    private async Task<(List<Pending> Added, List<Pending> Existing)> AddRowsAsync(Center center, IReadOnlyList<Pending> pending, CountLedger ledger,
        CancellationToken ct)
    {
        var careful = new ConcurrentBag<Pending>();
        var added = new ConcurrentBag<Pending>();
        await Parallel.ForEachAsync(pending.GroupBy(p => p.Address.Partition(center.CenterId)), Options(ct),
            async (day, token) => await AddToDayAsync(center.CenterId, day.Key, day.ToList(), ledger, added, careful, token));
        return ([.. added], [.. careful]);
    }

    /// <summary>
    /// Steps 2 and 3 for calls whose rows step 1 added: their agent × month rows (plain upserts: replaying them is
    /// harmless), then their locators. A locator that exists already means the call was stored under another address:
    /// those calls are returned for the careful path, which reconciles them.
    /// </summary>
    private async Task<List<Pending>> IndexAsync(IReadOnlyList<Pending> added, CancellationToken ct)
    {
        // Grouped as calls and turned into entities one transaction at a time: thousands of waiting entities would not stay flat.
        await Parallel.ForEachAsync(ChunkByPartition(added, p => p.Address.AgentPartition(p.Call.CenterId)), Options(ct),
            async (chunk, token) => await UpsertAsync(ByAgent, chunk.Select(p => AgentRow(p, version: 1)), token));
        var addedById = added.ToDictionary(p => p.Call.CallId);
        var moved = new ConcurrentBag<Pending>();
        await Parallel.ForEachAsync(ChunkByPartition(added, p => CallKeys.LocatorPartition(p.Call.CenterId, p.Call.CallId)), Options(ct),
            async (chunk, token) =>
            {
                foreach (var callId in await AddLocatorsAsync([.. chunk.Select(p => LocatorRow(p, version: 1))], token)) moved.Add(addedById[callId]);
            });
        return [.. moved];
    }

    /// <summary>The careful path for each call, in parallel (distinct call ids).</summary>
    private async Task<List<IngestedCall>> SaveCarefullyAsync(IReadOnlyList<Pending> calls, CancellationToken ct)
    {
        var results = new ConcurrentBag<IngestedCall>();
        await Parallel.ForEachAsync(calls, Options(ct), async (p, token) => results.Add(await SaveOneAsync(p, token)));
        return [.. results];
    }

    /// <summary>Flags the agents missing from the roster and stamps each call with its agent's roster team.</summary>
    private async Task<List<Call>> CheckRosterAsync(string center, IEnumerable<Call> calls, CancellationToken ct)
    {
        var roster = (await reference.ListAgentsAsync(center, ct)).ToDictionary(a => a.AgentId, StringComparer.Ordinal);
        var list = calls.Select(c => WithRosterTeam(c, roster.GetValueOrDefault(c.AgentId))).ToList();
        foreach (var call in list.Where(c => !roster.ContainsKey(c.AgentId)).DistinctBy(c => c.AgentId))
            await reference.FlagUnknownAgentAsync(center, call.AgentId, call.Team, ct);
        return list;
    }

    /// <summary>The roster's team (only an agent really on the roster has one: a flagged unknown agent's team is a record's).</summary>
    private static Call WithRosterTeam(Call call, Agent? agent) =>
        call with { RosterTeam = agent is { OnRoster: true, Team: { Length: > 0 } team } ? team : null };

    /// <summary>
    /// Adds the calls of one day partition, sorted by stratum so a transaction touches few count rows. A transaction
    /// that meets an existing row sends its calls to the careful path. The day's counts come from the ledger (read once
    /// per file) and are kept current from each transaction's response.
    /// </summary>
    private async Task AddToDayAsync(string center, string partition, List<Pending> calls, CountLedger ledger, ConcurrentBag<Pending> added,
        ConcurrentBag<Pending> careful, CancellationToken ct)
    {
        var counts = ledger.Find(partition);
        if (counts is null) ledger.Remember(partition, counts = await LoadCountsAsync(partition, ct));
        var ordered = calls.OrderBy(p => p.Address.CountRow, StringComparer.Ordinal).ToList();
        var chunk = new List<Pending>();
        var strata = new HashSet<string>();
        foreach (var p in ordered)
        {
            var extra = 1 + (p.Flagged ? 1 : 0) + (strata.Contains(p.Address.CountRow) ? 0 : 1);
            if (chunk.Count + chunk.Count(c => c.Flagged) + strata.Count + extra > 100)
            {
                await SubmitNewAsync(center, partition, chunk, counts, added, careful, ct);
                chunk.Clear(); strata.Clear();
            }
            chunk.Add(p); strata.Add(p.Address.CountRow);
        }
        if (chunk.Count > 0) await SubmitNewAsync(center, partition, chunk, counts, added, careful, ct);
    }

    private async Task<Dictionary<string, CountState>> LoadCountsAsync(string partition, CancellationToken ct)
    {
        var counts = new Dictionary<string, CountState>(StringComparer.Ordinal);
        await foreach (var e in Range(Calls, partition, CallKeys.CountRowPrefix, ct))
            counts[e.RowKey] = CountState.Of(e);
        return counts;
    }

    private async Task SubmitNewAsync(string center, string partition, List<Pending> chunk, Dictionary<string, CountState> counts,
        ConcurrentBag<Pending> added, ConcurrentBag<Pending> careful, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            var actions = new List<TableTransactionAction>(100);
            foreach (var p in chunk)
            {
                var row = CallEntity.ToEntity(p.Call, partition, p.Address.Row(center, p.Call.CallId), p.Day, p.Hash, 1);
                actions.Add(new TableTransactionAction(TableTransactionActionType.Add, row));
                if (p.Flagged) actions.Add(new TableTransactionAction(TableTransactionActionType.UpsertReplace, FlaggedCopy(row, p.Call.CallId)));
            }
            var memberActions = actions.Count;
            var strata = chunk.GroupBy(p => p.Address.CountRow).ToList();
            foreach (var s in strata)
                actions.Add(CountAction(partition, s.Key, s.First().Address, counts.GetValueOrDefault(s.Key), s.Count()));
            try
            {
                var response = await Calls.SubmitTransactionAsync(actions, ct);
                for (var i = 0; i < strata.Count; i++)
                {
                    var before = counts.GetValueOrDefault(strata[i].Key)?.Calls ?? 0;
                    var etag = response.Value[memberActions + i].Headers.ETag;
                    if (etag is { } known) counts[strata[i].Key] = new CountState(before + strata[i].Count(), known);
                    else counts.Remove(strata[i].Key);
                }
                // No ETag in a response (not seen from Azure or Azurite): read those count rows rather than guess.
                await RereadCountsAsync(partition, strata.Select(s => s.Key).Where(k => !counts.ContainsKey(k)).ToList(), counts, ct);
                foreach (var p in chunk) added.Add(p);
                return;
            }
            catch (TableTransactionFailedException e) when (e.FailedTransactionActionIndex is { } index && index >= memberActions && attempt < 20)
            {
                // Another writer moved a count on (412) or created it (409): re-read this chunk's counts (point reads) and retry.
                await RereadCountsAsync(partition, strata.Select(s => s.Key).ToList(), counts, ct);
            }
            catch (TableTransactionFailedException e) when (e.Status == 409)
            {
                // A row exists already: a replay, or a call seen before. The careful path sorts each one out.
                foreach (var p in chunk) careful.Add(p);
                return;
            }
        }
    }

    private async Task RereadCountsAsync(string partition, IReadOnlyList<string> rowKeys, Dictionary<string, CountState> counts, CancellationToken ct)
    {
        foreach (var rowKey in rowKeys)
        {
            var row = await Calls.GetEntityIfExistsAsync<TableEntity>(partition, rowKey, cancellationToken: ct);
            if (row.HasValue) counts[rowKey] = CountState.Of(row.Value!);
            else counts.Remove(rowKey);
        }
    }

    private static TableTransactionAction CountAction(string partition, string rowKey, Address address, CountState? current, int delta)
    {
        var row = new TableEntity(partition, rowKey)
        {
            ["AgentId"] = address.AgentId, ["BusinessType"] = address.BusinessType, ["Channel"] = address.Channel, ["Calls"] = (current?.Calls ?? 0) + delta,
        };
        return current is null
            ? new TableTransactionAction(TableTransactionActionType.Add, row)
            : new TableTransactionAction(TableTransactionActionType.UpdateReplace, row, current.ETag);
    }

    private static TableEntity FlaggedCopy(TableEntity row, string callId)
    {
        var copy = new TableEntity(row) { PartitionKey = row.PartitionKey, RowKey = CallKeys.FlaggedRow(callId) };
        return copy;
    }

    private static TableEntity AgentRow(Pending p, int version) =>
        CallEntity.ToEntity(p.Call, p.Address.AgentPartition(p.Call.CenterId), CallKeys.AgentMonthRow(p.Day, p.Call.CallId), p.Day, p.Hash, version);

    private static TableEntity LocatorRow(Pending p, int version) =>
        new(CallKeys.LocatorPartition(p.Call.CenterId, p.Call.CallId), CallKeys.LocatorRow(p.Call.CallId))
        {
            ["CallId"] = p.Call.CallId, ["Day"] = CallKeys.Day(p.Day), ["BusinessType"] = p.Call.BusinessType, ["AgentId"] = p.Call.AgentId,
            ["Channel"] = p.Address.Channel, ["Hash"] = p.Hash, ["Version"] = version,
        };

    private static IEnumerable<Pending[]> ChunkByPartition(IEnumerable<Pending> calls, Func<Pending, string> partition) =>
        calls.GroupBy(partition).SelectMany(g => g.Chunk(100));

    private static async Task UpsertAsync(TableClient table, IEnumerable<TableEntity> rows, CancellationToken ct) =>
        await table.SubmitTransactionAsync(rows.Select(r => new TableTransactionAction(TableTransactionActionType.UpsertReplace, r)), ct);

    /// <summary>Adds locators; returns the call ids whose locator existed already (the call was stored under another address).</summary>
    private async Task<List<string>> AddLocatorsAsync(TableEntity[] chunk, CancellationToken ct)
    {
        var existing = new List<string>();
        var rows = chunk.ToList();
        while (rows.Count > 0)
        {
            try
            {
                await Locators.SubmitTransactionAsync(rows.Select(r => new TableTransactionAction(TableTransactionActionType.Add, r)), ct);
                break;
            }
            catch (TableTransactionFailedException e) when (e.Status == 409 && e.FailedTransactionActionIndex is { } index)
            {
                existing.Add(rows[index].GetString("CallId")!);
                rows.RemoveAt(index);
            }
        }
        return existing;
    }

    /// <summary>
    /// The careful path for one call: find what is stored, compare, and make the rows match the new content.
    /// Each step is safe to repeat, in this order, so a crash anywhere is mended by the replay.
    /// </summary>
    private async Task<IngestedCall> SaveOneAsync(Pending p, CancellationToken ct)
    {
        var center = p.Call.CenterId;
        var callId = p.Call.CallId;
        var locResponse = await Locators.GetEntityIfExistsAsync<TableEntity>(CallKeys.LocatorPartition(center, callId), CallKeys.LocatorRow(callId), cancellationToken: ct);
        var loc = locResponse.HasValue ? locResponse.Value : null;
        // The locator is written last, so a locator with this content's hash means all is in place: a replay.
        if (loc is not null && loc.GetString("Hash") == p.Hash && Address.FromLocator(loc) == p.Address)
            return new IngestedCall(p.Call, p.Day, IngestOutcome.Unchanged, p.Call);

        var (prevAddress, prevRow) = await FindPreviousAsync(center, callId, loc is null ? null : Address.FromLocator(loc), p.Address, ct);
        if (prevRow is not null && prevRow.GetString("Hash") == p.Hash)
        {
            // Stored before a crash that kept the locator from being written: finish the job.
            var v = prevRow.GetInt32("Version") ?? 1;
            await ByAgent.UpsertEntityAsync(AgentRow(p, v), TableUpdateMode.Replace, ct);
            await Locators.UpsertEntityAsync(LocatorRow(p, v), TableUpdateMode.Replace, ct);
            return new IngestedCall(p.Call, p.Day, IngestOutcome.Unchanged, p.Call);
        }

        var previous = prevRow is null ? null : CallEntity.ToCall(prevRow);
        var version = (prevRow?.GetInt32("Version") ?? 0) + 1;
        if (prevRow is not null)
        {
            var kept = new TableEntity(prevRow) { PartitionKey = CallKeys.VersionPartition(center, callId), RowKey = CallKeys.VersionRow(version - 1) };
            await Versions.UpsertEntityAsync(kept, TableUpdateMode.Replace, ct);
        }
        if (prevAddress is not null && prevAddress != p.Address)
            await RemoveAsync(center, callId, prevAddress, previous!, ct);

        var partition = p.Address.Partition(center);
        var row = CallEntity.ToEntity(p.Call, partition, p.Address.Row(center, callId), p.Day, p.Hash, version);
        if (prevAddress == p.Address) await Calls.UpsertEntityAsync(row, TableUpdateMode.Replace, ct);
        else await AddCountedAsync(row, p.Address, ct);

        if (p.Flagged) await Calls.UpsertEntityAsync(FlaggedCopy(row, callId), TableUpdateMode.Replace, ct);
        else if (previous is { } was && (was.TestCall || was.Complaint) && prevAddress?.Day == p.Day)
            await DeleteIfExistsAsync(Calls, partition, CallKeys.FlaggedRow(callId), ct);

        await ByAgent.UpsertEntityAsync(AgentRow(p, version), TableUpdateMode.Replace, ct);
        if (prevAddress is not null && prevAddress.AgentPartition(center) + CallKeys.AgentMonthRow(prevAddress.Day, callId) !=
            p.Address.AgentPartition(center) + CallKeys.AgentMonthRow(p.Day, callId))
            await DeleteIfExistsAsync(ByAgent, prevAddress.AgentPartition(center), CallKeys.AgentMonthRow(prevAddress.Day, callId), ct);

        await Locators.UpsertEntityAsync(LocatorRow(p, version), TableUpdateMode.Replace, ct);
        return new IngestedCall(p.Call, p.Day, previous is null ? IngestOutcome.Added : IngestOutcome.Corrected, previous);
    }

    /// <summary>The stored row: where the locator says, else (locator not yet written) where the new content would go.</summary>
    private async Task<(Address?, TableEntity?)> FindPreviousAsync(string center, string callId, Address? located, Address target, CancellationToken ct)
    {
        foreach (var at in new[] { located, target }.OfType<Address>().Distinct())
        {
            var hit = await Calls.GetEntityIfExistsAsync<TableEntity>(at.Partition(center), at.Row(center, callId), cancellationToken: ct);
            if (hit.HasValue) return (at, hit.Value);
        }
        return (null, null);
    }

    /// <summary>Adds a row and counts it, in one transaction; a row that exists already is replaced and not counted again.</summary>
    private async Task AddCountedAsync(TableEntity row, Address address, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            var count = await Calls.GetEntityIfExistsAsync<TableEntity>(row.PartitionKey, address.CountRow, cancellationToken: ct);
            var current = count.HasValue ? new CountState(count.Value!.GetInt32("Calls") ?? 0, count.Value.ETag) : null;
            try
            {
                await Calls.SubmitTransactionAsync(
                    [new TableTransactionAction(TableTransactionActionType.Add, row), CountAction(row.PartitionKey, address.CountRow, address, current, +1)], ct);
                return;
            }
            catch (TableTransactionFailedException e) when (e.FailedTransactionActionIndex == 0 && e.Status == 409)
            {
                await Calls.UpsertEntityAsync(row, TableUpdateMode.Replace, ct);
                return;
            }
            catch (TableTransactionFailedException e) when (e.FailedTransactionActionIndex == 1 && attempt < 20) { }
        }
    }

    /// <summary>Removes a call's row from an address it left and uncounts it, in one transaction; gone already = done.</summary>
    private async Task RemoveAsync(string center, string callId, Address at, Call previous, CancellationToken ct)
    {
        var partition = at.Partition(center);
        for (var attempt = 0; ; attempt++)
        {
            var count = await Calls.GetEntityIfExistsAsync<TableEntity>(partition, at.CountRow, cancellationToken: ct);
            if (!count.HasValue) break;
            var current = new CountState(count.Value!.GetInt32("Calls") ?? 0, count.Value.ETag);
            try
            {
                await Calls.SubmitTransactionAsync(
                [
                    new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(partition, at.Row(center, callId)), ETag.All),
                    CountAction(partition, at.CountRow, at, current, -1),
                ], ct);
                break;
            }
            catch (TableTransactionFailedException e) when (e.FailedTransactionActionIndex == 0 && e.Status == 404) { break; }
            catch (TableTransactionFailedException e) when (e.FailedTransactionActionIndex == 1 && attempt < 20) { }
        }
        if (previous.TestCall || previous.Complaint) await DeleteIfExistsAsync(Calls, partition, CallKeys.FlaggedRow(callId), ct);
    }

    private static async Task DeleteIfExistsAsync(TableClient table, string partition, string row, CancellationToken ct)
    {
        try { await table.DeleteEntityAsync(partition, row, ETag.All, ct); }
        catch (RequestFailedException e) when (e.Status == 404) { }
    }

    private Task NotifyAsync(IReadOnlyList<IngestedCall> calls, CancellationToken ct) => NotifyAsync(sinks, calls, ct);

    private static async Task NotifyAsync(IEnumerable<ICallIngestedSink> sinks, IReadOnlyList<IngestedCall> calls, CancellationToken ct)
    {
        if (calls.Count == 0) return;
        foreach (var sink in sinks) await sink.OnCallsIngestedAsync(calls, ct);
    }
}
