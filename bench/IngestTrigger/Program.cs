// Ingest-through-the-trigger benchmark: CDR files of given sizes (default 100 MB and 1 GB), generated on the fly and
// uploaded as a stream into a fresh in-memory Azurite, go the way Azure sends them: the local host's Event Grid
// stand-in delivers the BlobCreated event to the built handler (a child process), IngestCallBatch queues the file and
// ImportCallBatch streams it into the call store. Prints the peak working set of the handler (a fresh process per
// size) at each size and the ratio
// largest ÷ smallest (flat memory: near 1). Usage (bench/README.md):
//   dotnet run -c Release --project bench/IngestTrigger -- [--sizes-mb 100,1024] [--padding 25000]
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Logging.Abstractions;
using QaServerless.Ingestion;
using QaServerless.LocalHost;
using QaServerless.LocalHost.Demo;
using QaServerless.LocalHost.Handler;
using QaServerless.LocalHost.Storage;
using QaServerless.ReferenceData;
using QaServerless.Security;

var sizes = (Array.IndexOf(args, "--sizes-mb") is var si and >= 0 ? args[si + 1] : "100,1024").Split(',').Select(s => long.Parse(s, CultureInfo.InvariantCulture)).ToArray();
var padding = Array.IndexOf(args, "--padding") is var pi and >= 0 ? int.Parse(args[pi + 1], CultureInfo.InvariantCulture) : 25_000;
var repoRoot = FindRepoRoot();

Console.WriteLine($"Ingest through the trigger path: CDR of {string.Join(", ", sizes.Select(s => $"{s} MB"))}, rows padded to ~{padding:N0} chars; starting Azurite (in memory) and the handler...");
await using var azurite = await Azurite.StartAsync(repoRoot);
var reference = new ReferenceDataStore(new TableServiceClient(azurite.ConnectionString));
var blobs = new BlobServiceClient(azurite.ConnectionString);

var results = new List<(long Mb, long Bytes, int Rows, double Seconds, long Peak, long Before, string Status)>();
foreach (var mb in sizes)
{
    // A fresh handler per size: a process that ingested a file before keeps the memory its GC grew to.
    await using var handler = await HandlerProcess.StartAsync(HandlerProcess.DefaultOutputFolder(), new Dictionary<string, string>
    {
        ["AzureWebJobsStorage"] = azurite.ConnectionString,
        ["Auth:DevelopmentSignIn"] = "true",
        ["Logging:LogLevel:Default"] = "Warning",
    }, NullLogger.Instance);
    using var http = new HttpClient { BaseAddress = handler.BaseAddress, Timeout = TimeSpan.FromHours(2) };
    var process = Process.GetProcessById(HandlerMemory.Pid(handler.ProcessGroupId));
    // A center per size: each file lands in an empty call store.
    var center = new Center($"bench{mb}", $"Bench {mb} MB", "Asia/Shanghai");
    await reference.UpsertCenterAsync(center);
    var name = $"{center.CenterId}/2026-11-18.csv";
    var cdr = new SyntheticCdr(mb * 1024 * 1024, padding);
    var blob = blobs.GetBlobContainerClient(CallBatchIngestion.Container).GetBlobClient(name);
    await blobs.GetBlobContainerClient(CallBatchIngestion.Container).CreateIfNotExistsAsync();
    await blob.UploadAsync(cdr, new BlobUploadOptions { TransferOptions = new() { MaximumTransferSize = 8 * 1024 * 1024, InitialTransferSize = 8 * 1024 * 1024, MaximumConcurrency = 1 } });
    var bytes = (await blob.GetPropertiesAsync()).Value.ContentLength;
    Console.WriteLine($"{mb} MB: uploaded {bytes:N0} bytes, {cdr.Rows:N0} rows; delivering the event...");

    await using var host = new LocalFunctionsHost(LocalFunctionsHost.LoadCatalog(repoRoot), http, azurite.ConnectionString, NullLoggerFactory.Instance,
        blobs: new() { HostId = "bench-" + center.CenterId, Filter = path => path.StartsWith($"call-records/{center.CenterId}/", StringComparison.Ordinal) });
    await BatchesAsync(http, center.CenterId); // the handler has started and answered once
    process.Refresh();
    var before = process.WorkingSet64;
    using var sampler = new PeakSampler(process);
    var watch = Stopwatch.StartNew();
    await host.Blobs.PollOnceAsync();
    await host.QueueTriggers.PollOnceAsync();
    watch.Stop();
    var peak = sampler.Stop();
    var batches = await BatchesAsync(http, center.CenterId);
    var summary = batches.Single(b => b.Blob == name);
    results.Add((mb, bytes, cdr.Rows, watch.Elapsed.TotalSeconds, peak, before, $"{summary.Status}, {summary.Ingested:N0} ingested"));
    Console.WriteLine($"{mb} MB: {summary.Status}, {summary.Ingested:N0} of {cdr.Rows:N0} rows in {watch.Elapsed.TotalSeconds:F1} s; handler working set {before / 1048576.0:F0} MB before, peak {peak / 1048576.0:F0} MB");
}

Console.WriteLine();
Console.WriteLine("| CDR | bytes | rows | time | handler working set before | peak | status |");
Console.WriteLine("|---|---|---|---|---|---|---|");
foreach (var r in results)
    Console.WriteLine($"| {r.Mb} MB | {r.Bytes:N0} | {r.Rows:N0} | {r.Seconds:F1} s | {r.Before / 1048576.0:F0} MB | **{r.Peak / 1048576.0:F0} MB** | {r.Status} |");
if (results.Count > 1)
    Console.WriteLine($"ratio of peaks, {results[^1].Mb} MB ÷ {results[0].Mb} MB: **{(double)results[^1].Peak / results[0].Peak:F2}** (flat memory: near 1; the file grew {(double)results[^1].Bytes / results[0].Bytes:F1}×)");
Console.WriteLine($"load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]} ({Environment.ProcessorCount} cores)");

static async Task<List<BatchSummary>> BatchesAsync(HttpClient http, string center)
{
    using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/call-batches?center={center}");
    request.Headers.Add(ClientPrincipalHandler.DevHeader, ClientPrincipalHandler.Encode("lead-bench", [Roles.QaLead], [center]));
    using var response = await http.SendAsync(request);
    response.EnsureSuccessStatusCode();
    return (await response.Content.ReadFromJsonAsync<List<BatchSummary>>(QaServerless.Hosting.HostJson.Options))!;
}

static string FindRepoRoot()
{
    var dir = new DirectoryInfo(AppContext.BaseDirectory);
    while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "QaServerless.sln"))) dir = dir.Parent;
    return dir?.FullName ?? throw new InvalidOperationException("QaServerless.sln not found");
}
