using System.Text.Json.Nodes;
using QaServerless.Infra.Tests.Infrastructure;

namespace QaServerless.Infra.Tests.Package;

/// <summary>
/// A trigger carries a notification, never the file: the package has no blobTrigger (it hands the whole blob to a custom
/// handler), the ingestion functions are eventGridTriggers on BlobCreated, and the postdeploy hook subscribes each one,
/// with the filter its function.json names, to the Event Grid webhook after the code is deployed.
/// </summary>
[Collection(PackageCollection.Name)]
public sealed class EventTriggerTests(PackageFixture package)
{
    private IReadOnlyList<AppDeclarations.Binding> Bindings(string type) =>
        [.. AppDeclarations.Bindings(Directory.EnumerateFiles(package.Directory, "function.json", SearchOption.AllDirectories))
            .Where(b => b.Type == type)];

    private Task<ProcessResult> Hook(params string[] arguments) => Processes.Run("bash",
        [Path.Combine(Repository.Infra, "hooks", "postdeploy.sh"), .. arguments],
        environment: new Dictionary<string, string> { ["QA_PACKAGE_DIR"] = package.Directory });

    [Fact]
    public void NoTriggerLoadsABlobIntoTheInvocation()
    {
        Assert.Empty(Bindings("blobtrigger"));
        var events = Bindings("eventgridtrigger");
        Assert.Equal(["IngestCallBatch", "IngestCallRecord"], events.Select(b => b.Function).Order());
        Assert.All(events, b => Assert.StartsWith("/blobServices/default/containers/", b["subjectBeginsWith"]));
    }

    [Fact]
    public async Task ThePostdeployHookSubscribesEveryEventGridTriggerWithItsFilter()
    {
        var result = await Hook("--print");
        Assert.True(result.ExitCode == 0, result.All);
        var subscribed = JsonNode.Parse(result.Output)!.AsArray().OfType<JsonObject>().ToList();

        var expected = Bindings("eventgridtrigger");
        Assert.Equal(expected.Select(b => b.Function).Order(), subscribed.Select(s => (string)s["function"]!).Order());
        foreach (var trigger in expected)
        {
            var subscription = subscribed.Single(s => (string)s["function"]! == trigger.Function);
            Assert.Equal(trigger["subjectBeginsWith"], (string)subscription["subjectBeginsWith"]!);
            Assert.Equal(trigger["subjectEndsWith"] ?? "", (string)subscription["subjectEndsWith"]!);
        }
        // The manifests' subscription lets only .json through (a .wav upload never wakes the function).
        Assert.Equal(".json", (string)subscribed.Single(s => (string)s["function"]! == "IngestCallRecord")["subjectEndsWith"]!);
        Assert.Equal("/blobServices/default/containers/call-records/blobs/",
            (string)subscribed.Single(s => (string)s["function"]! == "IngestCallBatch")["subjectBeginsWith"]!);
    }

    [Fact]
    public async Task TheHookRefusesAPackageWithABlobTrigger()
    {
        var broken = Path.Combine(Path.GetTempPath(), $"qa-infra-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path.Combine(broken, "Loads"));
        try
        {
            await File.WriteAllTextAsync(Path.Combine(broken, "Loads", "function.json"),
                """{"bindings":[{"type":"blobTrigger","direction":"in","name":"blob","path":"recordings/{name}.json","connection":"AzureWebJobsStorage","source":"EventGrid"}]}""");
            var result = await Processes.Run("bash", [Path.Combine(Repository.Infra, "hooks", "postdeploy.sh"), "--print"],
                environment: new Dictionary<string, string> { ["QA_PACKAGE_DIR"] = broken });
            Assert.NotEqual(0, result.ExitCode);
            Assert.Contains("eventGridTrigger", result.Error);
        }
        finally
        {
            Directory.Delete(broken, recursive: true);
        }
    }

    [Fact]
    public void TheSubscriptionsTemplateAddressesTheEventGridWebhook()
    {
        var source = File.ReadAllText(Path.Combine(Repository.Infra, "event-subscriptions.bicep"));
        Assert.Contains("/runtime/webhooks/eventgrid?functionName=${trigger.function}&code=", source);
        Assert.Contains("systemKeys.eventgrid_extension", source);
        Assert.Contains("Microsoft.Storage.BlobCreated", source);
        Assert.Contains("subjectBeginsWith: trigger.subjectBeginsWith", source);
    }
}
