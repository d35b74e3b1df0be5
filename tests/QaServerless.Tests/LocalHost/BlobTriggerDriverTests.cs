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
public class BlobTriggerDriverTests(AppFixture app)
{
    private const string Manifest = """{"schemaVersion":1,"callId":"c-1"}""";

    /// <summary>A blob-triggered function on a container of its own, so tests never see each other's blobs.</summary>
    private (FunctionCatalog Catalog, string Container) FunctionOnFreshContainer(string name = "IngestCallRecord", string binding = "manifest", string pattern = "{name}.json")
    {
        var container = "lh" + Guid.NewGuid().ToString("N")[..16];
        var function = StubHandler.Function(name, $$"""
            { "bindings": [ { "type": "blobTrigger", "direction": "in", "name": "{{binding}}", "path": "{{container}}/{{pattern}}",
                              "connection": "AzureWebJobsStorage", "source": "EventGrid" } ] }
            """);
        return (new FunctionCatalog([function]), container);
    }

    private LocalFunctionsHost Host(FunctionCatalog catalog, StubHandler handler) =>
        new(catalog, handler.Client(), app.Azurite.ConnectionString, NullLoggerFactory.Instance,
            blobs: new BlobTriggerOptions { MaxAttempts = 3, HostId = "test-" + Guid.NewGuid().ToString("N")[..8] });

    private async Task<BlobClient> UploadAsync(string container, string name, string content, IDictionary<string, string>? metadata = null)
    {
        var client = app.BlobService.GetBlobContainerClient(container);
        await client.CreateIfNotExistsAsync();
        var blob = client.GetBlobClient(name);
        await blob.UploadAsync(BinaryData.FromString(content), new BlobUploadOptions
        {
            HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" },
            Metadata = metadata,
        });
        return blob;
    }

    [Fact]
    public async Task TheBlobPayloadHasTheShapeOfTheRecordedHostPayload()
    {
        var (catalog, container) = FunctionOnFreshContainer();
        var handler = new StubHandler();
        await using var host = Host(catalog, handler);
        await UploadAsync(container, "sh/2026/11/19/c-1.json", Manifest, new Dictionary<string, string> { ["source"] = "acd" });

        await host.Blobs.PollOnceAsync();

        var sent = Assert.Single(handler.CallsTo("IngestCallRecord"));
        var recorded = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Payloads", "LocalHost", "blob-trigger-IngestCallRecord.json")))!.AsObject();
        AssertSameShape(recorded, sent, "$");
        // Values that do not vary: the content and the capture, encoded as the host encodes them.
        Assert.Equal(recorded["Data"]!["manifest"]!.GetValue<string>(), sent["Data"]!["manifest"]!.GetValue<string>());
        Assert.Equal(recorded["Metadata"]!["name"]!.GetValue<string>(), sent["Metadata"]!["name"]!.GetValue<string>());
        Assert.False(sent["Metadata"]!.AsObject().ContainsKey("BlobTrigger")); // the host drops keys ending in "trigger"
    }

    [Fact]
    public async Task TheHandlersEnvelopeReadsTheContentAndTheCapturesBack()
    {
        var (catalog, container) = FunctionOnFreshContainer();
        var handler = new StubHandler();
        await using var host = Host(catalog, handler);
        await UploadAsync(container, "sh/2026/11/19/c-1.json", Manifest);

        await host.Blobs.PollOnceAsync();

        var invocation = Assert.Single(handler.CallsTo("IngestCallRecord")).Deserialize<HostInvocation>()!;
        Assert.Equal(Manifest, invocation.DataText("manifest"));
        Assert.Equal("sh/2026/11/19/c-1", invocation.MetadataText("name"));
        Assert.EndsWith($"/{container}/sh/2026/11/19/c-1.json", invocation.MetadataText("Uri"));
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
        BlobTriggerDriver Driver(FunctionInvoker invoker) => new(catalog, invoker, app.BlobService, app.QueueService,
            new BlobTriggerOptions { HostId = hostId }, TimeProvider.System, NullLogger<BlobTriggerDriver>.Instance);
        await using var first = Host(catalog, handler);
        await UploadAsync(container, "cd/a.json", Manifest);
        Assert.Equal(1, await Driver(first.Invoker).PollOnceAsync());

        var restarted = Driver(first.Invoker); // nothing in memory, same storage

        Assert.Equal(0, await restarted.PollOnceAsync());
        Assert.Single(handler.CallsTo("IngestCallRecord"));
    }

    [Fact]
    public async Task AFailingBlobIsRetriedThenPoisonedAndLeftAlone()
    {
        var (catalog, container) = FunctionOnFreshContainer();
        var handler = new StubHandler { Answer = (_, _, _) => (HttpStatusCode.InternalServerError, null) };
        await using var host = Host(catalog, handler); // MaxAttempts = 3
        await UploadAsync(container, "cd/bad.json", "{");

        for (var i = 0; i < 5; i++) await host.Blobs.PollOnceAsync();

        Assert.Equal(3, handler.CallsTo("IngestCallRecord").Count);
        var poison = app.QueueService.GetQueueClient(BlobTriggerDriver.PoisonQueue);
        var messages = (await poison.PeekMessagesAsync(32)).Value.Select(m => JsonNode.Parse(m.Body.ToString())!).ToList();
        var mine = Assert.Single(messages, m => m["ContainerName"]!.GetValue<string>() == container);
        Assert.Equal("cd/bad.json", mine["BlobName"]!.GetValue<string>());
        Assert.Equal("Host.Functions.IngestCallRecord", mine["FunctionId"]!.GetValue<string>());
    }

    [Fact]
    public async Task OnlyBlobsMatchingThePatternTrigger()
    {
        var (catalog, container) = FunctionOnFreshContainer();
        var handler = new StubHandler();
        await using var host = Host(catalog, handler);
        await UploadAsync(container, "sh/c-1.wav", "RIFF");
        await UploadAsync(container, "sh/c-1.json", Manifest);

        await host.Blobs.PollOnceAsync();

        var invocation = Assert.Single(handler.CallsTo("IngestCallRecord")).Deserialize<HostInvocation>()!;
        Assert.Equal("sh/c-1", invocation.MetadataText("name"));
    }

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
