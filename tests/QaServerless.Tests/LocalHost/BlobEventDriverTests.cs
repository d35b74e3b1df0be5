using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Queues;
using Microsoft.Extensions.Logging.Abstractions;
using QaServerless.Hosting;
using QaServerless.LocalHost;
using QaServerless.LocalHost.Blobs;
using QaServerless.LocalHost.Functions;
using QaServerless.Tests.Infrastructure;

namespace QaServerless.Tests.LocalHost;

[Collection(AppCollection.Name)]
public class BlobEventDriverTests(AppFixture app)
{
    private const string Manifest = """{"schemaVersion":1,"callId":"c-1"}""";

    /// <summary>An Event Grid-triggered function subscribed to a container of its own, so tests never see each other's blobs.</summary>
    private (FunctionCatalog Catalog, string Container) FunctionOnFreshContainer(string name = "IngestCallRecord", string suffix = ".json")
    {
        var container = "lh" + Guid.NewGuid().ToString("N")[..16];
        var function = StubHandler.Function(name, $$"""
            { "bindings": [ { "type": "eventGridTrigger", "direction": "in", "name": "event",
                              "subjectBeginsWith": "/blobServices/default/containers/{{container}}/blobs/", "subjectEndsWith": "{{suffix}}" } ] }
            """);
        return (new FunctionCatalog([function]), container);
    }

    private LocalFunctionsHost Host(FunctionCatalog catalog, StubHandler handler) =>
        new(catalog, handler.Client(), app.Azurite.ConnectionString, NullLoggerFactory.Instance,
            blobs: new BlobEventOptions { MaxAttempts = 3, HostId = "test-" + Guid.NewGuid().ToString("N")[..8] });

    private async Task<BlobClient> UploadAsync(string container, string name, string content)
    {
        var client = app.BlobService.GetBlobContainerClient(container);
        await client.CreateIfNotExistsAsync();
        var blob = client.GetBlobClient(name);
        await blob.UploadAsync(BinaryData.FromString(content), new BlobUploadOptions
        {
            HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" },
        });
        return blob;
    }

    [Fact]
    public async Task TheEventPayloadHasTheShapeOfTheRecordedHostPayload()
    {
        var (catalog, container) = FunctionOnFreshContainer();
        var handler = new StubHandler();
        await using var host = Host(catalog, handler);
        await UploadAsync(container, "sh/2026/11/19/c-1.json", Manifest);

        await host.Blobs.PollOnceAsync();

        var sent = Assert.Single(handler.CallsTo("IngestCallRecord"));
        var recorded = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Payloads", "IngestCallRecord.event-grid.json")))!.AsObject();
        AssertSameShape(recorded, sent, "$");
        // The event inside, decoded twice, has the recorded event's members and kinds too.
        AssertSameShape(Event(recorded), Event(sent), "$.Data.event");
    }

    [Fact]
    public async Task TheEventNamesTheBlobAndItsSizeButNeverCarriesTheContent()
    {
        var (catalog, container) = FunctionOnFreshContainer();
        var handler = new StubHandler();
        await using var host = Host(catalog, handler);
        var big = new string('x', 3 * 1024 * 1024);
        await UploadAsync(container, "sh/2026/11/19/c-1.json", big);

        await host.Blobs.PollOnceAsync();

        var body = Assert.Single(handler.CallsTo("IngestCallRecord"));
        var (blob, _) = BlobCreatedEvent.From(body.Deserialize<HostInvocation>()!, "event");
        Assert.Equal((container, "sh/2026/11/19/c-1.json", (long)big.Length), (blob!.Container, blob.BlobName, blob.ContentLength));
        Assert.True(body.ToJsonString().Length < 4096, "the invocation carries the notification only");
    }

    [Fact]
    public async Task ABlobVersionIsDeliveredOnceAndAgainOnlyWhenItChanges()
    {
        var (catalog, container) = FunctionOnFreshContainer();
        var handler = new StubHandler();
        await using var host = Host(catalog, handler);
        await UploadAsync(container, "cd/a.json", Manifest);

        Assert.Equal(1, await host.Blobs.PollOnceAsync());
        Assert.Equal(0, await host.Blobs.PollOnceAsync());

        await UploadAsync(container, "cd/a.json", Manifest.Replace("c-1", "c-1b")); // a new ETag
        Assert.Equal(1, await host.Blobs.PollOnceAsync());
        Assert.Equal(2, handler.CallsTo("IngestCallRecord").Count);
    }

