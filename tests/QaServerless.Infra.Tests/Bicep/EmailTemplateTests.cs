using System.Text.Json.Nodes;
using QaServerless.Infra.Tests.Infrastructure;

namespace QaServerless.Infra.Tests.Bicep;

/// <summary>
/// E-mail for the notifications, read from the compiled ARM template: behind main.bicep's <c>emailEnabled</c> (off by
/// default) a module adds Communication Services with an Azure-managed domain, the app identity's sending role scoped to
/// that resource, and the app settings the app reads (Notifications/Delivery/AcsEmail.cs, EmailOptions).
/// </summary>
[Collection(BicepCollection.Name)]
public sealed class EmailTemplateTests(BicepFixture bicep)
{
    // One parse, so the resources found in it can be compared by reference.
    private ArmTemplate Template { get; } = bicep.Main.Template;

    private ArmResource EmailModule => Assert.Single(Template.OfType("Microsoft.Resources/deployments"), d => (string?)d.Node["name"] == "email");

    private ArmResource FunctionAppModule => Assert.Single(Template.OfType("Microsoft.Resources/deployments"), d => (string?)d.Node["name"] == "function-app");

    private IEnumerable<ArmResource> InEmailModule => Template.Resources.Where(r => ReferenceEquals(r.Template, EmailModule.Properties["template"]));

    private JsonObject AppSettings =>
        Assert.Single(Template.OfType("Microsoft.Web/sites/config"), c => ((string)c.Node["name"]!).Contains("'appsettings'")).Properties;

    [Fact]
    public void OffByDefaultNoCommunicationResourceAndNoEmailSettingIsDeployed()
    {
        var parameter = Template.Root["parameters"]!["emailEnabled"]!;
        Assert.Equal(("bool", false), ((string?)parameter["type"], (bool)parameter["defaultValue"]!));

        // Everything of e-mail is in the one module, and the module is deployed only when emailEnabled is set.
        Assert.Equal("[parameters('emailEnabled')]", (string?)EmailModule.Node["condition"]);
        var communication = Template.Resources.Where(r => r.Type.StartsWith("Microsoft.Communication/", StringComparison.OrdinalIgnoreCase)).ToList();
        Assert.Equal(3, communication.Count);
        Assert.All(communication, r => Assert.Contains(r, InEmailModule));

        // Off, the function app is given empty e-mail settings, and the app then sends no e-mail (EmailOptions.Configured).
        var parameters = FunctionAppModule.Properties["parameters"]!;
        foreach (var (name, output) in new[] { ("emailEndpoint", "endpoint"), ("emailSender", "sender") })
        {
            var value = parameters[name]!.GetValue<string>();
            Assert.StartsWith("[if(parameters('emailEnabled'), createObject('value', reference(", value);
            Assert.Contains($"'Microsoft.Resources/deployments', 'email'), '2025-04-01').outputs.{output}.value), createObject('value', ''))]", value);
        }
    }

    [Fact]
    public void OnTheAppIdentitySendsThroughAnAzureManagedDomainWithTheDocumentedSendRoleOnTheAcsResourceOnly()
    {
        var emailService = Assert.Single(InEmailModule, r => r.Type == "Microsoft.Communication/emailServices");
        var domain = Assert.Single(InEmailModule, r => r.Type == "Microsoft.Communication/emailServices/domains");
        var acs = Assert.Single(InEmailModule, r => r.Type == "Microsoft.Communication/communicationServices");
        Assert.All([emailService, domain, acs], r => Assert.Equal(("global", "2025-05-01"), ((string?)r.Node["location"], (string?)r.Node["apiVersion"])));
        Assert.Equal("AzureManaged", (string?)domain.Value("properties.domainManagement"));
        Assert.Equal("Disabled", (string?)domain.Value("properties.userEngagementTracking"));
        // The domain is linked to the ACS resource, which accepts Microsoft Entra tokens only.
        var linked = (string)Assert.Single(acs.Properties["linkedDomains"]!.AsArray())!;
        Assert.Contains("resourceId('Microsoft.Communication/emailServices/domains'", linked);
        Assert.True((bool)acs.Value("properties.disableLocalAuth")!);

        // The role: a custom one with exactly the documented send actions, assigned to the app's identity on the ACS resource.
        var assignment = Assert.Single(InEmailModule, r => r.Type == "Microsoft.Authorization/roleAssignments");
        Assert.Equal("[resourceId('Microsoft.Communication/communicationServices', parameters('communicationName'))]", (string?)assignment.Node["scope"]);
        Assert.Equal("[parameters('principalId')]", (string?)assignment.Properties["principalId"]);
        Assert.Equal("ServicePrincipal", (string?)assignment.Properties["principalType"]);
        Assert.StartsWith("[resourceId('Microsoft.Authorization/roleDefinitions'", (string?)assignment.Properties["roleDefinitionId"]);
        var role = Assert.Single(InEmailModule, r => r.Type == "Microsoft.Authorization/roleDefinitions");
        var actions = role.Properties["permissions"]!.AsArray().Single()!["actions"]!;
        Assert.Equal(["Microsoft.Communication/CommunicationServices/Read", "Microsoft.Communication/CommunicationServices/Write",
            "Microsoft.Communication/EmailServices/write"], Resolve(actions, role.Template).AsArray().Select(a => (string)a!));
        Assert.Equal("[resourceGroup().id]", (string?)role.Properties["assignableScopes"]!.AsArray().Single());
        var principal = (string)EmailModule.Properties["parameters"]!["principalId"]!["value"]!;
        Assert.Contains("'identity'", principal);
        Assert.Contains("outputs.principalId", principal);

        // The three settings the app binds (Notifications:Email:*), from the module's outputs and the identity.
        Assert.Equal("[parameters('emailEndpoint')]", (string?)AppSettings["Notifications__Email__Endpoint"]);
        Assert.Equal("[parameters('emailSender')]", (string?)AppSettings["Notifications__Email__Sender"]);
        Assert.Equal("[parameters('identityClientId')]", (string?)AppSettings["Notifications__Email__ClientId"]);
        var outputs = EmailModule.Properties["template"]!["outputs"]!;
        Assert.Equal("[format('https://{0}', reference(resourceId('Microsoft.Communication/communicationServices', parameters('communicationName')), '2025-05-01').hostName)]",
            (string?)outputs["endpoint"]!["value"]);
        Assert.Equal("[format('DoNotReply@{0}', reference(resourceId('Microsoft.Communication/emailServices/domains', parameters('emailServiceName'), 'AzureManagedDomain'), '2025-05-01').mailFromSenderDomain)]",
            (string?)outputs["sender"]!["value"]);
    }

    /// <summary>A "[variables('x')]" of a module's template, resolved to the variable's value.</summary>
    private static JsonNode Resolve(JsonNode node, JsonObject template) =>
        node is JsonValue v && v.TryGetValue<string>(out var text) && text.StartsWith("[variables('", StringComparison.Ordinal)
            ? template["variables"]![text["[variables('".Length..^"')]".Length]]!
            : node;
}
