// Ingest benchmark: a generated CDR through IngestCallBatch's service into a fresh Azurite, against a raw batched
// upsert of the same rows into the same Azurite in the same run. Usage (bench/README.md):
//   dotnet run -c Release --project bench/Ingest -- [--rows 100000] [--agents 200] [--parallelism 8]
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Configuration;
using QaServerless.Calls;
using QaServerless.Ingestion;
using QaServerless.Ingestion.Profiles;
using QaServerless.LocalHost.Storage;
using QaServerless.ReferenceData;

// Our own CDR header, and the foreign layout that the profile "foreign" reads (step 5).
const string NativeHeader = "callId,agentId,team,businessType,direction,start,talkSeconds,holdSeconds,afterCallWorkSeconds,queueSeconds,abandoned,customerKey,resolved,csat,complaint,testCall";
const string ForeignHeader = "通话编号,坐席工号,班组,业务,呼叫方向,开始时间,通话时长,保持时长,话后处理,排队时长,放弃,客户,已解决,满意度,投诉,测试";

var rows = Arg("--rows", 100_000);
var agents = Arg("--agents", 200);
var parallelism = Arg("--parallelism", 8);
// A month's export by default: one center-local day partition per day, as a real CDR export spans days. Azurite
// (LokiJS) costs O(rows already in the partition) per written row, so --days 1 makes both sides quadratic (README).
var days = Arg("--days", 30);
var chunkSize = Arg("--chunk", new CallBatchIngestion(null!, null!, null!, null!, TimeProvider.System, null!, null!).ChunkSize);
var indexBatch = Arg("--index-batch", CallStore.Import.DefaultIndexBatchSize);
// A CDR export lists calls in the order they started (what an ACD writes); --shuffled mixes the days instead.
var shuffled = args.Contains("--shuffled");
// What the IngestCallBatch trigger does before it returns: the call store and the KPI rollups (KpiCallSink: rollup rows
// and the FCR contact index), as the app wires them. --call-store-only leaves the rollups out.
var sinks = !args.Contains("--call-store-only");
var repoRoot = FindRepoRoot();

Console.WriteLine($"Ingest benchmark: {rows:N0} rows over {days} days ({(shuffled ? "shuffled" : "in start order")}), {agents} agents, parallelism {parallelism}, chunks of {chunkSize:N0}, index rows per {indexBatch:N0} calls, {(sinks ? "call store and KPI rollups (as the trigger)" : "call store only")}; starting Azurite (in memory)...");
// --storage <connection string>: an Azurite started by hand (e.g. under `node --cpu-prof`) instead of a fresh one.
var storage = Array.IndexOf(args, "--storage") is var si and >= 0 ? args[si + 1] : null;
await using var azurite = storage is null ? await Azurite.StartAsync(repoRoot) : null;
var connection = storage ?? azurite!.ConnectionString;
var requests = new RequestLog();
var tableOptions = new TableClientOptions();
tableOptions.AddPolicy(requests, Azure.Core.HttpPipelinePosition.PerRetry);
var tables = new TableServiceClient(connection, tableOptions);
var blobs = new BlobServiceClient(connection);
await CreateStorageAsync(tables, blobs);

var reference = new ReferenceDataStore(tables);
var center = new Center("bench", "Bench center", "Asia/Shanghai");
await reference.UpsertCenterAsync(center);
// A roster, so the run measures ingestion and not 200 "unknown agent" flags.
await reference.UpsertAgentsAsync(Enumerable.Range(0, agents).Select(a => new Agent(center.CenterId, Agent(a), $"Agent {a}", Team(a), null, null, [])));
var store = new CallStore(tables, reference,
    sinks ? [new QaServerless.Kpis.KpiCallSink(new QaServerless.Kpis.KpiStore(tables), reference)] : []) { Parallelism = parallelism };
var profiles = new ImportProfileStore(tables);
var conversations = new QaServerless.Ingestion.Conversations.TextConversationStore(tables, new QaServerless.Ai.Analysis.AnalysisStore(blobs, tables), store);
var ingestion = new CallBatchIngestion(blobs, tables, store, reference, TimeProvider.System, profiles, conversations) { ChunkSize = chunkSize, IndexBatchSize = indexBatch };

