using System.Text.Json.Nodes;
using QaServerless.Hosting;
using QaServerless.Infra.Tests.Infrastructure;

namespace QaServerless.Infra.Tests.Bicep;

/// <summary>What main.bicep creates and how it is configured, read from the compiled ARM template.</summary>
[Collection(BicepCollection.Name)]
public sealed class ResourceTemplateTests(BicepFixture bicep)
{
    private ArmTemplate Template => bicep.Main.Template;

    [Fact]
    public void TheAssignmentsQueueDeadLettersPoisonAndExpiredMessagesAndDropsDuplicates()
    {
        var queue = Assert.Single(Template.OfType("Microsoft.ServiceBus/namespaces/queues"), q => ((string)q.Node["name"]!).Contains("'assignments'"));
        var maxDeliveryCount = (int)queue.Value("properties.maxDeliveryCount")!;
        Assert.InRange(maxDeliveryCount, 2, 10);
        Assert.True((bool)queue.Value("properties.deadLetteringOnMessageExpiration")!);
        Assert.True((bool)queue.Value("properties.requiresDuplicateDetection")!);
        Assert.StartsWith("P", (string)queue.Value("properties.duplicateDetectionHistoryTimeWindow")!);
        Assert.Matches(@"^PT\d+[MS]$", (string)queue.Value("properties.lockDuration")!);
        Assert.StartsWith("P", (string)queue.Value("properties.defaultMessageTimeToLive")!);
        Assert.False((bool)queue.Value("properties.requiresSession")!);

        var serviceBus = Assert.Single(Template.OfType("Microsoft.ServiceBus/namespaces"));
        Assert.Equal("Standard", (string?)serviceBus.Value("sku.name"));
    }

    [Fact]
    public void TheFunctionAppRunsTheCustomHandlerOnFlexConsumption()
    {
        var plan = Assert.Single(Template.OfType("Microsoft.Web/serverfarms"));
        Assert.Equal("FC1", (string?)plan.Value("sku.name"));
        Assert.Equal("FlexConsumption", (string?)plan.Value("sku.tier"));
        Assert.True((bool)plan.Value("properties.reserved")!);

        var site = Assert.Single(Template.OfType("Microsoft.Web/sites"));
        Assert.Equal("functionapp,linux", (string?)site.Value("kind"));
        Assert.Equal("custom", (string?)site.Value("properties.functionAppConfig.runtime.name"));
        Assert.Equal("blobContainer", (string?)site.Value("properties.functionAppConfig.deployment.storage.type"));
        Assert.Equal("UserAssignedIdentity", (string?)site.Value("properties.functionAppConfig.deployment.storage.authentication.type"));
        Assert.Equal("UserAssigned", (string?)site.Value("identity.type"));
        Assert.True((bool)site.Value("properties.httpsOnly")!);
        // azd deploys to the resource tagged with the azure.yaml service name.
        Assert.Contains("azd-service-name", site.Node["tags"]!.ToJsonString());
        Assert.Contains("functions:", File.ReadAllText(Path.Combine(Repository.Root, "azure.yaml")));
        Assert.Equal("functions", (string?)site.Template["parameters"]!["serviceName"]!["defaultValue"]);
    }

    [Fact]
    public void RecordingsCoolAfterThirtyDaysAndAreDeletedAfterTheRetention()
    {
        var policy = Assert.Single(Template.OfType("Microsoft.Storage/storageAccounts/managementPolicies"));
        var rules = policy.Properties["policy"]!["rules"]!.AsArray().OfType<JsonObject>().ToList();
        var recordings = Assert.Single(rules, r => (string?)r["name"] == "recordings-cool-then-delete");
        Assert.Equal("""["recordings/"]""", recordings["definition"]!["filters"]!["prefixMatch"]!.ToJsonString());
        var actions = recordings["definition"]!["actions"]!["baseBlob"]!;
        Assert.Equal(30, (int)actions["tierToCool"]!["daysAfterModificationGreaterThan"]!);
        Assert.Equal("[parameters('recordingRetentionDays')]", (string?)actions["delete"]!["daysAfterModificationGreaterThan"]);
        Assert.True((int)Template.Root["parameters"]!["recordingRetentionDays"]!["minValue"]! > 30);
        var exports = Assert.Single(rules, r => (string?)r["name"] == "exports-previous-versions");
        Assert.NotNull(exports["definition"]!["actions"]!["version"]);
    }

