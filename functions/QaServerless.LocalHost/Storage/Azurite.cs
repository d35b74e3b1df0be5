using System.Diagnostics;
using System.Text.RegularExpressions;

namespace QaServerless.LocalHost.Storage;

/// <summary>
/// A real Azurite (npm package, in memory, free ports) for the local host and the tests. It runs in a process group
/// of its own with a watchdog (<see cref="OwnedProcessGroup"/>), and is stopped by ending that group: SIGTERM to the
/// npm shim was seen to leave the node process running. Even a crashed or killed owner leaves no Azurite behind.
/// </summary>
public sealed partial class Azurite : IAsyncDisposable
{
    private readonly Process process;
    private int disposed;

    public int BlobPort { get; }
    public int QueuePort { get; }
    public int TablePort { get; }

    /// <summary>The id of Azurite's process group.</summary>
    public int ProcessGroupId { get; }

    /// <summary>The well-known development account key that Azurite publishes; not a secret.</summary>
    public const string DevAccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={DevAccountKey};" +
        $"BlobEndpoint=http://127.0.0.1:{BlobPort}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{QueuePort}/devstoreaccount1;" +
        $"TableEndpoint=http://127.0.0.1:{TablePort}/devstoreaccount1;";

    private Azurite(Process process, int blob, int queue, int table)
    {
        this.process = process; BlobPort = blob; QueuePort = queue; TablePort = table; ProcessGroupId = process.Id;
    }

    public static async Task<Azurite> StartAsync(string repoRoot, CancellationToken ct = default)
    {
        var bin = Path.Combine(repoRoot, "node_modules", ".bin", "azurite");
        if (!File.Exists(bin)) await NpmInstallAsync(repoRoot, ct);
        var psi = OwnedProcessGroup.StartInfo(bin,
        [
            "--inMemoryPersistence", "--blobPort", "0", "--queuePort", "0", "--tablePort", "0",
            "--blobHost", "127.0.0.1", "--queueHost", "127.0.0.1", "--tableHost", "127.0.0.1",
            "--skipApiVersionCheck", "--disableProductStyleUrl", "--disableTelemetry", "--loose",
        ]);
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
        if (finished != ready.Task) { OwnedProcessGroup.Stop(process); throw new InvalidOperationException("Azurite did not start within 60 s."); }
        return new Azurite(process, ports["Blob"], ports["Queue"], ports["Table"]);
    }

    private static async Task NpmInstallAsync(string repoRoot, CancellationToken ct)
    {
        var npm = Process.Start(new ProcessStartInfo("npm", "ci --no-audit --no-fund") { WorkingDirectory = repoRoot, UseShellExecute = false })!;
        await npm.WaitForExitAsync(ct);
        if (npm.ExitCode != 0) throw new InvalidOperationException("npm ci failed: Node.js and npm are needed for Azurite.");
    }

    /// <summary>The repository root (the folder holding QaServerless.sln) above the running program, or above the current directory.</summary>
    public static string FindRepoRoot()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            var dir = new DirectoryInfo(start);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "QaServerless.sln"))) dir = dir.Parent;
            if (dir is not null) return dir.FullName;
        }
        throw new InvalidOperationException("QaServerless.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>Stops Azurite synchronously (exit and crash handlers cannot await).</summary>
    public void Stop()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 1) return;
        OwnedProcessGroup.Stop(process);
        process.Dispose();
    }

    public ValueTask DisposeAsync()
    {
        Stop();
        return ValueTask.CompletedTask;
    }

    [GeneratedRegex(@"Azurite (Blob|Queue|Table) service is successfully listening at http://[^:]+:(\d+)")]
    private static partial Regex Listening();
}
