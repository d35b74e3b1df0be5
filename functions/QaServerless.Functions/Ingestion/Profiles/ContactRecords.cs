using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace QaServerless.Ingestion.Profiles;

/// <summary>
/// JSON exports read as flat records (field path → text), one at a time from a stream: the file is never held whole.
/// Amazon Connect writes contact records one JSON object after another (Kinesis Data Firehose to S3) or one a line;
/// Genesys Cloud's conversation details come one conversation a line or as pages of the query's answer
/// (<c>{"conversations": [...]}</c>), a page (at most 100 conversations in the API) held while it is read.
/// </summary>
public static class ContactRecords
{
    public const int MaxDepth = 32;
    /// <summary>A conversation with many segments is long: a JSON line of a profile may be up to 1 MB.</summary>
    public const int MaxLineChars = 1024 * 1024;
    private const int MaxRawChars = 2000;
    private static readonly JsonSerializerOptions ReadOptions = new() { MaxDepth = MaxDepth };

    /// <summary>The records of a JSON file in the profile's format, numbered from 1 (a line number for JSON lines).</summary>
    public static async IAsyncEnumerable<CdrRecord> ReadAsync(Stream stream, string format, bool jsonLines, [EnumeratorCancellation] CancellationToken ct)
    {
        var values = jsonLines ? CdrReader.ReadJsonLinesAsync(stream, MaxDepth, ct, MaxLineChars) : ReadValuesAsync(stream, ct);
        long n = 0;
        await foreach (var (line, value, raw, problem) in values)
        {
            if (value is not { } root)
            {
                yield return new CdrRecord(line, null, raw, problem);
                continue;
            }
            foreach (var record in Expand(format, root))
            {
                n++;
                var at = jsonLines ? line : n;
                var text = Raw(record);
                if (record.ValueKind != JsonValueKind.Object) { yield return new CdrRecord(at, null, text, "not a JSON object"); continue; }
                if (ImportFormats.HasMessages(format))
                {
                    var (fields, messages, errors) = format == ImportFormats.Conversations
                        ? Conversations.ConversationExport.Read(record) : Conversations.ConnectChatTranscript.Read(record);
                    yield return new CdrRecord(at, new TextRecordFields(fields.GetValueOrDefault), text, null) { Conversation = (messages, errors) };
                }
                else yield return new CdrRecord(at, new TextRecordFields(Fields(format, record).GetValueOrDefault), text, null);
            }
        }
    }

    /// <summary>Top-level JSON values one after another (whitespace or nothing between them), each parsed alone.</summary>
    private static async IAsyncEnumerable<(long, JsonElement?, string, string?)> ReadValuesAsync(Stream stream, [EnumeratorCancellation] CancellationToken ct)
    {
        // A file that is one JSON array (an export of conversations) is read element by element, never held whole.
        var array = await StartsWithArrayAsync(stream, ct);
        await using var values = (array
            ? JsonSerializer.DeserializeAsyncEnumerable<JsonElement>(stream, ReadOptions, ct)
            : JsonSerializer.DeserializeAsyncEnumerable<JsonElement>(stream, topLevelValues: true, ReadOptions, ct)).GetAsyncEnumerator(ct);
        long n = 0;
        while (true)
        {
            string? problem = null;
            try
            {
                if (!await values.MoveNextAsync()) yield break;
            }
            catch (JsonException e)
            {
                // Without line breaks there is no telling where the next record starts: the rest is one reject.
                problem = $"malformed JSON after record {n} ({e.Message}); the rest of the file could not be read";
            }
            if (problem is not null) { yield return (n + 1, null, "", problem); yield break; }
            n++;
            yield return (n, values.Current, "", null);
        }
    }

