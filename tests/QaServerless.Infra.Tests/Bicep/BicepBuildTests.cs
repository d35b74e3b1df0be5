using QaServerless.Infra.Tests.Infrastructure;

namespace QaServerless.Infra.Tests.Bicep;

/// <summary>
/// `bicep build` and `bicep lint` must pass with no error and no warning. A warning that is right to keep is explained
/// where it arises (`#disable-next-line &lt;rule&gt; // why`) or in infra/bicepconfig.json, never ignored here.
/// </summary>
[Collection(BicepCollection.Name)]
public sealed class BicepBuildTests(BicepFixture bicep)
{
    public static TheoryData<string> Files => ["main.bicep", "event-subscriptions.bicep"];

    private BicepResult Result(string file) => file == "main.bicep" ? bicep.Main : bicep.EventSubscriptions;

    [Theory]
    [MemberData(nameof(Files))]
    public void BuildsWithoutErrors(string file)
    {
        var result = Result(file);
        Assert.True(result.Build.ExitCode == 0, $"bicep build {file} failed:\n{result.Build.All}");
        Assert.NotEmpty(result.Template.Resources);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void LintsWithoutWarnings(string file)
    {
        var result = Result(file);
        Assert.True(result.Lint.ExitCode == 0, $"bicep lint {file} failed:\n{result.Lint.All}");
        Assert.True(result.Diagnostics.Count == 0,
            $"bicep reports for {file} (fix them, or explain a deliberate one with #disable-next-line <rule> // why):\n"
            + string.Join('\n', result.Diagnostics));
    }

    [Fact]
    public void MainDeploysAtSubscriptionScopeWithTheAzdParameters()
    {
        var template = bicep.Main.Template.Root;
        Assert.Contains("subscriptionDeploymentTemplate", (string?)template["$schema"]);
        var parameters = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(Repository.Infra, "main.parameters.json")))!["parameters"]!.AsObject();
        var declared = template["parameters"]!.AsObject();
        foreach (var (name, _) in parameters) Assert.True(declared.ContainsKey(name), $"main.parameters.json sets '{name}', which main.bicep does not declare");
        foreach (var (name, parameter) in declared)
        {
            if (parameter?["defaultValue"] is null) Assert.True(parameters.ContainsKey(name), $"main.bicep parameter '{name}' has no default and no value in main.parameters.json");
        }
    }
}
