using System.Collections.Concurrent;
using Azure;

namespace QaServerless.Calls;

/// <summary>A stratum's count row as this writer last saw it: the value and the ETag its next update must match.</summary>
internal sealed record CountState(int Calls, ETag ETag)
{
    public static CountState Of(Azure.Data.Tables.TableEntity row) => new(row.GetInt32("Calls") ?? 0, row.ETag);
}

/// <summary>
/// What a bulk import knows about the count rows of the day partitions it writes, as its own transactions' responses
/// left them (value + ETag). One ledger per file means a day partition's counts are read once per file instead of once
/// per chunk, so the cost of a chunk does not grow with what the file already stored. A stale entry (another writer
/// moved a count on) can never give a wrong count: every count write is conditional on its ETag, so it costs one 412 and
/// a point read of that chunk's count rows.
/// </summary>
internal sealed class CountLedger
{
    /// <summary>Past this many day partitions the ledger forgets them all, so a file of many days stays flat in memory.</summary>
    public const int MaxPartitions = 400;

    private readonly ConcurrentDictionary<string, Dictionary<string, CountState>> partitions = new(StringComparer.Ordinal);

    /// <summary>The known counts of a day partition (row key → state; a stratum missing has no count row), or null if unread.</summary>
    internal Dictionary<string, CountState>? Find(string partition) => partitions.GetValueOrDefault(partition);

    internal void Remember(string partition, Dictionary<string, CountState> counts)
    {
        if (partitions.Count >= MaxPartitions) partitions.Clear();
        partitions[partition] = counts;
    }
}