// 1. Our path: the CDR file is uploaded, then ingested exactly as the IngestCallBatch trigger does it.
var lastDay = new DateOnly(2026, 11, 19);
var name = $"{center.CenterId}/{lastDay:yyyy-MM-dd}.csv";
var csvPath = Path.Combine(Path.GetTempPath(), $"qa-bench-{Environment.ProcessId}.csv");
await File.WriteAllTextAsync(csvPath, "");
await using (var file = new StreamWriter(csvPath, false, new UTF8Encoding(false)))
{
    await file.WriteLineAsync(NativeHeader);
    foreach (var call in Generate(center.CenterId, rows, agents, days, shuffled)) await file.WriteLineAsync(CsvRow(call));
}
await blobs.GetBlobContainerClient(CallBatchIngestion.Container).GetBlobClient(name).UploadAsync(csvPath, overwrite: true);
Console.WriteLine($"CDR: {new FileInfo(csvPath).Length / 1024.0 / 1024.0:F1} MB uploaded as call-records/{name}");
File.Delete(csvPath);

GC.Collect();
var baseline = Process.GetCurrentProcess().WorkingSet64;
using var sampler = new PeakSampler();
requests.Reset();
var ours = Stopwatch.StartNew();
var summary = await ingestion.IngestAsync(name, default);
ours.Stop();
var peak = sampler.Stop();
var ourRequests = requests.Report();
if (summary.Ingested != rows) throw new InvalidOperationException($"Expected {rows} rows ingested, got {summary.Status}: {summary.Ingested} ({summary.Problem})");
var strata = new List<StratumCount>();
for (var d = 0; d < days; d++) strata.AddRange(await store.GetDayStrataAsync(center.CenterId, lastDay.AddDays(-d), default));
if (strata.Sum(s => s.Calls) != rows) throw new InvalidOperationException("The stratum counts do not add up to the rows.");

// 2. Raw: the same rows as table entities, upserted in batches of 100 into one table, with the same parallelism.
//    Built before the clock starts, so the baseline is the storage work alone.
var raw = Generate(center.CenterId, rows, agents, days, shuffled).Select(c =>
{
    var day = center.DayOf(c.Start);
    return CallEntity.ToEntity(c, CallKeys.DayPartition(c.CenterId, day), c.CallId, day, "", 1);
}).ToList();
requests.Reset();
var rawClock = Stopwatch.StartNew();
var rawTable = tables.GetTableClient("RawCalls");
await Parallel.ForEachAsync(raw.GroupBy(e => e.PartitionKey).SelectMany(g => g.Chunk(100)), new ParallelOptions { MaxDegreeOfParallelism = parallelism },
    async (chunk, ct) => await rawTable.SubmitTransactionAsync(chunk.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, e)), ct));
rawClock.Stop();
var rawRequests = requests.Report();

// 3. A replay of the trigger (same blob, same bytes): the file is recognised by its content hash, nothing is read.
var replayClock = Stopwatch.StartNew();
var replay = await ingestion.IngestAsync(name, default);
replayClock.Stop();
if (replay != summary) throw new InvalidOperationException("A replayed trigger changed the file's summary.");

// 4. A re-export: the same rows as a new file. Every row goes through the idempotent path; all unchanged, nothing written.
var again = $"{center.CenterId}/{lastDay:yyyy-MM-dd}-again.csv";
var cdrs = blobs.GetBlobContainerClient(CallBatchIngestion.Container);
await cdrs.GetBlobClient(again).UploadAsync((await cdrs.GetBlobClient(name).DownloadContentAsync()).Value.Content, overwrite: true);
GC.Collect();
requests.Reset();
var reexportClock = Stopwatch.StartNew();
var reexport = await ingestion.IngestAsync(again, default);
reexportClock.Stop();
var reexportRequests = requests.Report();

// 5. Through an import profile: the same rows in a foreign layout (other column names, dd/MM/yyyy HH:mm, durations as
//    hh:mm:ss, 是/否, 呼入/呼出) under call-records/{center}/foreign/, read through the profile "foreign"; then
// 6. our own format again. Each into a fresh Azurite, on a warm process: on Azurite a row costs more the more the table
//    holds (bench/README.md), so runs into one emulator one after another measure its growth, not the profile
//    (seen: 1,425, 816, 514 rows/s for three equal files in a row).
var profileClock = await ImportIntoFreshStorageAsync("foreign", ForeignHeader, ForeignRow);
var nativeAfterClock = await ImportIntoFreshStorageAsync(null, NativeHeader, CsvRow);

