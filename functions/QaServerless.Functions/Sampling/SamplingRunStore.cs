using Azure;
using Azure.Data.Tables;
using QaServerless.Calls;

namespace QaServerless.Sampling;

public enum RunStatus { Drawing, Sent }

/// <summary>The record of one day's sampling run (its header); strata and sampled calls are separate rows.</summary>
public sealed record SamplingRun(
    string CenterId, DateOnly Day, int PlanVersion, DateOnly WorkDay, int Capacity, RunStatus Status,
    int Population = 0, int Strata = 0, int MustInclude = 0, int Demand = 0, int Drawn = 0, int Cut = 0, int Shortfall = 0,
    int StorageReads = 0, DateTimeOffset? StartedAt = null, DateTimeOffset? SentAt = null, string? ETag = null);

/// <summary>Per stratum: population, what the plan asked for, what was kept after the capacity cut, what was drawn, and why.</summary>
public sealed record StratumRecord(string AgentId, string BusinessType, int Population, int Demand, int Quota, int Drawn, int MustInclude, string Why,
    string Channel = Channels.Voice);

/// <summary>A call of the sample, as sent to the <c>assignments</c> queue.</summary>
public sealed record SampledCall(string CallId, string AgentId, string Team, string BusinessType, string Reason);

/// <summary>An agent's day in the coverage partition (population and sampled calls).</summary>
public sealed record AgentDay(string AgentId, DateOnly Day, int Population, int Sampled, bool NewHire, bool OnWatchList);

/// <summary>
/// Sampling runs. Table <c>SamplingRuns</c>:
/// <list type="table">
/// <item><term>PK center, RK <c>run|{yyyyMMdd}</c></term><description>the run header (status, plan version, capacity, figures)</description></item>
/// <item><term>PK <c>{center}|{yyyyMMdd}</c>, RK <c>s|{agent}|{businessType}</c></term><description>a stratum of the run</description></item>
/// <item><term>PK <c>{center}|{yyyyMMdd}</c>, RK <c>c|{callId}</c></term><description>a sampled call</description></item>
/// <item><term>PK <c>{center}|{yyyyMM}</c>, RK <c>a|{agent}|{yyyyMMdd}</c></term><description>an agent's day (coverage reads the month's partition)</description></item>
/// <item><term>PK <c>{center}|{yyyyMM}</c>, RK <c>e|{agent}|{evaluationId}</c></term><description>a released evaluation's score (coverage's margin of error)</description></item>
/// </list>
/// Everything is an upsert of rows computed from the same seeded draw, so rerunning a day rewrites the same rows.
/// </summary>
public sealed class SamplingRunStore(TableServiceClient tables)
{
    public const string TableName = "SamplingRuns";
    private TableClient Table => tables.GetTableClient(TableName);

    public static string DayPartition(string centerId, DateOnly day) => $"{centerId}|{day:yyyyMMdd}";
    public static string MonthPartition(string centerId, DateOnly day) => $"{centerId}|{day:yyyyMM}";
    private static string HeaderKey(DateOnly day) => $"run|{day:yyyyMMdd}";

    public async Task<SamplingRun?> GetRunAsync(string centerId, DateOnly day, CancellationToken ct = default)
    {
        var hit = await Table.GetEntityIfExistsAsync<TableEntity>(centerId, HeaderKey(day), cancellationToken: ct);
        return hit.HasValue ? ToRun(hit.Value!) : null;
    }

    /// <summary>Creates the header of a new run; when one exists already (a concurrent or earlier start) returns that one.</summary>
    public async Task<SamplingRun> StartAsync(SamplingRun run, CancellationToken ct = default)
    {
        try
        {
            await Table.AddEntityAsync(ToEntity(run), ct);
        }
        catch (RequestFailedException e) when (e.Status == 409) { }
        return (await GetRunAsync(run.CenterId, run.Day, ct))!;
    }

    /// <summary>Marks the run sent, guarded by the header's ETag: of two concurrent runs only one may send messages.</summary>
    public async Task<bool> MarkSentAsync(SamplingRun run, CancellationToken ct = default)
    {
        try
        {
            await Table.UpdateEntityAsync(ToEntity(run with { Status = RunStatus.Sent }), new ETag(run.ETag!), TableUpdateMode.Replace, ct);
            return true;
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            return false;
        }
    }

