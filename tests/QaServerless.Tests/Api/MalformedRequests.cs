using System.Text;
using System.Text.Json.Nodes;

namespace QaServerless.Tests.Api;

/// <summary>One malformed request and what its answer must name.</summary>
/// <param name="Field">The field the problem must name (its <c>errors</c> key, indices ignored); null: any key.</param>
/// <param name="AlsoAllowed">Statuses allowed besides 400 (a route value of the wrong type matches no route: 404).</param>
/// <param name="MayBeValid">An edge value (9999-12-31, int.MaxValue) that the operation may accept: any answer but a 5xx.</param>
public sealed record MalformedCase(string Operation, string Kind, string? Field, Func<HttpRequestMessage> Build, int[] AlsoAllowed, bool MayBeValid = false);

/// <summary>
/// Builds malformed requests for every operation of the OpenAPI document, from what the document says each parameter and
/// body member takes: wrong types, bad enums and dates, out-of-range numbers, missing required parameters, oversize
/// values, lone surrogates and invalid UTF-8, unknown members and bodies that are not JSON. Valid values stand in for
/// everything but the one thing broken, so each request fails for one reason only.
/// </summary>
public sealed class MalformedRequests(JsonNode document, Func<string, string?> routeValue)
{
    public const string LoneSurrogateInUrl = "%ED%A0%80";
    public const string InvalidUtf8InUrl = "%FF%FE";
    /// <summary>The longest a URL value can be here (System.Uri stops near 65,519 characters; Kestrel at 8 KB).</summary>
    public static readonly string OversizeUrlValue = new('a', 60_000);
    public static readonly string OversizeId = new('c', 6 * 1024 * 1024);
    public static readonly string OversizeText = new('t', 100 * 1024);
    private static readonly string[] Methods = ["get", "put", "post", "delete", "patch"];

    public sealed record Operation(string Method, string Path, JsonObject Definition)
    {
        public override string ToString() => $"{Method.ToUpperInvariant()} {Path}";
    }

    public IEnumerable<Operation> Operations() =>
        from path in document["paths"]!.AsObject()
        from op in path.Value!.AsObject()
        where Methods.Contains(op.Key)
        select new Operation(op.Key, path.Key, op.Value!.AsObject());

