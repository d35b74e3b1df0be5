using System.Security.Cryptography;
using System.Text;
using QaServerless.ReferenceData;

namespace QaServerless.Notifications.Delivery;

/// <summary>
/// Sends a notification on the center's channels, at least once and never twice: each channel's delivery record is
/// checked before sending and written after, and the e-mail's operation id is the delivery's, so a retry after a crash
/// between the two is deduplicated by the mail service. A failure throws: the queue delivers the request again (five
/// times, then <c>notification-deliveries-poison</c>), and channels already delivered are skipped.
/// </summary>
public sealed class NotificationDelivery(NotificationStore store, TeamsWebhook webhook, EmailChannel emailChannel, ReferenceDataStore reference,
    TimeProvider clock, ILogger<NotificationDelivery> log)
{
    public const string ChannelEmail = "email";
    private readonly IEmailSender? email = emailChannel.Sender;
    public const string ChannelWebhook = "webhook";
    public const string ChannelDigest = "digest";

    /// <summary>What was sent, by channel (for the trigger's log).</summary>
    public async Task<IReadOnlyList<string>> DeliverAsync(DeliveryRequest request, CancellationToken ct)
    {
        var sent = new List<string>();
        if (await store.GetAsync(request.CenterId, request.Recipient, request.NotificationId, ct) is not { } found) return sent;
        var n = found.Value;
        var settings = await store.GetSettingsAsync(n.CenterId, ct);
        var contact = settings.ContactOf(n.Recipient);
        if (settings.Email && email is not null && contact is { Email: { Length: > 0 } address, Digest: false }
            && !await store.WasDeliveredAsync(n.CenterId, ChannelEmail, n.NotificationId, ct))
        {
            var (zh, en) = NotificationText.Title(n);
            await email.SendAsync(new EmailMessage(address, $"{zh} / {en}", $"{zh}\n{en}\n\n{n.Link}"), $"{ChannelEmail}|{n.NotificationId}", ct);
            await store.RecordDeliveryAsync(n.CenterId, ChannelEmail, n.NotificationId, address, clock.GetUtcNow(), ct);
            sent.Add(ChannelEmail);
        }
        if (settings.WebhookUrl is { Length: > 0 } url && !await store.WasDeliveredAsync(n.CenterId, ChannelWebhook, n.NotificationId, ct))
        {
            await webhook.PostAsync(url, n, $"{ChannelWebhook}|{n.NotificationId}", ct);
            await store.RecordDeliveryAsync(n.CenterId, ChannelWebhook, n.NotificationId, n.Recipient, clock.GetUtcNow(), ct);
            sent.Add(ChannelWebhook);
        }
        return sent;
    }

    /// <summary>
    /// The daily digest of a center-local day for every contact who asked for one: one e-mail listing that day's
    /// notifications, none when there were none; once per contact and day (the record's key has both).
    /// </summary>
    public async Task<int> SendDigestsAsync(string center, DateOnly day, CancellationToken ct)
    {
        var settings = await store.GetSettingsAsync(center, ct);
        if (!settings.Email || email is null) return 0;
        var zone = (await reference.GetCenterAsync(center, ct)) ?? new Center(center, center, "UTC");
        var sent = 0;
        foreach (var contact in settings.Contacts.Where(c => c.Digest && !string.IsNullOrWhiteSpace(c.Email)))
        {
            var key = $"digest-{Hash(contact.Recipient)}-{day:yyyyMMdd}";
            if (await store.WasDeliveredAsync(center, ChannelDigest, key, ct)) continue;
            var items = (await store.ListAsync(center, contact.Recipient, ct)).Where(n => zone.DayOf(n.At) == day).OrderBy(n => n.At).ToList();
            if (items.Count == 0) continue;
            var text = string.Join("\n", items.Select(n => $"- {NotificationText.Line(n)}  {n.Link}"));
            await email.SendAsync(new EmailMessage(contact.Email!, $"质检通知摘要 {day:yyyy-MM-dd}（{items.Count} 条） / QA notifications digest {day:yyyy-MM-dd} ({items.Count})", text),
                $"{ChannelDigest}|{center}|{key}", ct);
            await store.RecordDeliveryAsync(center, ChannelDigest, key, contact.Email!, clock.GetUtcNow(), ct);
            sent++;
        }
        if (sent > 0) log.LogInformation("Digest {Center} {Day}: {Count} sent", center, day, sent);
        return sent;
    }

    private static string Hash(string s) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(s)))[..16];
}