    /// <summary>Back to <see cref="RunStatus.Drawing"/> (an operator's resend after a lost output; tests simulate a crash with it).</summary>
    public Task ResetAsync(SamplingRun run, CancellationToken ct = default) =>
        Table.UpsertEntityAsync(ToEntity(run with { Status = RunStatus.Drawing }), TableUpdateMode.Replace, ct);

    public Task WriteStrataAsync(string centerId, DateOnly day, IEnumerable<StratumRecord> strata, CancellationToken ct = default) =>
        UpsertAsync(strata.Select(s => new TableEntity(DayPartition(centerId, day), StratumRow(s))
        {
            ["AgentId"] = s.AgentId, ["BusinessType"] = s.BusinessType, ["Channel"] = s.Channel, ["Population"] = s.Population, ["Demand"] = s.Demand,
            ["Quota"] = s.Quota, ["Drawn"] = s.Drawn, ["MustInclude"] = s.MustInclude, ["Why"] = s.Why,
        }), ct);

    /// <summary>A voice stratum keeps the row key it always had; another channel's stratum adds its channel.</summary>
    private static string StratumRow(StratumRecord s) =>
        $"s|{Key(s.AgentId)}|{Key(s.BusinessType)}" + (s.Channel == Channels.Voice ? "" : $"|{Key(s.Channel)}");

    public Task WriteSampleAsync(string centerId, DateOnly day, IEnumerable<SampledCall> calls, CancellationToken ct = default) =>
        UpsertAsync(calls.Select(c => new TableEntity(DayPartition(centerId, day), $"c|{Key(c.CallId)}")
        {
            ["CallId"] = c.CallId, ["AgentId"] = c.AgentId, ["Team"] = c.Team, ["BusinessType"] = c.BusinessType, ["Reason"] = c.Reason,
        }), ct);

    public Task WriteAgentDaysAsync(string centerId, IEnumerable<AgentDay> days, CancellationToken ct = default) =>
        UpsertAsync(days.Select(d => new TableEntity(MonthPartition(centerId, d.Day), $"a|{Key(d.AgentId)}|{d.Day:yyyyMMdd}")
        {
            ["AgentId"] = d.AgentId, ["Day"] = d.Day.ToString("yyyy-MM-dd"), ["Population"] = d.Population, ["Sampled"] = d.Sampled,
            ["NewHire"] = d.NewHire, ["OnWatchList"] = d.OnWatchList,
        }), ct);

    /// <summary>
    /// Records a released (or corrected) evaluation's score for coverage. Keyed by evaluation id: a correction replaces
    /// the earlier score, a replay changes nothing. The scoring feature calls this on release.
    /// </summary>
    public Task RecordEvaluationScoreAsync(string centerId, string agentId, DateOnly callDay, string evaluationId, double score,
        bool passed, bool criticalError, CancellationToken ct = default) =>
        Table.UpsertEntityAsync(new TableEntity(MonthPartition(centerId, callDay), $"e|{Key(agentId)}|{Key(evaluationId)}")
        {
            ["AgentId"] = agentId, ["EvaluationId"] = evaluationId, ["Score"] = score, ["Passed"] = passed, ["CriticalError"] = criticalError,
        }, TableUpdateMode.Replace, ct);

    public async Task<IReadOnlyList<StratumRecord>> ListStrataAsync(string centerId, DateOnly day, CancellationToken ct = default)
    {
        var list = new List<StratumRecord>();
        await foreach (var e in Prefix(DayPartition(centerId, day), "s|", ct))
            list.Add(new(e.GetString("AgentId")!, e.GetString("BusinessType")!, e.GetInt32("Population") ?? 0, e.GetInt32("Demand") ?? 0,
                e.GetInt32("Quota") ?? 0, e.GetInt32("Drawn") ?? 0, e.GetInt32("MustInclude") ?? 0, e.GetString("Why") ?? "",
                Channels.KeyOf(e.GetString("Channel"))));
        return list;
    }

    public async Task<IReadOnlyList<SampledCall>> ListSampleAsync(string centerId, DateOnly day, CancellationToken ct = default)
    {
        var list = new List<SampledCall>();
        await foreach (var e in Prefix(DayPartition(centerId, day), "c|", ct))
            list.Add(new(e.GetString("CallId")!, e.GetString("AgentId")!, e.GetString("Team") ?? "", e.GetString("BusinessType")!, e.GetString("Reason") ?? ""));
        return list;
    }

