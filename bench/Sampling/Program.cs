using System.Collections.Concurrent;
using System.Diagnostics;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using QaServerless.Assignments;
using QaServerless.Calls;
using QaServerless.LocalHost.Storage;
using QaServerless.ReferenceData;
using QaServerless.Sampling;

// DailySampling benchmark: a generated day per size (default 100 000 and 1 000 000 calls) over 10 000 agents and 50
// inspectors (cap 50 each: 2 500 slots). Two stores (bench/README.md):
//   --store memory   (default) the draw (SampleDraw.DrawAsync: strata, seeded allocation, lowest-key range queries) over an
//                    in-memory copy of the call store's index, counting the Table requests the same reads would make
//                    (1 per page of 1 000 rows). Measures our algorithm, free of the emulator's cost model.
//   --store azurite  the whole run (SamplingService.RunAsync: reads, run record writes) on a fresh in-memory Azurite whose
//                    call table is filled in the call store's exact row format with batched upserts (ingesting through
//                    IngestCallBatch would take far longer than what is measured); every HTTP request is counted.
//   dotnet run -c Release --project bench/Sampling -- [--store memory|azurite] [--sizes 100000,1000000] [--agents 10000] [--inspectors 50] [--cap 50]
var options = Args.Parse(args);
var day = new DateOnly(2026, 11, 19);
Console.WriteLine($"store {options.Store}; agents {options.Agents}, inspectors {options.Inspectors} × cap {options.Cap} = capacity {options.Inspectors * options.Cap}; day {day:yyyy-MM-dd}");
var results = new List<(int Calls, TimeSpan Time, long Reads)>();
if (options.Store == "memory")
{
    var plan = SamplingPlan.Default("bench");
    foreach (var size in options.Sizes)
    {
        var center = new Center($"bench{size}", $"Bench {size}", "Asia/Shanghai");
        var roster = Seed.Roster(center, options, day).ToDictionary(a => a.AgentId);
        var source = new MemorySampleSource(Seed.Day(center, day, size, options.Agents));
        GC.Collect();
        var watch = Stopwatch.StartNew();
        var flagged = await source.ListFlaggedAsync(center.CenterId, day, default);
        var must = flagged.Where(c => c.TestCall || c.Complaint).ToDictionary(c => c.CallId, c => (Call: c, Reason: c.TestCall ? "test call" : "complaint"));
        var draw = await SampleDraw.DrawAsync(source, center.CenterId, day, plan, options.Inspectors * options.Cap, must,
            id => new AgentProfile(id, roster[id].IsNewHire(day), false), 16, default);
        watch.Stop();
        results.Add((size, watch.Elapsed, source.Requests));
        Console.WriteLine($"{size,9:N0} calls: draw {watch.Elapsed.TotalMilliseconds:F0} ms; {source.Requests:N0} read requests ({source.Queries:N0} queries, {source.RowsRead:N0} rows read); " +
            $"{draw.Strata.Count:N0} strata, {must.Count:N0} must-include + {draw.Sample.Count - must.Count:N0} drawn (demand {draw.Allocation.Demand:N0}, cut {draw.Allocation.Cut:N0})");
    }
}
else
{
    await using var azurite = await Azurite.StartAsync(Azurite.FindRepoRoot());
    var counter = new RequestCounter();
    var clientOptions = new TableClientOptions();
    clientOptions.AddPolicy(counter, HttpPipelinePosition.PerRetry);
    var tables = new TableServiceClient(azurite.ConnectionString, clientOptions);
    foreach (var name in new[] { CallStore.CallsTable, ReferenceDataStore.CentersTable, ReferenceDataStore.AgentsTable, ReferenceDataStore.InspectorsTable,
                 SamplingPlanStore.TableName, WatchListStore.TableName, SamplingRunStore.TableName, AssignmentStore.TableName })
        await tables.CreateTableIfNotExistsAsync(name);
    var reference = new ReferenceDataStore(tables);
    var service = new SamplingService(new CallStoreSampleSource(new CallStore(tables, reference, [])), reference, new SamplingPlanStore(tables),
        new WatchListStore(tables), new AssignmentStore(tables), new SamplingRunStore(tables), [], TimeProvider.System);
    foreach (var size in options.Sizes)
    {
        var center = new Center($"bench{size}", $"Bench {size}", "Asia/Shanghai");
        var seedWatch = Stopwatch.StartNew();
        await Seed.CenterAsync(reference, center, options, day);
        await Seed.DayAsync(tables.GetTableClient(CallStore.CallsTable), center, day, size, options.Agents);
        Console.WriteLine($"{size,9:N0} calls seeded in {seedWatch.Elapsed.TotalSeconds:F1} s");

        counter.Reset();
        var watch = Stopwatch.StartNew();
        var outcome = await service.RunAsync(center, day);
        watch.Stop();
        var requests = counter.Take();
        results.Add((size, watch.Elapsed, requests.Reads));
        Console.WriteLine($"{size,9:N0} calls: sampling run {watch.Elapsed.TotalSeconds:F2} s; {requests.Reads:N0} read requests, {requests.Writes:N0} write requests; " +
            $"{outcome.Run.Strata:N0} strata, {outcome.Run.MustInclude:N0} must-include + {outcome.Run.Drawn:N0} drawn = {outcome.Messages.Count:N0} messages " +
            $"(demand {outcome.Run.Demand:N0}, cut {outcome.Run.Cut:N0}, capacity {outcome.Run.Capacity:N0})");

        counter.Reset();
        watch.Restart();
        var replay = await service.RunAsync(center, day);
        Console.WriteLine($"{size,9:N0} calls: replay {watch.Elapsed.TotalMilliseconds:F0} ms, {replay.Messages.Count} messages, {counter.Take().Total} requests");
    }
}
if (results.Count >= 2)
{
    var (small, large) = (results.MinBy(r => r.Calls), results.MaxBy(r => r.Calls));
    Console.WriteLine($"ratio time({large.Calls:N0}) ÷ time({small.Calls:N0}) = {large.Time.TotalSeconds / small.Time.TotalSeconds:F2} (target ≤ 2); " +
        $"read requests {large.Reads:N0} vs {small.Reads:N0}");
}

