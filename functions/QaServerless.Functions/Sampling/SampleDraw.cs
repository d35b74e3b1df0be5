using System.Collections.Concurrent;
using QaServerless.Calls;

namespace QaServerless.Sampling;

/// <summary>What a day's draw produced, before anything is written.</summary>
public sealed record DrawResult(
    IReadOnlyList<Stratum> Strata, Allocation Allocation, IReadOnlyList<SampledCall> Sample, IReadOnlyList<StratumRecord> Records,
    IReadOnlyList<AgentDay> AgentDays, int Reads);

/// <summary>
/// The read side of a sampling run: the strata (count rows, agent × business type × channel), the seeded allocation, then per stratum with a quota the
/// lowest sampling keys (a range query that stops after k rows), skipping excluded and must-include calls.
/// Its reads are one strata query plus one range query per stratum drawn from: they follow the sample, not the volume.
/// </summary>
public static class SampleDraw
{
    public static async Task<DrawResult> DrawAsync(ISampleSource calls, string centerId, DateOnly day, SamplingPlan plan, int capacity,
        IReadOnlyDictionary<string, (Call Call, string Reason)> must, Func<string, AgentProfile> profileOf, int parallelism, CancellationToken ct)
    {
        var strata = await calls.GetDayStrataAsync(centerId, day, ct);
        var reads = 1;
        var profiles = strata.Select(s => s.AgentId).Distinct().ToDictionary(id => id, profileOf);
        var allocation = SampleAllocation.Allocate(new AllocationInput(centerId, day, plan, strata, profiles, must.Count, capacity));

        var mustByStratum = must.Values.GroupBy(m => (m.Call.AgentId, m.Call.BusinessType, m.Call.ChannelKey)).ToDictionary(g => g.Key, g => g.Count());
        var drawn = new ConcurrentDictionary<(string, string, string), IReadOnlyList<Call>>();
        await Parallel.ForEachAsync(allocation.Strata.Where(s => s.Quota > 0),
            new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = ct }, async (s, token) =>
            {
                var (picked, queries) = await DrawStratumAsync(calls, centerId, day, plan, s, must, mustByStratum.GetValueOrDefault((s.AgentId, s.BusinessType, s.Channel)), token);
                drawn[(s.AgentId, s.BusinessType, s.Channel)] = picked;
                Interlocked.Add(ref reads, queries);
            });

        var sample = new List<SampledCall>();
        sample.AddRange(must.Values.Select(m => new SampledCall(m.Call.CallId, m.Call.AgentId, m.Call.OwningTeam, m.Call.BusinessType, m.Reason)));
        var records = new List<StratumRecord>(allocation.Strata.Count);
        foreach (var s in allocation.Strata)
        {
            var picked = drawn.GetValueOrDefault((s.AgentId, s.BusinessType, s.Channel)) ?? [];
            var reasons = ReasonsInOrder(s);
            sample.AddRange(picked.Select((c, i) => new SampledCall(c.CallId, c.AgentId, c.OwningTeam, c.BusinessType, i < reasons.Count ? reasons[i] : "random")));
            var mustHere = mustByStratum.GetValueOrDefault((s.AgentId, s.BusinessType, s.Channel));
            var why = s.Why + (picked.Count < s.Quota ? $"; only {picked.Count} eligible (exclusions)" : "") + (mustHere > 0 ? $"; {mustHere} must-include" : "");
            records.Add(new StratumRecord(s.AgentId, s.BusinessType, s.Population, s.Demand, s.Quota, picked.Count, mustHere, why, s.Channel));
        }

        var perAgent = sample.GroupBy(c => c.AgentId).ToDictionary(g => g.Key, g => g.Count());
        var agentDays = strata.GroupBy(s => s.AgentId).Select(g => new AgentDay(g.Key, day, g.Sum(s => s.Population),
            perAgent.GetValueOrDefault(g.Key), profiles[g.Key].NewHire, profiles[g.Key].OnWatchList)).ToList();
        return new DrawResult(strata, allocation, sample, records, agentDays, reads);
    }

    private static async Task<(IReadOnlyList<Call> Picked, int Queries)> DrawStratumAsync(ISampleSource calls, string centerId, DateOnly day,
        SamplingPlan plan, StratumAllocation s, IReadOnlyDictionary<string, (Call, string)> must, int mustHere, CancellationToken ct)
    {
        var k = Math.Min(s.Population, s.Quota + mustHere + 2);
        for (var queries = 1; ; queries++)
        {
            var lowest = await calls.TakeLowestAsync(centerId, day, s.AgentId, s.BusinessType, s.Channel, k, ct);
            var eligible = lowest.Where(c => !must.ContainsKey(c.CallId) && Eligible(plan, c)).Take(s.Quota).ToList();
            if (eligible.Count >= s.Quota || lowest.Count < k || k >= s.Population) return (eligible, queries);
            k = Math.Min(s.Population, k * 2); // exclusions ate into the first k: read further
        }
    }

    /// <summary>Exclusions apply to the random draw only; always-include rules win over them.</summary>
    public static bool Eligible(SamplingPlan plan, Call call) =>
        !(plan.ExcludeAbandoned && call.Abandoned) && call.TalkSeconds >= plan.MinTalkSeconds;

    private static List<string> ReasonsInOrder(StratumAllocation s) =>
        s.KeptByTier.OrderBy(kv => kv.Key).SelectMany(kv => Enumerable.Repeat(kv.Key switch
        {
            SampleTier.Floor => "floor",
            SampleTier.NewHire => "new hire",
            SampleTier.WatchList => "watch list",
            _ => "random",
        }, kv.Value)).ToList();
}
