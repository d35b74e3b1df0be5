// KPI benchmark (bench/README.md): a center-month of 1 000 000 calls and 10 000 evaluations on a fresh Azurite, then
// the real handler on a loopback port under a bounded load. Usage:
//   dotnet run -c Release --project bench/Kpi -- [--calls 1000000] [--evaluations 10000] [--agents 3000]
//                                                [--requests 400] [--concurrency 8] [--cache-seconds 5]
//
// How the month is stored: the calls and evaluations are generated here and fed through the same rollup code the sinks
// use (KpiCallSink.AddCall / AddFcrDeltas with RepeatContacts.Contributions per customer, KpiEvaluationSink.Contribution,
// KpiStore.RollupEntity / ContributionRecord), and the rows that produces are written into KpiRollups in batches of 100.
// The sinks apply the same deltas one fact at a time (read-modify-write); the sum is the same, so KpiRollups holds
// exactly what ingesting the month would leave. The Calls and KpiContacts tables are not filled: no KPI request or
// export reads them.
using System.Diagnostics;
using System.Globalization;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging.Abstractions;
using QaServerless.Calls;
using QaServerless.Evaluations;
using QaServerless.Kpis;
using QaServerless.LocalHost.Handler;
using QaServerless.LocalHost.Storage;
using QaServerless.ReferenceData;
using QaServerless.Scorecards;
using QaServerless.Scoring;
using QaServerless.Security;
using Deltas = System.Collections.Generic.Dictionary<string, (QaServerless.Kpis.Counters Delta, System.Collections.Generic.Dictionary<string, object> Labels)>;

var calls = Arg("--calls", 1_000_000);
var evaluations = Arg("--evaluations", 10_000);
var agents = Arg("--agents", 3000);
var requests = Arg("--requests", 400);
var concurrency = Arg("--concurrency", 8);
var cacheSeconds = Arg("--cache-seconds", 5);
var month = new DateOnly(2026, 10, 1);
var repoRoot = FindRepoRoot();

Console.WriteLine($"KPI benchmark: {calls:N0} calls, {evaluations:N0} evaluations, {agents:N0} agents in {(agents + 11) / 12} teams, month {month:yyyy-MM}; starting Azurite (in memory)...");
await using var azurite = await Azurite.StartAsync(repoRoot);
var tables = new TableServiceClient(azurite.ConnectionString);
foreach (var t in new[] { ReferenceDataStore.CentersTable, KpiStore.RollupsTable }) await tables.CreateTableIfNotExistsAsync(t);
var center = new Center("bench", "Bench center", "Asia/Shanghai");
await new ReferenceDataStore(tables).UpsertCenterAsync(center);