    public IEnumerable<MalformedCase> CasesOf(Operation op)
    {
        var parameters = (op.Definition["parameters"]?.AsArray() ?? []).Select(p => p!.AsObject()).ToList();
        var route = parameters.Where(p => (string?)p["in"] == "path").ToList();
        var query = parameters.Where(p => (string?)p["in"] == "query").ToList();
        var body = BodySchema(op);

        MalformedCase Case(string kind, string? field, Func<HttpRequestMessage> build, params int[] alsoAllowed) =>
            new(op.ToString(), kind, field, build, alsoAllowed);

        foreach (var p in route)
        {
            var name = (string)p["name"]!;
            var schema = Resolve(p["schema"]);
            foreach (var wrong in WrongUrlValues(schema))
                yield return Case($"route {Kind(schema)} '{Short(wrong)}'", name, () => Request(op, route, query, new() { [name] = wrong }, null, body), 404, 405);
            foreach (var (kind, raw) in BrokenUrlText())
                // A value that is no number cannot match a typed route ({version:int}): no endpoint, 404.
                yield return Case($"route {kind}", name, () => Request(op, route, query, new() { [name] = raw }, null, body),
                    Kind(schema) == "string" ? [] : [404, 405]);
        }

        // Edge values that parse: the handler's own arithmetic on them must not fault (GETs only: a write may accept them).
        if (op.Method == "get")
            foreach (var p in route.Concat(query))
            {
                var name = (string)p["name"]!;
                var inRoute = (string?)p["in"] == "path";
                foreach (var edge in EdgeValues(name, Resolve(p["schema"])))
                    yield return new(op.ToString(), $"{(inRoute ? "route" : "query")} edge '{edge}'", null,
                        () => inRoute ? Request(op, route, query, new() { [name] = edge }, null, body) : Request(op, route, query, null, new() { [name] = edge }, body),
                        [], MayBeValid: true);
            }

        foreach (var p in query)
        {
            var name = (string)p["name"]!;
            var schema = Resolve(p["schema"]);
            foreach (var wrong in WrongUrlValues(schema))
                yield return Case($"query {Kind(schema)} '{Short(wrong)}'", name, () => Request(op, route, query, null, new() { [name] = wrong }, body));
            foreach (var (kind, raw) in BrokenUrlText())
                yield return Case($"query {kind}", name, () => Request(op, route, query, null, new() { [name] = raw }, body));
            if (p["required"]?.GetValue<bool>() == true)
                yield return Case("query missing", name, () => Request(op, route, query, null, new() { [name] = null }, body));
        }

        yield return Case("header oversize If-Match", "If-Match", () =>
        {
            var request = Request(op, route, query, null, null, body);
            request.Headers.TryAddWithoutValidation("If-Match", OversizeUrlValue);
            return request;
        });

        if (body is null) yield break;
        var skeleton = Skeleton(body, "", 0);
        yield return Case("body not JSON", null, () => WithBody(op, route, query, Encoding.UTF8.GetBytes("not json")));
        yield return Case("body invalid UTF-8", null, () => WithBody(op, route, query, [0x22, 0xFF, 0xFE, 0x22]));
        if (skeleton is JsonObject whole)
        {
            yield return Case("body array for object", null, () => WithBody(op, route, query, "[]"u8.ToArray()));
            yield return Case("body unknown member", "unknownMemberX", () => WithBody(op, route, query, With(whole, o => o["unknownMemberX"] = 1)));
            // Edge values that parse (9999-12-31, int.MaxValue): accepted or refused, never a fault. They may be
            // stored (they are valid), so the test sends them after its storage check.
            foreach (var (member, schema) in Properties(body))
                foreach (var edge in EdgeJson(schema))
                    yield return new(op.ToString(), $"{BodyEdge} {member} {edge.ToJsonString()}", null,
                        () => WithBody(op, route, query, With(whole, o => o[member] = edge.DeepClone())), [], MayBeValid: true);
            foreach (var (member, schema) in Properties(body))
                if (WrongJson(schema) is { } wrong)
                    yield return Case($"body {Kind(schema)} as {wrong.ToJsonString()}", member, () => WithBody(op, route, query, With(whole, o => o[member] = wrong.DeepClone())));
        }
        foreach (var slot in StringSlots(skeleton, ""))
        {
            var field = slot.Length == 0 ? null : LastName(slot);
            var oversize = field is not null && (field.EndsWith("Id") || field.EndsWith("Ids")) ? OversizeId : OversizeText;
            yield return Case($"body oversize string ({oversize.Length / 1024} kB)", field, () => WithBody(op, route, query, Replace(skeleton, slot, oversize)));
            yield return Case("body lone surrogate", field, () => WithBody(op, route, query, Replace(skeleton, slot, "\uD800", escape: true)));
            yield return Case("body invalid UTF-8 in a string", field, () => WithBody(op, route, query, Replace(skeleton, slot, "\uFFFF", invalidUtf8: true)));
        }
    }

    /// <summary>A valid value for each parameter the operation needs (required ones, and the one a case breaks).</summary>
    private HttpRequestMessage Request(Operation op, List<JsonObject> route, List<JsonObject> query,
        Dictionary<string, string>? routeOverride, Dictionary<string, string?>? queryOverride, JsonNode? body)
    {
        var path = op.Path;
        foreach (var p in route)
        {
            var name = (string)p["name"]!;
            var raw = routeOverride?.GetValueOrDefault(name) ?? Uri.EscapeDataString(ValidValue(name, Resolve(p["schema"])));
            path = path.Replace("{" + name + "}", raw);
        }
        var pairs = new List<string>();
        foreach (var p in query)
        {
            var name = (string)p["name"]!;
            if (queryOverride is not null && queryOverride.TryGetValue(name, out var raw))
            {
                if (raw is not null) pairs.Add($"{name}={raw}");
            }
            else if (p["required"]?.GetValue<bool>() == true)
                pairs.Add($"{name}={Uri.EscapeDataString(ValidValue(name, Resolve(p["schema"])))}");
        }
        var request = new HttpRequestMessage(new HttpMethod(op.Method.ToUpperInvariant()), pairs.Count == 0 ? path : path + "?" + string.Join('&', pairs));
        if (body is not null) request.Content = Json(Encoding.UTF8.GetBytes(Skeleton(body, "", 0)?.ToJsonString() ?? "null"));
        return request;
    }

