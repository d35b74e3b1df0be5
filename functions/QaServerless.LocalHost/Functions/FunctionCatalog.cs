using System.Text.Json;
using System.Text.Json.Nodes;

namespace QaServerless.LocalHost.Functions;

/// <summary>One binding of a function.json, with the properties the local host reads; <see cref="Raw"/> keeps the rest.</summary>
public sealed record BindingDefinition(string Type, string Direction, string Name, JsonObject Raw)
{
    public string? this[string property] =>
        Raw.FirstOrDefault(kv => string.Equals(kv.Key, property, StringComparison.OrdinalIgnoreCase)).Value is JsonValue v
            && v.TryGetValue<string>(out var s) ? s : null;

    public bool Flag(string property) =>
        Raw.FirstOrDefault(kv => string.Equals(kv.Key, property, StringComparison.OrdinalIgnoreCase)).Value is JsonValue v
            && (v.TryGetValue<bool>(out var b) ? b : bool.TryParse(v.ToString(), out var parsed) && parsed);

    public bool IsTrigger => Type.EndsWith("Trigger", StringComparison.OrdinalIgnoreCase);
    public bool IsOutput => string.Equals(Direction, "out", StringComparison.OrdinalIgnoreCase);
    public bool IsBinary => string.Equals(this["dataType"], "binary", StringComparison.OrdinalIgnoreCase);
}

/// <summary>A function as the host sees it: the folder name and the bindings of its function.json.</summary>
public sealed record FunctionDefinition(string Name, string Folder, IReadOnlyList<BindingDefinition> Bindings, bool Disabled = false)
{
    public BindingDefinition? Trigger => Bindings.FirstOrDefault(b => b.IsTrigger);
    public IEnumerable<BindingDefinition> Outputs => Bindings.Where(b => b.IsOutput);
    public bool Is(string triggerType) => string.Equals(Trigger?.Type, triggerType, StringComparison.OrdinalIgnoreCase);
}

/// <summary>
/// The functions of the app, read the way the host reads them: every <c>**/function.json</c> under the app folder
/// (folder name = function name), build output excluded; and the host.json settings the local host honours.
/// </summary>
public sealed class FunctionCatalog
{
    public IReadOnlyList<FunctionDefinition> Functions { get; }
    public JsonObject HostJson { get; }

    public FunctionCatalog(IReadOnlyList<FunctionDefinition> functions, JsonObject? hostJson = null)
    {
        Functions = functions;
        HostJson = hostJson ?? new JsonObject();
    }

    public FunctionDefinition? Find(string name) =>
        Functions.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase));

    public IEnumerable<FunctionDefinition> WithTrigger(string triggerType) => Functions.Where(f => !f.Disabled && f.Is(triggerType));

    /// <summary>A number from host.json by path (e.g. <c>extensions.serviceBus.maxConcurrentCalls</c>), or the default.</summary>
    public int HostSetting(string path, int fallback)
    {
        JsonNode? node = HostJson;
        foreach (var part in path.Split('.'))
            node = node is JsonObject o ? o.FirstOrDefault(kv => string.Equals(kv.Key, part, StringComparison.OrdinalIgnoreCase)).Value : null;
        return node is JsonValue v && v.TryGetValue<int>(out var n) ? n : fallback;
    }

    public static FunctionCatalog Load(string appFolder, string? hostJsonPath = null)
    {
        var functions = new List<FunctionDefinition>();
        foreach (var file in Directory.EnumerateFiles(appFolder, "function.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(appFolder, file).Split(Path.DirectorySeparatorChar);
            if (relative.Any(p => p is "bin" or "obj" or "node_modules")) continue;
            var folder = Path.GetDirectoryName(file)!;
            functions.Add(Parse(Path.GetFileName(folder), folder, File.ReadAllText(file)));
        }
        var duplicate = functions.GroupBy(f => f.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new InvalidOperationException($"Two function folders are named {duplicate.Key}: {string.Join(", ", duplicate.Select(f => f.Folder))}. Function names must be unique.");
        var host = hostJsonPath is not null && File.Exists(hostJsonPath)
            ? JsonNode.Parse(File.ReadAllText(hostJsonPath), documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip }) as JsonObject
            : null;
        return new FunctionCatalog(functions, host);
    }

    public static FunctionDefinition Parse(string name, string folder, string functionJson)
    {
        var options = new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };
        var root = JsonNode.Parse(functionJson, documentOptions: options) as JsonObject
            ?? throw new InvalidOperationException($"{folder}/function.json is not a JSON object.");
        var bindings = (root["bindings"] as JsonArray ?? [])
            .OfType<JsonObject>()
            .Select(b => new BindingDefinition(
                b["type"]?.GetValue<string>() ?? throw new InvalidOperationException($"{name}: a binding has no type."),
                b["direction"]?.GetValue<string>() ?? "in",
                b["name"]?.GetValue<string>() ?? throw new InvalidOperationException($"{name}: a binding has no name."),
                b))
            .ToList();
        var disabled = root["disabled"] is JsonValue d && d.TryGetValue<bool>(out var off) && off;
        return new FunctionDefinition(name, folder, bindings, disabled);
    }
}
