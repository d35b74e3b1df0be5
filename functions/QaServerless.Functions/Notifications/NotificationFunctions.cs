using QaServerless.Hosting;
using QaServerless.Notifications.Delivery;
using QaServerless.ReferenceData;

namespace QaServerless.Notifications;

/// <summary>The two triggers: the delivery queue's consumer and the hourly reminders (and digests) timer.</summary>
public static class NotificationFunctions
{
    public static IEndpointRouteBuilder MapNotificationFunctions(this IEndpointRouteBuilder app)
    {
        // Queue: one delivery request; a thrown failure goes back to the queue (retried, then -poison).
        app.MapTrigger("DeliverNotification", async (invocation, services, ct) =>
        {
            var response = new HostResponse();
            if (invocation.DataAs<DeliveryRequest>("message") is not { CenterId.Length: > 0, Recipient.Length: > 0, NotificationId.Length: > 0 } request)
                return response.Log("Ignored: not a delivery request.");
            var sent = await services.GetRequiredService<NotificationDelivery>().DeliverAsync(request, ct);
            return response.Log($"{request.CenterId} {request.NotificationId}: {(sent.Count == 0 ? "nothing to send" : string.Join(", ", sent))}");
        });

        app.MapTrigger("NotificationReminders", async (invocation, services, ct) =>
        {
            var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
            var reminders = services.GetRequiredService<Reminders>();
            var response = new HostResponse();
            foreach (var center in await services.GetRequiredService<ReferenceDataStore>().ListCentersAsync(ct))
            {
                var run = await reminders.RunAsync(center, now, ct);
                response.Log($"{center.CenterId}: {run.Raised} notifications, {run.Digests} digests");
            }
            return response;
        });
        return app;
    }
}
