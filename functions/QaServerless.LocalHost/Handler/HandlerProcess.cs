using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using Microsoft.Extensions.Logging;
using QaServerless.LocalHost.Storage;

namespace QaServerless.LocalHost.Handler;

/// <summary>
/// The custom handler (QaServerless.Functions' build output) as a child process, started the way the Functions host
/// starts it: <c>FUNCTIONS_CUSTOMHANDLER_PORT</c> and the app settings in its environment. Ready once it answers
/// <c>GET /api/health</c>; the host gives a handler 60 s.
/// </summary>
public sealed class HandlerProcess : IAsyncDisposable
{
    private readonly Process process;
    private int stopped;

    public int Port { get; }
    public Uri BaseAddress => new($"http://127.0.0.1:{Port}");
    /// <summary>The handler runs in a process group of its own; this is its id.</summary>
    public int ProcessGroupId => process.Id;

    private HandlerProcess(Process process, int port) { this.process = process; Port = port; }

    /// <summary>The handler's build output folder, baked in at build time for the configuration the local host was built in.</summary>
    public static string DefaultOutputFolder() =>
        typeof(HandlerProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == "HandlerOutput")?.Value
        ?? throw new InvalidOperationException("The handler's output folder is unknown: build functions/QaServerless.LocalHost.");

    public static async Task<HandlerProcess> StartAsync(string outputFolder, IReadOnlyDictionary<string, string> settings, ILogger log, CancellationToken ct = default)
    {
        var dll = Path.Combine(outputFolder, "QaServerless.Functions.dll");
        if (!File.Exists(dll)) throw new FileNotFoundException($"The handler is not built: {dll} is missing. Run `dotnet build` first.");
        var port = FreePort();
        // In a process group of its own with a watchdog, like Azurite: a killed local host leaves no handler behind.
        var psi = OwnedProcessGroup.StartInfo("dotnet", [dll]);
        psi.WorkingDirectory = outputFolder;
        psi.Environment["FUNCTIONS_CUSTOMHANDLER_PORT"] = port.ToString();
        psi.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        psi.Environment["DOTNET_ENVIRONMENT"] = "Development";
        psi.Environment.Remove("ASPNETCORE_URLS");
        // The app's own logs, not ASP.NET Core's per-request chatter.
        psi.Environment["Logging__LogLevel__Microsoft.AspNetCore"] = "Warning";
        psi.Environment["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Warning";
        psi.Environment["Logging__Console__FormatterName"] = "simple";
        psi.Environment["Logging__Console__FormatterOptions__SingleLine"] = "true";
        foreach (var (key, value) in settings) psi.Environment[key.Replace(":", "__")] = value;
        var process = Process.Start(psi) ?? throw new InvalidOperationException("Could not start the handler.");
        process.OutputDataReceived += (_, e) => { if (!string.IsNullOrWhiteSpace(e.Data)) log.LogInformation("[handler] {Line}", e.Data); };
        process.ErrorDataReceived += (_, e) => { if (!string.IsNullOrWhiteSpace(e.Data)) log.LogWarning("[handler] {Line}", e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var handler = new HandlerProcess(process, port);
        var watch = Stopwatch.StartNew();
        using var http = new HttpClient { BaseAddress = handler.BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        while (watch.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (process.HasExited) throw new InvalidOperationException($"The handler exited with code {process.ExitCode} before listening.");
            try
            {
                using var response = await http.GetAsync("/api/health", ct);
                if (response.IsSuccessStatusCode)
                {
                    log.LogInformation("Handler listening on port {Port} after {Ms} ms", port, watch.ElapsedMilliseconds);
                    return handler;
                }
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested) { }
            await Task.Delay(100, ct);
        }
        handler.Stop();
        throw new TimeoutException("The handler did not listen within 60 s (the Functions host's limit).");
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Stop()
    {
        if (Interlocked.Exchange(ref stopped, 1) == 1) return;
        OwnedProcessGroup.Stop(process, TimeSpan.FromSeconds(5));
        process.Dispose();
    }

    public ValueTask DisposeAsync() { Stop(); return ValueTask.CompletedTask; }
}
