using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace QaServerless.LocalHost.Functions;

/// <summary>
/// Encodes values the way the Functions host does for a custom handler (its ScriptInvocationContextExtensions.
/// GetHttpScriptInvocationContextValue, then Newtonsoft for the request body), so the handler sees locally what it
/// will see in Azure:
/// <list type="bullet">
/// <item>a string → JSON-serialised once more: the body carries a JSON string whose text is a JSON string literal
/// (<c>"name": "\"abc\""</c>), i.e. the value is encoded twice;</item>
/// <item>numbers and booleans → their JSON text as a string (<c>"DeliveryCount": "2"</c>);</item>
/// <item>DateTime → re-parsed from its text (sub-second part lost, no zone) and written ISO 8601;
/// DateTimeOffset → the same with its offset;</item>
/// <item>byte[] → base64; objects and dictionaries → JSON objects with their property names as they are.</item>
/// </list>
/// Metadata entries whose key ends in "trigger" are dropped by the host; <see cref="Metadata"/> does the same.
/// </summary>
public static class HostShape
{
    /// <summary>Escapes as Newtonsoft does: <c>\"</c> for quotes (not <c>\u0022</c>), non-ASCII text (Chinese names) as it is.</summary>
    public static readonly JsonSerializerOptions Newtonsoftish = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static JsonNode? Value(object? value) => value switch
    {
        null => null,
        string s => JsonValue.Create(JsonSerializer.Serialize(s, Newtonsoftish)),
        byte[] bytes => JsonValue.Create(Convert.ToBase64String(bytes)),
        bool b => JsonValue.Create(b ? "true" : "false"),
        int or long or short or uint or ulong or double or float or decimal =>
            JsonValue.Create(Convert.ToString(value, CultureInfo.InvariantCulture)),
        DateTime dt => JsonValue.Create(TruncateToSeconds(dt).ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture)),
        DateTimeOffset dto => JsonValue.Create(TruncateToSeconds(dto.DateTime).ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture) + dto.ToString("zzz", CultureInfo.InvariantCulture)),
        Uri uri => JsonValue.Create(JsonSerializer.Serialize(uri.AbsoluteUri, Newtonsoftish)),
        JsonNode node => node.DeepClone(),
        _ => JsonSerializer.SerializeToNode(value),
    };

    /// <summary>A value inside an object (a dictionary entry): plain JSON, not encoded again.</summary>
    public static JsonNode? Plain(object? value) => value switch
    {
        null => null,
        JsonElement e => JsonNode.Parse(e.GetRawText()),
        JsonNode n => n.DeepClone(),
        _ => JsonSerializer.SerializeToNode(value),
    };

    /// <summary>Binding data → the Metadata object: trigger keys dropped, null values skipped, values encoded as the host does.</summary>
    public static JsonObject Metadata(IEnumerable<KeyValuePair<string, object?>> bindingData, string functionName, TimeProvider clock)
    {
        var metadata = new JsonObject();
        foreach (var (key, value) in bindingData)
        {
            if (value is null || key.EndsWith("trigger", StringComparison.OrdinalIgnoreCase)) continue;
            metadata[key] = Value(value);
        }
        // The host's SystemBindingData is an object, so it arrives as an object.
        metadata["sys"] = new JsonObject
        {
            ["MethodName"] = functionName,
            ["UtcNow"] = clock.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture),
            ["RandGuid"] = Guid.NewGuid().ToString(),
        };
        return metadata;
    }

    /// <summary>A trigger or input value: text is encoded twice, unless the binding says <c>"dataType": "binary"</c> (base64).</summary>
    public static JsonNode? Data(string text, bool binary) =>
        binary ? JsonValue.Create(Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(text))) : Value(text);

    public static JsonNode? Data(byte[] content, bool binary) =>
        binary ? JsonValue.Create(Convert.ToBase64String(content)) : Value(System.Text.Encoding.UTF8.GetString(content));

    private static DateTime TruncateToSeconds(DateTime value) => new(value.Ticks - value.Ticks % TimeSpan.TicksPerSecond, value.Kind);
}
