using System.Text.Json.Nodes;
using QaServerless.Infra.Tests.Infrastructure;

namespace QaServerless.Infra.Tests.Package;

/// <summary>
/// Blob triggers on Flex Consumption run only when Event Grid feeds them: each must say "source": "EventGrid", and the
/// postdeploy hook must subscribe each one, on its container, after the code is deployed.
/// </summary>
[Collection(PackageCollection.Name)]
public sealed class BlobTriggerTests(PackageFixture package)
{
    private IReadOnlyList<AppDeclarations.Binding> BlobTriggers() =>
        [.. AppDeclarations.Bindings(Directory.EnumerateFiles(package.Directory, "function.json", SearchOption.AllDirectories))
            .Where(b => b.Type == "blobtrigger")];

    private Task<ProcessResult> Hook(params string[] arguments) => Processes.Run("bash",
        [Path.Combine(Repository.Infra, "hooks", "postdeploy.sh"), .. arguments],
        environment: new Dictionary<string, string> { ["QA_PACKAGE_DIR"] = package.Directory });

    [Fact]
    public void EveryBlobTriggerIsFedByEventGrid()
    {
        var polling = BlobTriggers().Where(b => !string.Equals(b["source"], "EventGrid", StringComparison.OrdinalIgnoreCase)).ToList();
        Assert.True(polling.Count == 0, "Flex Consumption runs blob triggers only with \"source\": \"EventGrid\" in function.json: "
            + string.Join(", ", polling.Select(b => b.Function)));
    }

    [Fact]
    public async Task ThePostdeployHookSubscribesEveryBlobTriggerOnItsContainer()
    {
        var result = await Hook("--print");
        Assert.True(result.ExitCode == 0, result.All);
        var subscribed = JsonNode.Parse(result.Output)!.AsArray().OfType<JsonObject>().ToList();

        var expected = BlobTriggers();
        Assert.Equal(expected.Select(b => b.Function).Order(), subscribed.Select(s => (string)s["function"]!).Order());
        foreach (var trigger in expected)
        {
            var subscription = subscribed.Single(s => (string)s["function"]! == trigger.Function);
            Assert.Equal(trigger["path"]!.Split('/')[0], (string)subscription["container"]!);
            // A suffix filter must not hide blobs the trigger's path accepts.
            var suffix = (string)subscription["subjectEndsWith"]!;
            Assert.EndsWith(suffix, trigger["path"]!);
        }
    }

    [Fact]
    public async Task TheHookRefusesAPackageWithAPollingBlobTrigger()
    {
        var broken = Path.Combine(Path.GetTempPath(), $"qa-infra-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path.Combine(broken, "Polling"));
        try
        {
            await File.WriteAllTextAsync(Path.Combine(broken, "Polling", "function.json"),
                """{"bindings":[{"type":"blobTrigger","direction":"in","name":"blob","path":"recordings/{name}.json","connection":"AzureWebJobsStorage"}]}""");
            var result = await Processes.Run("bash", [Path.Combine(Repository.Infra, "hooks", "postdeploy.sh"), "--print"],
                environment: new Dictionary<string, string> { ["QA_PACKAGE_DIR"] = broken });
            Assert.NotEqual(0, result.ExitCode);
            Assert.Contains("EventGrid", result.Error);
        }
        finally
        {
            Directory.Delete(broken, recursive: true);
        }
    }

    [Fact]
    public void TheSubscriptionsTemplateAddressesTheHostsBlobWebhook()
    {
        var source = File.ReadAllText(Path.Combine(Repository.Infra, "blob-trigger-subscriptions.bicep"));
        Assert.Contains("/runtime/webhooks/blobs?functionName=Host.Functions.${trigger.function}&code=", source);
        Assert.Contains("systemKeys.blobs_extension", source);
        Assert.Contains("Microsoft.Storage.BlobCreated", source);
    }
}