    /// <summary>Whether the first thing in the file (after blanks and a byte order mark) is '['; the stream is put back where it was.</summary>
    private static async Task<bool> StartsWithArrayAsync(Stream stream, CancellationToken ct)
    {
        if (!stream.CanSeek) return false;
        var start = stream.Position;
        var buffer = new byte[256];
        var read = await stream.ReadAsync(buffer, ct);
        stream.Position = start;
        foreach (var b in buffer.AsSpan(0, read))
            if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n' or 0xEF or 0xBB or 0xBF)) return b == (byte)'[';
        return false;
    }

    /// <summary>A Genesys page holds its conversations in <c>conversations</c>; everything else is one record.</summary>
    private static IEnumerable<JsonElement> Expand(string format, JsonElement root)
    {
        if (format == ImportFormats.GenesysCloud && root.ValueKind == JsonValueKind.Object
            && root.TryGetProperty("conversations", out var page) && page.ValueKind == JsonValueKind.Array)
            return page.EnumerateArray();
        return root.ValueKind == JsonValueKind.Array ? root.EnumerateArray() : [root];
    }

    private static Dictionary<string, string?> Fields(string format, JsonElement record) => format switch
    {
        ImportFormats.AmazonConnect => ConnectFields(record),
        ImportFormats.GenesysCloud => GenesysFields(record),
        _ => Flatten(record),
    };

    private static string Raw(JsonElement e)
    {
        var text = e.GetRawText();
        return text.Length > MaxRawChars ? text[..MaxRawChars] + "…" : text;
    }

    /// <summary>Every scalar of the object by its path: <c>Agent.Username</c>, <c>Recordings.0.Location</c>; nulls are absent.</summary>
    public static Dictionary<string, string?> Flatten(JsonElement root, params string[] skip)
    {
        var fields = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        Walk(root, "", fields, skip);
        return fields;
    }

    private static void Walk(JsonElement e, string path, Dictionary<string, string?> fields, string[] skip)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var p in e.EnumerateObject())
                    if (path.Length > 0 || !skip.Contains(p.Name)) Walk(p.Value, path.Length == 0 ? p.Name : $"{path}.{p.Name}", fields, skip);
                break;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in e.EnumerateArray()) Walk(item, $"{path}.{i++}", fields, skip);
                break;
            case JsonValueKind.String: fields[path] = e.GetString(); break;
            case JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False: fields[path] = e.GetRawText(); break;
        }
    }

    /// <summary>
    /// A Connect contact record flattened, plus what the record says only by absence: <c>derived.abandoned</c> (queued,
    /// never connected to an agent) and <c>derived.agentId</c> (the agent's id, the last segment of <c>Agent.ARN</c>).
    /// </summary>
    private static Dictionary<string, string?> ConnectFields(JsonElement record)
    {
        var f = Flatten(record);
        var connected = f.ContainsKey("Agent.ConnectedToAgentTimestamp") || f.ContainsKey("Agent.ARN") || f.ContainsKey("Agent.Username");
        var queued = f.ContainsKey("Queue.ARN") || f.ContainsKey("Queue.Name") || f.ContainsKey("Queue.EnqueueTimestamp");
        f["derived.abandoned"] = queued && !connected ? "true" : "false";
        if (f.GetValueOrDefault("Agent.ARN") is { } arn) f["derived.agentId"] = arn[(arn.LastIndexOf('/') + 1)..];
        return f;
    }

    private static readonly string[] AgentMetrics = ["tTalk", "tHeld", "tAcw", "tHandle"];
    private static readonly string[] ConversationMetrics = ["tAcd", "tAbandon", "tWait", "nTransferred", "nConsultTransferred", "nBlindTransferred"];

    /// <summary>
    /// A Genesys conversation detail record: its own scalars (<c>conversationId</c>, <c>conversationStart</c>,
    /// <c>originatingDirection</c>, <c>divisionIds.0</c> …) and what its participants say, gathered: <c>mediaType</c>,
    /// <c>agent.userId</c> (the last agent who talked: after a transfer, the one who finished), <c>queue.name</c> and
    /// <c>queue.id</c> (the first ACD participant), <c>customer.address</c> (the customer's ani or address),
    /// <c>wrapUpCode</c>, <c>metrics.{name}</c> (talk, hold, ACW and handle summed over agents; the others over all
    /// participants; milliseconds as Genesys writes them), <c>derived.abandoned</c> and <c>derived.transferred</c>.
    /// </summary>
    private static Dictionary<string, string?> GenesysFields(JsonElement record)
    {
        var f = Flatten(record, "participants");
        var sums = new Dictionary<string, double>(StringComparer.Ordinal);
        string? agent = null, talkingAgent = null;
        if (record.TryGetProperty("participants", out var participants) && participants.ValueKind == JsonValueKind.Array)
            foreach (var p in participants.EnumerateArray())
            {
                var purpose = Str(p, "purpose");
                var isAgent = purpose is "agent" or "user";
                if (isAgent && Str(p, "userId") is { } userId) agent = userId;
                if (purpose == "acd" && Str(p, "participantName") is { } queue) f.TryAdd("queue.name", queue);
                var talked = false;
                foreach (var s in Array(p, "sessions"))
                {
                    if (Str(s, "mediaType") is { } media) f.TryAdd("mediaType", media);
                    if (purpose is "customer" or "external" && (Str(s, "ani") ?? Str(s, "addressFrom") ?? Str(s, "remote")) is { } address)
                        f.TryAdd("customer.address", address);
                    foreach (var seg in Array(s, "segments"))
                    {
                        if (purpose == "acd" && Str(seg, "queueId") is { } queueId) f.TryAdd("queue.id", queueId);
                        if (isAgent && Str(seg, "wrapUpCode") is { } wrapUp) f["wrapUpCode"] = wrapUp;
                    }
                    foreach (var m in Array(s, "metrics"))
                    {
                        if (Str(m, "name") is not { } name || !m.TryGetProperty("value", out var v) || v.ValueKind != JsonValueKind.Number) continue;
                        if (isAgent ? !AgentMetrics.Contains(name) && !ConversationMetrics.Contains(name) : !ConversationMetrics.Contains(name)) continue;
                        sums[name] = sums.GetValueOrDefault(name) + v.GetDouble();
                        if (isAgent && name == "tTalk" && v.GetDouble() > 0) talked = true;
                    }
                }
                if (isAgent && talked) talkingAgent = Str(p, "userId") ?? talkingAgent;
            }
        if ((talkingAgent ?? agent) is { } handled) f["agent.userId"] = handled;
        foreach (var (name, total) in sums) f[$"metrics.{name}"] = total.ToString(CultureInfo.InvariantCulture);
        f["derived.abandoned"] = sums.ContainsKey("tAbandon") ? "true" : "false";
        f["derived.transferred"] = sums.GetValueOrDefault("nTransferred") + sums.GetValueOrDefault("nConsultTransferred") + sums.GetValueOrDefault("nBlindTransferred") > 0 ? "true" : "false";
        return f;
    }

    private static string? Str(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 } s ? s : null;

    private static IEnumerable<JsonElement> Array(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Array ? v.EnumerateArray() : [];
}
