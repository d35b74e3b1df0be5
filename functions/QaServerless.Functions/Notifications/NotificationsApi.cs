using System.Net.Mail;
using Microsoft.AspNetCore.Http.HttpResults;
using QaServerless.Hosting;
using QaServerless.Notifications.Delivery;
using QaServerless.Scorecards;
using QaServerless.Security;

namespace QaServerless.Notifications;

/// <summary>A person's inbox in a center: the unread count (the top bar's badge) and the notifications, newest first.</summary>
public sealed record NotificationInbox(int Unread, IReadOnlyList<Notification> Items);

/// <summary>
/// The inbox under <c>/api/centers/{center}/notifications</c> (only the recipient's own rows: a person reads the
/// partitions of their roster id, and a QA lead also the leads' shared one) and the center's delivery settings.
/// </summary>
public static class NotificationsApi
{
    public const int InboxSize = 200;

    public static IServiceCollection AddNotifications(this IServiceCollection services)
    {
        services.AddTable(NotificationStore.InboxTable).AddTable(NotificationStore.DeliveriesTable).AddTable(NotificationStore.SettingsTable)
            .AddQueue(Notifier.QueueName).AddQueue(Notifier.QueueName + "-poison");
        services.AddSingleton<NotificationStore>();
        services.AddSingleton<Notifier>();
        services.AddHttpClient<TeamsWebhook>();
        services.AddOptions<EmailOptions>().BindConfiguration("Notifications:Email");
        // E-mail only where an endpoint and a sender are configured (infra sets them when e-mail is enabled).
        services.AddSingleton<EmailChannel>();
        services.AddScoped<NotificationDelivery>();
        services.AddScoped<Reminders>();
        return services;
    }

    /// <summary>The inboxes a person reads in a center: their own, and the QA leads' shared one for a lead.</summary>
    public static IReadOnlyList<string> InboxesOf(CurrentUser user, string center) =>
        user.LeadsCenter(center) ? [user.PersonId ?? user.Id, Recipients.QaLeads] : [user.PersonId ?? user.Id];

    public static IEndpointRouteBuilder MapNotifications(this IEndpointRouteBuilder app)
    {
        app.MapNotificationFunctions();
        var group = app.MapGroup("/api/centers/{center}").WithTags("Notifications").RequireAuthorization(Policies.Member);

        group.MapGet("/notifications", async Task<Results<Ok<NotificationInbox>, NotFound>> (string center, NotificationStore store, CurrentUser user, CancellationToken ct) =>
        {
            if (!user.CanSeeCenter(center)) return TypedResults.NotFound();
            var all = new List<Notification>();
            foreach (var inbox in InboxesOf(user, center)) all.AddRange(await store.ListAsync(center, inbox, ct));
            var items = all.OrderByDescending(n => n.At).Take(InboxSize).ToList();
            return TypedResults.Ok(new NotificationInbox(all.Count(n => !n.Read), items));
        });

        group.MapPost("/notifications/{id}/read", async Task<Results<Ok<Notification>, NotFound>> (string center, string id, NotificationStore store,
            CurrentUser user, TimeProvider clock, CancellationToken ct) =>
        {
            if (!user.CanSeeCenter(center)) return TypedResults.NotFound();
            foreach (var inbox in InboxesOf(user, center))
                if (await store.GetAsync(center, inbox, id, ct) is { } found)
                    return TypedResults.Ok(await store.MarkReadAsync(found.Value, clock.GetUtcNow(), ct));
            return TypedResults.NotFound(); // not there, or somebody else's: the same answer
        });

        group.MapGet("/notification-settings", async Task<Results<Ok<NotificationSettings>, ForbidHttpResult, NotFound>> (string center, NotificationStore store,
            CurrentUser user, CancellationToken ct) =>
        {
            if (!user.CanSeeCenter(center)) return TypedResults.NotFound();
            if (!user.LeadsCenter(center)) return TypedResults.Forbid();
            return TypedResults.Ok(await store.GetSettingsAsync(center, ct));
        });

        group.MapPut("/notification-settings", async Task<Results<Ok<NotificationSettings>, ValidationProblem, ForbidHttpResult, NotFound>> (string center,
            NotificationSettings body, NotificationStore store, CurrentUser user, IHostEnvironment environment, CancellationToken ct) =>
        {
            if (!user.CanSeeCenter(center)) return TypedResults.NotFound();
            if (!user.LeadsCenter(center)) return TypedResults.Forbid();
            var errors = Validate(body, environment.IsDevelopment());
            if (errors.Count > 0)
                return ProblemCodes.Validation(errors, ProblemCodes.NotificationSettingsInvalid, new Dictionary<string, object?> { ["fieldCodes"] = errors.Codes });
            var settings = body with { WebhookUrl = string.IsNullOrWhiteSpace(body.WebhookUrl) ? null : body.WebhookUrl.Trim(),
                Contacts = (body.Contacts ?? []).Select(c => c with { Recipient = c.Recipient.Trim(), Email = c.Email?.Trim() }).ToList() };
            await store.SaveSettingsAsync(center, settings, ct);
            return TypedResults.Ok(settings);
        });
        return app;
    }

    /// <summary>
    /// A webhook is an https URL (an http one only on loopback in Development, for the local stand-in): the app posts to
    /// it, so it may not point into the app's own network. Each contact names a recipient once, with a valid address.
    /// Each message has a code beside it (the problem's <c>fieldCodes</c>), so the workbench says it in the reader's language.
    /// </summary>
    public static FieldProblems Validate(NotificationSettings s, bool development)
    {
        var errors = new FieldProblems();
        if (!string.IsNullOrWhiteSpace(s.WebhookUrl))
        {
            if (!Uri.TryCreate(s.WebhookUrl.Trim(), UriKind.Absolute, out var url)
                || !(url.Scheme == Uri.UriSchemeHttps || development && url.Scheme == Uri.UriSchemeHttp && url.IsLoopback))
                errors.Add("webhookUrl", WebhookNotHttps, "The webhook is an absolute https URL (the Teams workflow's \"When a Teams webhook request is received\" URL).");
        }
        var contacts = s.Contacts ?? [];
        for (var i = 0; i < contacts.Count; i++)
        {
            var c = contacts[i];
            if (c is null || string.IsNullOrWhiteSpace(c.Recipient)) { errors.Add($"contacts[{i}].recipient", RecipientMissing, "Name the person (roster id) or @qa-lead."); continue; }
            if (contacts.Take(i).Any(o => o is not null && string.Equals(o.Recipient?.Trim(), c.Recipient.Trim(), StringComparison.OrdinalIgnoreCase)))
                errors.Add($"contacts[{i}].recipient", RecipientTwice, $"'{c.Recipient}' is listed twice.");
            if (string.IsNullOrWhiteSpace(c.Email) || !MailAddress.TryCreate(c.Email.Trim(), out var address) || address.Address != c.Email.Trim())
                errors.Add($"contacts[{i}].email", EmailInvalid, "An e-mail address such as name@example.com.");
        }
        if (contacts.Count > 2000) errors.Add("contacts", TooManyContacts, "At most 2000 contacts.");
        return errors;
    }

    // The field codes of a settings problem (stable: the workbench translates them).
    public const string WebhookNotHttps = "notifications.webhook-not-https";
    public const string RecipientMissing = "notifications.recipient-missing";
    public const string RecipientTwice = "notifications.recipient-twice";
    public const string EmailInvalid = "notifications.email-invalid";
    public const string TooManyContacts = "notifications.too-many-contacts";
}