/// <summary>
/// The call store's sampling index in memory: per stratum the calls sorted by sampling key, the count per stratum, the
/// flagged calls. Counts the Table requests the same reads would make: a range query returns at most 1 000 rows a page.
/// </summary>
internal sealed class MemorySampleSource : ISampleSource
{
    private readonly Dictionary<(string Agent, string Bt), Call[]> strata;
    private readonly List<Call> flagged;
    private long requests, queries, rows;

    public MemorySampleSource(IEnumerable<Call> calls)
    {
        var all = calls.ToList();
        strata = all.GroupBy(c => (c.AgentId, c.BusinessType))
            .ToDictionary(g => g.Key, g => g.OrderBy(c => CallKeys.SamplingKey(c.CenterId, c.CallId)).ToArray());
        flagged = all.Where(c => c.TestCall || c.Complaint).ToList();
    }

    public long Requests => Interlocked.Read(ref requests);
    public long Queries => Interlocked.Read(ref queries);
    public long RowsRead => Interlocked.Read(ref rows);

    private void Count(int rowCount)
    {
        Interlocked.Increment(ref queries);
        Interlocked.Add(ref rows, rowCount);
        Interlocked.Add(ref requests, Math.Max(1, (rowCount + 999) / 1000));
    }

    public Task<IReadOnlyList<Stratum>> GetDayStrataAsync(string centerId, DateOnly day, CancellationToken ct)
    {
        IReadOnlyList<Stratum> list = strata.Select(kv => new Stratum(kv.Key.Agent, kv.Key.Bt, kv.Value.Length)).ToList();
        Count(list.Count);
        return Task.FromResult(list);
    }

    public Task<IReadOnlyList<Call>> TakeLowestAsync(string centerId, DateOnly day, string agentId, string businessType, string channel, int k, CancellationToken ct)
    {
        // The bench's calls are all voice (no channel): one stratum per agent × business type.
        IReadOnlyList<Call> list = strata.TryGetValue((agentId, businessType), out var calls) ? calls.Take(k).ToList() : [];
        Count(list.Count);
        return Task.FromResult(list);
    }

    public Task<IReadOnlyList<Call>> ListFlaggedAsync(string centerId, DateOnly day, CancellationToken ct)
    {
        Count(flagged.Count);
        return Task.FromResult<IReadOnlyList<Call>>(flagged);
    }

    public Task<Call?> GetAsync(string centerId, string callId, CancellationToken ct) => Task.FromResult<Call?>(null);
}

internal sealed record Args(int[] Sizes, int Agents, int Inspectors, int Cap, string Store)
{
    public static Args Parse(string[] args)
    {
        string? Get(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        return new Args(
            (Get("--sizes") ?? "100000,1000000").Split(',').Select(int.Parse).ToArray(),
            int.Parse(Get("--agents") ?? "10000"), int.Parse(Get("--inspectors") ?? "50"), int.Parse(Get("--cap") ?? "50"),
            Get("--store") ?? "memory");
    }
}

/// <summary>Counts the HTTP requests of the Table client: GET = read, anything else (POST batch, PUT, MERGE, DELETE) = write.</summary>
internal sealed class RequestCounter : HttpPipelinePolicy
{
    private long reads, writes;

    public sealed record Snapshot(long Reads, long Writes) { public long Total => Reads + Writes; }

    public void Reset() { Interlocked.Exchange(ref reads, 0); Interlocked.Exchange(ref writes, 0); }

    public Snapshot Take() => new(Interlocked.Read(ref reads), Interlocked.Read(ref writes));

    private void Count(HttpMessage message)
    {
        if (message.Request.Method == RequestMethod.Get) Interlocked.Increment(ref reads);
        else Interlocked.Increment(ref writes);
    }

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Count(message);
        ProcessNext(message, pipeline);
    }

    public override ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Count(message);
        return ProcessNextAsync(message, pipeline);
    }
}

