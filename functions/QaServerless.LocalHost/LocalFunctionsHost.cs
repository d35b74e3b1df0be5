using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.Logging;
using QaServerless.LocalHost.Blobs;
using QaServerless.LocalHost.Functions;
using QaServerless.LocalHost.Queues;
using QaServerless.LocalHost.ServiceBus;
using QaServerless.LocalHost.Timers;

namespace QaServerless.LocalHost;

/// <summary>
/// The core of the local host, without processes or ports: the function catalog, the invoker and the trigger drivers
/// over one storage account and one handler (an <see cref="HttpClient"/>: a child process, or a WebApplicationFactory
/// client in tests). <see cref="Start"/> runs every driver in the background until disposed.
/// </summary>
public sealed class LocalFunctionsHost : IAsyncDisposable
{
    private readonly CancellationTokenSource stopping = new();
    private readonly List<Task> running = [];

    public FunctionCatalog Catalog { get; }
    public FunctionInvoker Invoker { get; }
    public ServiceBusStandIn ServiceBus { get; }
    public BlobEventDriver Blobs { get; }
    public TimerTriggerDriver Timers { get; }
    public ServiceBusTriggerDriver ServiceBusTriggers { get; }
    public QueueTriggerDriver QueueTriggers { get; }

    public LocalFunctionsHost(FunctionCatalog catalog, HttpClient handler, string storageConnectionString, ILoggerFactory logs,
        TimeProvider? clock = null, ServiceBusOptions? serviceBus = null, BlobEventOptions? blobs = null, Func<string, string?>? settings = null)
    {
        clock ??= TimeProvider.System;
        settings ??= Environment.GetEnvironmentVariable;
        Catalog = catalog;
        var queues = new QueueServiceClient(storageConnectionString, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        var blobService = new BlobServiceClient(storageConnectionString);
        ServiceBus = new ServiceBusStandIn(queues, serviceBus ?? new ServiceBusOptions(), clock);
        Invoker = new FunctionInvoker(handler, ServiceBus, queues, logs.CreateLogger<FunctionInvoker>());
        Blobs = new BlobEventDriver(catalog, Invoker, blobService, queues,
            blobs ?? new BlobEventOptions(),
            clock, logs.CreateLogger<BlobEventDriver>());
        Timers = new TimerTriggerDriver(catalog, Invoker, settings, clock, logs.CreateLogger<TimerTriggerDriver>());
        ServiceBusTriggers = new ServiceBusTriggerDriver(catalog, Invoker, ServiceBus, settings, clock, logs.CreateLogger<ServiceBusTriggerDriver>());
        QueueTriggers = new QueueTriggerDriver(catalog, Invoker, queues, settings, clock, logs.CreateLogger<QueueTriggerDriver>());
    }

    /// <summary>The app folder and host.json of this repository.</summary>
    public static FunctionCatalog LoadCatalog(string repoRoot) =>
        FunctionCatalog.Load(Path.Combine(repoRoot, "functions", "QaServerless.Functions"), Path.Combine(repoRoot, "host.json"));

    public IEnumerable<string> Describe() => Blobs.Functions.Concat(Timers.Functions).Concat(ServiceBusTriggers.Functions).Concat(QueueTriggers.Functions);

    /// <summary>Runs the blob and Service Bus drivers, and the timers unless <paramref name="timers"/> is false (see <see cref="StartTimers"/>).</summary>
    public void Start(bool timers = true)
    {
        running.Add(Task.Run(() => Blobs.RunAsync(stopping.Token)));
        running.Add(Task.Run(() => ServiceBusTriggers.RunAsync(stopping.Token)));
        running.Add(Task.Run(() => QueueTriggers.RunAsync(stopping.Token)));
        if (timers) StartTimers();
    }

    /// <summary>Starts the timers later: the demo holds them until its data is in, so a tick never samples half a day.</summary>
    public void StartTimers() => running.Add(Task.Run(() => Timers.RunAsync(stopping.Token)));

    /// <summary>
    /// Runs any non-HTTP function now, as the host's <c>POST /admin/functions/{name}</c> with <c>{"input": "..."}</c> does:
    /// a timer fires; an Event Grid trigger on blobs takes the input as the blob path ("container/name") and gets its
    /// BlobCreated event; a Service Bus or queue trigger takes it as the message body.
    /// </summary>
    public async Task<bool?> RunNowAsync(string name, string? input, CancellationToken ct = default)
    {
        var function = Catalog.Find(name);
        if (function is null || function.Trigger is null) return null;
        if (function.Is("timerTrigger")) return (await Timers.InvokeNowAsync(function.Name, ct)).Succeeded;
        if (function.Is("eventGridTrigger")) return await Blobs.InvokeNowAsync(function.Name, input ?? "", ct);
        if (function.Is("serviceBusTrigger")) return (await ServiceBusTriggers.InvokeNowAsync(function.Name, input ?? "", ct)).Succeeded;
        if (function.Is("queueTrigger")) return (await QueueTriggers.InvokeNowAsync(function.Name, input ?? "", ct)).Succeeded;
        return null;
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        try { await Task.WhenAll(running).WaitAsync(TimeSpan.FromSeconds(10)); } catch (Exception) { /* stopping: errors no longer matter */ }
        stopping.Dispose();
    }
}
