using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using QaServerless.Calls;
using QaServerless.Scorecards;

namespace QaServerless.Notifications;

/// <summary>
/// Inboxes, delivery records and the per-center delivery settings:
/// <list type="table">
/// <item><term><c>Notifications</c></term><description>PK <c>{center}|{recipient}</c> (escaped), RK the notification id (derived from the event
/// and the recipient): a person's inbox is one partition; a replayed event's add fails with 409 and changes nothing</description></item>
/// <item><term><c>NotificationDeliveries</c></term><description>PK <c>{center}|{channel}</c>, RK the notification id (or <c>digest-{recipient hash}-{day}</c>):
/// written after a message left, checked before one leaves</description></item>
/// <item><term><c>NotificationSettings</c></term><description>PK center, RK <c>settings</c>: the center's channels and contacts</description></item>
/// </list>
/// </summary>
public sealed class NotificationStore(TableServiceClient tables)
{
    public const string InboxTable = "Notifications";
    public const string DeliveriesTable = "NotificationDeliveries";
    public const string SettingsTable = "NotificationSettings";
    private static JsonSerializerOptions Json => ScorecardStore.Json;
    private TableClient Inbox => tables.GetTableClient(InboxTable);
    private TableClient Deliveries => tables.GetTableClient(DeliveriesTable);
    private TableClient Settings => tables.GetTableClient(SettingsTable);

    public static string InboxPartition(string center, string recipient) => CallKeys.Join(center, recipient);

    /// <summary>Adds the row; false when it is there already (a replay). <c>Dispatched</c> stays false until its delivery is queued.</summary>
    public async Task<bool> AddAsync(Notification n, CancellationToken ct)
    {
        try
        {
            await Inbox.AddEntityAsync(new TableEntity(InboxPartition(n.CenterId, n.Recipient), n.NotificationId)
            {
                ["Kind"] = n.Kind.ToString(), ["At"] = n.At, ["Read"] = false, ["Dispatched"] = false, ["Json"] = JsonSerializer.Serialize(n, Json),
            }, ct);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 409) { return false; }
    }

    public async Task<(Notification Value, bool Dispatched)?> GetAsync(string center, string recipient, string id, CancellationToken ct)
    {
        var hit = await Inbox.GetEntityIfExistsAsync<TableEntity>(InboxPartition(center, recipient), id, cancellationToken: ct);
        return hit.HasValue ? (Read<Notification>(hit.Value!), hit.Value!.GetBoolean("Dispatched") ?? false) : null;
    }

    public Task MarkDispatchedAsync(Notification n, CancellationToken ct) =>
        Inbox.UpdateEntityAsync(new TableEntity(InboxPartition(n.CenterId, n.Recipient), n.NotificationId) { ["Dispatched"] = true }, ETag.All, TableUpdateMode.Merge, ct);

    /// <summary>A recipient's inbox, newest first (one partition).</summary>
    public async Task<IReadOnlyList<Notification>> ListAsync(string center, string recipient, CancellationToken ct)
    {
        var list = new List<Notification>();
        await foreach (var e in Inbox.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {InboxPartition(center, recipient)}"), cancellationToken: ct))
            list.Add(Read<Notification>(e));
        return list.OrderByDescending(n => n.At).ThenBy(n => n.NotificationId, StringComparer.Ordinal).ToList();
    }

    public async Task<Notification> MarkReadAsync(Notification n, DateTimeOffset at, CancellationToken ct)
    {
        if (n.Read) return n;
        var read = n with { ReadAt = at };
        await Inbox.UpdateEntityAsync(new TableEntity(InboxPartition(n.CenterId, n.Recipient), n.NotificationId)
        {
            ["Read"] = true, ["Json"] = JsonSerializer.Serialize(read, Json),
        }, ETag.All, TableUpdateMode.Merge, ct);
        return read;
    }

    public async Task<bool> WasDeliveredAsync(string center, string channel, string key, CancellationToken ct) =>
        (await Deliveries.GetEntityIfExistsAsync<TableEntity>(CallKeys.Join(center, channel), key, cancellationToken: ct)).HasValue;

    public Task RecordDeliveryAsync(string center, string channel, string key, string to, DateTimeOffset at, CancellationToken ct) =>
        Deliveries.UpsertEntityAsync(new TableEntity(CallKeys.Join(center, channel), key) { ["To"] = to, ["At"] = at }, TableUpdateMode.Replace, ct);

    public async Task<NotificationSettings> GetSettingsAsync(string center, CancellationToken ct)
    {
        var hit = await Settings.GetEntityIfExistsAsync<TableEntity>(center, "settings", cancellationToken: ct);
        return hit.HasValue ? Read<NotificationSettings>(hit.Value!) : new NotificationSettings();
    }

    public Task SaveSettingsAsync(string center, NotificationSettings settings, CancellationToken ct) =>
        Settings.UpsertEntityAsync(new TableEntity(center, "settings") { ["Json"] = JsonSerializer.Serialize(settings, Json) }, TableUpdateMode.Replace, ct);

    private static T Read<T>(TableEntity e) => JsonSerializer.Deserialize<T>(e.GetString("Json")!, Json)!;
}

/// <summary>
/// How a center's notifications leave the workbench besides the inbox: a webhook (a Teams workflow's "when a Teams
/// webhook request is received" URL) and/or e-mail to the contacts listed; a contact with <see cref="NotificationContact.Digest"/>
/// gets one e-mail a day instead of one per notification.
/// </summary>
public sealed record NotificationSettings
{
    public string? WebhookUrl { get; init; }
    public bool Email { get; init; }
    public IReadOnlyList<NotificationContact> Contacts { get; init; } = [];

    public NotificationContact? ContactOf(string recipient) =>
        Contacts.FirstOrDefault(c => string.Equals(c.Recipient, recipient, StringComparison.OrdinalIgnoreCase));
}

/// <summary>A person (roster id, or <c>@qa-lead</c> for the leads' shared inbox) and where their e-mail goes.</summary>
public sealed record NotificationContact(string Recipient, string? Email, bool Digest = false);
