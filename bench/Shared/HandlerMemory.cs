// Shared by the benchmarks that measure the built handler (bench/Kpi, bench/IngestTrigger).
using System.Diagnostics;
using System.Globalization;

/// <summary>Finds the handler process that HandlerProcess started.</summary>
static class HandlerMemory
{
    /// <summary>The handler runs as `dotnet QaServerless.Functions.dll` under a watchdog shell in its own process group.</summary>
    public static int Pid(int group)
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                if (int.Parse(fields[2], CultureInfo.InvariantCulture) == group && File.ReadAllText(Path.Combine(dir, "cmdline")).Contains("QaServerless.Functions.dll")
                    && !File.ReadAllText(Path.Combine(dir, "cmdline")).StartsWith("bash", StringComparison.Ordinal)) return pid;
            }
            catch (IOException) { }
        }
        throw new InvalidOperationException("The handler process was not found.");
    }
}

/// <summary>Samples a process's working set every 50 ms; keeps the peak.</summary>
sealed class PeakSampler : IDisposable
{
    private long peak;
    private readonly CancellationTokenSource stop = new();
    private readonly Task loop;

    public PeakSampler(Process process) => loop = Task.Run(async () =>
    {
        while (!stop.IsCancellationRequested)
        {
            process.Refresh();
            peak = Math.Max(peak, process.WorkingSet64);
            try { await Task.Delay(50, stop.Token); } catch (OperationCanceledException) { }
        }
    });

    public long Stop()
    {
        stop.Cancel();
        loop.Wait();
        return peak;
    }

    public void Dispose() => stop.Dispose();
}
