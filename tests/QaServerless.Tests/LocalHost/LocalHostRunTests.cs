using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using QaServerless.LocalHost;
using QaServerless.LocalHost.Demo;
using QaServerless.LocalHost.Handler;
using QaServerless.LocalHost.Storage;

namespace QaServerless.Tests.LocalHost;

/// <summary>
/// The whole local host as `dotnet run` starts it (its own Azurite, the handler as a child process, the proxy), run
/// in-process until the test stops it: the API answers through the proxy, and nothing is left behind after.
/// </summary>
public class LocalHostRunTests
{
    [Fact]
    public async Task TheApiIsServedThroughTheProxyAndStoppingLeavesNoAzuriteNorHandler()
    {
        Assert.True(string.IsNullOrEmpty(Environment.GetEnvironmentVariable("AzureWebJobsStorage")), "this test needs the local host to start its own Azurite");
        var port = HandlerProcess.FreePort();
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(4)); // a bound: a bug cannot hang the run
        var ready = new TaskCompletionSource<LocalHostProgram.Running>(TaskCreationOptions.RunContinuationsAsynchronously);
        var run = Task.Run(() => LocalHostProgram.RunAsync(new LocalHostOptions { Port = port }, stop.Token, ready.SetResult));

        var running = await ready.Task.WaitAsync(stop.Token);
        using var api = new HttpClient { BaseAddress = running.Address };
        var health = await api.GetAsync("/api/health");
        var anonymous = await api.GetAsync("/api/centers");
        api.DefaultRequestHeaders.Add(DevSignIn.Header, DevSignIn.DemoAdmin);
        var created = await api.PutAsJsonAsync("/api/centers/run1", new { name = "Run", timeZone = "Asia/Shanghai", retentionDays = 30 });
        var functions = await api.GetStringAsync("/admin/functions");

        await stop.CancelAsync();
        Assert.Equal(0, await run);

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode); // headers and status pass through unchanged
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        Assert.Contains("IngestCallRecord", functions);
        Assert.False(OwnedProcessGroup.IsAlive(running.HandlerProcessGroup), "the handler is still running");
        Assert.False(OwnedProcessGroup.IsAlive(running.AzuriteProcessGroup!.Value), "Azurite is still running");
        Assert.False(await AcceptsAsync(port));
    }

    private static async Task<bool> AcceptsAsync(int port)
    {
        using var client = new TcpClient();
        try { await client.ConnectAsync("127.0.0.1", port); return true; }
        catch (SocketException) { return false; }
    }
}
