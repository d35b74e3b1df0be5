using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using QaServerless.Infra.Tests.Infrastructure;
using Xunit.Abstractions;

namespace QaServerless.Infra.Tests.Package;

/// <summary>
/// The packaged handler starts as the Functions host starts it (the executable, FUNCTIONS_CUSTOMHANDLER_PORT, the
/// package root as working directory, no .NET installed beyond what it carries) and serves HTTP. The host gives a
/// custom handler 60 seconds to listen; the time it took is written to the test output.
/// </summary>
[Collection(PackageCollection.Name)]
public sealed class PackagedHandlerTests(PackageFixture package, ITestOutputHelper output)
{
    [Fact]
    public async Task ThePackagedHandlerListensOnTheHostsPortAndAnswers()
    {
        var port = FreePort();
        var start = new ProcessStartInfo(Path.Combine(package.Directory, "QaServerless.Functions"))
        {
            WorkingDirectory = package.Directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["FUNCTIONS_CUSTOMHANDLER_PORT"] = port.ToString();
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["DOTNET_ROOT"] = "/nonexistent"; // self-contained: must not need an installed runtime
        // Storage is not reached on this path: the clients are lazy and start-up creation is off.
        start.Environment["AzureWebJobsStorage"] = "UseDevelopmentStorage=true";
        start.Environment["Storage__CreateOnStartup"] = "false";
        start.Environment["Auth__TrustEasyAuth"] = "true";

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var log = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (log) log.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (log) log.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            HttpResponseMessage? response = null;
            while (response is null && clock.Elapsed < TimeSpan.FromSeconds(60) && !process.HasExited)
            {
                try { response = await http.GetAsync($"http://127.0.0.1:{port}/api/health"); }
                // A probe that times out on a loaded machine is one more try, like refused: the host's limit is the 60 s.
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { await Task.Delay(50); }
            }
            output.WriteLine($"packaged handler answered after {clock.ElapsedMilliseconds} ms");
            Assert.True(response is not null, $"the handler did not answer within the host's 60 s (exited: {process.HasExited}):\n{log}");
            Assert.Equal(HttpStatusCode.OK, response!.StatusCode);
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