    [Fact]
    public void BlobsAreSoftDeletedAndExportsVersioned()
    {
        var blobService = Assert.Single(Template.OfType("Microsoft.Storage/storageAccounts/blobServices"));
        Assert.True((bool)blobService.Value("properties.isVersioningEnabled")!);
        Assert.True((bool)blobService.Value("properties.deleteRetentionPolicy.enabled")!);
        Assert.True((bool)blobService.Value("properties.containerDeleteRetentionPolicy.enabled")!);
    }

    [Fact]
    public void OpenAiHasAChatAndATranscriptionDeployment()
    {
        var account = Assert.Single(Template.OfType("Microsoft.CognitiveServices/accounts"));
        Assert.Equal("OpenAI", (string?)account.Value("kind"));
        Assert.NotNull(account.Value("properties.customSubDomainName"));
        var deployments = Template.OfType("Microsoft.CognitiveServices/accounts/deployments").ToList();
        Assert.Equal(2, deployments.Count);
        Assert.Contains(deployments, d => d.Node["name"]!.ToString().Contains("chat"));
        Assert.Contains(deployments, d => d.Node["name"]!.ToString().Contains("transcription"));
        Assert.Equal("whisper", (string?)Template.Root["parameters"]!["transcriptionModelName"]!["defaultValue"]);
    }

    [Fact]
    public void BlobEventsHaveASystemTopicForTheIngestionTriggers()
    {
        var topic = Assert.Single(Template.OfType("Microsoft.EventGrid/systemTopics"));
        Assert.Equal("Microsoft.Storage.StorageAccounts", (string?)topic.Value("properties.topicType"));
        Assert.Contains("Microsoft.Storage/storageAccounts", (string?)topic.Value("properties.source"));
    }

    [Fact]
    public void MonitoringIsApplicationInsightsOnLogAnalytics()
    {
        Assert.Single(Template.OfType("Microsoft.OperationalInsights/workspaces"));
        var insights = Assert.Single(Template.OfType("Microsoft.Insights/components"));
        Assert.Contains("Microsoft.OperationalInsights/workspaces", (string?)insights.Value("properties.WorkspaceResourceId"));
    }

    [Fact]
    public void EveryContainerTableAndQueueTheAppDeclaresIsCreated()
    {
        // main.bicep inlines infra/app-storage.json (loadJsonContent) and creates each entry.
        var appStorage = Template.Variable("appStorage")!;
        var missing = AppDeclarations.StorageResources().Where(resource =>
        {
            var list = resource.Kind switch
            {
                StorageResourceKind.Table => "tables",
                StorageResourceKind.Container => "containers",
                _ => "queues",
            };
            return !appStorage[list]!.AsArray().Select(n => (string)n!).Contains(resource.Name);
        }).ToList();
        Assert.True(missing.Count == 0,
            "The app declares storage that infra/app-storage.json does not create: " + string.Join(", ", missing.Select(m => $"{m.Kind} {m.Name}")));
        foreach (var container in new[] { "recordings", "call-records", "call-records-rejected", "exports" })
        {
            Assert.Contains(container, appStorage["containers"]!.AsArray().Select(n => (string)n!));
        }
        Assert.Single(Template.OfType("Microsoft.Storage/storageAccounts/blobServices/containers"));
        Assert.Single(Template.OfType("Microsoft.Storage/storageAccounts/tableServices/tables"));
    }
}
