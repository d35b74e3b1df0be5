using System.Collections.Concurrent;
using System.Text.Json;
using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;

namespace QaServerless.LocalHost.ServiceBus;

public sealed record ServiceBusOptions
{
    /// <summary>Deliveries before a message is dead-lettered (Service Bus default: 10).</summary>
    public int MaxDeliveryCount { get; init; } = 10;
    /// <summary>Messages with a MessageId seen within this window are dropped (Service Bus default: 10 minutes).</summary>
    public TimeSpan DuplicateDetectionWindow { get; init; } = TimeSpan.FromMinutes(10);
    /// <summary>The peek-lock: how long a received message stays invisible before it is delivered again.</summary>
    public TimeSpan LockDuration { get; init; } = TimeSpan.FromMinutes(5);
}

/// <summary>A message handed to a consumer, with the receipt needed to settle it.</summary>
public sealed record ReceivedServiceBusMessage(ServiceBusMessage Message, int DeliveryCount, string LockToken, string QueueName, string StorageMessageId, string PopReceipt);

/// <summary>
/// Service Bus queues stood in by Azure Storage queues, with Service Bus semantics where the app can tell:
/// at-least-once peek-lock delivery, DeliveryCount, abandon = redeliver at once, dead-letter after MaxDeliveryCount into
/// <c>&lt;queue&gt;-deadletter</c> (read by a trigger on <c>&lt;queue&gt;/$deadletterqueue</c>) with DeadLetterReason and
/// DeadLetterErrorDescription, and duplicate detection by MessageId within a window.
/// Deliberate shortcuts: no sessions, no scheduled messages, no TTL expiry; duplicate detection lives in this process.
/// </summary>
public sealed class ServiceBusStandIn(QueueServiceClient queues, ServiceBusOptions options, TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> seen = new();
    private readonly ConcurrentDictionary<string, bool> created = new();
    private long sequence;

    public ServiceBusOptions Options => options;

    public const string DeadLetterSuffix = "/$deadletterqueue";

    /// <summary>The Storage queue standing in for a Service Bus entity path (<c>assignments</c>, <c>assignments/$DeadLetterQueue</c>).</summary>
    public static string StorageQueueName(string entityPath)
    {
        var deadLetter = entityPath.EndsWith(DeadLetterSuffix, StringComparison.OrdinalIgnoreCase);
        var name = deadLetter ? entityPath[..^DeadLetterSuffix.Length] : entityPath;
        var chars = name.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray();
        var storage = new string(chars).Trim('-');
        if (deadLetter) storage += "-deadletter";
        while (storage.Contains("--")) storage = storage.Replace("--", "-");
        return storage.Length < 3 ? storage.PadRight(3, '0') : storage[..Math.Min(63, storage.Length)];
    }

    public async Task<QueueClient> QueueAsync(string entityPath, CancellationToken ct = default)
    {
        var queue = queues.GetQueueClient(StorageQueueName(entityPath));
        if (created.TryAdd(queue.Name, true)) await queue.CreateIfNotExistsAsync(cancellationToken: ct);
        return queue;
    }

    /// <summary>Sends a message; false when it was dropped as a duplicate of a MessageId sent within the window.</summary>
    public async Task<bool> SendAsync(string entityPath, ServiceBusMessage message, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var key = StorageQueueName(entityPath) + "|" + message.MessageId;
        foreach (var old in seen.Where(kv => now - kv.Value > options.DuplicateDetectionWindow).Select(kv => kv.Key).ToList())
            seen.TryRemove(old, out _);
        if (!seen.TryAdd(key, now)) return false;
        var stamped = message with { SequenceNumber = Interlocked.Increment(ref sequence), EnqueuedTimeUtc = now };
        await (await QueueAsync(entityPath, ct)).SendMessageAsync(JsonSerializer.Serialize(stamped), cancellationToken: ct);
        return true;
    }

    /// <summary>Peek-locks up to <paramref name="max"/> messages. DeliveryCount is the Storage queue's dequeue count.</summary>
    public async Task<IReadOnlyList<ReceivedServiceBusMessage>> ReceiveAsync(string entityPath, int max, CancellationToken ct = default)
    {
        var queue = await QueueAsync(entityPath, ct);
        QueueMessage[] received = await queue.ReceiveMessagesAsync(Math.Clamp(max, 1, 32), options.LockDuration, ct);
        return received.Select(m => new ReceivedServiceBusMessage(Parse(m), (int)m.DequeueCount, Guid.NewGuid().ToString(), queue.Name, m.MessageId, m.PopReceipt)).ToList();
    }

    /// <summary>The message was processed: remove it.</summary>
    public async Task CompleteAsync(ReceivedServiceBusMessage received, CancellationToken ct = default)
    {
        try { await queues.GetQueueClient(received.QueueName).DeleteMessageAsync(received.StorageMessageId, received.PopReceipt, ct); }
        catch (RequestFailedException e) when (e.Status == 404) { } // lock lost: it will be delivered again (at-least-once)
    }

    /// <summary>
    /// The invocation failed: deliver again at once, or dead-letter the message once it has been delivered
    /// MaxDeliveryCount times (the message then moves to the dead-letter queue with the broker's reason).
    /// Returns true when the message was dead-lettered.
    /// </summary>
    public async Task<bool> AbandonAsync(ReceivedServiceBusMessage received, string? error, CancellationToken ct = default)
    {
        var queue = queues.GetQueueClient(received.QueueName);
        var isDeadLetterQueue = received.QueueName.EndsWith("-deadletter", StringComparison.Ordinal);
        if (received.DeliveryCount >= options.MaxDeliveryCount && !isDeadLetterQueue)
        {
            await DeadLetterAsync(received, "MaxDeliveryCountExceeded",
                $"Message could not be consumed after {options.MaxDeliveryCount} delivery attempts." + (error is null ? "" : " Last error: " + error), ct);
            return true;
        }
        // Service Bus redelivers an abandoned message at once. A dead-letter queue never dead-letters, so a consumer that
        // keeps failing there would spin: back off instead (a deliberate difference).
        var again = isDeadLetterQueue ? TimeSpan.FromSeconds(Math.Min(60, 5 * received.DeliveryCount)) : TimeSpan.Zero;
        try { await queue.UpdateMessageAsync(received.StorageMessageId, received.PopReceipt, visibilityTimeout: again, cancellationToken: ct); }
        catch (RequestFailedException e) when (e.Status == 404) { }
        return false;
    }

    public async Task DeadLetterAsync(ReceivedServiceBusMessage received, string reason, string description, CancellationToken ct = default)
    {
        var properties = new Dictionary<string, object?>(received.Message.ApplicationProperties)
        {
            [ServiceBusMessage.DeadLetterReason] = reason,
            [ServiceBusMessage.DeadLetterErrorDescription] = description,
        };
        var deadLetter = received.Message with { ApplicationProperties = properties, DeadLetterSource = null };
        var dlq = await QueueAsync(received.QueueName + DeadLetterSuffix, ct);
        await dlq.SendMessageAsync(JsonSerializer.Serialize(deadLetter), cancellationToken: ct);
        await CompleteAsync(received, ct);
    }

    /// <summary>Reads a queue message; one not written by the stand-in (e.g. put there by hand) is taken as a plain body.</summary>
    private static ServiceBusMessage Parse(QueueMessage message)
    {
        var text = message.Body.ToString();
        try
        {
            if (JsonSerializer.Deserialize<ServiceBusMessage>(text) is { MessageId: not null, BodyBase64: not null } parsed) return parsed;
        }
        catch (JsonException) { }
        return ServiceBusMessage.FromText(text, message.MessageId) with { EnqueuedTimeUtc = message.InsertedOn ?? DateTimeOffset.UtcNow };
    }
}
