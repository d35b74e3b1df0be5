using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using QaServerless.Hosting;
using QaServerless.LocalHost;
using QaServerless.LocalHost.Functions;
using QaServerless.LocalHost.ServiceBus;
using QaServerless.Tests.Infrastructure;

namespace QaServerless.Tests.LocalHost;

[Collection(AppCollection.Name)]
public class ServiceBusStandInTests(AppFixture app)
{
    private static string NewQueue() => "lhq" + Guid.NewGuid().ToString("N")[..12];

    private static FunctionDefinition Consumer(string name, string queue, string binding = "request") => StubHandler.Function(name, $$"""
        { "bindings": [ { "type": "serviceBusTrigger", "direction": "in", "name": "{{binding}}", "queueName": "{{queue}}", "connection": "ServiceBusConnection" } ] }
        """);

    private LocalFunctionsHost Host(StubHandler handler, int maxDeliveryCount, params FunctionDefinition[] functions) =>
        new(new FunctionCatalog(functions), handler.Client(), app.Azurite.ConnectionString, NullLoggerFactory.Instance,
            serviceBus: new ServiceBusOptions { MaxDeliveryCount = maxDeliveryCount });

    private static HostInvocation Invocation(JsonObject body) => body.Deserialize<HostInvocation>()!;

    /// <summary>Polls until the queues are quiet; bounded, so a bug cannot hang the run.</summary>
    private static async Task DrainAsync(LocalFunctionsHost host)
    {
        for (var i = 0; i < 30 && await host.ServiceBusTriggers.PollOnceAsync() > 0; i++) { }
    }

    [Fact]
    public async Task AFailedDeliveryIsRedeliveredWithAGrowingDeliveryCount()
    {
        var queue = NewQueue();
        var handler = new StubHandler { Answer = (_, _, n) => (n < 3 ? HttpStatusCode.InternalServerError : HttpStatusCode.OK, null) };
        await using var host = Host(handler, 10, Consumer("AssignInspector", queue));
        await host.ServiceBus.SendAsync(queue, ServiceBusMessage.FromText("""{"callId":"c-1"}""", "m-1"));

        await DrainAsync(host);

        var deliveries = handler.CallsTo("AssignInspector").Select(Invocation).ToList();
        Assert.Equal([1, 2, 3], deliveries.Select(d => d.MetadataInt("DeliveryCount")!.Value));
        Assert.All(deliveries, d => Assert.Equal("m-1", d.MetadataText("MessageId")));
        Assert.All(deliveries, d => Assert.Equal("""{"callId":"c-1"}""", d.DataText("request")));
        Assert.Empty((await (await host.ServiceBus.QueueAsync(queue)).PeekMessagesAsync(1)).Value);
    }

    [Fact]
    public async Task AfterMaxDeliveriesTheMessageIsDeadLetteredWithTheBrokersReason()
    {
        var queue = NewQueue();
        var handler = new StubHandler { Answer = (f, _, _) => (f == "AssignInspector" ? HttpStatusCode.InternalServerError : HttpStatusCode.OK, null) };
        await using var host = Host(handler, 3, Consumer("AssignInspector", queue), Consumer("RecordDeadLetter", queue + "/$deadletterqueue", "message"));
        await host.ServiceBus.SendAsync(queue, ServiceBusMessage.FromText("""{"callId":"c-9"}""", "m-9"));

        await DrainAsync(host);

        Assert.Equal(3, handler.CallsTo("AssignInspector").Count);
        var dead = Invocation(Assert.Single(handler.CallsTo("RecordDeadLetter")));
        Assert.Equal("""{"callId":"c-9"}""", dead.DataText("message"));
        Assert.Equal("m-9", dead.MetadataText("MessageId"));
        var properties = dead.Metadata!["ApplicationProperties"];
        Assert.Equal("MaxDeliveryCountExceeded", properties.GetProperty("DeadLetterReason").GetString());
        Assert.StartsWith("Message could not be consumed after 3 delivery attempts.", properties.GetProperty("DeadLetterErrorDescription").GetString());
        Assert.Equal($"{queue}-deadletter", ServiceBusStandIn.StorageQueueName(queue + "/$DeadLetterQueue"));
    }

    [Fact]
    public async Task AMessageIdSentAgainWithinTheWindowIsDropped()
    {
        var queue = NewQueue();
        var handler = new StubHandler();
        await using var host = Host(handler, 10, Consumer("AssignInspector", queue));

        Assert.True(await host.ServiceBus.SendAsync(queue, ServiceBusMessage.FromText("{\"n\":1}", "same")));
        Assert.False(await host.ServiceBus.SendAsync(queue, ServiceBusMessage.FromText("{\"n\":2}", "same")));
        Assert.True(await host.ServiceBus.SendAsync(queue, ServiceBusMessage.FromText("{\"n\":3}", "other")));
        await DrainAsync(host);

        Assert.Equal(["{\"n\":1}", "{\"n\":3}"], handler.CallsTo("AssignInspector").Select(b => Invocation(b).DataText("request")).Order());
    }

    [Fact]
    public async Task AServiceBusOutputArrayBecomesOneMessagePerElement()
    {
        var queue = NewQueue();
        var producer = StubHandler.Function("DailySampling", $$"""
            { "bindings": [
                { "type": "timerTrigger", "direction": "in", "name": "timer", "schedule": "0 0 2 * * *" },
                { "type": "serviceBus", "direction": "out", "name": "assignments", "queueName": "{{queue}}", "connection": "ServiceBusConnection" } ] }
            """);
        var handler = new StubHandler
        {
            Answer = (f, _, _) => f == "DailySampling"
                ? (HttpStatusCode.OK, new { Outputs = new { assignments = new object[] { new { callId = "a" }, new { callId = "b" } } }, Logs = new[] { "2 sampled" } })
                : (HttpStatusCode.OK, null),
        };
        await using var host = Host(handler, 10, producer, Consumer("AssignInspector", queue));

        var result = await host.Timers.InvokeNowAsync("DailySampling");
        await DrainAsync(host);

        Assert.True(result.Succeeded);
        var timer = Assert.Single(handler.CallsTo("DailySampling"));
        Assert.False(timer["Data"]!["timer"]!["IsPastDue"]!.GetValue<bool>());
        Assert.Equal(["{\"callId\":\"a\"}", "{\"callId\":\"b\"}"], handler.CallsTo("AssignInspector").Select(b => Invocation(b).DataText("request")).Order());
    }

    [Fact]
    public async Task AFailedInvocationsOutputsAreDiscarded()
    {
        var queue = NewQueue();
        var producer = StubHandler.Function("DailySampling", $$"""
            { "bindings": [
                { "type": "timerTrigger", "direction": "in", "name": "timer", "schedule": "0 0 2 * * *" },
                { "type": "serviceBus", "direction": "out", "name": "assignments", "queueName": "{{queue}}", "connection": "ServiceBusConnection" } ] }
            """);
        var handler = new StubHandler { Answer = (_, _, _) => (HttpStatusCode.InternalServerError, new { Outputs = new { assignments = new[] { new { callId = "a" } } } }) };
        await using var host = Host(handler, 10, producer);

        var result = await host.Timers.InvokeNowAsync("DailySampling");

        Assert.False(result.Succeeded);
        Assert.Empty((await (await host.ServiceBus.QueueAsync(queue)).PeekMessagesAsync(1)).Value);
    }
}