var ourRate = rows / ours.Elapsed.TotalSeconds;
var profileRate = rows / profileClock.Elapsed.TotalSeconds;
var rawRate = rows / rawClock.Elapsed.TotalSeconds;
Console.WriteLine();
Console.WriteLine($"ours      : {rows:N0} rows in {ours.Elapsed.TotalSeconds:F1} s = {ourRate:N0} rows/s (added {summary.Added:N0}, strata {strata.Count})");
Console.WriteLine($"raw upsert: {rows:N0} rows in {rawClock.Elapsed.TotalSeconds:F1} s = {rawRate:N0} rows/s");
Console.WriteLine($"ratio     : {ourRate / rawRate:F2} (target >= 0.5)");
Console.WriteLine($"memory    : working set {baseline / 1048576.0:F0} MB before, peak {peak.Max / 1048576.0:F0} MB during ours; peak in each quarter of the run: " +
                  string.Join(" / ", peak.Quartiles.Select(q => $"{q / 1048576.0:F0}")) + " MB (target < 200 MB, flat)");
var nativeAfterRate = rows / nativeAfterClock.Elapsed.TotalSeconds;
Console.WriteLine($"profile   : {rows:N0} rows in a foreign layout through the profile \"foreign\" in {profileClock.Elapsed.TotalSeconds:F1} s = {profileRate:N0} rows/s; " +
                  $"our own format, the same way: {nativeAfterRate:N0} rows/s; ratio profile ÷ native {profileRate / nativeAfterRate:F2} (each into a fresh Azurite)");
Console.WriteLine($"replay    : the same blob again: recognised by its content hash in {replayClock.Elapsed.TotalMilliseconds:F0} ms, summary unchanged");
Console.WriteLine($"re-export : the same rows as a new file: {reexport.Unchanged:N0} unchanged, {reexport.Added + reexport.Corrected} written, in {reexportClock.Elapsed.TotalSeconds:F1} s");
Console.WriteLine();
Console.WriteLine("Table requests (count, total latency summed over parallel requests, mean):");
Console.WriteLine("  ours:\n" + ourRequests);
Console.WriteLine("  raw:\n" + rawRequests);
Console.WriteLine("  re-export:\n" + reexportRequests);
return;

// A fresh in-memory Azurite with the bench's center and roster, a CDR of the same calls written by rowFormat (read through
// the named profile, if any), uploaded and ingested as step 1 does; the ingest alone is timed.
async Task<Stopwatch> ImportIntoFreshStorageAsync(string? profileId, string header, Func<Call, string> rowFormat)
{
    await using var fresh = await Azurite.StartAsync(repoRoot);
    var freshTables = new TableServiceClient(fresh.ConnectionString);
    var freshBlobs = new BlobServiceClient(fresh.ConnectionString);
    await CreateStorageAsync(freshTables, freshBlobs);
    var freshReference = new ReferenceDataStore(freshTables);
    await freshReference.UpsertCenterAsync(center);
    await freshReference.UpsertAgentsAsync(Enumerable.Range(0, agents).Select(a => new Agent(center.CenterId, Agent(a), $"Agent {a}", Team(a), null, null, [])));
    var freshProfiles = new ImportProfileStore(freshTables);
    if (profileId is not null) await freshProfiles.SaveAsync(ForeignProfile(center.CenterId), null, default);
    var freshStore = new CallStore(freshTables, freshReference,
        sinks ? [new QaServerless.Kpis.KpiCallSink(new QaServerless.Kpis.KpiStore(freshTables), freshReference)] : []) { Parallelism = parallelism };
    var freshConversations = new QaServerless.Ingestion.Conversations.TextConversationStore(freshTables, new QaServerless.Ai.Analysis.AnalysisStore(freshBlobs, freshTables), freshStore);
    var freshIngestion = new CallBatchIngestion(freshBlobs, freshTables, freshStore, freshReference, TimeProvider.System, freshProfiles, freshConversations)
        { ChunkSize = chunkSize, IndexBatchSize = indexBatch };
    var blobName = profileId is null ? $"{center.CenterId}/{lastDay:yyyy-MM-dd}.csv" : $"{center.CenterId}/{profileId}/{lastDay:yyyy-MM-dd}.csv";
    var path = Path.Combine(Path.GetTempPath(), $"qa-bench-{profileId ?? "native"}-{Environment.ProcessId}.csv");
    await using (var file = new StreamWriter(path, false, new UTF8Encoding(false)))
    {
        await file.WriteLineAsync(header);
        foreach (var call in Generate(center.CenterId, rows, agents, days, shuffled)) await file.WriteLineAsync(rowFormat(call));
    }
    await freshBlobs.GetBlobContainerClient(CallBatchIngestion.Container).GetBlobClient(blobName).UploadAsync(path, overwrite: true);
    File.Delete(path);
    GC.Collect();
    var clock = Stopwatch.StartNew();
    var result = await freshIngestion.IngestAsync(blobName, default);
    clock.Stop();
    if (result.Ingested != rows) throw new InvalidOperationException($"{blobName}: expected {rows} rows ingested, got {result.Status}: {result.Ingested} ({result.Problem})");
    return clock;
}