// 1. The month through the sinks' rollup code.
var clock = Stopwatch.StartNew();
var byPartition = new Dictionary<string, Deltas>();
var contacts = new Dictionary<(int Customer, int Type), List<(int Call, long Ticks, int Agent)>>();
var callTypes = new byte[calls]; // the sink reads an evaluated call's business type from the call store
foreach (var (call, index) in GenerateCalls(center.CenterId, month, calls, agents))
{
    var day = center.DayOf(call.Start);
    callTypes[index] = (byte)Array.IndexOf(Types, call.BusinessType);
    KpiCallSink.AddCall(byPartition, center, call, day, +1);
    if (!call.Abandoned)
    {
        var key = (int.Parse(call.CustomerKey!.AsSpan(4), NumberStyles.HexNumber), Array.IndexOf(Types, call.BusinessType));
        if (!contacts.TryGetValue(key, out var list)) contacts[key] = list = [];
        list.Add((index, call.Start.UtcTicks, AgentIndex(call.AgentId)));
    }
}
foreach (var ((_, type), list) in contacts)
{
    var group = list.Select(c =>
    {
        var start = new DateTimeOffset(c.Ticks, TimeSpan.Zero);
        return new Contact(CallId(c.Call), start, CallKeys.Month(center.DayOf(start)), Agent(c.Agent), Team(c.Agent), Types[type]);
    }).ToList();
    KpiCallSink.AddFcrDeltas(byPartition, center, RepeatContacts.Contributions(group), group);
}
contacts.Clear();
var records = new List<TableEntity>();
foreach (var fact in GenerateFacts(center.CenterId, month, evaluations, agents, calls))
{
    var day = center.DayOf(fact.ReleasedAt);
    var contribution = KpiEvaluationSink.Contribution(fact, Types[callTypes[int.Parse(fact.CallId.AsSpan(1), CultureInfo.InvariantCulture)]], day);
    var partition = KpiStore.Partition(center.CenterId, CallKeys.Month(day));
    foreach (var (row, (delta, labels)) in contribution) KpiCallSink.Merge(KpiCallSink.DeltasOf(byPartition, partition), row, delta, 1, labels);
    records.Add(KpiStore.ContributionRecord(partition, KpiStore.ContributionRow("e", fact.EvaluationId), fact.Version, contribution));
    // And the release day's partition, as the sink does (group rows of that day, its own record).
    var dayPartition = KpiStore.DayPartition(center.CenterId, day);
    var forDay = KpiEvaluationSink.ForDay(contribution);
    foreach (var (row, (delta, labels)) in forDay) KpiCallSink.Merge(KpiCallSink.DeltasOf(byPartition, dayPartition), row, delta, 1, labels);
    records.Add(KpiStore.ContributionRecord(dayPartition, KpiStore.ContributionRow("e", fact.EvaluationId), fact.Version, forDay));
}
var aggregated = clock.Elapsed;

clock.Restart();
var rollups = tables.GetTableClient(KpiStore.RollupsTable);
var entities = byPartition.SelectMany(p => p.Value.Where(d => !d.Value.Delta.IsEmpty)
    .Select(d => KpiStore.RollupEntity(p.Key, d.Key, d.Value.Delta, d.Value.Labels))).Concat(records)
    .Concat(byPartition.Keys.Select(p => new TableEntity(p, KpiStore.VersionRow))).ToList(); // as the sinks' last transaction leaves it
await Parallel.ForEachAsync(entities.GroupBy(e => e.PartitionKey).SelectMany(g => g.Chunk(100)), new ParallelOptions { MaxDegreeOfParallelism = 4 },
    async (chunk, ct) => await rollups.SubmitTransactionAsync(chunk.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, e)), ct));
var written = clock.Elapsed;
var groupRows = entities.Count(e => e.RowKey.StartsWith("g|", StringComparison.Ordinal));
var monthPartition = KpiStore.Partition(center.CenterId, CallKeys.Month(month));
Console.WriteLine($"rollups   : aggregated in {aggregated.TotalSeconds:F1} s; wrote {entities.Count:N0} rows ({groupRows:N0} group rows, of which " +
                  $"{entities.Count(e => e.RowKey.StartsWith("g|", StringComparison.Ordinal) && e.PartitionKey != monthPartition):N0} in {byPartition.Count - 1} center-day partitions; " +
                  $"{entities.Count(e => e.RowKey.StartsWith("d|", StringComparison.Ordinal))} day rows, {records.Count:N0} evaluation records) in {written.TotalSeconds:F1} s");
byPartition.Clear();
entities.Clear();
records.Clear();

// 2. The real handler (Release build output) on a loopback port, on that Azurite.
await using var handler = await HandlerProcess.StartAsync(HandlerProcess.DefaultOutputFolder(), new Dictionary<string, string>
{
    ["AzureWebJobsStorage"] = azurite.ConnectionString,
    ["Auth:DevelopmentSignIn"] = "true",
    ["Logging:LogLevel:Default"] = "Warning",
    ["Kpis:CacheSeconds"] = cacheSeconds.ToString(CultureInfo.InvariantCulture),
}, NullLogger.Instance);
// Like a browser: asks for gzip and unpacks it (the unpacking counts in the latency).
using var http = new HttpClient(new SocketsHttpHandler
{
    MaxConnectionsPerServer = concurrency, PooledConnectionLifetime = TimeSpan.FromMinutes(10), AutomaticDecompression = System.Net.DecompressionMethods.GZip,
})
{
    BaseAddress = handler.BaseAddress, Timeout = TimeSpan.FromMinutes(5),
};
http.DefaultRequestHeaders.Add(ClientPrincipalHandler.DevHeader, ClientPrincipalHandler.Encode("lead-bench", [Roles.QaLead], [center.CenterId]));

