using System.Collections.Concurrent;
using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Azure.Storage.Queues;
using Microsoft.Extensions.Logging;
using QaServerless.LocalHost.Functions;

namespace QaServerless.LocalHost.Blobs;

public sealed record BlobEventOptions
{
    /// <summary>Failed deliveries of one blob version's event before it is dead-lettered (Event Grid's maxDeliveryAttempts, shortened).</summary>
    public int MaxAttempts { get; init; } = 5;
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);
    /// <summary>Events delivered at once.</summary>
    public int MaxDegreeOfParallelism { get; init; } = 4;
    /// <summary>Names the receipts: eventgrid-receipts/{hostId}/...</summary>
    public string HostId { get; init; } = "qaserverless-localhost";
    /// <summary>Only blobs whose "container/name" passes this are delivered (tests narrow a shared account to their own blobs).</summary>
    public Func<string, bool>? Filter { get; init; }
}

/// <summary>
/// Stands in for Event Grid on the storage account: lists the containers that <c>eventGridTrigger</c> functions subscribe
/// to (<see cref="BlobEventSubscription"/>) and delivers, once per blob version (ETag), the BlobCreated event Azure would
/// send (<see cref="BlobCreatedEventPayload"/>: the notification, never the content). A receipt blob per function and
/// version (<c>azure-webjobs-hosts/eventgrid-receipts/...</c>) records success, so a restart on the same storage does not
/// deliver again. A failing delivery is retried on later polls, as Event Grid retries, and after
/// <see cref="BlobEventOptions.MaxAttempts"/> the event goes to the <c>eventgrid-deadletter</c> queue (Event Grid
/// dead-letters to a container; a queue is easier to read locally).
/// </summary>
public sealed class BlobEventDriver(
    FunctionCatalog catalog, FunctionInvoker invoker, BlobServiceClient blobs, QueueServiceClient queues,
    BlobEventOptions options, TimeProvider clock, ILogger<BlobEventDriver> log)
{
    public const string ReceiptsContainer = "azure-webjobs-hosts";
    public const string DeadLetterQueue = "eventgrid-deadletter";

    private readonly ConcurrentDictionary<string, bool> done = new();
    private readonly ConcurrentDictionary<string, int> attempts = new();
    private int pollsCompleted;
    private int lastPollInvocations = -1;

    /// <summary>
    /// Completes once a whole poll that started after this call found nothing to deliver: every blob there was has been
    /// handled (the demo waits for this before it runs the daily sampling).
    /// </summary>
    public async Task WaitForIdleAsync(CancellationToken ct)
    {
        var seen = Volatile.Read(ref pollsCompleted);
        while (!(Volatile.Read(ref pollsCompleted) > seen + 1 && Volatile.Read(ref lastPollInvocations) == 0)) await Task.Delay(200, ct);
    }

    private readonly List<(FunctionDefinition Function, BlobEventSubscription Subscription)> triggers = catalog.WithTrigger("eventGridTrigger")
        .Select(f => (f, BlobEventSubscription.Parse(f.Trigger!["subjectBeginsWith"], f.Trigger!["subjectEndsWith"])))
        .Where(t => t.Item2 is not null).Select(t => (t.f, t.Item2!)).ToList();

    public IReadOnlyList<string> Functions => triggers
        .Select(t => $"{t.Function.Name} ← Event Grid BlobCreated {t.Subscription.Container}/{t.Subscription.Prefix}*{t.Subscription.Suffix}").ToList();

    public async Task RunAsync(CancellationToken ct)
    {
        if (triggers.Count == 0) return;
        while (!ct.IsCancellationRequested)
        {
            try { await PollOnceAsync(ct); }
            catch (OperationCanceledException) when (ct.IsCancellationRequested) { return; }
            catch (Exception e) { log.LogWarning(e, "Blob trigger poll failed; trying again"); }
            try { await Task.Delay(options.PollInterval, clock, ct); } catch (OperationCanceledException) { return; }
        }
    }

    /// <summary>One pass over every blob-triggered container. Returns the number of invocations made.</summary>
    public async Task<int> PollOnceAsync(CancellationToken ct = default)
    {
        var work = new List<(FunctionDefinition, BlobEventSubscription, BlobItem)>();
        foreach (var (function, subscription) in triggers)
        {
            var container = blobs.GetBlobContainerClient(subscription.Container);
            if (!(await container.ExistsAsync(ct)).Value) continue;
            await foreach (var item in container.GetBlobsAsync(BlobTraits.None, BlobStates.None, subscription.Prefix, ct))
            {
                if (!subscription.Matches(item.Name)) continue;
                if (options.Filter is { } filter && !filter($"{subscription.Container}/{item.Name}")) continue;
                if (done.ContainsKey(Key(function, subscription.Container, item.Name, item.Properties.ETag))) continue;
                work.Add((function, subscription, item));
            }
        }
        var count = 0;
        await Parallel.ForEachAsync(work, new ParallelOptions { MaxDegreeOfParallelism = options.MaxDegreeOfParallelism, CancellationToken = ct },
            async (w, token) => { if (await ProcessAsync(w.Item1, w.Item2, w.Item3.Name, w.Item3.Properties, token)) Interlocked.Increment(ref count); });
        lastPollInvocations = count;
        Interlocked.Increment(ref pollsCompleted);
        return count;
    }

    /// <summary>Delivers the event of one blob now, whatever its receipts say (the admin endpoint's "run this function").</summary>
    public async Task<bool> InvokeNowAsync(string functionName, string blobPath, CancellationToken ct = default)
    {
        var (function, subscription) = triggers.First(t => string.Equals(t.Function.Name, functionName, StringComparison.OrdinalIgnoreCase));
        var name = blobPath.StartsWith(subscription.Container + "/", StringComparison.Ordinal) ? blobPath[(subscription.Container.Length + 1)..] : blobPath;
        BlobProperties properties;
        try { properties = (await blobs.GetBlobContainerClient(subscription.Container).GetBlobClient(name).GetPropertiesAsync(cancellationToken: ct)).Value; }
        catch (RequestFailedException e) when (e.Status == 404) { return false; }
        var item = BlobsModelFactory.BlobItemProperties(accessTierInferred: false, contentLength: properties.ContentLength, contentType: properties.ContentType,
            eTag: properties.ETag, lastModified: properties.LastModified);
        return (await InvokeAsync(function, subscription, name, item, ct)).Succeeded;
    }

    /// <summary>Delivers one blob version's event unless a receipt says it was done. True when an invocation was made.</summary>
    private async Task<bool> ProcessAsync(FunctionDefinition function, BlobEventSubscription subscription, string blobName, BlobItemProperties properties, CancellationToken ct)
    {
        var (containerName, etag) = (subscription.Container, properties.ETag);
        var key = Key(function, containerName, blobName, etag);
        var receipt = Receipt(function, containerName, blobName, etag);
        if ((await receipt.ExistsAsync(ct)).Value) { done[key] = true; return false; }

        var result = await InvokeAsync(function, subscription, blobName, properties, ct);
        if (result.Succeeded)
        {
            await WriteReceiptAsync(receipt, ct);
            done[key] = true;
            attempts.TryRemove(key, out _);
            return true;
        }
        var failures = attempts.AddOrUpdate(key, 1, (_, n) => n + 1);
        if (failures >= options.MaxAttempts)
        {
            await DeadLetterAsync(function, containerName, blobName, etag, ct);
            await WriteReceiptAsync(receipt, ct);
            done[key] = true;
            log.LogError("{Function} failed {Count} times on the event of {Container}/{Blob}; moved to the {Queue} queue", function.Name, failures, containerName, blobName, DeadLetterQueue);
        }
        return true;
    }

    private async Task<InvocationResult> InvokeAsync(FunctionDefinition function, BlobEventSubscription subscription, string blobName, BlobItemProperties properties, CancellationToken ct)
    {
        var container = blobs.GetBlobContainerClient(subscription.Container);
        var blobEvent = BlobCreatedEventPayload.Event(subscription, blobName, container.GetBlobClient(blobName).Uri, properties, blobs.AccountName, clock);
        var (data, metadata) = BlobCreatedEventPayload.Build(function, blobEvent, clock);
        log.LogInformation("{Function} ← BlobCreated {Container}/{Blob} ({Bytes} bytes)", function.Name, subscription.Container, blobName, properties.ContentLength);
        return await invoker.InvokeAsync(function, data, metadata, ct);
    }

    private BlobClient Receipt(FunctionDefinition function, string containerName, string blobName, ETag? etag) =>
        blobs.GetBlobContainerClient(ReceiptsContainer)
            .GetBlobClient($"eventgrid-receipts/{options.HostId}/{function.Name}/{etag?.ToString().Trim('"')}/{containerName}/{blobName}");

    private static async Task WriteReceiptAsync(BlobClient receipt, CancellationToken ct)
    {
        await receipt.GetParentBlobContainerClient().CreateIfNotExistsAsync(cancellationToken: ct);
        await receipt.UploadAsync(BinaryData.Empty, overwrite: true, ct);
    }

    /// <summary>Which function gave up on which blob version's event (the reason is in the handler's own records).</summary>
    private async Task DeadLetterAsync(FunctionDefinition function, string containerName, string blobName, ETag? etag, CancellationToken ct)
    {
        var queue = queues.GetQueueClient(DeadLetterQueue);
        await queue.CreateIfNotExistsAsync(cancellationToken: ct);
        await queue.SendMessageAsync(JsonSerializer.Serialize(new
        {
            EventType = "Microsoft.Storage.BlobCreated",
            Function = function.Name,
            ContainerName = containerName,
            BlobName = blobName,
            ETag = etag?.ToString(),
            DeadLetterReason = "MaxDeliveryAttemptsExceeded",
        }), ct);
    }

    private static string Key(FunctionDefinition function, string containerName, string blobName, ETag? etag) =>
        $"{function.Name}|{containerName}/{blobName}|{etag}";
}
