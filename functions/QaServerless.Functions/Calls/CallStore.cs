using System.Text;
using Azure.Data.Tables;
using QaServerless.ReferenceData;

namespace QaServerless.Calls;

/// <summary>
/// Calls in Table Storage (docs/data-model.md). Reads here; writes (idempotent, with corrections) in CallStore.Writes.cs.
/// Every read is a point read or a range scan inside one partition.
/// </summary>
public sealed partial class CallStore(TableServiceClient tables, ReferenceDataStore reference, IEnumerable<ICallIngestedSink> sinks)
{
    public const string CallsTable = "Calls";
    public const string CallsByAgentTable = "CallsByAgent";
    public const string LocatorsTable = "CallLocators";
    public const string VersionsTable = "CallVersions";

    private TableClient Calls => tables.GetTableClient(CallsTable);
    private TableClient ByAgent => tables.GetTableClient(CallsByAgentTable);
    private TableClient Locators => tables.GetTableClient(LocatorsTable);
    private TableClient Versions => tables.GetTableClient(VersionsTable);

    /// <summary>One call, by a point read of its locator then of its row.</summary>
    public async Task<Call?> GetAsync(string center, string callId, CancellationToken ct)
    {
        var at = await LocateAsync(center, callId, ct);
        if (at is null) return null;
        var row = await Calls.GetEntityIfExistsAsync<TableEntity>(at.Partition(center), at.Row(center, callId), cancellationToken: ct);
        return row.HasValue ? CallEntity.ToCall(row.Value!) : null;
    }

