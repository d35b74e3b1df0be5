using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using QaServerless.Infra.Tests.Infrastructure;

namespace QaServerless.Infra.Tests.Bicep;

/// <summary>
/// The security promises of the infrastructure, read from the compiled ARM template: the app's identity holds exactly
/// the data roles it needs, on the resources they are for; no service accepts keys; Easy Auth refuses anonymous calls.
/// </summary>
[Collection(BicepCollection.Name)]
public sealed partial class SecurityTemplateTests(BicepFixture bicep)
{
    private ArmTemplate Template => bicep.Main.Template;

    /// <summary>(role definition id, type of the resource the assignment is scoped to, principal expression).</summary>
    private sealed record RoleGrant(string RoleId, string ScopeType, string Principal);

    private IReadOnlyList<RoleGrant> Grants() =>
        [.. Template.OfType("Microsoft.Authorization/roleAssignments").SelectMany(assignment =>
        {
            var roleIds = assignment.Template["variables"]?["roleIds"]?.AsObject();
            var definition = (string)assignment.Properties["roleDefinitionId"]!;
            var scope = ScopeType().Match((string?)assignment.Node["scope"] ?? "").Groups[1].Value;
            var principal = (string)assignment.Properties["principalId"]!;
            return RoleKey().Matches(definition)
                .Select(m => new RoleGrant((string)roleIds![m.Groups[1].Value]!, scope, principal));
        })];

    [Theory]
    [InlineData("b7e6dc6d-f1e8-4753-8033-0f276bb0955b", "Microsoft.Storage/storageAccounts")] // Storage Blob Data Owner
    [InlineData("974c5e8b-45b9-4653-ba55-5f855dd0fb88", "Microsoft.Storage/storageAccounts")] // Storage Queue Data Contributor
    [InlineData("0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3", "Microsoft.Storage/storageAccounts")] // Storage Table Data Contributor
    [InlineData("4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0", "Microsoft.ServiceBus/namespaces")] // Azure Service Bus Data Receiver
    [InlineData("69a216fc-b8fb-44d8-bc22-1f3c2cd27a39", "Microsoft.ServiceBus/namespaces")] // Azure Service Bus Data Sender
    [InlineData("5e0bd9bd-7b93-4f28-af87-19fc36ad61bd", "Microsoft.CognitiveServices/accounts")] // Cognitive Services OpenAI User
    [InlineData("3913510d-42f4-4e42-8a64-420c390055eb", "Microsoft.Insights/components")] // Monitoring Metrics Publisher
    public void TheAppIdentityHoldsEachDataRoleOnTheResourceItIsFor(string roleId, string scopeType)
    {
        var grants = Grants().Where(g => g.RoleId == roleId && g.Principal == "[parameters('principalId')]").ToList();
        Assert.True(grants.Count == 1, $"expected one assignment of role {roleId} to the app identity, found {grants.Count}");
        Assert.Equal(scopeType, grants[0].ScopeType);

        // ...and the roles module's principal is the user-assigned identity the function app runs as.
        var rolesModule = Template.OfType("Microsoft.Resources/deployments").Single(d => (string?)d.Node["name"] == "roles");
        var principal = (string)rolesModule.Properties["parameters"]!["principalId"]!["value"]!;
        Assert.Contains("'identity'", principal);
        Assert.Contains("outputs.principalId", principal);
    }

    [Fact]
    public void NoBroadRoleIsGranted()
    {
        string[] broad =
        [
            "8e3af657-a8ff-443c-a75c-2fe8c4bcb635", // Owner
            "b24988ac-6180-42a0-ab88-20f7382dd24c", // Contributor
            "17d1049b-9a84-46fb-8f53-869881c3d3ab", // Storage Account Contributor
            "090c5cfd-751d-490a-894a-3ce6f1109419", // Azure Service Bus Data Owner
            "a001fd3d-188f-4b5d-821b-7da978bf7442", // Cognitive Services OpenAI Contributor
        ];
        Assert.DoesNotContain(Grants(), g => broad.Contains(g.RoleId));
        Assert.All(Grants(), g => Assert.DoesNotContain(g.ScopeType, new[] { "", "Microsoft.Resources/resourceGroups" }));
    }

    [Fact]
    public void ContactCenterUploadersAreLimitedToTheirCentersFolder()
    {
        var uploads = Template.OfType("Microsoft.Authorization/roleAssignments")
            .Where(a => ((string)a.Properties["roleDefinitionId"]!).Contains("storageBlobDataContributor")).ToList();
        var upload = Assert.Single(uploads);
        Assert.Equal("Microsoft.Storage/storageAccounts/blobServices/containers", ScopeType().Match((string)upload.Node["scope"]!).Groups[1].Value);
        Assert.Equal("2.0", (string?)upload.Properties["conditionVersion"]);
        var condition = (string)upload.Template["variables"]!["centerCondition"]!;
        Assert.Contains("blobs:path] StringStartsWith '{center}/'", condition);
        Assert.Contains("blobs:prefix] StringStartsWith '{center}/'", condition);
    }