internal static class Seed
{
    private static readonly (string Name, double Weight)[] BusinessTypes = [("咨询", 0.5), ("订单", 0.25), ("售后", 0.15), ("投诉", 0.10)];

    public static async Task CenterAsync(ReferenceDataStore reference, Center center, Args options, DateOnly day)
    {
        await reference.UpsertCenterAsync(center);
        await reference.UpsertAgentsAsync(Roster(center, options, day));
        await reference.UpsertInspectorsAsync(Enumerable.Range(0, options.Inspectors).Select(i => new Inspector(center.CenterId, $"i{i:D2}",
            $"Inspector {i}", options.Cap, [], i % 5 == 0 ? [$"T{i:D3}"] : [])));
    }

    /// <summary>The roster: one agent in ten hired within the last 90 days.</summary>
    public static IReadOnlyList<Agent> Roster(Center center, Args options, DateOnly day)
    {
        var random = new Random(11);
        return Enumerable.Range(0, options.Agents).Select(i => new Agent(center.CenterId, Agent(i), $"Agent {i}",
            $"T{i % 200:D3}", null, day.AddDays(random.Next(10) == 0 ? -random.Next(1, 90) : -random.Next(90, 3000)), [])).ToList();
    }

    private static string Agent(int i) => $"a{i:D5}";

    /// <summary>
    /// Writes a day of <paramref name="calls"/> calls in the call store's own row format: per call its row
    /// (key = business type | agent | sampling key | call id), per stratum its count row, per complaint/test call its flagged row.
    /// Chunks of 100 calls are generated from their own seeded Random, so the day is the same on every run.
    /// </summary>
    public static async Task DayAsync(TableClient table, Center center, DateOnly day, int calls, int agents)
    {
        var partition = CallKeys.DayPartition(center.CenterId, day);
        var counts = new ConcurrentDictionary<(string Bt, string Agent), int>();
        await Parallel.ForEachAsync(Enumerable.Range(0, (calls + 99) / 100), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (chunk, ct) =>
        {
            var rows = new List<TableEntity>(110);
            foreach (var call in Chunk(center, day, calls, agents, chunk))
            {
                var row = CallEntity.ToEntity(call, partition, CallKeys.CallRow(call.BusinessType, call.AgentId, CallKeys.SamplingKey(center.CenterId, call.CallId), call.CallId), day, "bench", 1);
                rows.Add(row);
                if (call.Complaint || call.TestCall) rows.Add(new TableEntity(row) { PartitionKey = partition, RowKey = CallKeys.FlaggedRow(call.CallId) });
                counts.AddOrUpdate((call.BusinessType, call.AgentId), 1, (_, n) => n + 1);
            }
            foreach (var batch in rows.Chunk(100))
                await table.SubmitTransactionAsync(batch.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, e)), ct);
        });
        var countRows = counts.Select(kv => new TableEntity(partition, CallKeys.CountRow(kv.Key.Bt, kv.Key.Agent))
        {
            ["AgentId"] = kv.Key.Agent, ["BusinessType"] = kv.Key.Bt, ["Calls"] = kv.Value,
        });
        await Parallel.ForEachAsync(countRows.Chunk(100), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (batch, ct) =>
            await table.SubmitTransactionAsync(batch.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, e)), ct));
    }

    /// <summary>The calls of chunk <paramref name="chunk"/> (100 calls), from their own seeded Random: the same day on every run.</summary>
    public static IEnumerable<Call> Chunk(Center center, DateOnly day, int calls, int agents, int chunk)
    {
        var start = new DateTimeOffset(day.Year, day.Month, day.Day, 8, 0, 0, TimeSpan.FromHours(8));
        var random = new Random(chunk);
        for (var i = chunk * 100; i < Math.Min(calls, chunk * 100 + 100); i++)
        {
            var agent = Agent(random.Next(agents));
            yield return new Call
            {
                CenterId = center.CenterId, CallId = $"c{i:D7}", AgentId = agent, Team = $"T{int.Parse(agent[1..]) % 200:D3}",
                BusinessType = Pick(random.NextDouble()), Direction = CallDirection.Inbound, Start = start.AddSeconds(random.Next(12 * 3600)),
                TalkSeconds = random.Next(20) == 0 ? random.Next(8) : 30 + random.Next(900), HoldSeconds = random.Next(60),
                AfterCallWorkSeconds = 20 + random.Next(60), QueueSeconds = random.Next(120), Abandoned = random.Next(33) == 0,
                Complaint = random.Next(1000) == 0, TestCall = i % 100_000 == 7,
            };
        }
    }

    public static IEnumerable<Call> Day(Center center, DateOnly day, int calls, int agents) =>
        Enumerable.Range(0, (calls + 99) / 100).SelectMany(chunk => Chunk(center, day, calls, agents, chunk));

    private static string Pick(double u)
    {
        foreach (var (name, weight) in BusinessTypes)
        {
            if (u < weight) return name;
            u -= weight;
        }
        return BusinessTypes[^1].Name;
    }
}
