namespace QaServerless.Infra.Tests.Infrastructure;

/// <summary>
/// Runs infra/package.sh once (the same script azd's prepackage hook runs) into .artifacts/infra-tests/package,
/// and builds the Bicep, so package tests can hold the package against the template.
/// </summary>
public sealed class PackageFixture : IAsyncLifetime
{
    public string Directory { get; } = Path.Combine(Repository.Root, ".artifacts", "infra-tests", "package");
    public string Zip => Directory + ".zip";
    public ProcessResult Packaging { get; private set; } = null!;
    public ArmTemplate Main { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var packaging = Processes.Run("bash", [Path.Combine(Repository.Infra, "package.sh"), Directory]);
        var main = Processes.Run(Repository.Bicep, ["build", Path.Combine(Repository.Infra, "main.bicep"), "--stdout"], Repository.Infra);
        Packaging = await packaging;
        if (Packaging.ExitCode != 0) throw new InvalidOperationException($"infra/package.sh failed:\n{Packaging.All}");
        Main = ArmTemplate.Parse((await main).Output);
    }

    public Task DisposeAsync() => Task.CompletedTask;
}

[CollectionDefinition(Name)]
public sealed class PackageCollection : ICollectionFixture<PackageFixture>
{
    public const string Name = "Package";
}
