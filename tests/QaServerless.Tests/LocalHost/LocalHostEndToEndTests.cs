using System.Net.Http.Json;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Azure.Storage.Blobs.Specialized;
using QaServerless.Calls;
using QaServerless.Ingestion;
using QaServerless.LocalHost;
using QaServerless.LocalHost.Blobs;
using QaServerless.LocalHost.Demo;
using QaServerless.Tests.Infrastructure;

namespace QaServerless.Tests.LocalHost;

/// <summary>
/// The local host's core with the repository's real function.json files, driving the real app (WebApplicationFactory)
/// on Azurite: blobs uploaded with an ordinary storage client flow, as BlobCreated events (the stand-in for Event Grid),
/// through the real triggers into the call store; CDR files through the <c>call-batches</c> queue.
/// </summary>
[Collection(AppCollection.Name)]
public class LocalHostEndToEndTests(AppFixture app)
{
    private async Task<(LocalFunctionsHost Host, string Center)> StartAsync(InvocationSizes? sizes = null)
    {
        var center = AppFixture.NewCenterId("lh");
        var created = await app.AdminOf(center).PutAsJsonAsync($"/api/centers/{center}", new { name = "端到端", timeZone = "Asia/Shanghai", retentionDays = 30 });
        created.EnsureSuccessStatusCode();
        var handler = sizes is null ? app.CreateClient() : app.CreateDefaultClient(sizes);
        var host = new LocalFunctionsHost(LocalFunctionsHost.LoadCatalog(app.RepoRoot), handler, app.Azurite.ConnectionString, NullLoggerFactory.Instance,
            clock: app.Clock,
            // The account is shared by every test: deliver only this test's blobs.
            blobs: new BlobEventOptions { HostId = "e2e-" + center, Filter = path => path.Split('/') is [_, var c, ..] && c == center });
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
        await host.QueueTriggers.PollOnceAsync();

        var store = app.Services.GetRequiredService<CallStore>();
        Assert.NotNull(await store.GetAsync(center, "c-cdr-1", CancellationToken.None));
        Assert.True((await store.GetAsync(center, "c-cdr-2", CancellationToken.None))!.Abandoned);
    }

    /// <summary>
    /// The file of finding 2 of issue 14, a little bigger: a valid 60 MB CDR (about 2,500 rows with a long notes column). The
    /// blob trigger put it whole into the invocation and lost it after five failed deliveries; the event carries its
    /// name only and the import streams it from storage.
    /// </summary>
    [Fact]
    public async Task A60MbCdrIsIngestedThroughTheEventAndTheQueueWithEveryRowStored()
    {
        var sizes = new InvocationSizes();
        var (host, center) = await StartAsync(sizes);
        await using var _ = host;
        var name = $"{center}/2026-11-18.csv";
        var cdr = new SyntheticCdr(60L * 1024 * 1024);
        var blob = app.BlobService.GetBlobContainerClient("call-records").GetBlobClient(name);
        await blob.GetParentBlobContainerClient().CreateIfNotExistsAsync();
        await blob.UploadAsync(cdr, new BlobUploadOptions { TransferOptions = new() { MaximumTransferSize = 4 * 1024 * 1024, InitialTransferSize = 4 * 1024 * 1024 } });
        Assert.True((await blob.GetPropertiesAsync()).Value.ContentLength > 60L * 1024 * 1024);

        Assert.Equal(1, await host.Blobs.PollOnceAsync());
        Assert.Equal(BatchStatus.Queued, (await BatchAsync(center, name)).Status);
        await host.QueueTriggers.PollOnceAsync();

        var batch = await BatchAsync(center, name);
        Assert.Equal((BatchStatus.Ingested, (long)cdr.Rows, (long)cdr.Rows, 0L), (batch.Status, batch.RowsRead, batch.Ingested, batch.Rejected));
        Assert.True(cdr.Rows > 2_000, $"{cdr.Rows} rows");
        var store = app.Services.GetRequiredService<CallStore>();
        Assert.NotNull(await store.GetAsync(center, SyntheticCdr.CallId("big", 0), CancellationToken.None));
        Assert.NotNull(await store.GetAsync(center, SyntheticCdr.CallId("big", cdr.Rows - 1), CancellationToken.None));
        // The handler's real server (Kestrel) refuses bodies over 30 MB; the in-process test server does not, so the
        // size of what the host sent is checked here: two invocations (the event, the queue message), a few KB each.
        Assert.Equal(2, sizes.Bodies.Count(b => b.Path is "/IngestCallBatch" or "/ImportCallBatch"));
        Assert.All(sizes.Bodies, b => Assert.True(b.Bytes < 16 * 1024, $"{b.Path}: {b.Bytes:N0} bytes"));
    }

