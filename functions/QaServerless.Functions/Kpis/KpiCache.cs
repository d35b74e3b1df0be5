using System.Collections.Concurrent;
using System.Text.Json;
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
/// instance shows at once, one by another instance within CacheSeconds. The report's JSON is kept beside it, made
/// once: a month by agent of a large center is megabytes, and serializing it per request cost more than reading it.
/// </summary>
public sealed class KpiCache(KpiStore store, TimeProvider clock, IOptions<KpiCacheOptions> options, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
{
    private const int MaxEntries = 256;

    /// <summary>
    /// A built report and what is made from it on first use: the groups in each order asked for (sorted once), and
    /// each page's body (JSON, gzip, ETag) — so a repeated page costs a dictionary lookup, whatever the center's size.
    /// </summary>
    public sealed class Cached(KpiReport report, JsonSerializerOptions json)
    {
        private const int MaxPages = 1024;
        private readonly ConcurrentDictionary<GroupSort, KpiReport> sorted = new();
        private readonly ConcurrentDictionary<(GroupSort Sort, int Skip, int Top), KpiBody> pages = new();

        public KpiReport Report { get; } = report;

        /// <summary>The report with its groups in <paramref name="sort"/> order (the whole list, built once per order).</summary>
        public KpiReport Sorted(GroupSort sort) => sorted.GetOrAdd(sort, s => Report with { Groups = s.Apply(Report.Groups) });

        /// <summary>The body of one page as a lead sees it (every group of the center).</summary>
        public KpiBody Page(GroupSort sort, int skip, int top, string fingerprint)
        {
            if (pages.Count >= MaxPages) pages.Clear();
            return pages.GetOrAdd((sort, skip, top), k => new KpiBody(KpiPaging.Page(Sorted(k.Sort), k.Sort, k.Skip, k.Top, fingerprint), json));
        }
    }

    private sealed record Entry(Cached Report, string Version, long LocalWrites, DateTimeOffset CheckedAt)
    {
        /// <summary>1 while one request checks (and perhaps rebuilds) this entry; the others serve it meanwhile.</summary>
        public int Checking;
    }
    private readonly ConcurrentDictionary<(string Center, string Period, KpiGroup Group, KpiOptions Options), Entry> entries = new();

    /// <summary>
    /// The report of <paramref name="period"/> (a month, or a range of days), current as of the version rows of the
    /// <paramref name="partitions"/> it is built from (one month partition, or one partition per day of a range).
    /// </summary>
    public async Task<Cached> GetAsync(string center, string period, IReadOnlyList<string> partitions, KpiGroup group, KpiOptions kpiOptions,
        Func<Task<KpiReport>> build, CancellationToken ct)
    {
        var seconds = options.Value.CacheSeconds;
        if (seconds <= 0) return new Cached(await build(), json.Value.SerializerOptions);
        var key = (center, period, group, kpiOptions);
        var local = partitions.Sum(store.LocalWrites);
        var now = clock.GetUtcNow();
        var known = entries.TryGetValue(key, out var entry) && entry.LocalWrites == local;
        if (known && now - entry!.CheckedAt < TimeSpan.FromSeconds(seconds)) return entry.Report;
        // Its window ended: one request checks it; requests arriving meanwhile get the entry as it is (a write elsewhere
        // shows after CacheSeconds plus one check), instead of each reading the version rows (a range has one per day).
        if (known && Interlocked.CompareExchange(ref entry!.Checking, 1, 0) != 0) return entry.Report;
        if (!known) return await BuildOnceAsync(key, local, partitions, now, build, ct);
        try
        {
            var version = await store.ReadVersionsAsync(partitions, ct);
            if (version == entry!.Version)
            {
                entries[key] = entry with { CheckedAt = now, Checking = 0 };
                return entry.Report;
            }
            return await BuildAsync(key, local, partitions, now, build, version);
        }
        finally
        {
            Volatile.Write(ref entry!.Checking, 0);
        }
    }

    private readonly ConcurrentDictionary<((string, string, KpiGroup, KpiOptions) Key, long LocalWrites), Lazy<Task<Cached>>> building = new();

    /// <summary>
    /// A report not cached yet is built once however many requests ask for it meanwhile (a 7-day range by agent is
    /// seconds of reads on a cold cache). Keyed with this instance's writes, so a request made after a local write never
    /// waits for a build that began before it.
    /// </summary>
    private async Task<Cached> BuildOnceAsync((string, string, KpiGroup, KpiOptions) key, long local, IReadOnlyList<string> partitions,
        DateTimeOffset now, Func<Task<KpiReport>> build, CancellationToken ct)
    {
        var flight = building.GetOrAdd((key, local), _ => new Lazy<Task<Cached>>(() => BuildAsync(key, local, partitions, now, build, version: null)));
        try
        {
            return await flight.Value.WaitAsync(ct);
        }
        finally
        {
            if (flight.Value.IsCompleted) building.TryRemove(new KeyValuePair<((string, string, KpiGroup, KpiOptions), long), Lazy<Task<Cached>>>((key, local), flight));
        }
    }

    private async Task<Cached> BuildAsync((string, string, KpiGroup, KpiOptions) key, long local, IReadOnlyList<string> partitions,
        DateTimeOffset now, Func<Task<KpiReport>> build, string? version)
    {
        // The version is read before the rows: a write in between makes the entry look older than it is, never newer.
        // Not cancelled with the request that started it: others may wait for it, and it is kept.
        version ??= await store.ReadVersionsAsync(partitions, CancellationToken.None);
        var report = new Cached(await build(), json.Value.SerializerOptions);
        if (entries.Count >= MaxEntries) entries.Clear();
        entries[key] = new Entry(report, version, local, now);
        return report;
    }
}
