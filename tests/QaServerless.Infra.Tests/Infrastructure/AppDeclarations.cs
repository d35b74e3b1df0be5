using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using QaServerless.Hosting;

namespace QaServerless.Infra.Tests.Infrastructure;

/// <summary>What the app and its function.json files need from Azure, read from the code itself.</summary>
public static class AppDeclarations
{
    /// <summary>The tables, containers and queues the features declare (services.AddTable/AddBlobContainer/AddQueue).</summary>
    public static IReadOnlyList<StorageResource> StorageResources()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.AddApplicationServices();
        return [.. builder.Services
            .Where(d => d.ServiceType == typeof(StorageResource) && d.ImplementationInstance is StorageResource)
            .Select(d => (StorageResource)d.ImplementationInstance!)
            .Distinct()];
    }

    public sealed record Binding(string Function, JsonObject Node)
    {
        public string Type => ((string?)Node["type"] ?? "").ToLowerInvariant();
        public string? this[string property] => Node[property] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
        public override string ToString() => $"{Function}: {Node.ToJsonString()}";
    }

    /// <summary>Every binding of every function.json under a folder (the package, or the repository's functions).</summary>
    public static IReadOnlyList<Binding> Bindings(IEnumerable<string> functionJsonFiles) =>
        [.. functionJsonFiles.SelectMany(path =>
        {
            var function = Path.GetFileName(Path.GetDirectoryName(path)!);
            var bindings = JsonNode.Parse(File.ReadAllText(path))?["bindings"] as JsonArray ?? [];
            return bindings.OfType<JsonObject>().Select(b => new Binding(function, b));
        })];
}
