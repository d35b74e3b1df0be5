using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace QaServerless.Kpis;

/// <summary>How long a built KPI report may be served before it is checked against storage (<c>Kpis:CacheSeconds</c>; 0 = no cache).</summary>
public sealed class KpiCacheOptions
{
    public int CacheSeconds { get; set; } = 5;
}

/// <summary>
/// Built month reports, so that repeated KPI reads cost no storage round trip (the benchmark's ratio to a health check,
/// docs/kpis.md). An entry is served while (a) no rollup write to its center-month went through this instance since it
/// was built, and (b) it was checked against storage less than <see cref="KpiCacheOptions.CacheSeconds"/> ago. The
/// check is one point read of the partition's version row, which every rollup transaction replaces: a write by this
/// instance shows at once, one by another instance within CacheSeconds.
/// </summary>
public sealed class KpiCache(KpiStore store, TimeProvider clock, IOptions<KpiCacheOptions> options)
{
    private const int MaxEntries = 256;
    private sealed record Entry(KpiReport Report, string? Version, long LocalWrites, DateTimeOffset CheckedAt);
    private readonly ConcurrentDictionary<(string Center, string Month, KpiGroup Group, KpiOptions Options), Entry> entries = new();

    public async Task<KpiReport> GetAsync(string center, string month, KpiGroup group, KpiOptions kpiOptions, Func<Task<KpiReport>> build, CancellationToken ct)
    {
        var seconds = options.Value.CacheSeconds;
        if (seconds <= 0) return await build();
        var partition = KpiStore.Partition(center, month);
        var key = (center, month, group, kpiOptions);
        var local = store.LocalWrites(partition);
        var now = clock.GetUtcNow();
        string? version;
        if (entries.TryGetValue(key, out var entry) && entry.LocalWrites == local)
        {
            if (now - entry.CheckedAt < TimeSpan.FromSeconds(seconds)) return entry.Report;
            version = await store.ReadVersionAsync(partition, ct);
            if (version == entry.Version)
            {
                entries[key] = entry with { CheckedAt = now };
                return entry.Report;
            }
        }
        else version = await store.ReadVersionAsync(partition, ct);
        // The version is read before the rows: a write in between makes the entry look older than it is, never newer.
        var report = await build();
        if (entries.Count >= MaxEntries) entries.Clear();
        entries[key] = new Entry(report, version, local, now);
        return report;
    }
}
