using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using QaServerless.Hosting;
using QaServerless.LocalHost;
using QaServerless.LocalHost.Functions;
using QaServerless.Tests.Infrastructure;

namespace QaServerless.Tests.LocalHost;

[Collection(AppCollection.Name)]
public class QueueTriggerDriverTests(AppFixture app)
{
    private (LocalFunctionsHost Host, string Queue) Host(StubHandler handler)
    {
        var queue = "lhs" + Guid.NewGuid().ToString("N")[..12];
        var function = StubHandler.Function("AnalyzeCall", $$"""
            { "bindings": [ { "type": "queueTrigger", "direction": "in", "name": "message", "queueName": "{{queue}}", "connection": "AzureWebJobsStorage" } ] }
            """);
        return (new LocalFunctionsHost(new FunctionCatalog([function]), handler.Client(), app.Azurite.ConnectionString, NullLoggerFactory.Instance), queue);
    }

    [Fact]
    public async Task AQueueMessageIsDeliveredTwiceEncodedWithItsDequeueCountAndRemovedOnSuccess()
    {
        var handler = new StubHandler();
        var (host, queue) = Host(handler);
        await using var _ = host;
        var client = app.QueueService.GetQueueClient(queue);
        await client.CreateAsync();
        await client.SendMessageAsync("""{"center":"sh","callId":"c-1"}""");

        Assert.Equal(1, await host.QueueTriggers.PollOnceAsync());
        Assert.Equal(0, await host.QueueTriggers.PollOnceAsync());

        var sent = Assert.Single(handler.CallsTo("AnalyzeCall"));
        Assert.StartsWith("\"", sent["Data"]!["message"]!.GetValue<string>()); // a JSON string literal inside the string
        var invocation = sent.Deserialize<HostInvocation>()!;
        Assert.Equal("""{"center":"sh","callId":"c-1"}""", invocation.DataText("message"));
        Assert.Equal(1, invocation.MetadataInt("DequeueCount"));
        Assert.False(sent["Metadata"]!.AsObject().ContainsKey("QueueTrigger"));
    }

    [Fact]
    public async Task AMessageThatKeepsFailingGoesToThePoisonQueueAfterFiveDequeues()
    {
        var handler = new StubHandler { Answer = (_, _, _) => (HttpStatusCode.InternalServerError, null) };
        var (host, queue) = Host(handler);
        await using var _ = host;
        var client = app.QueueService.GetQueueClient(queue);
        await client.CreateAsync();
        await client.SendMessageAsync("""{"callId":"bad"}""");

        for (var i = 0; i < 8 && await host.QueueTriggers.PollOnceAsync() > 0; i++) { }

        Assert.Equal(5, handler.CallsTo("AnalyzeCall").Count);
        var poison = (await app.QueueService.GetQueueClient(queue + "-poison").ReceiveMessagesAsync(5)).Value;
        Assert.Equal("""{"callId":"bad"}""", Assert.Single(poison).Body.ToString());
    }
}
