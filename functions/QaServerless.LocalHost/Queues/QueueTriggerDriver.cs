using System.Text.Json.Nodes;
using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Microsoft.Extensions.Logging;
using QaServerless.LocalHost.Functions;

namespace QaServerless.LocalHost.Queues;

/// <summary>
/// Drives queueTrigger functions (Azure Storage queues) as the host's queue extension does: messages base64-decoded,
/// a batch at a time (<c>extensions.queues.batchSize</c>, 16), deleted on success; on failure made visible again after
/// <c>visibilityTimeout</c> (0) and, once dequeued <c>maxDequeueCount</c> times (5), moved to <c>&lt;queue&gt;-poison</c>.
/// Metadata: DequeueCount, Id, PopReceipt, InsertionTime, ExpirationTime, NextVisibleTime, sys.
/// </summary>
public sealed class QueueTriggerDriver(
    FunctionCatalog catalog, FunctionInvoker invoker, QueueServiceClient queues, Func<string, string?> settings,
    TimeProvider clock, ILogger<QueueTriggerDriver> log)
{
    private readonly List<(FunctionDefinition Function, string Queue)> triggers = catalog.WithTrigger("queueTrigger")
        .Select(f => (f, AppSettingReference.Resolve(f.Trigger!["queueName"] ?? throw new InvalidOperationException($"{f.Name}: queueTrigger without queueName."), settings, $"{f.Name}'s queueName").ToLowerInvariant()))
        .ToList();

    private readonly int batchSize = catalog.HostSetting("extensions.queues.batchSize", 16);
    private readonly int maxDequeueCount = catalog.HostSetting("extensions.queues.maxDequeueCount", 5);
    // The host default (extensions.queues.visibilityTimeout 00:00:00): a failed message is visible again at once.
    private readonly TimeSpan visibilityTimeout = TimeSpan.Zero;

    public IReadOnlyList<string> Functions => triggers.Select(t => $"{t.Function.Name} ← Storage queue {t.Queue}").ToList();

    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    public Task RunAsync(CancellationToken ct) =>
        triggers.Count == 0 ? Task.CompletedTask : PollLoop.RunAsync(PollOnceAsync, PollInterval, clock, log, "Queue trigger", ct);

    /// <summary>Receives and handles one batch per trigger. Returns the number of deliveries made.</summary>
    public async Task<int> PollOnceAsync(CancellationToken ct = default)
    {
        var count = 0;
        foreach (var (function, name) in triggers)
        {
            var queue = queues.GetQueueClient(name);
            await queue.CreateIfNotExistsAsync(cancellationToken: ct);
            QueueMessage[] batch = await queue.ReceiveMessagesAsync(Math.Clamp(batchSize, 1, 32), TimeSpan.FromMinutes(10), ct);
            await Parallel.ForEachAsync(batch, ct, async (message, token) => await DeliverAsync(function, queue, message, token));
            count += batch.Length;
        }
        return count;
    }

    /// <summary>
    /// Completes once the queue is empty, messages being handled included (they stay counted while invisible): the demo
    /// waits for the CDR imports this way before it samples.
    /// </summary>
    public async Task WaitForEmptyAsync(string queueName, CancellationToken ct)
    {
        var queue = queues.GetQueueClient(queueName);
        await queue.CreateIfNotExistsAsync(cancellationToken: ct);
        while ((await queue.GetPropertiesAsync(ct)).Value.ApproximateMessagesCount > 0) await Task.Delay(200, ct);
    }

    /// <summary>Runs a queue function now on a message given by hand (the admin endpoint), outside the queue.</summary>
    public Task<InvocationResult> InvokeNowAsync(string functionName, string text, CancellationToken ct = default)
    {
        var function = triggers.First(t => string.Equals(t.Function.Name, functionName, StringComparison.OrdinalIgnoreCase)).Function;
        var now = clock.GetUtcNow();
        var (data, metadata) = Payload(function, QueuesModelFactory.QueueMessage(Guid.NewGuid().ToString(), "", new BinaryData(text), 1, now, now, now.AddDays(7)), clock);
        return invoker.InvokeAsync(function, data, metadata, ct);
    }

    private async Task DeliverAsync(FunctionDefinition function, QueueClient queue, QueueMessage message, CancellationToken ct)
    {
        var (data, metadata) = Payload(function, message, clock);
        log.LogInformation("{Function} ← queue {Queue} message {Id} (dequeue {Count})", function.Name, queue.Name, message.MessageId, message.DequeueCount);
        var result = await invoker.InvokeAsync(function, data, metadata, ct);
        try
        {
            if (result.Succeeded) { await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, ct); return; }
            if (message.DequeueCount >= maxDequeueCount)
            {
                var poison = queues.GetQueueClient(queue.Name + "-poison");
                await poison.CreateIfNotExistsAsync(cancellationToken: ct);
                await poison.SendMessageAsync(message.Body, cancellationToken: ct);
                await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, ct);
                log.LogError("{Function} failed {Count} times on message {Id}; moved to {Queue}", function.Name, message.DequeueCount, message.MessageId, poison.Name);
                return;
            }
            await queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: visibilityTimeout, cancellationToken: ct);
        }
        catch (RequestFailedException e) when (e.Status == 404) { } // the lock ran out: it will be delivered again
    }

    /// <summary>The host's payload for one queue message: the text (encoded twice; base64 with dataType binary) and the binding data.</summary>
    public static (JsonObject Data, JsonObject Metadata) Payload(FunctionDefinition function, QueueMessage message, TimeProvider clock)
    {
        var trigger = function.Trigger!;
        var data = new JsonObject { [trigger.Name] = HostShape.Data(message.Body.ToArray(), trigger.IsBinary) };
        var metadata = HostShape.Metadata(
        [
            new("QueueTrigger", message.Body.ToString()),
            new("DequeueCount", message.DequeueCount),
            new("ExpirationTime", message.ExpiresOn),
            new("Id", message.MessageId),
            new("InsertionTime", message.InsertedOn),
            new("NextVisibleTime", message.NextVisibleOn),
            new("PopReceipt", message.PopReceipt),
        ], function.Name, clock);
        return (data, metadata);
    }
}