    /// <summary>The month's agent days and evaluation outcomes: one single-partition query.</summary>
    public async Task<(IReadOnlyList<AgentDay> Days, IReadOnlyList<EvaluationOutcome> Scores)> ReadMonthAsync(
        string centerId, DateOnly month, CancellationToken ct = default)
    {
        var days = new List<AgentDay>();
        var scores = new List<EvaluationOutcome>();
        await foreach (var e in Table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {MonthPartition(centerId, month)}"), cancellationToken: ct))
        {
            if (e.RowKey.StartsWith("a|", StringComparison.Ordinal))
                days.Add(new(e.GetString("AgentId")!, DateOnly.Parse(e.GetString("Day")!), e.GetInt32("Population") ?? 0, e.GetInt32("Sampled") ?? 0,
                    e.GetBoolean("NewHire") ?? false, e.GetBoolean("OnWatchList") ?? false));
            else if (e.RowKey.StartsWith("e|", StringComparison.Ordinal) && e.GetDouble("Score") is { } score)
                scores.Add(new(e.GetString("AgentId")!, score, e.GetBoolean("Passed"), e.GetBoolean("CriticalError")));
        }
        return (days, scores);
    }

    /// <summary>Keys may not hold '/', '\', '#', '?' or control characters, and '|' separates segments: those are escaped.</summary>
    internal static string Key(string segment)
    {
        if (!segment.Any(Bad)) return segment;
        return string.Concat(segment.Select(c => Bad(c) ? $"%{(int)c:X2}" : c.ToString()));
        static bool Bad(char c) => c is '%' or '|' or '/' or '\\' or '#' or '?' || char.IsControl(c);
    }

    private IAsyncEnumerable<TableEntity> Prefix(string partition, string prefix, CancellationToken ct) =>
        Table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter(
            $"PartitionKey eq {partition} and RowKey ge {prefix} and RowKey lt {prefix[..^1] + (char)(prefix[^1] + 1)}"), cancellationToken: ct);

    /// <summary>Batched upserts (≤ 100 a partition), a few partitions' batches in flight at once.</summary>
    private async Task UpsertAsync(IEnumerable<TableEntity> entities, CancellationToken ct)
    {
        var batches = entities.GroupBy(e => e.PartitionKey).SelectMany(p => p.Chunk(100)).ToList();
        await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct }, async (batch, token) =>
            await Table.SubmitTransactionAsync(batch.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, e)), token));
    }

    private static TableEntity ToEntity(SamplingRun r) => new(r.CenterId, HeaderKey(r.Day))
    {
        ["Day"] = r.Day.ToString("yyyy-MM-dd"), ["PlanVersion"] = r.PlanVersion, ["WorkDay"] = r.WorkDay.ToString("yyyy-MM-dd"),
        ["Capacity"] = r.Capacity, ["Status"] = r.Status.ToString(), ["Population"] = r.Population, ["Strata"] = r.Strata,
        ["MustInclude"] = r.MustInclude, ["Demand"] = r.Demand, ["Drawn"] = r.Drawn, ["Cut"] = r.Cut, ["Shortfall"] = r.Shortfall,
        ["StorageReads"] = r.StorageReads, ["StartedAt"] = r.StartedAt, ["SentAt"] = r.SentAt,
    };

    private static SamplingRun ToRun(TableEntity e) => new(
        e.PartitionKey, DateOnly.Parse(e.GetString("Day")!), e.GetInt32("PlanVersion") ?? 0, DateOnly.Parse(e.GetString("WorkDay")!),
        e.GetInt32("Capacity") ?? 0, Enum.TryParse<RunStatus>(e.GetString("Status"), out var s) ? s : RunStatus.Drawing,
        e.GetInt32("Population") ?? 0, e.GetInt32("Strata") ?? 0, e.GetInt32("MustInclude") ?? 0, e.GetInt32("Demand") ?? 0,
        e.GetInt32("Drawn") ?? 0, e.GetInt32("Cut") ?? 0, e.GetInt32("Shortfall") ?? 0, e.GetInt32("StorageReads") ?? 0,
        e.GetDateTimeOffset("StartedAt"), e.GetDateTimeOffset("SentAt"), e.ETag.ToString());
}