    [Fact]
    public void StorageRefusesSharedKeysAndAnonymousReads()
    {
        var account = Assert.Single(Template.OfType("Microsoft.Storage/storageAccounts"));
        Assert.False((bool)account.Value("properties.allowSharedKeyAccess")!);
        Assert.False((bool)account.Value("properties.allowBlobPublicAccess")!);
        Assert.True((bool)account.Value("properties.defaultToOAuthAuthentication")!);
        Assert.Equal("TLS1_2", (string?)account.Value("properties.minimumTlsVersion"));
    }

    [Fact]
    public void ServiceBusAndOpenAiAcceptNoKeys()
    {
        Assert.True((bool)Assert.Single(Template.OfType("Microsoft.ServiceBus/namespaces")).Value("properties.disableLocalAuth")!);
        Assert.True((bool)Assert.Single(Template.OfType("Microsoft.CognitiveServices/accounts")).Value("properties.disableLocalAuth")!);
        Assert.True((bool)Assert.Single(Template.OfType("Microsoft.Insights/components")).Value("properties.DisableLocalAuth")!);
    }

    [Fact]
    public void AppSettingsCarryIdentitiesNotSecrets()
    {
        var settings = AppSettings();
        Assert.Equal("managedidentity", (string?)settings["AzureWebJobsStorage__credential"]);
        Assert.Equal("managedidentity", (string?)settings["ServiceBusConnection__credential"]);
        Assert.Contains("identityClientId", (string?)settings["AzureWebJobsStorage__clientId"]);
        Assert.Contains("identityClientId", (string?)settings["ServiceBusConnection__clientId"]);
        // The OpenAI section the app binds (Ai/OpenAI/OpenAIOptions): endpoint, deployments, the identity; never a key.
        foreach (var name in new[] { "OpenAI__Endpoint", "OpenAI__ChatDeployment", "OpenAI__TranscriptionDeployment" })
            Assert.True(settings.ContainsKey(name), $"app setting {name} is missing");
        Assert.Contains("identityClientId", (string?)settings["OpenAI__ClientId"]);
        Assert.False(settings.ContainsKey("OpenAI__ApiKey"), "OpenAI keys are disabled; the app uses its identity");
        Assert.False(settings.ContainsKey("AzureWebJobsStorage"), "AzureWebJobsStorage as a connection string would need a key");
        foreach (var (name, value) in settings)
        {
            var text = value?.ToJsonString() ?? "";
            Assert.False(text.Contains("listKeys", StringComparison.OrdinalIgnoreCase) || text.Contains("AccountKey=") || text.Contains("SharedAccessKey"),
                $"app setting {name} carries a secret: {text}");
        }
        Assert.DoesNotContain("listKeys(", bicep.Main.Build.Output);
    }

    [Fact]
    public void EasyAuthRefusesUnauthenticatedRequests()
    {
        var auth = Assert.Single(Template.OfType("Microsoft.Web/sites/config"), c => ((string)c.Node["name"]!).Contains("'authsettingsV2'"));
        Assert.True((bool)auth.Value("properties.platform.enabled")!);
        Assert.True((bool)auth.Value("properties.globalValidation.requireAuthentication")!);
        // The action is main.bicep's parameter, and every value it allows refuses the request.
        Assert.Equal("[parameters('unauthenticatedAction')]", (string?)auth.Value("properties.globalValidation.unauthenticatedClientAction"));
        var allowed = Template.Root["parameters"]!["unauthenticatedAction"]!["allowedValues"]!.AsArray().Select(v => (string)v!).ToList();
        Assert.NotEmpty(allowed);
        Assert.All(allowed, action => Assert.Contains(action, new[] { "RedirectToLoginPage", "Return401", "Return403" }));
        Assert.True((bool)auth.Value("properties.identityProviders.azureActiveDirectory.enabled")!);
        Assert.Equal("[parameters('authClientId')]", (string?)auth.Value("properties.identityProviders.azureActiveDirectory.registration.clientId"));
        // Only the Event Grid webhook skips sign-in; the host guards it with its eventgrid_extension key.
        Assert.Equal(["/runtime/webhooks/eventgrid"], auth.Value("properties.globalValidation.excludedPaths")!.AsArray().Select(p => (string)p!));
        Assert.Equal("true", (string?)AppSettings()["Auth__TrustEasyAuth"]);
    }

    private JsonObject AppSettings() =>
        Assert.Single(Template.OfType("Microsoft.Web/sites/config"), c => ((string)c.Node["name"]!).Contains("'appsettings'")).Properties;

    [GeneratedRegex(@"variables\('roleIds'\)\.(\w+)")]
    private static partial Regex RoleKey();

    [GeneratedRegex(@"resourceId\('([^']+)'")]
    private static partial Regex ScopeType();
}
