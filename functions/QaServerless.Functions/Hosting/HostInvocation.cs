using System.Text.Json;
using System.Text.Json.Serialization;

namespace QaServerless.Hosting;

/// <summary>
/// What the Functions host POSTs to <c>/{FunctionName}</c> for a non-HTTP trigger
/// (see docs/host-contract and the host's ScriptInvocationContextExtensions).
/// Members the host may add later are skipped: the app-wide refusal of unknown members is for people's requests.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Skip)]
public sealed record HostInvocation(
    [property: JsonPropertyName("Data")] Dictionary<string, JsonElement>? Data,
    [property: JsonPropertyName("Metadata")] Dictionary<string, JsonElement>? Metadata)
{
    /// <summary>
    /// A string binding value arrives JSON-encoded twice (a JSON string whose content is the payload text);
    /// an object arrives as an object. This returns the payload text either way.
    /// </summary>
    public string? DataText(string binding)
    {
        if (Data is null || !Data.TryGetValue(binding, out var value)) return null;
        return value.ValueKind switch
        {
            JsonValueKind.String => Unwrap(value.GetString()),
            JsonValueKind.Null or JsonValueKind.Undefined => null,
            _ => value.GetRawText(),
        };
    }

    /// <summary>
    /// The host serialises a string value once more before it writes the body (GetHttpScriptInvocationContextValue:
    /// JsonConvert.SerializeObject), so after the body is parsed the value may still be a JSON string literal
    /// (<c>"{\"callId\":…}"</c> with its quotes). This undoes that second encoding; text that is not a single JSON
    /// string literal (a manifest, a CSV that happens to start with a quote) is returned as it is.
    /// </summary>
    internal static string? Unwrap(string? text)
    {
        if (text is not ['"', .., '"'] || text.Length < 2) return text;
        try { return JsonSerializer.Deserialize<string>(text); } catch (JsonException) { return text; }
    }

    /// <summary>A binding value that is binary (<c>"dataType": "binary"</c>) arrives base64-encoded.</summary>
    public byte[]? DataBytes(string binding) =>
        DataText(binding) is { } text ? Convert.FromBase64String(text) : null;

    /// <summary>The binding value parsed as JSON, whether it came as an object or as twice-encoded text.</summary>
    public T? DataAs<T>(string binding, JsonSerializerOptions? options = null)
    {
        if (Data is null || !Data.TryGetValue(binding, out var value)) return default;
        return value.ValueKind == JsonValueKind.String
            ? JsonSerializer.Deserialize<T>(Unwrap(value.GetString())!, options ?? HostJson.Options)
            : value.Deserialize<T>(options ?? HostJson.Options);
    }

    /// <summary>A metadata value as text. Metadata strings are sometimes JSON-encoded again; this undoes it.</summary>
    public string? MetadataText(string key)
    {
        if (Metadata is null) return null;
        var hit = Metadata.FirstOrDefault(kv => string.Equals(kv.Key, key, StringComparison.OrdinalIgnoreCase));
        if (hit.Key is null) return null;
        var value = hit.Value;
        if (value.ValueKind != JsonValueKind.String) return value.ValueKind is JsonValueKind.Null ? null : value.GetRawText();
        var text = value.GetString();
        // "\"abc\"" → "abc": the host serialises some metadata values twice.
        if (text is ['"', .., '"'] && text.Length >= 2)
        {
            try { return JsonSerializer.Deserialize<string>(text); } catch (JsonException) { }
        }
        return text;
    }

    public int? MetadataInt(string key) => int.TryParse(MetadataText(key), out var n) ? n : null;
}

/// <summary>What the handler answers to the host.</summary>
public sealed record HostResponse
{
    [JsonPropertyName("Outputs")] public Dictionary<string, object?> Outputs { get; init; } = new();
    [JsonPropertyName("Logs")] public List<string> Logs { get; init; } = new();
    [JsonPropertyName("ReturnValue")] public object? ReturnValue { get; init; }

    /// <summary>Adds a line to the host's log, masked: trigger logs never print a phone, id or card number in clear.</summary>
    public HostResponse Log(string line) { Logs.Add(Privacy.PiiMasker.Mask(line)); return this; }

    public HostResponse Output(string binding, object? value) { Outputs[binding] = value; return this; }
}

public static class HostJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };
}
