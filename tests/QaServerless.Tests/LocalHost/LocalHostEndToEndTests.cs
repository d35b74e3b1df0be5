using System.Net.Http.Json;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using QaServerless.Calls;
using QaServerless.LocalHost;
using QaServerless.LocalHost.Blobs;
using QaServerless.LocalHost.Demo;
using QaServerless.Tests.Infrastructure;

namespace QaServerless.Tests.LocalHost;

/// <summary>
/// The local host's core with the repository's real function.json files, driving the real app (WebApplicationFactory)
/// on Azurite: blobs uploaded with an ordinary storage client flow through the real blob triggers into the call store.
/// </summary>
[Collection(AppCollection.Name)]
public class LocalHostEndToEndTests(AppFixture app)
{
    private async Task<(LocalFunctionsHost Host, string Center)> StartAsync()
    {
        var center = AppFixture.NewCenterId("lh");
        var created = await app.AdminOf(center).PutAsJsonAsync($"/api/centers/{center}", new { name = "端到端", timeZone = "Asia/Shanghai", retentionDays = 30 });
        created.EnsureSuccessStatusCode();
        var host = new LocalFunctionsHost(LocalFunctionsHost.LoadCatalog(app.RepoRoot), app.CreateClient(), app.Azurite.ConnectionString, NullLoggerFactory.Instance,
            clock: app.Clock,
            // The account is shared by every test: deliver only this test's blobs.
            blobs: new BlobTriggerOptions { HostId = "e2e-" + center, Filter = path => path.Split('/') is [_, var c, ..] && c == center });
        return (host, center);
    }

    private static DemoCall Call(string center, string callId, DateTimeOffset start) =>
        new(center, callId, "a-001", "T1", "咨询", "inbound", start, 185, 0, 40, 6, false, "k-1", true, 5, false, false);

    [Fact]
    public async Task AManifestAndItsWavUploadedWithAStorageClientBecomeACallAndAReplayChangesNothing()
    {
        var (host, center) = await StartAsync();
        await using var _ = host;
        var call = Call(center, "c-e2e-1", new DateTimeOffset(2026, 11, 19, 10, 0, 0, TimeSpan.FromHours(8)));
        var recordings = app.BlobService.GetBlobContainerClient("recordings");
        await recordings.CreateIfNotExistsAsync();
        await recordings.GetBlobClient($"{center}/2026/11/19/c-e2e-1.wav").UploadAsync(BinaryData.FromBytes(SyntheticWav.Create(1, 2)),
            new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "audio/wav" } });
        await recordings.GetBlobClient($"{center}/2026/11/19/c-e2e-1.json").UploadAsync(BinaryData.FromString(DemoLoader.Manifest(call)));

        Assert.Equal(1, await host.Blobs.PollOnceAsync());
        Assert.Equal(0, await host.Blobs.PollOnceAsync());

        var stored = await app.Services.GetRequiredService<CallStore>().GetAsync(center, "c-e2e-1", CancellationToken.None);
        Assert.NotNull(stored);
        Assert.Equal("a-001", stored.AgentId);
        Assert.Equal(185, stored.TalkSeconds);
        Assert.Equal($"{center}/2026/11/19/c-e2e-1.wav", stored.AudioBlob);
    }

    [Fact]
    public async Task ACdrFileFromTheDemoGeneratorIsIngestedRowByRow()
    {
        var (host, center) = await StartAsync();
        await using var _ = host;
        var day = new DateTimeOffset(2026, 11, 18, 9, 30, 0, TimeSpan.FromHours(8));
        var calls = new[] { Call(center, "c-cdr-1", day), Call(center, "c-cdr-2", day.AddMinutes(7)) with { Abandoned = true, TalkSeconds = 0, Csat = null } };
        var records = app.BlobService.GetBlobContainerClient("call-records");
        await records.CreateIfNotExistsAsync();
        await records.GetBlobClient($"{center}/2026-11-18.csv").UploadAsync(BinaryData.FromString(DemoLoader.Cdr(calls)));

        Assert.Equal(1, await host.Blobs.PollOnceAsync());

        var store = app.Services.GetRequiredService<CallStore>();
        Assert.NotNull(await store.GetAsync(center, "c-cdr-1", CancellationToken.None));
        Assert.True((await store.GetAsync(center, "c-cdr-2", CancellationToken.None))!.Abandoned);
    }
}
