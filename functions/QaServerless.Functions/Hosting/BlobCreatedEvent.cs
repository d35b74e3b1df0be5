using System.Text.Json;

namespace QaServerless.Hosting;

/// <summary>
/// A storage account's <c>Microsoft.Storage.BlobCreated</c> event as an <c>eventGridTrigger</c> hands it to a custom
/// handler: a notification (which blob, how big), never the blob's content. The host's Event Grid extension binds the
/// event as a JToken, converts it to its JSON text for a script function and encodes that string once more for the
/// request body (ScriptInvocationContextExtensions), so <c>Data.&lt;binding&gt;</c> is a twice-encoded string; an
/// object is accepted too. <c>Metadata.data</c> carries the event's <c>data</c> object again (not read here).
/// Event Grid schema (<c>eventType</c>) and CloudEvents (<c>type</c>) are both read.
/// </summary>
public sealed record BlobCreatedEvent(string Container, string BlobName, string EventType, long? ContentLength, string? ETag)
{
    public const string BlobCreated = "Microsoft.Storage.BlobCreated";
    private const string SubjectPrefix = "/blobServices/default/containers/";

    /// <summary>The event of the invocation, or null when it is not a BlobCreated event of a blob (with why).</summary>
    public static (BlobCreatedEvent? Event, string? Ignored) From(HostInvocation invocation, string binding)
    {
        var text = invocation.DataText(binding);
        if (string.IsNullOrWhiteSpace(text)) return (null, "no event in the invocation");
        JsonDocument doc;
        try { doc = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 16 }); }
        catch (JsonException) { return (null, "the event is not JSON"); }
        using (doc)
        {
            var root = doc.RootElement;
            // A batch subscription would send an array; ours deliver one event at a time (maxEventsPerBatch: 1).
            if (root.ValueKind == JsonValueKind.Array && root.GetArrayLength() == 1) root = root[0];
            if (root.ValueKind != JsonValueKind.Object) return (null, "the event is not a JSON object");
            var type = Text(root, "eventType") ?? Text(root, "type") ?? "";
            if (type != BlobCreated) return (null, $"event type {type} is not {BlobCreated}");
            var data = root.TryGetProperty("data", out var d) && d.ValueKind == JsonValueKind.Object ? d : default;
            var (container, name) = FromSubject(Text(root, "subject")) ?? FromUrl(data.ValueKind == JsonValueKind.Object ? Text(data, "url") : null) ?? default;
            if (container is null || name is null) return (null, "the event names no blob");
            long? length = data.ValueKind == JsonValueKind.Object && data.TryGetProperty("contentLength", out var l) && l.TryGetInt64(out var n) ? n : null;
            return (new BlobCreatedEvent(container, name, type, length, data.ValueKind == JsonValueKind.Object ? Text(data, "eTag") : null), null);
        }
    }

    /// <summary><c>/blobServices/default/containers/{container}/blobs/{name}</c>: the name is not URL-encoded there.</summary>
    internal static (string, string)? FromSubject(string? subject)
    {
        if (subject is null || !subject.StartsWith(SubjectPrefix, StringComparison.Ordinal)) return null;
        var rest = subject[SubjectPrefix.Length..];
        var at = rest.IndexOf("/blobs/", StringComparison.Ordinal);
        return at > 0 && at + 7 < rest.Length ? (rest[..at], rest[(at + 7)..]) : null;
    }

    /// <summary>
    /// <c>https://{account}.blob.core.windows.net/{container}/{name}</c>; an emulator (Azurite, an IP host) puts the account
    /// first: <c>http://127.0.0.1:10000/{account}/{container}/{name}</c>. The name is URL-encoded there.
    /// </summary>
    internal static (string, string)? FromUrl(string? url)
    {
        if (url is null || !Uri.TryCreate(url, UriKind.Absolute, out var uri)) return null;
        var path = uri.AbsolutePath.TrimStart('/');
        if (uri.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6 || uri.IsLoopback) path = path[(path.IndexOf('/') + 1)..];
        var slash = path.IndexOf('/');
        return slash > 0 && slash + 1 < path.Length ? (path[..slash], Uri.UnescapeDataString(path[(slash + 1)..])) : null;
    }

    private static string? Text(JsonElement e, string property) =>
        e.TryGetProperty(property, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