// Each groupBy with the default page (50 groups by id) and worst first; a 7-day range grouped by team and by agent.
var monthQuery = $"/api/kpis/{center.CenterId}?month={month:yyyy-MM}";
var rangeQuery = $"/api/kpis/{center.CenterId}?from={month:yyyy-MM}-08&to={month:yyyy-MM}-14";
var endpoints = new (string Name, string Path)[]
{
    ("health", "/api/health"),
    ("center", monthQuery),
    ("team", $"{monthQuery}&groupBy=team"),
    ("team worst", $"{monthQuery}&groupBy=team&sort=meanScore"),
    ("agent", $"{monthQuery}&groupBy=agent"),
    ("agent worst", $"{monthQuery}&groupBy=agent&sort=meanScore"),
    ("businessType", $"{monthQuery}&groupBy=businessType"),
    ("bType worst", $"{monthQuery}&groupBy=businessType&sort=meanScore"),
    ("inspector", $"{monthQuery}&groupBy=inspector"),
    ("insp. worst", $"{monthQuery}&groupBy=inspector&sort=meanScore"),
    ("7d team", $"{rangeQuery}&groupBy=team"),
    ("7d team worst", $"{rangeQuery}&groupBy=team&sort=meanScore"),
    ("7d agent", $"{rangeQuery}&groupBy=agent"),
    ("7d agent worst", $"{rangeQuery}&groupBy=agent&sort=meanScore"),
};
var sizes = new Dictionary<string, long>();
var firstBuild = new Dictionary<string, double>();
var jsonSizes = new Dictionary<string, long>();
string? agentETag = null;
using (var raw = new HttpClient { BaseAddress = handler.BaseAddress })
{
    raw.DefaultRequestHeaders.Add(ClientPrincipalHandler.DevHeader, ClientPrincipalHandler.Encode("lead-bench", [Roles.QaLead], [center.CenterId]));
    raw.DefaultRequestHeaders.AcceptEncoding.ParseAdd("gzip");
    foreach (var (name, path) in endpoints)
    {
        var watch = Stopwatch.StartNew();
        using var response = await raw.GetAsync(path);
        var body = await response.Content.ReadAsByteArrayAsync();
        firstBuild[name] = watch.Elapsed.TotalMilliseconds; // the first request builds the report (cache miss)
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{name}: {(int)response.StatusCode} {System.Text.Encoding.UTF8.GetString(body)}");
        sizes[name] = body.Length; // on the wire
        if (response.Content.Headers.ContentEncoding.Contains("gzip"))
        {
            using var unzip = new System.IO.Compression.GZipStream(new MemoryStream(body), System.IO.Compression.CompressionMode.Decompress);
            using var json = new MemoryStream();
            unzip.CopyTo(json);
            jsonSizes[name] = json.Length;
        }
        if (name == "agent") agentETag = response.Headers.ETag?.ToString();
    }
}
foreach (var (_, path) in endpoints) await LoadAsync(http, path, 20, concurrency); // warm-up (JIT, connections)
// A client that has the agent report already asks again with If-None-Match (a browser does): 304, no body.
var revalidate = (Name: "agent (304)", Path: endpoints.Single(e => e.Name == "agent").Path);
sizes[revalidate.Name] = 0;

// Rounds: every endpoint gets a share of the requests in each round, so a noisy neighbour on the machine hits all alike.
var latencies = endpoints.Append(revalidate).ToDictionary(e => e.Name, _ => new List<double>());
const int rounds = 5;
for (var round = 0; round < rounds; round++)
{
    foreach (var (name, path) in endpoints)
        latencies[name].AddRange(await LoadAsync(http, path, requests / rounds, concurrency));
    latencies[revalidate.Name].AddRange(await LoadAsync(http, revalidate.Path, requests / rounds, concurrency, agentETag));
}

