using System.Diagnostics;
using System.Text.RegularExpressions;
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

    /// <summary>
    /// Each module adds its strings to one shared dictionary (<c>extend</c> in i18n.js), so two modules defining one key with
    /// different words make whichever loads last win on both pages (seen after a merge: a chat's senders showed
    /// "th.sender.Unknown" because the comment thread's module took the prefix). A key may repeat only with the same words.
    /// </summary>
    [Fact]
    public void NoTwoModulesGiveOneStringKeyDifferentWords()
    {
        var folder = Path.Combine(Azurite.FindRepoRoot(), "functions", "QaServerless.Functions", "Workbench", "ui");
        var entry = new Regex(@"'(?<key>[a-zA-Z][\w.-]*)':\s*\[\s*'(?<zh>(?:[^'\\]|\\.)*)'\s*,\s*'(?<en>(?:[^'\\]|\\.)*)'\s*\]");
        var definitions = Directory.EnumerateFiles(folder, "*.js")
            .SelectMany(f => entry.Matches(File.ReadAllText(f)).Select(m => (Module: Path.GetFileName(f), Key: m.Groups["key"].Value, Words: m.Groups["zh"].Value + " | " + m.Groups["en"].Value)))
            .ToList();
        Assert.True(definitions.Count > 500, $"only {definitions.Count} strings found: the pattern no longer reads the modules");
        var clashes = definitions.GroupBy(d => d.Key).Where(g => g.Select(d => d.Words).Distinct().Count() > 1)
            .Select(g => $"{g.Key}: " + string.Join("; ", g.Select(d => $"{d.Module} \"{d.Words}\"")))
            .ToList();
        Assert.True(clashes.Count == 0, "Keys defined with different words:\n" + string.Join("\n", clashes));
    }
}