    [Fact]
    public async Task ReceiptsInStorageKeepARestartedHostFromDeliveringAgain()
    {
        var (catalog, container) = FunctionOnFreshContainer();
        var handler = new StubHandler();
        var hostId = "restart-" + Guid.NewGuid().ToString("N")[..8];
        BlobEventDriver Driver(FunctionInvoker invoker) => new(catalog, invoker, app.BlobService, app.QueueService,
            new BlobEventOptions { HostId = hostId }, TimeProvider.System, NullLogger<BlobEventDriver>.Instance);
        await using var first = Host(catalog, handler);
        await UploadAsync(container, "cd/a.json", Manifest);
        Assert.Equal(1, await Driver(first.Invoker).PollOnceAsync());

        var restarted = Driver(first.Invoker); // nothing in memory, same storage

        Assert.Equal(0, await restarted.PollOnceAsync());
        Assert.Single(handler.CallsTo("IngestCallRecord"));
    }

    [Fact]
    public async Task AFailingEventIsRetriedThenDeadLetteredAndLeftAlone()
    {
        var (catalog, container) = FunctionOnFreshContainer();
        var handler = new StubHandler { Answer = (_, _, _) => (HttpStatusCode.InternalServerError, null) };
        await using var host = Host(catalog, handler); // MaxAttempts = 3
        await UploadAsync(container, "cd/bad.json", "{");

        for (var i = 0; i < 5; i++) await host.Blobs.PollOnceAsync();

        Assert.Equal(3, handler.CallsTo("IngestCallRecord").Count);
        var deadLetters = app.QueueService.GetQueueClient(BlobEventDriver.DeadLetterQueue);
        var messages = (await deadLetters.PeekMessagesAsync(32)).Value.Select(m => JsonNode.Parse(m.Body.ToString())!).ToList();
        var mine = Assert.Single(messages, m => m["ContainerName"]!.GetValue<string>() == container);
        Assert.Equal("cd/bad.json", mine["BlobName"]!.GetValue<string>());
        Assert.Equal("IngestCallRecord", mine["Function"]!.GetValue<string>());
    }

    [Fact]
    public async Task OnlyBlobsMatchingTheSubscriptionsFilterAreDelivered()
    {
        var (catalog, container) = FunctionOnFreshContainer();
        var handler = new StubHandler();
        await using var host = Host(catalog, handler);
        await UploadAsync(container, "sh/c-1.wav", "RIFF");
        await UploadAsync(container, "sh/c-1.json", Manifest);

        await host.Blobs.PollOnceAsync();

        var invocation = Assert.Single(handler.CallsTo("IngestCallRecord")).Deserialize<HostInvocation>()!;
        Assert.Equal("sh/c-1.json", BlobCreatedEvent.From(invocation, "event").Event!.BlobName);
    }

    private static JsonNode Event(JsonObject payload) =>
        JsonNode.Parse(JsonSerializer.Deserialize<string>(payload["Data"]!["event"]!.GetValue<string>())!)!;

    /// <summary>
    /// Same keys as the recorded payload (recursively), same JSON kinds, and strings encoded the same way: a value the
    /// host encodes twice (a JSON string literal inside the string) must be so here too.
    /// </summary>
    private static void AssertSameShape(JsonNode? recorded, JsonNode? sent, string path)
    {
        if (recorded is null) { Assert.True(sent is null, $"{path}: expected null, got {sent?.ToJsonString()}"); return; }
        Assert.True(sent is not null, $"{path}: missing");
        Assert.Equal(recorded.GetValueKind(), sent!.GetValueKind());
        switch (recorded)
        {
            case JsonObject o:
                foreach (var (key, value) in o) AssertSameShape(value, sent.AsObject()[key], $"{path}.{key}");
                break;
            case JsonValue v when v.GetValueKind() == JsonValueKind.String:
                Assert.True(v.GetValue<string>().StartsWith('"') == sent.GetValue<string>().StartsWith('"'), $"{path}: encoded differently from the host");
                break;
        }
    }
}
