using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using QaServerless.Hosting;
using Microsoft.Extensions.Time.Testing;
using QaServerless.Kpis;
using QaServerless.Tests.Infrastructure;

namespace QaServerless.Tests.Kpis;

/// <summary>
/// Two app instances on one storage account: a built report is served from memory, a write through the same instance
/// shows at once, a write through another one once the cache's window has passed (one version read, no rows read).
/// </summary>
[Collection(AppCollection.Name)]
public sealed class KpiCacheTests(AppFixture app)
{
    [Fact]
    public async Task AReportComesFromMemoryUntilTheMonthChangesHereOrTheWindowEndsForAChangeElsewhere()
    {
        var center = AppFixture.NewCenterId("k");
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 20, 9, 0, 0, TimeSpan.Zero));
        var here = new KpiStore(app.TableService);
        var elsewhere = new KpiStore(app.TableService);
        var kpis = new KpiService(here, new KpiCache(here, clock, Options.Create(new KpiCacheOptions { CacheSeconds = 5 }),
            Options.Create(new Microsoft.AspNetCore.Http.Json.JsonOptions())));
        var partition = KpiStore.Partition(center, "202610");
        Task AddCallsAsync(KpiStore store, int calls) => store.ApplyAsync(partition, new Dictionary<string, (Counters, Dictionary<string, object>)>
        {
            [KpiStore.GroupRow(KpiGroup.Center, "")] = (new Counters().Add(K.Calls, calls), new() { ["Id"] = "" }),
        }, default);
        async Task<long> CallsAsync() =>
            (await kpis.MonthAsync(center, new DateOnly(2026, 10, 1), KpiGroup.Center, new KpiOptions(), default)).Total.ContactCenter.Calls;

        await AddCallsAsync(here, 1);
        Assert.Equal(1, await CallsAsync());
        await AddCallsAsync(here, 1);
        Assert.Equal(2, await CallsAsync());                 // written here: seen at once

        await AddCallsAsync(elsewhere, 1);
        Assert.Equal(2, await CallsAsync());                 // written elsewhere: the cached report, for up to 5 s
        clock.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(3, await CallsAsync());                 // the version row changed: rebuilt
        clock.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(3, await CallsAsync());                 // checked, unchanged
    }

    [Fact]
    public async Task ALeadsReportComesGzippedWithAnETagAndAskingAgainWithItAnswersNotModifiedUntilTheMonthChanges()
    {
        var center = AppFixture.NewCenterId("k");
        var store = app.Services.GetRequiredService<KpiStore>();
        var partition = KpiStore.Partition(center, "202610");
        Task AddCallsAsync(int calls) => store.ApplyAsync(partition, new Dictionary<string, (Counters, Dictionary<string, object>)>
        {
            [KpiStore.GroupRow(KpiGroup.Center, "")] = (new Counters().Add(K.Calls, calls), new() { ["Id"] = "" }),
        }, default);
        var lead = app.QaLeadOf(center);
        HttpRequestMessage Get(System.Net.Http.Headers.EntityTagHeaderValue? etag = null)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, $"/api/kpis/{center}?month=2026-10&groupBy=agent");
            request.Headers.AcceptEncoding.ParseAdd("gzip");
            if (etag is not null) request.Headers.IfNoneMatch.Add(etag);
            return request;
        }
        async Task<long> CallsIn(HttpResponseMessage response)
        {
            Assert.Equal("gzip", Assert.Single(response.Content.Headers.ContentEncoding));
            await using var json = new GZipStream(await response.Content.ReadAsStreamAsync(), CompressionMode.Decompress);
            return (await JsonSerializer.DeserializeAsync<KpiReport>(json, HostJson.Options))!.Total.ContactCenter.Calls;
        }

        await AddCallsAsync(5);
        using var first = await lead.SendAsync(Get());
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(5, await CallsIn(first));
        var etag = first.Headers.ETag!;

        using var again = await lead.SendAsync(Get(etag));
        Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);

        await AddCallsAsync(1);
        using var changed = await lead.SendAsync(Get(etag));
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.NotEqual(etag, changed.Headers.ETag);
        Assert.Equal(6, await CallsIn(changed));
        // Without Accept-Encoding: the plain JSON.
        Assert.Equal(6, (await lead.GetFromJsonAsync<KpiReport>($"/api/kpis/{center}?month=2026-10&groupBy=agent", HostJson.Options))!.Total.ContactCenter.Calls);
    }

    [Fact]
    public async Task AReportAskedForByManyAtOnceIsBuiltOnce()
    {
        var center = AppFixture.NewCenterId("k");
        var store = new KpiStore(app.TableService);
        var cache = new KpiCache(store, new FakeTimeProvider(), Options.Create(new KpiCacheOptions { CacheSeconds = 5 }),
            Options.Create(new Microsoft.AspNetCore.Http.Json.JsonOptions()));
        var release = new TaskCompletionSource();
        var builds = 0;
        async Task<KpiReport> BuildAsync()
        {
            Interlocked.Increment(ref builds);
            await release.Task;
            return KpiReports.Build(center, "2026-10", KpiGroup.Agent, new KpiOptions(), new Counters(), [], []);
        }
        var partitions = new[] { KpiStore.DayPartition(center, new DateOnly(2026, 10, 8)), KpiStore.DayPartition(center, new DateOnly(2026, 10, 9)) };

        var asks = Enumerable.Range(0, 6).Select(_ => cache.GetAsync(center, "2026-10-08..2026-10-09", partitions, KpiGroup.Agent, new KpiOptions(), BuildAsync, default)).ToList();
        release.SetResult();
        var answers = await Task.WhenAll(asks);

        Assert.Equal(1, builds);
        Assert.All(answers, a => Assert.Same(answers[0], a));
    }
}