Console.WriteLine();
Console.WriteLine($"load      : {requests} requests per endpoint, {concurrency} concurrent, loopback, {rounds} interleaved rounds; Kpis:CacheSeconds = {cacheSeconds}; " +
                  $"load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]} ({Environment.ProcessorCount} cores)");
var healthP50 = Percentile(latencies["health"], 50);
foreach (var (name, _) in endpoints.Append(revalidate))
{
    var l = latencies[name];
    Console.WriteLine($"  {name,-15} p50 {Percentile(l, 50),8:F2} ms   p99 {Percentile(l, 99),8:F2} ms   {sizes[name] / 1024.0,8:F1} KB on the wire ({jsonSizes.GetValueOrDefault(name) / 1024.0,6:F0} KB JSON)" +
                      (name == "health" ? "" : $"   p50 ÷ health p50 = {Percentile(l, 50) / healthP50,5:F1}") +
                      (firstBuild.TryGetValue(name, out var first) && name != "health" ? $"   first (built) {first,8:F0} ms" : ""));
}

// One at a time, alternating (no concurrency): what a request costs without queueing behind others.
var alone = endpoints.ToDictionary(e => e.Name, _ => new List<double>());
for (var i = 0; i < 60; i++)
    foreach (var (name, path) in endpoints)
        alone[name].AddRange(await LoadAsync(http, path, 1, 1));
Console.WriteLine("one at a time (60 each, alternating): " + string.Join(", ", endpoints.Select(e => $"{e.Name} {Percentile(alone[e.Name], 50):F2}")) + " ms p50");

// 3. The monthly export of that month, as the HTTP export does it; the handler's working set sampled every 50 ms.
var process = Process.GetProcessById(HandlerMemory.Pid(handler.ProcessGroupId));
process.Refresh();
var before = process.WorkingSet64;
using var sampler = new PeakSampler(process);
clock.Restart();
using (var export = await http.PostAsync($"/api/kpis/{center.CenterId}/exports/{month:yyyy-MM}", null))
    if (!export.IsSuccessStatusCode) throw new InvalidOperationException($"export: {(int)export.StatusCode} {await export.Content.ReadAsStringAsync()}");
var exportTime = clock.Elapsed;
var peak = sampler.Stop();
var fileSizes = new List<string>();
foreach (var file in KpiExporter.Files)
{
    using var response = await http.GetAsync($"/api/kpis/{center.CenterId}/exports/{month:yyyy-MM}/{file}");
    fileSizes.Add($"{file} {(await response.Content.ReadAsByteArrayAsync()).Length / 1024.0:F0} KB");
}
Console.WriteLine($"export    : {exportTime.TotalSeconds:F2} s; handler working set {before / 1048576.0:F0} MB before, peak {peak / 1048576.0:F0} MB during; {string.Join(", ", fileSizes)}");
return;

static async Task<List<double>> LoadAsync(HttpClient http, string path, int count, int concurrency, string? ifNoneMatch = null)
{
    var results = new List<double>(count);
    var next = -1;
    await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
    {
        while (Interlocked.Increment(ref next) < count)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            if (ifNoneMatch is not null) request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
            var watch = Stopwatch.StartNew();
            // The body is read to its end and unpacked into nothing: buffering it into one array made every body over
            // 85 000 bytes a large-object allocation in this process, whose gen-2 collections stalled the requests in
            // flight (the month-by-agent page, 84 KB of JSON, measured ~2× the team page under load, the same alone).
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            await using (var body = await response.Content.ReadAsStreamAsync()) await body.CopyToAsync(Stream.Null);
            watch.Stop();
            var expected = ifNoneMatch is null ? System.Net.HttpStatusCode.OK : System.Net.HttpStatusCode.NotModified;
            if (response.StatusCode != expected) throw new InvalidOperationException($"{path}: {(int)response.StatusCode}");
            lock (results) results.Add(watch.Elapsed.TotalMilliseconds);
        }
    }));
    return results;
}

static double Percentile(List<double> values, int p)
{
    var sorted = values.Order().ToList();
    return sorted[Math.Clamp((int)Math.Ceiling(p / 100.0 * sorted.Count) - 1, 0, sorted.Count - 1)];
}

