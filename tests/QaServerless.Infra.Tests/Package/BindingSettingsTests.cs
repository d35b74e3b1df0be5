using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using QaServerless.Infra.Tests.Infrastructure;

namespace QaServerless.Infra.Tests.Package;

/// <summary>
/// Every name a binding in the package uses resolves in Azure: its connection's identity-based settings and every
/// %setting% are app settings set by the Bicep, and every queue, container and table it names is created by it.
/// A function added without its infrastructure turns this red here instead of failing silently after deploy.
/// </summary>
[Collection(PackageCollection.Name)]
public sealed partial class BindingSettingsTests(PackageFixture package)
{
    private IReadOnlyList<AppDeclarations.Binding> Bindings() =>
        AppDeclarations.Bindings(Directory.EnumerateFiles(package.Directory, "function.json", SearchOption.AllDirectories));

    private JsonObject AppSettings() =>
        package.Main.OfType("Microsoft.Web/sites/config").Single(c => ((string)c.Node["name"]!).Contains("'appsettings'")).Properties;

    private JsonNode AppStorage => package.Main.Variable("appStorage")!;

    private IEnumerable<string> AppStorageList(string list) => AppStorage[list]!.AsArray().Select(n => (string)n!);

    private static readonly string[] StorageTypes = ["blobtrigger", "blob", "queuetrigger", "queue", "table"];
    private static readonly string[] ServiceBusTypes = ["servicebustrigger", "servicebus"];

    /// <summary>The connection a binding uses, with the Functions defaults for bindings that name none.</summary>
    private static string? ConnectionOf(AppDeclarations.Binding binding) => binding["connection"] is { Length: > 0 } named
        ? named.Trim('%')
        : StorageTypes.Contains(binding.Type) ? "AzureWebJobsStorage"
        : ServiceBusTypes.Contains(binding.Type) ? "AzureWebJobsServiceBus"
        : null;

    /// <summary>The identity-based setting that says where the service is, per binding type.</summary>
    private static string[] EndpointSettings(string type) => type switch
    {
        "blobtrigger" or "blob" => ["__blobServiceUri", "__serviceUri", "__accountName"],
        "queuetrigger" or "queue" => ["__queueServiceUri", "__serviceUri", "__accountName"],
        "table" => ["__tableServiceUri", "__serviceUri", "__accountName"],
        "servicebustrigger" or "servicebus" => ["__fullyQualifiedNamespace"],
        _ => ["__serviceUri", "__fullyQualifiedNamespace", "__accountName"],
    };

    [Fact]
    public void ThePackageHasBindingsToCheck() => Assert.Contains(Bindings(), b => b.Type == "httptrigger");

    [Fact]
    public void EveryConnectionABindingUsesIsAnIdentityBasedAppSetting()
    {
        var settings = AppSettings();
        var problems = new List<string>();
        foreach (var binding in Bindings())
        {
            if (ConnectionOf(binding) is not { } connection) continue;
            if (settings.ContainsKey(connection))
            {
                problems.Add($"{binding.Function}: connection {connection} is a plain setting (a connection string with a key); use {connection}__* identity settings");
                continue;
            }
            if (!EndpointSettings(binding.Type).Any(suffix => settings.ContainsKey(connection + suffix)))
                problems.Add($"{binding.Function} ({binding.Type}): no app setting {connection}{EndpointSettings(binding.Type)[0]}");
            if ((string?)settings[connection + "__credential"] != "managedidentity")
                problems.Add($"{binding.Function}: app setting {connection}__credential must be 'managedidentity'");
            if (!settings.ContainsKey(connection + "__clientId"))
                problems.Add($"{binding.Function}: no app setting {connection}__clientId (the user-assigned identity)");
        }
        Assert.True(problems.Count == 0, "Set these in infra/modules/function-app.bicep (appsettings):\n" + string.Join('\n', problems));
    }

    [Fact]
    public void EverySettingABindingReferencesIsSet()
    {
        var settings = AppSettings();
        var missing = Bindings()
            .SelectMany(b => b.Node.Select(p => p.Value).OfType<JsonValue>()
                .Select(v => v.TryGetValue<string>(out var s) ? s : "")
                .SelectMany(s => SettingReference().Matches(s).Select(m => (b.Function, Setting: m.Groups[1].Value))))
            .Where(r => !settings.ContainsKey(r.Setting))
            .ToList();
        Assert.True(missing.Count == 0, "Bindings reference app settings the Bicep does not set: "
            + string.Join(", ", missing.Select(m => $"{m.Function}: %{m.Setting}%")));
    }

    [Fact]
    public void EveryServiceBusQueueABindingNamesIsCreated()
    {
        var queues = package.Main.OfType("Microsoft.ServiceBus/namespaces/queues")
            .Select(q => LastLiteral().Match((string)q.Node["name"]!).Groups[1].Value).ToHashSet();
        var problems = new List<string>();
        foreach (var binding in Bindings().Where(b => ServiceBusTypes.Contains(b.Type)))
        {
            if (binding["topicName"] is { } topic) problems.Add($"{binding.Function}: topic {topic} (main.bicep creates no topics)");
            var queue = binding["queueName"];
            if (queue is null || queue.Contains('%')) continue;
            // The dead-letter sub-queue comes with its queue.
            var name = DeadLetterSuffix().Replace(queue, "");
            if (!queues.Contains(name)) problems.Add($"{binding.Function}: Service Bus queue {name}");
        }
        Assert.True(problems.Count == 0, "Add to infra/modules/service-bus.bicep: " + string.Join(", ", problems));
    }

    [Fact]
    public void EveryStorageQueueContainerAndTableABindingNamesIsCreated()
    {
        var problems = new List<string>();
        foreach (var binding in Bindings())
        {
            var (list, name) = binding.Type switch
            {
                "queuetrigger" or "queue" => ("queues", binding["queueName"]),
                "blobtrigger" or "blob" => ("containers", binding["path"]?.Split('/')[0]),
                "table" => ("tables", binding["tableName"]),
                _ => ("", null),
            };
            if (name is null || name.Contains('{') || name.Contains('%')) continue;
            if (!AppStorageList(list).Contains(name)) problems.Add($"{binding.Function}: {list} {name}");
        }
        Assert.True(problems.Count == 0, "Add to infra/app-storage.json: " + string.Join(", ", problems));
    }

    [GeneratedRegex(@"%([^%\s]+)%")]
    private static partial Regex SettingReference();

    [GeneratedRegex(@"'([^']+)'\)\]$")]
    private static partial Regex LastLiteral();

    [GeneratedRegex(@"/\$deadletterqueue$", RegexOptions.IgnoreCase)]
    private static partial Regex DeadLetterSuffix();
}
