using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace QaServerless.Infra.Tests.Infrastructure;

/// <summary>A resource of a compiled ARM template, with the (nested module) template that declares it.</summary>
public sealed record ArmResource(JsonObject Node, JsonObject Template)
{
    public string Type => (string)Node["type"]!;

    public JsonObject Properties => Node["properties"] as JsonObject ?? [];

    /// <summary>
    /// The value at a dotted path under the resource, with a module parameter reference resolved to the parameter's
    /// default (that is what Azure gets unless main.bicep passes a value, which the tests then check in main).
    /// </summary>
    public JsonNode? Value(string path)
    {
        JsonNode? node = Node;
        foreach (var part in path.Split('.')) node = node?[part];
        return ArmTemplate.ResolveParameter(node, Template);
    }
}

/// <summary>A compiled ARM template (bicep build output) and the questions the tests ask of it.</summary>
public sealed partial class ArmTemplate(JsonObject root)
{
    public JsonObject Root { get; } = root;

    public static ArmTemplate Parse(string json) => new(JsonNode.Parse(json)!.AsObject());

    /// <summary>Every resource, modules' resources included (Bicep compiles modules to nested deployments).</summary>
    public IReadOnlyList<ArmResource> Resources => [.. Walk(Root)];

    public IEnumerable<ArmResource> OfType(string type) =>
        Resources.Where(r => string.Equals(r.Type, type, StringComparison.OrdinalIgnoreCase));

    private static IEnumerable<ArmResource> Walk(JsonObject template)
    {
        // languageVersion 2.0 templates hold resources in an object keyed by symbolic name; 1.0 in an array.
        IEnumerable<JsonNode?> resources = template["resources"] switch
        {
            JsonArray array => array,
            JsonObject map => map.Select(p => p.Value),
            _ => [],
        };
        foreach (var resource in resources.OfType<JsonObject>())
        {
            if (resource["existing"] is JsonValue existing && existing.GetValue<bool>()) continue;
            yield return new ArmResource(resource, template);
            if ((string?)resource["type"] == "Microsoft.Resources/deployments"
                && resource["properties"]?["template"] is JsonObject nested)
            {
                foreach (var inner in Walk(nested)) yield return inner;
            }
        }
    }

    /// <summary>A variable of the root template, following "[variables('x')]" indirections (loadJsonContent compiles to one).</summary>
    public JsonNode? Variable(string name)
    {
        var node = Root["variables"]?[name];
        while (node is JsonValue value && value.TryGetValue<string>(out var text) && VariableReference().Match(text) is { Success: true } match)
        {
            node = Root["variables"]?[match.Groups[1].Value];
        }
        return node;
    }

    public static JsonNode? ResolveParameter(JsonNode? node, JsonObject template)
    {
        if (node is JsonValue value && value.TryGetValue<string>(out var text) && ParameterReference().Match(text) is { Success: true } match)
        {
            return template["parameters"]?[match.Groups[1].Value]?["defaultValue"] ?? node;
        }
        return node;
    }

    [GeneratedRegex(@"^\[variables\('([^']+)'\)\]$")]
    private static partial Regex VariableReference();

    [GeneratedRegex(@"^\[parameters\('([^']+)'\)\]$")]
    private static partial Regex ParameterReference();
}
