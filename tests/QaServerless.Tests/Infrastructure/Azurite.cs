using System.Diagnostics;
using System.Text.RegularExpressions;

namespace QaServerless.Tests.Infrastructure;

/// <summary>
/// A real Azurite (npm package, in memory, free ports), started once per test run and stopped with its whole
/// process group: SIGTERM to the npm shim was seen to leave the node process running.
/// </summary>
public sealed partial class Azurite : IAsyncDisposable
{
    private readonly Process process;

    public int BlobPort { get; }
    public int QueuePort { get; }
    public int TablePort { get; }

    /// <summary>The well-known development account key that Azurite publishes; not a secret.</summary>
    public const string DevAccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={DevAccountKey};" +
        $"BlobEndpoint=http://127.0.0.1:{BlobPort}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{QueuePort}/devstoreaccount1;" +
        $"TableEndpoint=http://127.0.0.1:{TablePort}/devstoreaccount1;";

    private Azurite(Process process, int blob, int queue, int table) { this.process = process; BlobPort = blob; QueuePort = queue; TablePort = table; }

    public static async Task<Azurite> StartAsync(string repoRoot, CancellationToken ct = default)
    {
        var bin = Path.Combine(repoRoot, "node_modules", ".bin", "azurite");
        if (!File.Exists(bin)) await NpmInstallAsync(repoRoot, ct);
        // setsid gives Azurite its own process group, so that Dispose can end node and all it started.
        var psi = new ProcessStartInfo("setsid")
        {
            ArgumentList = { bin, "--inMemoryPersistence", "--blobPort", "0", "--queuePort", "0", "--tablePort", "0",
                "--blobHost", "127.0.0.1", "--queueHost", "127.0.0.1", "--tableHost", "127.0.0.1",
                "--skipApiVersionCheck", "--disableProductStyleUrl", "--disableTelemetry", "--loose" },
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        var process = Process.Start(psi) ?? throw new InvalidOperationException("Could not start Azurite.");
        var ports = new Dictionary<string, int>();
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            var m = Listening().Match(e.Data);
            if (!m.Success) return;
            lock (ports) { ports[m.Groups[1].Value] = int.Parse(m.Groups[2].Value); if (ports.Count == 3) ready.TrySetResult(); }
        };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var finished = await Task.WhenAny(ready.Task, Task.Delay(TimeSpan.FromSeconds(60), ct), process.WaitForExitAsync(ct));
        if (finished != ready.Task) { Kill(process); throw new InvalidOperationException("Azurite did not start within 60 s."); }
        return new Azurite(process, ports["Blob"], ports["Queue"], ports["Table"]);
    }

    private static async Task NpmInstallAsync(string repoRoot, CancellationToken ct)
    {
        var npm = Process.Start(new ProcessStartInfo("npm", "ci --no-audit --no-fund") { WorkingDirectory = repoRoot, UseShellExecute = false })!;
        await npm.WaitForExitAsync(ct);
        if (npm.ExitCode != 0) throw new InvalidOperationException("npm ci failed: Node.js and npm are needed for Azurite.");
    }

    public static string FindRepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "QaServerless.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("QaServerless.sln not found above " + AppContext.BaseDirectory);
    }

    private static void Kill(Process process)
    {
        // "--" is vital: procps-ng 4.0.2 (Debian 12) reads "kill -TERM -12345" as kill(-1, SIGTERM) when the id starts
        // with 1, which signals every process on the machine. After "--" the negative id is a process group, as meant.
        try { Process.Start("kill", ["-TERM", "--", $"-{process.Id}"])?.WaitForExit(2000); } catch { }
        try { if (!process.HasExited) process.Kill(entireProcessTree: true); } catch { }
    }

    public ValueTask DisposeAsync()
    {
        Kill(process);
        process.Dispose();
        return ValueTask.CompletedTask;
    }

    [GeneratedRegex(@"Azurite (Blob|Queue|Table) service is successfully listening at http://[^:]+:(\d+)")]
    private static partial Regex Listening();
}
