using System.Text.Json.Nodes;
using Azure.Storage.Blobs.Models;
using QaServerless.LocalHost.Functions;

namespace QaServerless.LocalHost.Blobs;

/// <summary>
/// The body the Functions host POSTs for a blob trigger (host-contract.md): <c>Data.&lt;binding&gt;</c> = the blob's whole
/// content (text encoded twice; base64 with <c>"dataType": "binary"</c>); <c>Metadata</c> = <c>Uri</c>, <c>Properties</c>,
/// <c>Metadata</c> (the blob's own), the path pattern's captures and <c>sys</c>. <c>BlobTrigger</c> (the path) is in the
/// binding data but dropped by the host, like every key ending in "trigger".
/// </summary>
public static class BlobTriggerPayload
{
    public static (JsonObject Data, JsonObject Metadata) Build(
        FunctionDefinition function, string containerName, string blobName, Uri blobUri, BinaryData content,
        BlobProperties properties, IReadOnlyDictionary<string, string> captures, TimeProvider clock)
    {
        var trigger = function.Trigger!;
        var data = new JsonObject { [trigger.Name] = HostShape.Data(content.ToArray(), trigger.IsBinary) };
        var bindingData = new List<KeyValuePair<string, object?>>
        {
            new("BlobTrigger", $"{containerName}/{blobName}"),
            new("Uri", blobUri),
            new("Properties", Properties(properties)),
            new("Metadata", new JsonObject(properties.Metadata.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value)))),
        };
        bindingData.AddRange(captures.Select(kv => new KeyValuePair<string, object?>(kv.Key, kv.Value)));
        return (data, HostShape.Metadata(bindingData, function.Name, clock));
    }

    /// <summary>
    /// The SDK's BlobProperties as Newtonsoft writes them (the host uses JObject.FromObject): PascalCase names, enums as
    /// numbers, dates ISO 8601 with offset, the hash base64. Azure.ETag has no public members, so ETag comes out as {}:
    /// read the ETag from the blob itself, not from here. A subset of the members; the rest are rarely set.
    /// </summary>
    public static JsonObject Properties(BlobProperties p) => new()
    {
        ["LastModified"] = p.LastModified.ToString("O"),
        ["CreatedOn"] = p.CreatedOn.ToString("O"),
        ["Metadata"] = new JsonObject(p.Metadata.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value))),
        ["BlobType"] = (int)p.BlobType,
        ["ContentLength"] = p.ContentLength,
        ["ContentType"] = p.ContentType,
        ["ETag"] = new JsonObject(),
        ["ContentHash"] = p.ContentHash is { Length: > 0 } hash ? Convert.ToBase64String(hash) : null,
        ["ContentEncoding"] = p.ContentEncoding,
        ["ContentDisposition"] = p.ContentDisposition,
        ["ContentLanguage"] = p.ContentLanguage,
        ["CacheControl"] = p.CacheControl,
        ["LeaseState"] = (int)p.LeaseState,
        ["LeaseStatus"] = (int)p.LeaseStatus,
        ["IsServerEncrypted"] = p.IsServerEncrypted,
        ["AccessTier"] = p.AccessTier?.ToString(),
        ["VersionId"] = p.VersionId,
    };
}
