using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Storage.Blobs.Models;
using QaServerless.LocalHost.Functions;

namespace QaServerless.LocalHost.Blobs;

/// <summary>
/// What the Functions host POSTs for an <c>eventGridTrigger</c> on a storage BlobCreated event (host-contract.md): the
/// Event Grid extension binds the event as a JToken, a script function gets it converted to its indented JSON text,
/// and the custom-handler invoker serialises that string once more, so <c>Data.&lt;binding&gt;</c> is the event
/// encoded twice. The trigger's binding data is <c>data</c> (the event's data object), which arrives as an object in
/// <c>Metadata</c>, with <c>sys</c>. Only the notification: the blob's content is never in it.
/// </summary>
public static class BlobCreatedEventPayload
{
    public static JsonObject Event(BlobEventSubscription subscription, string blobName, Uri blobUri, BlobItemProperties properties, string account, TimeProvider clock)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return new JsonObject
        {
            ["topic"] = $"/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/local/providers/Microsoft.Storage/storageAccounts/{account}",
            ["subject"] = subscription.Subject(blobName),
            ["eventType"] = "Microsoft.Storage.BlobCreated",
            ["id"] = Guid.NewGuid().ToString(),
            ["data"] = new JsonObject
            {
                ["api"] = "PutBlob",
                ["clientRequestId"] = Guid.NewGuid().ToString(),
                ["requestId"] = Guid.NewGuid().ToString(),
                ["eTag"] = properties.ETag?.ToString().Trim('"'),
                ["contentType"] = properties.ContentType,
                ["contentLength"] = properties.ContentLength,
                ["blobType"] = "BlockBlob",
                ["url"] = blobUri.AbsoluteUri,
                ["sequencer"] = (properties.LastModified ?? DateTimeOffset.UnixEpoch).UtcTicks.ToString("x32", CultureInfo.InvariantCulture),
                ["storageDiagnostics"] = new JsonObject { ["batchId"] = Guid.NewGuid().ToString() },
            },
            ["dataVersion"] = "",
            ["metadataVersion"] = "1",
            ["eventTime"] = now.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture),
        };
    }

    public static (JsonObject Data, JsonObject Metadata) Build(FunctionDefinition function, JsonObject blobEvent, TimeProvider clock)
    {
        // JToken.ToString(Formatting.Indented): two-space indents, "\n" on Linux.
        var text = blobEvent.ToJsonString(new JsonSerializerOptions(HostShape.Newtonsoftish) { WriteIndented = true });
        var data = new JsonObject { [function.Trigger!.Name] = HostShape.Value(text) };
        var metadata = HostShape.Metadata([new("data", blobEvent["data"]!.DeepClone())], function.Name, clock);
        return (data, metadata);
    }
}