    /// <summary>The earlier contents of a corrected call, oldest first.</summary>
    public async Task<IReadOnlyList<Call>> GetPreviousVersionsAsync(string center, string callId, CancellationToken ct)
    {
        var list = new List<Call>();
        await foreach (var e in Versions.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {CallKeys.VersionPartition(center, callId)}"), cancellationToken: ct))
            list.Add(CallEntity.ToCall(e));
        return list;
    }

    /// <summary>The population per agent × business type of a center-local day, from the count rows kept at ingest.</summary>
    public async Task<IReadOnlyList<StratumCount>> GetDayStrataAsync(string center, DateOnly day, CancellationToken ct)
    {
        var list = new List<StratumCount>();
        await foreach (var e in Range(Calls, CallKeys.DayPartition(center, day), CallKeys.CountRowPrefix, ct))
        {
            var n = e.GetInt32("Calls") ?? 0;
            if (n > 0) list.Add(new StratumCount(e.GetString("AgentId")!, e.GetString("BusinessType")!, n, Channels.KeyOf(e.GetString("Channel"))));
        }
        return list;
    }

    /// <summary>
    /// The k calls of a stratum with the lowest sampling keys: a range scan that stops after k rows. A voice stratum's
    /// range also holds the agent's text strata (after its own rows, so a scan of k ≤ its population never reaches them).
    /// </summary>
    public async Task<IReadOnlyList<Call>> TakeLowestAsync(string center, DateOnly day, string agentId, string businessType, int k,
        CancellationToken ct, string? channel = null)
    {
        var list = new List<Call>(Math.Max(0, Math.Min(k, 1000)));
        if (k <= 0) return list;
        var key = Channels.KeyOf(channel);
        await foreach (var e in Range(Calls, CallKeys.DayPartition(center, day), CallKeys.StratumPrefix(businessType, agentId, key), ct, pageSize: Math.Min(k, 1000)))
        {
            var call = CallEntity.ToCall(e);
            if (call.ChannelKey != key) continue;
            list.Add(call);
            if (list.Count == k) break;
        }
        return list;
    }

    /// <summary>The day's announced test calls and complaint calls.</summary>
    public async Task<IReadOnlyList<Call>> ListFlaggedAsync(string center, DateOnly day, CancellationToken ct)
    {
        var list = new List<Call>();
        await foreach (var e in Range(Calls, CallKeys.DayPartition(center, day), CallKeys.FlaggedRowPrefix, ct))
            list.Add(CallEntity.ToCall(e));
        return list;
    }

    /// <summary>Calls of center-local days <paramref name="from"/>..<paramref name="to"/>, optionally of one business type.</summary>
    public Task<CallPage> ListByDaysAsync(string center, DateOnly from, DateOnly to, string? businessType, string? continuation, int pageSize, CancellationToken ct)
    {
        var prefix = businessType is null ? CallKeys.CallRowPrefix : CallKeys.BusinessTypePrefix(businessType);
        var segments = Days(from, to).Select(d => new Segment(CallKeys.DayPartition(center, d), prefix, CallKeys.RangeEnd(prefix), null)).ToList();
        return PageAsync(Calls, segments, continuation, pageSize, ct);
    }

    /// <summary>An agent's calls of center-local days <paramref name="from"/>..<paramref name="to"/> (one partition per month).</summary>
    public Task<CallPage> ListByAgentAsync(string center, string agentId, DateOnly from, DateOnly to, string? businessType, string? continuation, int pageSize, CancellationToken ct)
    {
        var segments = new List<Segment>();
        for (var month = new DateOnly(from.Year, from.Month, 1); month <= to; month = month.AddMonths(1))
        {
            var first = month < from ? from : month;
            var last = month.AddMonths(1).AddDays(-1) > to ? to : month.AddMonths(1).AddDays(-1);
            // Row keys start with the day: the month partition's range [first day, day after last).
            segments.Add(new Segment(CallKeys.AgentMonthPartition(center, agentId, month), CallKeys.Day(first),
                CallKeys.Day(last.AddDays(1)), businessType));
        }
        return PageAsync(ByAgent, segments, continuation, pageSize, ct);
    }

    private static IEnumerable<DateOnly> Days(DateOnly from, DateOnly to)
    {
        for (var d = from; d <= to; d = d.AddDays(1)) yield return d;
    }

    /// <summary>A range of one partition, optionally narrowed to a business type.</summary>
    private sealed record Segment(string Partition, string From, string To, string? BusinessType);

    /// <summary>
    /// Pages through the segments in order. The continuation names the segment and the service's own token in it
    /// (base64url of "index\ntoken"), so every request is still a single-partition range scan.
    /// </summary>
    private static async Task<CallPage> PageAsync(TableClient table, IReadOnlyList<Segment> segments, string? continuation, int pageSize, CancellationToken ct)
    {
        var (index, token) = DecodeContinuation(continuation);
        var calls = new List<Call>(pageSize);
        while (index < segments.Count)
        {
            var s = segments[index];
            var filter = s.BusinessType is null
                ? TableClient.CreateQueryFilter($"PartitionKey eq {s.Partition} and RowKey ge {s.From} and RowKey lt {s.To}")
                : TableClient.CreateQueryFilter($"PartitionKey eq {s.Partition} and RowKey ge {s.From} and RowKey lt {s.To} and BusinessType eq {s.BusinessType}");
            await foreach (var page in table.QueryAsync<TableEntity>(filter, pageSize - calls.Count, cancellationToken: ct).AsPages(token, pageSize - calls.Count))
            {
                calls.AddRange(page.Values.Select(CallEntity.ToCall));
                token = page.ContinuationToken;
                if (calls.Count >= pageSize || token is null) break;
            }
            if (token is null) index++;
            if (calls.Count >= pageSize)
                return new CallPage(calls, index < segments.Count ? EncodeContinuation(index, token) : null);
        }
        return new CallPage(calls, null);
    }

    internal static string EncodeContinuation(int index, string? token) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"{index}\n{token}")).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    internal static (int Index, string? Token) DecodeContinuation(string? continuation)
    {
        if (string.IsNullOrEmpty(continuation)) return (0, null);
        try
        {
            var b64 = continuation.Replace('-', '+').Replace('_', '/');
            b64 = b64.PadRight(b64.Length + (4 - b64.Length % 4) % 4, '=');
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(b64));
            var cut = text.IndexOf('\n');
            if (cut < 0 || !int.TryParse(text[..cut], out var index) || index < 0) throw new FormatException();
            var token = text[(cut + 1)..];
            return (index, token.Length == 0 ? null : token);
        }
        catch (FormatException)
        {
            throw new InvalidContinuationException();
        }
    }

    private static IAsyncEnumerable<TableEntity> Range(TableClient table, string partition, string prefix, CancellationToken ct, int? pageSize = null) =>
        table.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {prefix} and RowKey lt {CallKeys.RangeEnd(prefix)}"),
            pageSize, cancellationToken: ct);
}

/// <summary>A continuation token that this API did not hand out.</summary>
public sealed class InvalidContinuationException() : Exception("The continuation token is not valid.");
