using System.Collections.Concurrent;
using Azure;
using Azure.Data.Tables;
using QaServerless.Calls;

namespace QaServerless.Kpis;

/// <summary>The groups a KPI can be asked for. <see cref="Channel"/>: voice, chat, email … (<see cref="Calls.Channels.KeyOf"/>).</summary>
public enum KpiGroup { Center, Team, Agent, BusinessType, Inspector, Channel }

/// <summary>
/// Rollups in Table Storage (docs/data-model.md, docs/kpis.md). Table <c>KpiRollups</c>: one partition per center-month
/// (<c>{center}|{yyyyMM}</c>) holding a row per group (<c>g|{group}|{id}</c>), a row per day for the center
/// (<c>d|{dd}</c>) and, per evaluation, the contribution it made (<c>e|{evaluationId}</c>) so that a newer fact takes
/// exactly that out again; and one partition per center-day (<c>{center}|{yyyyMMdd}</c>) with the same <c>g|</c> rows
/// for that day alone and its own <c>e|</c>/<c>k|</c> records, so a range of days can be grouped by anything. A month
/// request reads one range of one partition, a range one per day; nothing scans calls or evaluations.
/// Changes are read-modify-write under ETags, in transactions of one partition; every transaction also replaces the
/// partition's version row (<c>v</c>), whose ETag tells a cached report (<see cref="KpiCache"/>) that the month changed.
/// </summary>
public sealed class KpiStore(TableServiceClient tables)
{
    public const string RollupsTable = "KpiRollups";
    public const string ContactsTable = "KpiContacts";

    private TableClient Rollups => tables.GetTableClient(RollupsTable);
    internal TableClient Contacts => tables.GetTableClient(ContactsTable);

    public static string Partition(string center, string month) => CallKeys.Join(center, month);
    /// <summary>A center-day partition: the key the call store gives a center's day (<see cref="CallKeys.DayPartition"/>).</summary>
    public static string DayPartition(string center, DateOnly day) => CallKeys.DayPartition(center, day);
    public static string GroupRow(KpiGroup group, string id) => CallKeys.Join("g", group.ToString(), id);
    public static string GroupPrefix(KpiGroup group) => CallKeys.Join("g", group.ToString()) + CallKeys.Separator;
    public static string DayRow(DateOnly day) => CallKeys.Join("d", day.ToString("dd"));
    public const string VersionRow = "v";

    private readonly ConcurrentDictionary<string, long> localWrites = new();

    /// <summary>How many rollup transactions this instance has made in the partition (it changes after each one).</summary>
    public long LocalWrites(string partition) => localWrites.GetValueOrDefault(partition);

