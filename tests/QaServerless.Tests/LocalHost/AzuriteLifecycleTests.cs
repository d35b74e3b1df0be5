using System.Net.Sockets;
using QaServerless.LocalHost.Storage;

namespace QaServerless.Tests.LocalHost;

public class AzuriteLifecycleTests
{
    [Fact]
    public async Task AfterStopNoAzuriteProcessIsLeftAndItsPortsAreClosed()
    {
        var azurite = await Azurite.StartAsync(Azurite.FindRepoRoot());
        var group = azurite.ProcessGroupId;
        var port = azurite.BlobPort;
        Assert.True(OwnedProcessGroup.IsAlive(group));
        Assert.True(await AcceptsAsync(port));

        await azurite.DisposeAsync();

        Assert.False(OwnedProcessGroup.IsAlive(group));
        Assert.False(await AcceptsAsync(port));
    }

    [Fact]
    public void TheGroupSignalNeverTargetsEveryProcess()
    {
        // kill(-1) would signal every process of the user, kill(0) our own group: neither is ever "a group".
        Assert.False(OwnedProcessGroup.IsAlive(1));
        Assert.False(OwnedProcessGroup.IsAlive(0));
    }

    private static async Task<bool> AcceptsAsync(int port)
    {
        using var client = new TcpClient();
        try { await client.ConnectAsync("127.0.0.1", port); return true; }
        catch (SocketException) { return false; }
    }
}