static async Task CreateStorageAsync(TableServiceClient tables, BlobServiceClient blobs)
{
    foreach (var t in new[] { ReferenceDataStore.CentersTable, ReferenceDataStore.AgentsTable, CallStore.CallsTable, CallStore.CallsByAgentTable,
                 CallStore.LocatorsTable, CallStore.VersionsTable, CallBatchIngestion.SummaryTable, "RawCalls", ImportProfileStore.TableName,
                 QaServerless.Kpis.KpiStore.RollupsTable, QaServerless.Kpis.KpiStore.ContactsTable })
        await tables.CreateTableIfNotExistsAsync(t);
    foreach (var c in new[] { CallBatchIngestion.Container, CallBatchIngestion.RejectsContainer })
        await blobs.GetBlobContainerClient(c).CreateIfNotExistsAsync();
}

int Arg(string flag, int fallback)
{
    var i = Array.IndexOf(args, flag);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
}

static string Agent(int a) => $"a{a:D4}";
static string Team(int a) => $"t{a / 12:D2}";

static IEnumerable<Call> Generate(string center, int rows, int agents, int days, bool shuffled)
{
    var calls = Draw(center, rows, agents, days);
    return shuffled ? calls : calls.OrderBy(c => c.Start);
}

static IEnumerable<Call> Draw(string center, int rows, int agents, int days)
{
    // Deterministic: the same seed gives the same calls for ours and for the raw baseline.
    var random = new Random(20261119);
    string[] types = ["咨询", "投诉", "订单", "售后"];
    int[] weights = [55, 8, 22, 15];
    var lastDay = new DateTimeOffset(2026, 11, 19, 8, 0, 0, TimeSpan.FromHours(8));
    for (var i = 0; i < rows; i++)
    {
        var a = random.Next(agents);
        var pick = random.Next(100);
        var t = 0;
        for (var acc = weights[0]; pick >= acc; acc += weights[++t]) { }
        var abandoned = random.Next(100) < 4;
        var day = lastDay.AddDays(-random.Next(days));
        yield return new Call
        {
            CenterId = center, CallId = $"c-20261119-{i:D7}", AgentId = Agent(a), Team = Team(a), BusinessType = types[t],
            Direction = random.Next(10) < 8 ? CallDirection.Inbound : CallDirection.Outbound,
            Start = day.AddSeconds(random.Next(13 * 3600)), TalkSeconds = abandoned ? 0 : 30 + random.Next(600),
            HoldSeconds = random.Next(4) == 0 ? random.Next(120) : 0, AfterCallWorkSeconds = 15 + random.Next(60),
            QueueSeconds = random.Next(90), Abandoned = abandoned, CustomerKey = $"sha256:{random.Next(30_000):x8}",
            Resolved = random.Next(10) < 8, Csat = random.Next(3) == 0 ? 1 + random.Next(5) : null,
            Complaint = t == 1 && random.Next(3) == 0, TestCall = random.Next(1000) == 0,
        };
    }
}

static string CsvRow(Call c) => string.Join(',', c.CallId, c.AgentId, c.Team, c.BusinessType, c.Direction.ToString().ToLowerInvariant(),
    c.Start.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture), c.TalkSeconds, c.HoldSeconds, c.AfterCallWorkSeconds, c.QueueSeconds,
    c.Abandoned ? "true" : "false", c.CustomerKey, c.Resolved == true ? "true" : "false", c.Csat?.ToString(CultureInfo.InvariantCulture) ?? "",
    c.Complaint ? "true" : "false", c.TestCall ? "true" : "false");

// The foreign layout of step 5 and the profile that reads it (what a center makes on the workbench's imports page).
static string ForeignRow(Call c) => string.Join(',', c.CallId, c.AgentId, c.Team, c.BusinessType, c.Direction == CallDirection.Inbound ? "呼入" : "呼出",
    c.Start.ToString("dd/MM/yyyy HH:mm", CultureInfo.InvariantCulture), Clock(c.TalkSeconds), Clock(c.HoldSeconds), Clock(c.AfterCallWorkSeconds),
    Clock(c.QueueSeconds), YesNo(c.Abandoned), c.CustomerKey, YesNo(c.Resolved == true), c.Csat?.ToString(CultureInfo.InvariantCulture) ?? "",
    YesNo(c.Complaint), YesNo(c.TestCall));

static string Clock(int seconds) => TimeSpan.FromSeconds(seconds).ToString(@"hh\:mm\:ss", CultureInfo.InvariantCulture);
static string YesNo(bool b) => b ? "是" : "否";