    /// <summary>Records the size of each invocation the local host sends the handler.</summary>
    private sealed class InvocationSizes : DelegatingHandler
    {
        public System.Collections.Concurrent.ConcurrentQueue<(string Path, long Bytes)> Bodies { get; } = new();

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            if (request.Content is { } content)
                Bodies.Enqueue((request.RequestUri!.AbsolutePath, (await content.ReadAsByteArrayAsync(ct)).LongLength));
            return await base.SendAsync(request, ct);
        }
    }

    /// <summary>
    /// A CDR whose import fails at storage level on every attempt (its rejects file is leased by someone else, so the
    /// import cannot write it): each attempt records the failure, and after the last one the file stays listed as
    /// failed with the reason, while the message goes to the poison queue.
    /// </summary>
    [Fact]
    public async Task ACdrThatFailsEveryAttemptIsListedAsFailedWithTheReason()
    {
        var (host, center) = await StartAsync();
        await using var _ = host;
        var name = $"{center}/locked.csv";
        var rejects = app.BlobService.GetBlobContainerClient("call-records-rejected").GetBlobClient(name + ".rejects.csv");
        await rejects.GetParentBlobContainerClient().CreateIfNotExistsAsync();
        await rejects.UploadAsync(BinaryData.FromString("line,reason,record\n"));
        await rejects.GetBlobLeaseClient().AcquireAsync(TimeSpan.FromSeconds(-1));
        var records = app.BlobService.GetBlobContainerClient("call-records");
        await records.CreateIfNotExistsAsync();
        await records.GetBlobClient(name).UploadAsync(BinaryData.FromString(SyntheticCdr.Header + "\nthis row has too few fields\n"));

        await host.Blobs.PollOnceAsync();
        var attempts = new List<BatchSummary>();
        for (var i = 0; i < 5; i++)
        {
            await host.QueueTriggers.PollOnceAsync();
            attempts.Add(await BatchAsync(center, name));
        }

        Assert.Equal([1, 2, 3, 4, 5], attempts.Select(a => a.Attempt));
        Assert.All(attempts, a => Assert.Equal(BatchStatus.Failed, a.Status));
        Assert.Contains("attempt 1 of 5 failed", attempts[0].Problem);
        var last = attempts[^1];
        Assert.Contains("gave up after 5 attempts", last.Problem);
        Assert.Contains("lease", last.Problem, StringComparison.OrdinalIgnoreCase);
        var poison = (await app.QueueService.GetQueueClient(CallBatchQueue.Name + "-poison").PeekMessagesAsync(32)).Value;
        Assert.Contains(poison, m => m.Body.ToString().Contains(name));
    }

    /// <summary>
    /// A manifest that cannot be read on any attempt (archived: storage refuses to read it until it is rehydrated) is
    /// listed in the quarantine with the reason, and the event ends in the dead-letter queue.
    /// </summary>
    [Fact]
    public async Task AManifestThatFailsEveryAttemptIsListedInTheQuarantineWithTheReason()
    {
        var (host, center) = await StartAsync();
        await using var _ = host;
        var recordings = app.BlobService.GetBlobContainerClient("recordings");
        await recordings.CreateIfNotExistsAsync();
        var manifest = recordings.GetBlobClient($"{center}/2026/11/19/c-arch.json");
        await manifest.UploadAsync(BinaryData.FromString("{}"));
        await manifest.SetAccessTierAsync(AccessTier.Archive);

        for (var i = 0; i < 5; i++) await host.Blobs.PollOnceAsync();

        var listed = Assert.Single((await app.QaLeadOf(center).GetFromJsonAsync<List<QuarantinedManifest>>($"/api/ingest/quarantine?center={center}"))!);
        Assert.Equal($"{center}/2026/11/19/c-arch.json", listed.Blob);
        Assert.Contains("ingestion failed (RequestFailedException", Assert.Single(listed.Reasons));
        var deadLetters = (await app.QueueService.GetQueueClient(BlobEventDriver.DeadLetterQueue).PeekMessagesAsync(32)).Value;
        Assert.Contains(deadLetters, m => m.Body.ToString().Contains("c-arch.json"));
    }

    private async Task<BatchSummary> BatchAsync(string center, string blob) =>
        Assert.Single((await app.QaLeadOf(center).GetFromJsonAsync<List<BatchSummary>>($"/api/call-batches?center={center}"))!, b => b.Blob == blob);
}
