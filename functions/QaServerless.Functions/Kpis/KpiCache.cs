using System.Collections.Concurrent;
using System.IO.Compression;
using System.Security.Cryptography;
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

    /// <summary>A report and its JSON as the API writes it, gzipped and its ETag (each made on first use).</summary>
    public sealed class Cached
    {
        private readonly Lazy<byte[]> utf8, gzip;
        private readonly Lazy<string> etag;

        public Cached(KpiReport report, JsonSerializerOptions json)
        {
            Report = report;
            utf8 = new(() => JsonSerializer.SerializeToUtf8Bytes(report, json));
            gzip = new(() =>
            {
                using var buffer = new MemoryStream();
                using (var zip = new GZipStream(buffer, CompressionLevel.Fastest)) zip.Write(utf8.Value);
                return buffer.ToArray();
            });
            etag = new(() => $"\"{Convert.ToHexString(SHA256.HashData(utf8.Value), 0, 12)}\"");
        }

        public KpiReport Report { get; }
        public byte[] Json => utf8.Value;
        public byte[] Gzip => gzip.Value;
        public string ETag => etag.Value;
    }

    private sealed record Entry(Cached Report, string? Version, long LocalWrites, DateTimeOffset CheckedAt);
    private readonly ConcurrentDictionary<(string Center, string Month, KpiGroup Group, KpiOptions Options), Entry> entries = new();

    public async Task<Cached> GetAsync(string center, string month, KpiGroup group, KpiOptions kpiOptions, Func<Task<KpiReport>> build, CancellationToken ct)
    {
        var seconds = options.Value.CacheSeconds;
        if (seconds <= 0) return new Cached(await build(), json.Value.SerializerOptions);
        var partition = KpiStore.Partition(center, month);
        var key = (center, month, group, kpiOptions);
        var local = store.LocalWrites(partition);
        var now = clock.GetUtcNow();
        var known = entries.TryGetValue(key, out var entry) && entry.LocalWrites == local;
        if (known && now - entry!.CheckedAt < TimeSpan.FromSeconds(seconds)) return entry.Report;
        var version = await store.ReadVersionAsync(partition, ct);
        if (known && version == entry!.Version)
        {
            entries[key] = entry with { CheckedAt = now };
            return entry.Report;
        }
        // The version is read before the rows: a write in between makes the entry look older than it is, never newer.
        var report = new Cached(await build(), json.Value.SerializerOptions);
        if (entries.Count >= MaxEntries) entries.Clear();
        entries[key] = new Entry(report, version, local, now);
        return report;
    }
}