static ImportProfile ForeignProfile(string center) => new()
{
    CenterId = center, ProfileId = "foreign", Name = "Foreign layout", Format = ImportFormats.Csv,
    Fields = new Dictionary<string, string>
    {
        ["callId"] = "通话编号", ["agentId"] = "坐席工号", ["team"] = "班组", ["businessType"] = "业务", ["direction"] = "呼叫方向",
        ["start"] = "开始时间", ["talkSeconds"] = "通话时长", ["holdSeconds"] = "保持时长", ["afterCallWorkSeconds"] = "话后处理",
        ["queueSeconds"] = "排队时长", ["abandoned"] = "放弃", ["customerKey"] = "客户", ["resolved"] = "已解决", ["csat"] = "满意度",
        ["complaint"] = "投诉", ["testCall"] = "测试",
    },
    DateTimeFormat = "dd/MM/yyyy HH:mm", DurationUnit = DurationUnits.Clock,
    TrueWords = ["是"], FalseWords = ["否"], InboundWords = ["呼入"], OutboundWords = ["呼出"],
};

static string FindRepoRoot()
{
    var dir = new DirectoryInfo(AppContext.BaseDirectory);
    while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "QaServerless.sln"))) dir = dir.Parent;
    return dir?.FullName ?? throw new InvalidOperationException("QaServerless.sln not found");
}

/// <summary>Samples this process's working set every 50 ms; keeps the peak overall and within each quarter of the run.</summary>
sealed class PeakSampler : IDisposable
{
    private readonly List<long> samples = [];
    private readonly CancellationTokenSource stop = new();
    private readonly Task loop;

    public PeakSampler() => loop = Task.Run(async () =>
    {
        var process = Process.GetCurrentProcess();
        while (!stop.IsCancellationRequested)
        {
            process.Refresh();
            lock (samples) samples.Add(process.WorkingSet64);
            try { await Task.Delay(50, stop.Token); } catch (OperationCanceledException) { }
        }
    });

    public (long Max, long[] Quartiles) Stop()
    {
        stop.Cancel();
        loop.Wait();
        lock (samples)
        {
            // The peak within each quarter (not the running peak), so growth with rows shows as a rising sequence.
            var q = Enumerable.Range(0, 4).Select(i => samples.Skip(samples.Count * i / 4).Take(Math.Max(1, samples.Count * (i + 1) / 4 - samples.Count * i / 4)).Max()).ToArray();
            return (samples.Max(), q);
        }
    }

    public void Dispose() => stop.Dispose();
}

/// <summary>Counts Table requests by kind (method, table, point/range/batch) with their summed latency: where the time goes.</summary>
sealed class RequestLog : Azure.Core.Pipeline.HttpPipelinePolicy
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, (int Count, double Ms)> kinds = new();

    public void Reset() => kinds.Clear();

    public string Report() => string.Join("\n", kinds.OrderByDescending(k => k.Value.Ms)
        .Select(k => $"    {k.Key,-40} {k.Value.Count,7:N0}  {k.Value.Ms / 1000,8:F1} s  {k.Value.Ms / k.Value.Count,8:F1} ms"));

    public override void Process(Azure.Core.HttpMessage message, ReadOnlyMemory<Azure.Core.Pipeline.HttpPipelinePolicy> pipeline) =>
        throw new NotSupportedException();

    public override async ValueTask ProcessAsync(Azure.Core.HttpMessage message, ReadOnlyMemory<Azure.Core.Pipeline.HttpPipelinePolicy> pipeline)
    {
        var clock = Stopwatch.StartNew();
        await ProcessNextAsync(message, pipeline);
        var path = message.Request.Uri.Path;
        var query = message.Request.Uri.Query;
        var segment = path[(path.LastIndexOf('/') + 1)..];
        var table = segment.Split('(')[0];
        if (segment == "$batch" && message.Request.Content is { } content)
        {
            using var body = new MemoryStream();
            content.WriteTo(body, default);
            var text = Encoding.UTF8.GetString(body.ToArray());
            var at = text.IndexOf("/devstoreaccount1/", StringComparison.Ordinal);
            if (at >= 0) table = new string(text[(at + 18)..].TakeWhile(char.IsLetterOrDigit).ToArray());
        }
        var kind = segment == "$batch" ? "batch" : segment.Contains("PartitionKey=") ? "point" : query.Contains("filter") ? "query" : "other";
        var key = $"{message.Request.Method} {table} {kind} {message.Response.Status}";
        kinds.AddOrUpdate(key, (1, clock.Elapsed.TotalMilliseconds), (_, v) => (v.Count + 1, v.Ms + clock.Elapsed.TotalMilliseconds));
    }
}