int Arg(string flag, int fallback)
{
    var i = Array.IndexOf(args, flag);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
}

static string Agent(int a) => $"a{a:D5}";
static int AgentIndex(string id) => int.Parse(id.AsSpan(1), CultureInfo.InvariantCulture);
static string Team(int a) => $"t{a / 12:D3}";
static string CallId(int i) => $"c{i:D7}";

static IEnumerable<(Call Call, int Index)> GenerateCalls(string center, DateOnly month, int count, int agents)
{
    // Deterministic. About 2.5 answered contacts per customer and business type in the month, so FCR has repeats.
    var random = new Random(202610);
    var start = new DateTimeOffset(month.Year, month.Month, 1, 0, 0, 0, TimeSpan.FromHours(8));
    var seconds = (int)(start.AddMonths(1) - start).TotalSeconds;
    for (var i = 0; i < count; i++)
    {
        var a = random.Next(agents);
        var abandoned = random.Next(100) < 5;
        yield return (new Call
        {
            CenterId = center, CallId = CallId(i), AgentId = Agent(a), Team = Team(a), BusinessType = Types[random.Next(Types.Length)],
            Direction = random.Next(10) < 8 ? CallDirection.Inbound : CallDirection.Outbound, Start = start.AddSeconds(random.Next(seconds)),
            TalkSeconds = abandoned ? 0 : 30 + random.Next(600), HoldSeconds = random.Next(4) == 0 ? random.Next(120) : 0,
            AfterCallWorkSeconds = abandoned ? 0 : 15 + random.Next(60), QueueSeconds = random.Next(90), Abandoned = abandoned,
            CustomerKey = $"sha:{random.Next(count / 10):x8}", Resolved = abandoned ? null : random.Next(10) < 8,
            Csat = abandoned || random.Next(3) > 0 ? null : 1 + random.Next(5), Complaint = !abandoned && random.Next(40) == 0,
        }, i);
    }
}

static IEnumerable<EvaluationFact> GenerateFacts(string center, DateOnly month, int count, int agents, int calls)
{
    var random = new Random(2026);
    var first = new DateTimeOffset(month.Year, month.Month, 1, 9, 0, 0, TimeSpan.FromHours(8));
    for (var i = 0; i < count; i++)
    {
        var a = random.Next(agents);
        var score = Math.Round((decimal)Math.Clamp(80 + (a % 17 - 8) + random.Next(-15, 16), 0, 100), 1);
        var band = score >= 90 ? Band.Excellent : score >= 80 ? Band.Good : score >= 60 ? Band.Pass : Band.Fail;
        var released = first.AddDays(random.Next(30)).AddMinutes(random.Next(600));
        yield return new EvaluationFact
        {
            Kind = EvaluationFactKind.Released, CenterId = center, EvaluationId = $"e{i:D6}", Version = 1, CallId = CallId(random.Next(calls)),
            AgentId = Agent(a), Team = Team(a), InspectorId = $"i{random.Next(50):D2}", ScorecardId = "inbound", ScorecardVersion = 3,
            ReleasedAt = released, At = released, Score = score, Band = band, Passed = band != Band.Fail,
            CriticalErrors = new Dictionary<CriticalClass, int> { [CriticalClass.Customer] = 0, [CriticalClass.Business] = 0, [CriticalClass.Compliance] = random.Next(40) == 0 ? 1 : 0 },
            DeductedItemIds = Enumerable.Range(0, 20).Where(k => random.NextDouble() < 0.5 / (k + 1)).Select(k => $"item{k:D2}").ToArray(),
            WarningItemIds = random.Next(8) == 0 ? ["warn01"] : [],
        };
    }
}

static string FindRepoRoot()
{
    var dir = new DirectoryInfo(AppContext.BaseDirectory);
    while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "QaServerless.sln"))) dir = dir.Parent;
    return dir?.FullName ?? throw new InvalidOperationException("QaServerless.sln not found");
}

partial class Program
{
    private static readonly string[] Types = ["咨询", "投诉", "订单", "售后"];
}
