using System.Diagnostics;
using System.Reflection;

namespace QaServerless.Infra.Tests.Infrastructure;

/// <summary>Where things are: the repository, its infra folder, the Bicep CLI restored from NuGet.</summary>
public static class Repository
{
    private static string Metadata(string key) =>
        typeof(Repository).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value
        ?? throw new InvalidOperationException($"Assembly metadata {key} is missing.");

    public static string Root { get; } = Path.GetFullPath(Metadata("RepositoryRoot"));

    public static string Infra { get; } = Path.Combine(Root, "infra");

    public static string FunctionsProject { get; } = Path.Combine(Root, "functions", "QaServerless.Functions");

    /// <summary>The package's props write the path Windows-style (tools\bicep).</summary>
    public static string Bicep { get; } = EnsureExecutable(Path.GetFullPath(Metadata("BicepPath").Replace('\\', '/')));

    /// <summary>NuGet does not keep Unix modes when it extracts a package: give the binary its run bit back.</summary>
    private static string EnsureExecutable(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException("The Bicep CLI was not restored (Azure.Bicep.CommandLine.linux-x64).", path);
        var mode = File.GetUnixFileMode(path);
        if (!mode.HasFlag(UnixFileMode.UserExecute)) File.SetUnixFileMode(path, mode | UnixFileMode.UserExecute);
        return path;
    }

    /// <summary>Every function.json of the app in the repository (bin/obj copies left out), by function name.</summary>
    public static IReadOnlyDictionary<string, string> FunctionDefinitions() =>
        Directory.EnumerateFiles(FunctionsProject, "function.json", SearchOption.AllDirectories)
            .Where(path => !path.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"))
            .ToDictionary(path => Path.GetFileName(Path.GetDirectoryName(path)!), path => path);
}

public sealed record ProcessResult(int ExitCode, string Output, string Error)
{
    public string All => $"{Output}\n{Error}".Trim();
}

public static class Processes
{
    public static async Task<ProcessResult> Run(string fileName, IEnumerable<string> arguments, string? workingDirectory = null,
        IDictionary<string, string>? environment = null, TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory ?? Repository.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) start.Environment[key] = value;

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(10));
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', start.ArgumentList)} did not finish in time.");
        }
        return new ProcessResult(process.ExitCode, await output, await error);
    }
}
