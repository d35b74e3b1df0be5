namespace QaServerless.Infra.Tests.Infrastructure;

/// <summary>The outcome of `bicep build` and `bicep lint` on one file.</summary>
public sealed record BicepResult(string File, ProcessResult Build, ProcessResult Lint)
{
    public ArmTemplate Template => ArmTemplate.Parse(Build.Output);

    /// <summary>Diagnostic lines ("path(line,col) : Warning rule: text") of both runs.</summary>
    public IReadOnlyList<string> Diagnostics => [.. $"{Build.Error}\n{Lint.Output}\n{Lint.Error}"
        .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Where(line => line.Contains(" : Warning ") || line.Contains(" : Error ") || line.Contains(" : Info "))
        .Distinct()];
}

/// <summary>Builds and lints the two deployable Bicep files once for all tests (each bicep run takes seconds).</summary>
public sealed class BicepFixture : IAsyncLifetime
{
    public BicepResult Main { get; private set; } = null!;
    public BicepResult EventSubscriptions { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var results = await Task.WhenAll(Compile("main.bicep"), Compile("event-subscriptions.bicep"));
        (Main, EventSubscriptions) = (results[0], results[1]);
    }

    private static async Task<BicepResult> Compile(string file)
    {
        var path = Path.Combine(Repository.Infra, file);
        var build = await Processes.Run(Repository.Bicep, ["build", path, "--stdout"], Repository.Infra);
        var lint = await Processes.Run(Repository.Bicep, ["lint", path], Repository.Infra);
        return new BicepResult(file, build, lint);
    }

    public Task DisposeAsync() => Task.CompletedTask;
}

[CollectionDefinition(Name)]
public sealed class BicepCollection : ICollectionFixture<BicepFixture>
{
    public const string Name = "Bicep";
}