    private HttpRequestMessage WithBody(Operation op, List<JsonObject> route, List<JsonObject> query, byte[] content)
    {
        var request = Request(op, route, query, null, null, null);
        request.Content = Json(content);
        return request;
    }

    private static ByteArrayContent Json(byte[] content)
    {
        var c = new ByteArrayContent(content);
        c.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        return c;
    }

    /// <summary>A value the parameter takes: the test's center, an existing scorecard, a plausible date or number.</summary>
    public string ValidValue(string name, JsonNode? schema)
    {
        if (routeValue(name) is { } known) return known;
        if (schema?["enum"] is JsonArray values) return (string)values[0]!;
        return Kind(schema) switch
        {
            "integer" or "number" => "1",
            "boolean" => "true",
            "date" => "2026-11-20",
            "date-time" => "2026-11-20T09:00:00+08:00",
            _ => "x1",
        };
    }

    private static IEnumerable<string> WrongUrlValues(JsonNode? schema) => Kind(schema) switch
    {
        "integer" => ["abc", "99999999999", "1.5"],
        "number" => ["abc"],
        "boolean" => ["maybe"],
        "date" => ["9999-99-99", "abc"],
        "date-time" => ["abc"],
        "enum" => ["Nope"],
        _ => [],
    };

    private static IEnumerable<string> EdgeValues(string name, JsonNode? schema) => Kind(schema) switch
    {
        "integer" => ["2147483647", "-2147483648", "0", "-1"],
        "date" => ["9999-12-31", "0001-01-01"],
        "string" when name == "month" => ["9999-12", "0001-01", "2026-13"],
        "string" when name is "day" or "from" or "to" => ["9999-12-31", "0001-01-01", "2026-02-30"],
        _ => [],
    };

    private static IEnumerable<(string Kind, string Raw)> BrokenUrlText() =>
    [
        ("oversize (60,000 chars)", OversizeUrlValue),
        ("lone surrogate " + LoneSurrogateInUrl, LoneSurrogateInUrl),
        ("invalid UTF-8 " + InvalidUtf8InUrl, InvalidUtf8InUrl),
        ("control character %01", "a%01b"),
    ];

    public const string BodyEdge = "body edge";

    private static IEnumerable<JsonNode> EdgeJson(JsonNode? schema) => Kind(schema) switch
    {
        "integer" => [JsonValue.Create(int.MaxValue), JsonValue.Create(int.MinValue), JsonValue.Create(-1)],
        "number" => [JsonValue.Create(1e308), JsonValue.Create(-1e308)],
        "date" => [JsonValue.Create("9999-12-31"), JsonValue.Create("0001-01-01")],
        "date-time" => [JsonValue.Create("9999-12-31T23:59:59+00:00"), JsonValue.Create("0001-01-01T00:00:00+00:00")],
        _ => [],
    };

    private static JsonNode? WrongJson(JsonNode? schema) => Kind(schema) switch
    {
        "integer" => JsonValue.Create("seven"),
        "number" => JsonValue.Create("seven"),
        "boolean" => JsonValue.Create("maybe"),
        "string" => JsonValue.Create(12345),
        "date" or "date-time" => JsonValue.Create("not a date"),
        "enum" => JsonValue.Create("Nope"),
        "array" => new JsonObject(),
        "object" => JsonValue.Create(7),
        _ => null,
    };

    private JsonNode? BodySchema(Operation op) =>
        op.Definition["requestBody"]?["content"] is JsonObject content
            ? Resolve(content["application/json"]?["schema"] ?? content.First().Value?["schema"])
            : null;

    /// <summary>Follows <c>$ref</c> and takes the non-null side of <c>oneOf [null, X]</c>.</summary>
    public JsonNode? Resolve(JsonNode? schema)
    {
        for (var i = 0; i < 10 && schema is JsonObject o; i++)
        {
            if (o["$ref"] is { } r) schema = document["components"]!["schemas"]![((string)r!).Split('/')[^1]];
            else if (o["oneOf"] is JsonArray one) schema = one.FirstOrDefault(s => (string?)s?["type"] != "null");
            else break;
        }
        return schema;
    }

    private IEnumerable<(string Name, JsonNode? Schema)> Properties(JsonNode schema) =>
        (schema["properties"] as JsonObject ?? []).Select(p => (p.Key, Resolve(p.Value)));