    /// <summary>The ETag of the partition's version row: it changes with every rollup transaction, from any instance.</summary>
    public async Task<string?> ReadVersionAsync(string partition, CancellationToken ct)
    {
        var row = await Rollups.GetEntityIfExistsAsync<TableEntity>(partition, VersionRow, ["PartitionKey"], ct);
        return row.HasValue ? row.Value!.ETag.ToString() : null;
    }
    /// <summary>The version ETags of several partitions (a range of days) as one string, read 16 at a time.</summary>
    public async Task<string> ReadVersionsAsync(IReadOnlyList<string> partitions, CancellationToken ct)
    {
        if (partitions.Count == 1) return await ReadVersionAsync(partitions[0], ct) ?? "";
        var versions = new string?[partitions.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, partitions.Count), new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = ct },
            async (i, token) => versions[i] = await ReadVersionAsync(partitions[i], token));
        return string.Join(",", versions);
    }

    /// <summary>The contribution a fact made (<c>e|{evaluationId}</c>, <c>k|{sessionId}</c>), to be taken out when a newer fact replaces it.</summary>
    public static string ContributionRow(string kind, string id) => CallKeys.Join(kind, id);

    /// <summary>The rows of one kind of group (Team is set on agent rows, for rankings within teams).</summary>
    public Task<IReadOnlyList<(string Id, string? Team, Counters Counters)>> ReadGroupsAsync(string center, string month, KpiGroup group, CancellationToken ct) =>
        ReadGroupsAsync(Partition(center, month), group, ct);

    public async Task<IReadOnlyList<(string Id, string? Team, Counters Counters)>> ReadGroupsAsync(string partition, KpiGroup group, CancellationToken ct)
    {
        var prefix = GroupPrefix(group);
        var list = new List<(string, string?, Counters)>();
        await foreach (var e in Range(partition, prefix, ct))
            list.Add((e.GetString("Id") ?? "", e.GetString("Team"), Counters.FromJson(e.GetString("C"))));
        return list;
    }

    /// <summary>The center's row of a partition (a month, or a day): one point read.</summary>
    public async Task<Counters?> ReadCenterAsync(string partition, CancellationToken ct)
    {
        var row = await Rollups.GetEntityIfExistsAsync<TableEntity>(partition, GroupRow(KpiGroup.Center, ""), ["C"], ct);
        return row.HasValue ? Counters.FromJson(row.Value!.GetString("C")) : null;
    }

    /// <summary>One group's row of a partition (a month, or a day): one point read; null when the group has none there.</summary>
    public async Task<(string? Team, Counters Counters)?> ReadGroupRowAsync(string partition, KpiGroup group, string id, CancellationToken ct)
    {
        var row = await Rollups.GetEntityIfExistsAsync<TableEntity>(partition, GroupRow(group, id), ["C", "Team"], ct);
        return row.HasValue ? (row.Value!.GetString("Team"), Counters.FromJson(row.Value!.GetString("C"))) : null;
    }

    /// <summary>
    /// The evaluations a partition counts: its <c>e|</c> range, each with the rows its latest fact added to and what it
    /// added (the drill-down from a figure to the evaluations behind it). One range of one partition.
    /// </summary>
    public async IAsyncEnumerable<(string EvaluationId, IReadOnlyDictionary<string, Counters> Rows)> ReadEvaluationContributionsAsync(
        string partition, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        await foreach (var e in Range(partition, "e" + CallKeys.Separator, ct))
            yield return (Uri.UnescapeDataString(e.RowKey[2..]), DecodeContribution(e.GetString("Rows")));
    }

    public async Task<IReadOnlyList<(DateOnly Day, Counters Counters)>> ReadDaysAsync(string center, string month, CancellationToken ct)
    {
        var list = new List<(DateOnly, Counters)>();
        await foreach (var e in Range(Partition(center, month), "d|", ct))
            if (DateOnly.TryParse(e.GetString("Day"), out var day)) list.Add((day, Counters.FromJson(e.GetString("C"))));
        return list;
    }

    private IAsyncEnumerable<TableEntity> Range(string partition, string prefix, CancellationToken ct) =>
        Rollups.QueryAsync<TableEntity>(TableClient.CreateQueryFilter(
            $"PartitionKey eq {partition} and RowKey ge {prefix} and RowKey lt {CallKeys.RangeEnd(prefix)}"), cancellationToken: ct);

    /// <summary>Adds the deltas to their rows of one partition, a transaction per ≤ 99 rows, retrying on a conflicting writer.</summary>
    public async Task ApplyAsync(string partition, IReadOnlyDictionary<string, (Counters Delta, Dictionary<string, object> Labels)> deltas, CancellationToken ct)
    {
        var changed = deltas.Where(d => !d.Value.Delta.IsEmpty).ToArray();
        // Many rows (a CDR chunk touches a few hundred groups): their ranges are read once instead of a point read each.
        var known = changed.Length >= ReadRangesFrom ? await ReadRowsAsync(partition, changed.Select(d => d.Key), ct) : null;
        foreach (var chunk in changed.Chunk(99))
            await ApplyChunkAsync(partition, chunk, guard: null, ct, known);
    }

    private const int ReadRangesFrom = 50;

    /// <summary>The stored rows among <paramref name="rows"/>, read by the ranges of their prefixes (<c>g|</c>, <c>d|</c>).</summary>
    private async Task<Dictionary<string, TableEntity>> ReadRowsAsync(string partition, IEnumerable<string> rows, CancellationToken ct)
    {
        var wanted = rows.ToHashSet(StringComparer.Ordinal);
        var found = new Dictionary<string, TableEntity>(StringComparer.Ordinal);
        foreach (var prefix in wanted.Select(r => r[..(r.IndexOf(CallKeys.Separator) + 1)]).Distinct())
            await foreach (var e in Range(partition, prefix, ct))
                if (wanted.Contains(e.RowKey)) found[e.RowKey] = e;
        return found;
    }

    /// <summary>
    /// Applies one fact's contribution (an evaluation, a calibration session): takes out what its earlier version added,
    /// adds the new one, and records it, all in one transaction. A version no newer than the recorded one changes nothing.
    /// </summary>
    public async Task ApplyContributionAsync(string partition, string rowKey, int version,
        IReadOnlyDictionary<string, (Counters Delta, Dictionary<string, object> Labels)> contribution, CancellationToken ct)
    {
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var existing = await Rollups.GetEntityIfExistsAsync<TableEntity>(partition, rowKey, cancellationToken: ct);
            var previous = existing.HasValue ? existing.Value! : null;
            if (previous?.GetInt32("Version") is { } seen && seen >= version) return;
            var old = previous is null ? new Dictionary<string, Counters>() : DecodeContribution(previous.GetString("Rows"));

            var deltas = new Dictionary<string, (Counters Delta, Dictionary<string, object> Labels)>();
            foreach (var (row, (c, labels)) in contribution) deltas[row] = (c.Clone(), labels);
            foreach (var (row, c) in old)
                deltas[row] = deltas.TryGetValue(row, out var d) ? (d.Delta.Add(c, -1), d.Labels) : (new Counters().Add(c, -1), new());

            var record = ContributionRecord(partition, rowKey, version, contribution);
            var guard = previous is null
                ? new TableTransactionAction(TableTransactionActionType.Add, record)
                : new TableTransactionAction(TableTransactionActionType.UpdateReplace, record, previous.ETag);
            if (await ApplyChunkAsync(partition, deltas.Where(d => !d.Value.Delta.IsEmpty).ToArray(), guard, ct)) return;
        }
        throw new InvalidOperationException($"Could not record {rowKey} in {partition}: too many concurrent writers.");
    }

    /// <returns>false when <paramref name="guard"/> lost a race (the caller starts over); other conflicts are retried here.</returns>
    private async Task<bool> ApplyChunkAsync(string partition, KeyValuePair<string, (Counters Delta, Dictionary<string, object> Labels)>[] chunk,
        TableTransactionAction? guard, CancellationToken ct, IReadOnlyDictionary<string, TableEntity>? known = null)
    {
        for (var attempt = 0; ; attempt++)
        {
            var actions = new List<TableTransactionAction>(100);
            // The rows' current values: as read for the whole partition on the first attempt, else read at once (≤ 99 point reads).
            TableEntity?[] currents = attempt == 0 && known is not null
                ? [.. chunk.Select(c => known.GetValueOrDefault(c.Key))]
                : [.. (await Task.WhenAll(chunk.Select(c => Rollups.GetEntityIfExistsAsync<TableEntity>(partition, c.Key, cancellationToken: ct))))
                    .Select(r => r.HasValue ? r.Value : null)];
            foreach (var ((row, (delta, labels)), current) in chunk.Zip(currents))
            {
                var counters = current is not null ? Counters.FromJson(current.GetString("C")) : new Counters();
                var entity = RollupEntity(partition, row, counters.Add(delta), labels);
                if (current is not null)
                    foreach (var k in new[] { "Id", "Day", "Team" }.Where(k => !entity.ContainsKey(k) && current.ContainsKey(k))) entity[k] = current[k];
                actions.Add(current is not null
                    ? new TableTransactionAction(TableTransactionActionType.UpdateReplace, entity, current.ETag)
                    : new TableTransactionAction(TableTransactionActionType.Add, entity));
            }
            if (guard is not null) actions.Add(guard);
            if (actions.Count == 0) return true;
            // No ETag on the version row: writers never conflict on it, and its new ETag marks the change.
            actions.Add(new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity(partition, VersionRow)));
            try
            {
                await Rollups.SubmitTransactionAsync(actions, ct);
                return true;
            }
            catch (TableTransactionFailedException e) when (e.Status is 409 or 412 && attempt < 30)
            {
                if (guard is not null && e.FailedTransactionActionIndex == actions.Count - 1) return false;
                await Task.Delay(Random.Shared.Next(5, 50), ct);
            }
            finally
            {
                // After the attempt, never before it: a report built in between would be recorded as current.
                localWrites.AddOrUpdate(partition, 1, (_, n) => n + 1);
            }
        }
    }

    /// <summary>A rollup row as stored: the counters as one JSON property, and the group's labels (Id, Team, Day).</summary>
    internal static TableEntity RollupEntity(string partition, string row, Counters counters, IReadOnlyDictionary<string, object> labels)
    {
        var entity = new TableEntity(partition, row) { ["C"] = counters.ToJson() };
        foreach (var (k, v) in labels) entity[k] = v;
        return entity;
    }

    /// <summary>The record of the contribution a fact made (<c>e|…</c>, <c>k|…</c>), with the fact's version.</summary>
    internal static TableEntity ContributionRecord(string partition, string rowKey, int version,
        IReadOnlyDictionary<string, (Counters Delta, Dictionary<string, object> Labels)> contribution) => new(partition, rowKey)
    {
        ["Version"] = version, ["Rows"] = EncodeContribution(contribution.ToDictionary(kv => kv.Key, kv => kv.Value.Delta)),
    };

    private static string EncodeContribution(Dictionary<string, Counters> rows) =>
        System.Text.Json.JsonSerializer.Serialize(rows.ToDictionary(kv => kv.Key, kv => kv.Value.ToJson()));

    private static Dictionary<string, Counters> DecodeContribution(string? json) =>
        string.IsNullOrEmpty(json) ? new() : System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, string>>(json)!
            .ToDictionary(kv => kv.Key, kv => Counters.FromJson(kv.Value));
}
