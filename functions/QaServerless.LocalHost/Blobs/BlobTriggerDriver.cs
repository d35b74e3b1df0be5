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

public sealed record BlobTriggerOptions
{
    /// <summary>Failed attempts on one blob version before it goes to the poison queue (host default: 5, queues.maxDequeueCount).</summary>
    public int MaxAttempts { get; init; } = 5;
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);
    /// <summary>Blobs processed at once (host.json extensions.blobs.maxDegreeOfParallelism).</summary>
    public int MaxDegreeOfParallelism { get; init; } = 4;
    /// <summary>Names receipts like the host does: blobreceipts/{hostId}/...</summary>
    public string HostId { get; init; } = "qaserverless-localhost";
    /// <summary>Only blobs whose "container/name" passes this are delivered (tests narrow a shared account to their own blobs).</summary>
    public Func<string, bool>? Filter { get; init; }
}

/// <summary>
/// Drives blobTrigger functions by listing their containers: each blob version (ETag) that matches the path pattern is
/// delivered once. A receipt blob per function and version (<c>azure-webjobs-hosts/blobreceipts/...</c>, as the host
/// keeps them) records success, so a restart on the same storage does not deliver again. A failing version is retried
/// on later polls and after <see cref="BlobTriggerOptions.MaxAttempts"/> goes to the <c>webjobs-blobtrigger-poison</c>
/// queue with the host's message shape.
/// </summary>
public sealed class BlobTriggerDriver(
    FunctionCatalog catalog, FunctionInvoker invoker, BlobServiceClient blobs, QueueServiceClient queues,
    BlobTriggerOptions options, TimeProvider clock, ILogger<BlobTriggerDriver> log)
{
    public const string ReceiptsContainer = "azure-webjobs-hosts";
    public const string PoisonQueue = "webjobs-blobtrigger-poison";

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

    private readonly List<(FunctionDefinition Function, BlobPathPattern Pattern)> triggers =
        catalog.WithTrigger("blobTrigger").Select(f => (f, BlobPathPattern.Parse(f.Trigger!["path"] ?? throw new InvalidOperationException($"{f.Name}: blobTrigger without path.")))).ToList();

    public IReadOnlyList<string> Functions => triggers.Select(t => $"{t.Function.Name} ← {t.Pattern.Container}/{t.Pattern.BlobPattern}").ToList();

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
        var work = new List<(FunctionDefinition, BlobPathPattern, BlobItem, IReadOnlyDictionary<string, string>)>();
        foreach (var (function, pattern) in triggers)
        {
            var container = blobs.GetBlobContainerClient(pattern.Container);
            if (!(await container.ExistsAsync(ct)).Value) continue;
            await foreach (var item in container.GetBlobsAsync(BlobTraits.None, BlobStates.None, pattern.ListPrefix, ct))
            {
                if (pattern.Match(item.Name) is not { } captures) continue;
                if (options.Filter is { } filter && !filter($"{pattern.Container}/{item.Name}")) continue;
                if (done.ContainsKey(Key(function, pattern.Container, item.Name, item.Properties.ETag))) continue;
                work.Add((function, pattern, item, captures));
            }
        }
        var count = 0;
        await Parallel.ForEachAsync(work, new ParallelOptions { MaxDegreeOfParallelism = options.MaxDegreeOfParallelism, CancellationToken = ct },
            async (w, token) => { if (await ProcessAsync(w.Item1, w.Item2.Container, w.Item3.Name, w.Item3.Properties.ETag, w.Item4, token)) Interlocked.Increment(ref count); });
        lastPollInvocations = count;
        Interlocked.Increment(ref pollsCompleted);
        return count;
    }

    /// <summary>Runs the function on one blob now, whatever its receipts say (the admin endpoint's "run this function").</summary>
    public async Task<bool> InvokeNowAsync(string functionName, string blobPath, CancellationToken ct = default)
    {
        var (function, pattern) = triggers.First(t => string.Equals(t.Function.Name, functionName, StringComparison.OrdinalIgnoreCase));
        var name = blobPath.StartsWith(pattern.Container + "/", StringComparison.Ordinal) ? blobPath[(pattern.Container.Length + 1)..] : blobPath;
        var captures = pattern.Match(name) ?? new Dictionary<string, string>();
        var result = await InvokeAsync(function, pattern.Container, name, null, captures, ct);
        return result?.Succeeded == true;
    }

    /// <summary>Delivers one blob version unless a receipt says it was done. True when an invocation was made.</summary>
    private async Task<bool> ProcessAsync(FunctionDefinition function, string containerName, string blobName, ETag? etag, IReadOnlyDictionary<string, string> captures, CancellationToken ct)
    {
        var key = Key(function, containerName, blobName, etag);
        var receipt = Receipt(function, containerName, blobName, etag);
        if ((await receipt.ExistsAsync(ct)).Value) { done[key] = true; return false; }

        var result = await InvokeAsync(function, containerName, blobName, etag, captures, ct);
        if (result is null) return false; // changed or deleted since listed: the next poll sees the new version
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
            await PoisonAsync(function, containerName, blobName, etag, ct);
            await WriteReceiptAsync(receipt, ct);
            done[key] = true;
            log.LogError("{Function} failed {Count} times on {Container}/{Blob}; moved to the {Queue} queue", function.Name, failures, containerName, blobName, PoisonQueue);
        }
        return true;
    }

    private async Task<InvocationResult?> InvokeAsync(FunctionDefinition function, string containerName, string blobName, ETag? etag, IReadOnlyDictionary<string, string> captures, CancellationToken ct)
    {
        var blob = blobs.GetBlobContainerClient(containerName).GetBlobClient(blobName);
        BlobDownloadResult download;
        try
        {
            download = (await blob.DownloadContentAsync(new BlobDownloadOptions { Conditions = etag is { } e ? new BlobRequestConditions { IfMatch = e } : null }, ct)).Value;
        }
        catch (RequestFailedException e) when (e.Status is 404 or 412) { return null; }
        var properties = (await blob.GetPropertiesAsync(cancellationToken: ct)).Value;
        var (data, metadata) = BlobTriggerPayload.Build(function, containerName, blobName, blob.Uri, download.Content, properties, captures, clock);
        log.LogInformation("{Function} ← {Container}/{Blob} ({Bytes} bytes)", function.Name, containerName, blobName, download.Content.ToMemory().Length);
        return await invoker.InvokeAsync(function, data, metadata, ct);
    }

    private BlobClient Receipt(FunctionDefinition function, string containerName, string blobName, ETag? etag) =>
        blobs.GetBlobContainerClient(ReceiptsContainer)
            .GetBlobClient($"blobreceipts/{options.HostId}/Host.Functions.{function.Name}/{etag?.ToString().Trim('"')}/{containerName}/{blobName}");

    private static async Task WriteReceiptAsync(BlobClient receipt, CancellationToken ct)
    {
        await receipt.GetParentBlobContainerClient().CreateIfNotExistsAsync(cancellationToken: ct);
        await receipt.UploadAsync(BinaryData.Empty, overwrite: true, ct);
    }

    /// <summary>The host's poison message: which function gave up on which blob version.</summary>
    private async Task PoisonAsync(FunctionDefinition function, string containerName, string blobName, ETag? etag, CancellationToken ct)
    {
        var queue = queues.GetQueueClient(PoisonQueue);
        await queue.CreateIfNotExistsAsync(cancellationToken: ct);
        await queue.SendMessageAsync(JsonSerializer.Serialize(new
        {
            Type = "BlobTrigger",
            FunctionId = $"Host.Functions.{function.Name}",
            BlobType = "BlockBlob",
            ContainerName = containerName,
            BlobName = blobName,
            ETag = etag?.ToString(),
        }), ct);
    }

    private static string Key(FunctionDefinition function, string containerName, string blobName, ETag? etag) =>
        $"{function.Name}|{containerName}/{blobName}|{etag}";
}
