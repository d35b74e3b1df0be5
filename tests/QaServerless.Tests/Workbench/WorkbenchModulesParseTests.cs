using System.Diagnostics;
using QaServerless.LocalHost.Storage;

namespace QaServerless.Tests.Workbench;

/// <summary>
/// Every workbench module parses as an ES module. One stray brace in one module stops the whole client from loading
/// (seen after a merge: every page stayed at "loading…"); this names the module and the line at once, without a browser.
/// </summary>
public sealed class WorkbenchModulesParseTests
{
    public static TheoryData<string> Modules() =>
        [.. Directory.EnumerateFiles(Path.Combine(Azurite.FindRepoRoot(), "functions", "QaServerless.Functions", "Workbench", "ui"), "*.js")
            .Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(Modules))]
    public async Task TheModuleParses(string module)
    {
        var path = Path.Combine(Azurite.FindRepoRoot(), "functions", "QaServerless.Functions", "Workbench", "ui", module);
        var psi = new ProcessStartInfo("node") { ArgumentList = { "--input-type=module", "--check" }, RedirectStandardInput = true, RedirectStandardError = true };
        using var process = Process.Start(psi)!;
        await process.StandardInput.WriteAsync(await File.ReadAllTextAsync(path));
        process.StandardInput.Close();
        var errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{module} does not parse as an ES module:\n{errors}");
    }
}