    public static string Kind(JsonNode? schema)
    {
        if (schema is not JsonObject o) return "any";
        if (o["enum"] is not null) return "enum";
        var types = o["type"] switch
        {
            JsonArray a => a.Select(t => (string)t!).ToList(),
            JsonValue v => [(string)v!],
            _ => o["properties"] is not null ? ["object"] : [],
        };
        types.Remove("null");
        if (types.Contains("integer")) return "integer";
        if (types.Contains("number")) return "number";
        if (types.Contains("boolean")) return "boolean";
        if (types.Contains("array")) return "array";
        if (types.Contains("object")) return "object";
        if (types.Contains("string")) return (string?)o["format"] is "date" or "date-time" ? (string)o["format"]! : "string";
        return "any";
    }

    /// <summary>A body of the right shape: every member present with a plausible value, arrays with one element.</summary>
    private JsonNode? Skeleton(JsonNode? schema, string name, int depth)
    {
        schema = Resolve(schema);
        switch (Kind(schema))
        {
            case "object":
                var obj = new JsonObject();
                if (depth < 8) foreach (var (member, s) in Properties(schema!)) obj[member] = Skeleton(s, member, depth + 1);
                return obj;
            case "array":
                return depth < 8 ? new JsonArray(Skeleton(schema!["items"], name, depth + 1)) : new JsonArray();
            case "any": return null;
            case "enum": return schema!["enum"]![0]!.DeepClone();
            case "integer" or "number": return JsonValue.Create(1);
            case "boolean": return JsonValue.Create(true);
            default: return JsonValue.Create(ValidValue(name, schema));
        }
    }

    /// <summary>Paths (<c>problems[0].description</c>) of the string members of a body, nested ones too.</summary>
    private static IEnumerable<string> StringSlots(JsonNode? node, string at) => node switch
    {
        JsonObject o => o.SelectMany(p => StringSlots(p.Value, at.Length == 0 ? p.Key : $"{at}.{p.Key}")),
        JsonArray a => a.SelectMany((x, i) => StringSlots(x, $"{at}[{i}]")),
        JsonValue v when v.TryGetValue<string>(out var s) && !IsDate(s) => [at],
        _ => [],
    };

    private static bool IsDate(string s) => s.StartsWith("2026-", StringComparison.Ordinal);

    private static string LastName(string slot)
    {
        var name = slot.Split('.')[^1];
        return name.EndsWith(']') ? name[..name.IndexOf('[')] : name;
    }

    private static byte[] With(JsonObject skeleton, Action<JsonObject> change)
    {
        var copy = skeleton.DeepClone().AsObject();
        change(copy);
        return Encoding.UTF8.GetBytes(copy.ToJsonString());
    }

    /// <summary>The skeleton with one string replaced; a lone surrogate as a JSON escape, invalid UTF-8 as raw bytes.</summary>
    private static byte[] Replace(JsonNode? skeleton, string slot, string value, bool escape = false, bool invalidUtf8 = false)
    {
        const string marker = "\u0001MARK\u0001";
        var copy = skeleton?.DeepClone();
        if (slot.Length == 0) copy = JsonValue.Create(marker);
        else
        {
            JsonNode? parent = copy;
            var parts = System.Text.RegularExpressions.Regex.Matches(slot, @"[^.\[\]]+|\[\d+\]").Select(m => m.Value).ToList();
            for (var i = 0; i < parts.Count - 1; i++) parent = Step(parent!, parts[i]);
            var last = parts[^1];
            if (last.StartsWith('[')) parent!.AsArray()[int.Parse(last.Trim('[', ']'))] = marker;
            else parent![last] = marker;
        }
        var json = copy!.ToJsonString();
        var quotedMarker = System.Text.Json.JsonSerializer.Serialize(marker)[1..^1];
        if (invalidUtf8)
        {
            var at = json.IndexOf(quotedMarker, StringComparison.Ordinal);
            return [.. Encoding.UTF8.GetBytes(json[..at]), 0xC3, 0x28, 0xFF, .. Encoding.UTF8.GetBytes(json[(at + quotedMarker.Length)..])];
        }
        var replacement = escape ? "\\ud800" : value;
        return Encoding.UTF8.GetBytes(json.Replace(quotedMarker, replacement));
    }

    private static JsonNode Step(JsonNode node, string part) =>
        part.StartsWith('[') ? node.AsArray()[int.Parse(part.Trim('[', ']'))]! : node[part]!;

    private static string Short(string value) => value.Length > 20 ? value[..20] + "…" : value;
}
