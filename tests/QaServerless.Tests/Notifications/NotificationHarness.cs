using Azure.Storage.Queues;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using QaServerless.LocalHost;
using QaServerless.LocalHost.Delivery;
using QaServerless.Notifications;
using QaServerless.Tests.Infrastructure;

namespace QaServerless.Tests.Notifications;

/// <summary>
/// The app with e-mail configured to the local host's delivery stand-in (the same ACS Email REST protocol and Teams
/// webhook shape the local host serves), on the shared Azurite; and the local host's drivers to run the delivery queue
/// and the reminders timer through the real trigger payloads. Deliveries are drained on demand, so a test sees exactly
/// what one step sent.
/// </summary>
internal sealed class NotificationHarness : IAsyncDisposable
{
    public required DeliveryStandIn StandIn { get; init; }
    public required WebApplicationFactory<Program> App { get; init; }
    public required LocalFunctionsHost Host { get; init; }
    public required QueueClient Queue { get; init; }

    public static async Task<NotificationHarness> StartAsync(AppFixture fixture)
    {
        var standIn = await DeliveryStandIn.StartAsync(NullLogger.Instance);
        var app = fixture.WithWebHostBuilder(b => b.ConfigureAppConfiguration((_, c) => c.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Notifications:Email:Endpoint"] = standIn.Endpoint.ToString(),
            ["Notifications:Email:Sender"] = DeliveryStandIn.Sender,
        })));
        var host = new LocalFunctionsHost(LocalFunctionsHost.LoadCatalog(fixture.RepoRoot), app.CreateClient(), fixture.Azurite.ConnectionString,
            NullLoggerFactory.Instance, fixture.Clock);
        return new NotificationHarness { StandIn = standIn, App = app, Host = host, Queue = fixture.QueueService.GetQueueClient(Notifier.QueueName) };
    }

    /// <summary>
    /// Runs DeliverNotification on every queued delivery request of the test's center. Requests of other centers are
    /// earlier tests' leftovers (the reminders timer runs over every center) whose stand-ins are gone: removed unsent.
    /// </summary>
    public async Task<int> DrainAsync(string center)
    {
        var handled = 0;
        while (true)
        {
            var batch = (await Queue.ReceiveMessagesAsync(32, TimeSpan.FromMinutes(1))).Value;
            if (batch.Length == 0) return handled;
            foreach (var m in batch)
            {
                if (!m.Body.ToString().Contains($"\"centerId\":\"{center}\"")) { await Queue.DeleteMessageAsync(m.MessageId, m.PopReceipt); continue; }
                var ran = await Host.QueueTriggers.InvokeNowAsync("DeliverNotification", m.Body.ToString());
                Assert.True(ran.Succeeded, $"DeliverNotification failed on {m.Body}: {ran.StatusCode} {ran.Error}");
                await Queue.DeleteMessageAsync(m.MessageId, m.PopReceipt);
                handled++;
            }
        }
    }

    public async Task RunRemindersAsync() => Assert.True(await Host.RunNowAsync("NotificationReminders", null));

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        await App.DisposeAsync();
        await StandIn.DisposeAsync();
    }
}
