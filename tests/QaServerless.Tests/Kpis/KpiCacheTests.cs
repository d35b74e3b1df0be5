using Microsoft.Extensions.Options;
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
}
