using Microsoft.Extensions.Logging.Abstractions;
using QaServerless.LocalHost;
using QaServerless.LocalHost.Functions;

namespace QaServerless.Tests.LocalHost;

/// <summary>The repository's own function.json files: every function must be one the local host can run.</summary>
public class FunctionCatalogTests
{
    private static readonly string[] Driven = ["eventGridTrigger", "timerTrigger", "serviceBusTrigger", "queueTrigger"];
    private static readonly string[] Outputs = ["serviceBus", "queue", "http"];

    private static FunctionCatalog Repository() => LocalFunctionsHost.LoadCatalog(Azurite.FindRepoRoot());

    [Fact]
    public void EveryFunctionFolderIsReadWithItsFolderNameAndBuildOutputIsSkipped()
    {
        var catalog = Repository();

        Assert.Contains(catalog.Functions, f => f.Name == "Api" && f.Is("httpTrigger"));
        Assert.Contains(catalog.Functions, f => f.Name == "IngestCallRecord" && f.Is("eventGridTrigger"));
        Assert.DoesNotContain(catalog.Functions, f => f.Folder.Contains("/bin/") || f.Folder.Contains("/obj/"));
        Assert.Equal(8, catalog.HostSetting("extensions.serviceBus.maxConcurrentCalls", 0));
    }

    [Fact]
    public void EveryTriggerAndOutputOfTheAppIsOneTheLocalHostDrives()
    {
        var catalog = Repository();
        // Building the host parses every blob subscription, CRON schedule and queue name: a bad one throws here.
        using var client = new HttpClient { BaseAddress = new Uri("http://127.0.0.1:1") };
        var host = new LocalFunctionsHost(catalog, client, "UseDevelopmentStorage=true", NullLoggerFactory.Instance);

        foreach (var function in catalog.Functions.Where(f => f.Name != "Api"))
        {
            Assert.True(Driven.Contains(function.Trigger?.Type, StringComparer.OrdinalIgnoreCase), $"{function.Name}: trigger {function.Trigger?.Type} is not driven by the local host");
            Assert.All(function.Outputs, o => Assert.True(Outputs.Contains(o.Type, StringComparer.OrdinalIgnoreCase), $"{function.Name}: output {o.Type} is not emulated"));
        }
        Assert.Equal(catalog.Functions.Count(f => f.Name != "Api"), host.Describe().Count());
    }
}
