using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using QaServerless.LocalHost.Functions;

namespace QaServerless.LocalHost.ServiceBus;

/// <summary>
/// Drives serviceBusTrigger functions from the stand-in's Storage queues: peek-lock, invoke, complete on 2xx, abandon
/// otherwise (redelivered with DeliveryCount + 1, dead-lettered after MaxDeliveryCount). A trigger on
/// <c>&lt;queue&gt;/$deadletterqueue</c> reads the dead letters. Metadata follows the Service Bus extension's binding data.
/// </summary>
public sealed class ServiceBusTriggerDriver(
    FunctionCatalog catalog, FunctionInvoker invoker, ServiceBusStandIn serviceBus, Func<string, string?> settings,
    TimeProvider clock, ILogger<ServiceBusTriggerDriver> log)
{
    private readonly List<(FunctionDefinition Function, string Entity)> triggers = catalog.WithTrigger("serviceBusTrigger")
        .Select(f => (f, AppSettingReference.Resolve(f.Trigger!["queueName"] ?? f.Trigger!["topicName"] ?? throw new InvalidOperationException($"{f.Name}: serviceBusTrigger without queueName."), settings, $"{f.Name}'s queueName")))
        .ToList();

    private readonly int maxConcurrentCalls = catalog.HostSetting("extensions.serviceBus.maxConcurrentCalls", 16);

    public IReadOnlyList<string> Functions => triggers.Select(t => $"{t.Function.Name} ← Service Bus {t.Entity} (Storage queue {ServiceBusStandIn.StorageQueueName(t.Entity)})").ToList();

    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    public Task RunAsync(CancellationToken ct) =>
        triggers.Count == 0 ? Task.CompletedTask : PollLoop.RunAsync(PollOnceAsync, PollInterval, clock, log, "Service Bus stand-in", ct);

    /// <summary>Receives and handles one batch per trigger. Returns the number of deliveries made.</summary>
    public async Task<int> PollOnceAsync(CancellationToken ct = default)
    {
        var count = 0;
        foreach (var (function, entity) in triggers)
        {
            var batch = await serviceBus.ReceiveAsync(entity, maxConcurrentCalls, ct);
            await Parallel.ForEachAsync(batch, new ParallelOptions { MaxDegreeOfParallelism = maxConcurrentCalls, CancellationToken = ct },
                async (received, token) => await DeliverAsync(function, received, token));
            count += batch.Count;
        }
        return count;
    }

    /// <summary>Runs a Service Bus function now on a body given by hand (the admin endpoint), outside the queue.</summary>
    public Task<InvocationResult> InvokeNowAsync(string functionName, string body, CancellationToken ct = default)
    {
        var (function, entity) = triggers.First(t => string.Equals(t.Function.Name, functionName, StringComparison.OrdinalIgnoreCase));
        var message = ServiceBusMessage.FromText(body) with { EnqueuedTimeUtc = clock.GetUtcNow() };
        var (data, metadata) = Payload(function, new ReceivedServiceBusMessage(message, 1, Guid.NewGuid().ToString(), ServiceBusStandIn.StorageQueueName(entity), "", ""), clock);
        return invoker.InvokeAsync(function, data, metadata, ct);
    }

    private async Task DeliverAsync(FunctionDefinition function, ReceivedServiceBusMessage received, CancellationToken ct)
    {
        var (data, metadata) = Payload(function, received, clock);
        log.LogInformation("{Function} ← message {MessageId} (delivery {Count})", function.Name, received.Message.MessageId, received.DeliveryCount);
        var result = await invoker.InvokeAsync(function, data, metadata, ct);
        if (result.Succeeded) { await serviceBus.CompleteAsync(received, ct); return; }
        if (await serviceBus.AbandonAsync(received, result.Error, ct))
            log.LogWarning("{Function}: message {MessageId} dead-lettered after {Count} deliveries", function.Name, received.Message.MessageId, received.DeliveryCount);
    }

    /// <summary>The host's payload for one message: the body (text encoded twice; base64 with dataType binary) and the binding data.</summary>
    public static (JsonObject Data, JsonObject Metadata) Payload(FunctionDefinition function, ReceivedServiceBusMessage received, TimeProvider clock)
    {
        var m = received.Message;
        var trigger = function.Trigger!;
        var data = new JsonObject { [trigger.Name] = HostShape.Data(m.Body, trigger.IsBinary) };
        var properties = new JsonObject(m.ApplicationProperties.Select(kv => KeyValuePair.Create(kv.Key, HostShape.Plain(kv.Value))));
        var expires = DateTime.MaxValue; // no TTL: Service Bus reports the largest date
        var metadata = HostShape.Metadata(
        [
            new("DeliveryCount", received.DeliveryCount),
            new("DeadLetterSource", m.DeadLetterSource),
            new("LockToken", received.LockToken),
            new("ExpiresAtUtc", DateTime.SpecifyKind(expires, DateTimeKind.Utc)),
            new("ExpiresAt", new DateTimeOffset(expires, TimeSpan.Zero)),
            new("EnqueuedTimeUtc", m.EnqueuedTimeUtc.UtcDateTime),
            new("EnqueuedTime", m.EnqueuedTimeUtc),
            new("MessageId", m.MessageId),
            new("ContentType", m.ContentType),
            new("SequenceNumber", m.SequenceNumber),
            new("Label", m.Subject),
            new("Subject", m.Subject),
            new("CorrelationId", m.CorrelationId),
            new("ApplicationProperties", properties),
            new("UserProperties", properties.DeepClone()),
        ], function.Name, clock);
        return (data, metadata);
    }
}
