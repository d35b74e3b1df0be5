using System.Text.Json;
using Azure.Storage.Queues;
using QaServerless.Hosting;
using QaServerless.Privacy;

namespace QaServerless.Notifications;

/// <summary>A notification to deliver beyond the inbox: names a stored row, nothing else (the row says what to send).</summary>
public sealed record DeliveryRequest(string CenterId, string Recipient, string NotificationId);

/// <summary>
/// Raises an event: one inbox row per recipient (free text masked), then a delivery request on the Storage queue
/// <c>notification-deliveries</c> for each row not yet handed over. A replay finds its rows (409) already dispatched
/// and writes and queues nothing; a row whose hand-over failed last time is handed over now (at least once).
/// </summary>
public sealed class Notifier(NotificationStore store, QueueServiceClient queues, ILogger<Notifier> log)
{
    public const string QueueName = "notification-deliveries";
    private readonly QueueClient queue = queues.GetQueueClient(QueueName);

    /// <summary>Returns how many rows were new (0 for a replay).</summary>
    public async Task<int> RaiseAsync(NotificationEvent e, CancellationToken ct)
    {
        var added = 0;
        foreach (var recipient in e.Recipients)
        {
            var n = new Notification
            {
                CenterId = e.CenterId, Recipient = recipient, NotificationId = Notification.IdFor(e.CenterId, e.Key, recipient), Kind = e.Kind,
                EventKey = e.Key, Subject = e.Subject, Link = e.Link, At = e.At,
                Facts = e.Facts.ToDictionary(kv => kv.Key, kv => PiiMasker.Mask(kv.Value)),
            };
            if (await store.AddAsync(n, ct)) added++;
            else if ((await store.GetAsync(n.CenterId, n.Recipient, n.NotificationId, ct))?.Dispatched is not false) continue;
            await queue.SendMessageAsync(JsonSerializer.Serialize(new DeliveryRequest(n.CenterId, n.Recipient, n.NotificationId), HostJson.Options), ct);
            await store.MarkDispatchedAsync(n, ct);
        }
        if (added > 0) log.LogInformation("Notification {Kind} {Key}: {Count} new of {Recipients}", e.Kind, e.Key, added, e.Recipients.Count);
        return added;
    }

    /// <summary>For the state-changing features: a notification that failed must not fail the change that raised it.</summary>
    public async Task TryRaiseAsync(NotificationEvent? e, CancellationToken ct)
    {
        if (e is null) return;
        try { await RaiseAsync(e, ct); }
        catch (Exception x) when (x is not OperationCanceledException)
        {
            // The next reminder run or a retried request raises it again; the change itself stands.
            log.LogError(x, "Notification {Kind} {Key} could not be raised", e.Kind, e.Key);
        }
    }
}
