using QaServerless.ReferenceData;

namespace QaServerless.Calls;

public sealed partial class CallStore
{
    /// <summary>
    /// Starts a bulk import of one center's calls (a CDR file): add its chunks in order, then complete it. The index rows
    /// of up to <paramref name="indexBatchSize"/> added calls wait to be written together.
    /// </summary>
    public Import StartImport(Center center, int indexBatchSize = Import.DefaultIndexBatchSize) =>
        new(this, center, indexBatchSize, [.. sinks.Select(s => s.ForImport())]);

    /// <summary>
    /// A bulk import in progress. Each chunk's rows and counts are written when the chunk is added (a file in start order
    /// fills its day partitions' transactions). The index rows (agent × month, then locators) of the added calls go out
    /// once <see cref="IndexBatchSize"/> calls wait: by default every chunk. Waiting for 20,000 calls filled the index
    /// transactions (1,593 + 1,286 instead of 4,200 + 5,120 for 100k calls) but was slower on Azurite (198.7 s against
    /// 108.9 s, back to back, bench/README.md) and took 40 MB more. Per call the order stays row → agent × month row →
    /// locator, so a crash anywhere is mended by a replay (the careful path), and a call is reported to the sinks once its
    /// locator is written.
    /// </summary>
    public sealed class Import
    {
        private readonly CallStore store;
        private readonly Center center;
        // The day partitions' counts as our own writes left them: read once per file, not once per chunk.
        private readonly CountLedger counts = new();
        private readonly List<Pending> waiting = [];
        // The sinks' own instances for this file (ICallIngestedSink.ForImport).
        private readonly IReadOnlyList<ICallIngestedSink> sinks;
        private readonly HashSet<string> waitingIds = new(StringComparer.Ordinal);
        private int added, corrected, unchanged;

        public const int DefaultIndexBatchSize = 5_000;

        internal Import(CallStore store, Center center, int indexBatchSize, IReadOnlyList<ICallIngestedSink> sinks) =>
            (this.store, this.center, IndexBatchSize, this.sinks) = (store, center, indexBatchSize, sinks);

        /// <summary>Calls whose rows are written but whose index rows wait; at this many they are written.</summary>
        public int IndexBatchSize { get; }

        /// <summary>Adds a chunk of the file. A call id repeated in the chunk: the last one wins.</summary>
        public async Task AddAsync(IReadOnlyList<Call> calls, CancellationToken ct)
        {
            var checkedCalls = await store.CheckRosterAsync(center.CenterId, calls.GroupBy(c => c.CallId).Select(g => g.Last()), ct);
            var pending = checkedCalls.Select(c => Pending.Of(center, c)).ToList();
            // A call met again while its first content still waits for its locator: finish the first, so the later wins.
            if (pending.Any(p => waitingIds.Contains(p.Call.CallId))) await IndexWaitingAsync(ct);

            var (fresh, existing) = await store.AddRowsAsync(center, pending, counts, ct);
            waiting.AddRange(fresh);
            waitingIds.UnionWith(fresh.Select(p => p.Call.CallId));
            await TallyAsync(await store.SaveCarefullyAsync(existing, ct), ct);
            if (waiting.Count >= IndexBatchSize) await IndexWaitingAsync(ct);
        }

        /// <summary>Writes what still waits and returns what the whole import did.</summary>
        public async Task<SaveBatchResult> CompleteAsync(CancellationToken ct)
        {
            await IndexWaitingAsync(ct);
            return new SaveBatchResult(added, corrected, unchanged);
        }

        private async Task IndexWaitingAsync(CancellationToken ct)
        {
            if (waiting.Count == 0) return;
            var moved = await store.IndexAsync(waiting, ct);
            var movedIds = moved.Select(p => p.Call.CallId).ToHashSet(StringComparer.Ordinal);
            var results = waiting.Where(p => !movedIds.Contains(p.Call.CallId))
                .Select(p => new IngestedCall(p.Call, p.Day, IngestOutcome.Added)).ToList();
            results.AddRange(await store.SaveCarefullyAsync(moved, ct));
            waiting.Clear();
            waitingIds.Clear();
            await TallyAsync(results, ct);
        }

        private async Task TallyAsync(IReadOnlyList<IngestedCall> results, CancellationToken ct)
        {
            added += results.Count(r => r.Outcome == IngestOutcome.Added);
            corrected += results.Count(r => r.Outcome == IngestOutcome.Corrected);
            unchanged += results.Count(r => r.Outcome == IngestOutcome.Unchanged);
            await NotifyAsync(sinks, results, ct);
        }
    }
}
