using QaServerless.Assignments;
using QaServerless.Calls;
using QaServerless.ReferenceData;

namespace QaServerless.Sampling;

/// <summary>The outcome of a run: its record and the messages to send (none when the day was sent already).</summary>
public sealed record SamplingOutcome(SamplingRun Run, IReadOnlyList<AssignmentRequest> Messages, bool AlreadySent);

/// <summary>
/// One center's daily sampling run. Idempotent and resumable:
/// <list type="bullet">
/// <item>the header is created once per day with the plan version and capacity it uses; a rerun reuses them, so the
/// seeded draw over the same stored calls gives the same sample;</item>
/// <item>rows (strata, sampled calls, agent days) are upserts of that same sample;</item>
/// <item>messages are returned only by the run that moves the header from Drawing to Sent (ETag-guarded), so a rerun
/// after a completed run sends nothing, and a run after a crash (header still Drawing, nothing sent: the host only
/// sends outputs of a successful invocation) sends the whole sample once.</item>
/// </list>
/// Reads follow the sample, not the volume: the strata come from count rows, each stratum's draw is a range query that
/// stops after k rows.
/// </summary>
public sealed class SamplingService(
    ISampleSource calls, ReferenceDataStore reference, SamplingPlanStore plans, WatchListStore watchList,
    AssignmentStore assignments, SamplingRunStore runs, IEnumerable<IHighRiskCallSource> highRisk, TimeProvider clock)
{
    /// <summary>Strata drawn at once: the range queries are independent.</summary>
    public int Parallelism { get; init; } = 16;

    public async Task<SamplingOutcome> RunAsync(Center center, DateOnly day, CancellationToken ct = default)
    {
        var reads = 0;
        var existing = await runs.GetRunAsync(center.CenterId, day, ct); reads++;
        if (existing is { Status: RunStatus.Sent }) return new(existing, [], AlreadySent: true);

        var plan = existing is not null
            ? await plans.GetVersionAsync(center.CenterId, existing.PlanVersion, ct) ?? await plans.GetCurrentAsync(center.CenterId, ct)
            : await plans.GetCurrentAsync(center.CenterId, ct);
        reads++;
        var workDay = plan.NextWorkingDay(day);
        var inspectors = await reference.ListInspectorsAsync(center.CenterId, ct); reads++;
        var run = existing ?? await runs.StartAsync(new SamplingRun(center.CenterId, day, plan.Version, workDay,
            await CapacityAsync(center.CenterId, workDay, inspectors, ct), RunStatus.Drawing, StartedAt: clock.GetUtcNow()), ct);
        reads += existing is null ? 2 : 0;

        // Must-include calls, and the complaints' agents onto the watch list (which then raises their rate from today).
        var flagged = await calls.ListFlaggedAsync(center.CenterId, day, ct); reads++;
        foreach (var agent in flagged.Where(c => c.Complaint).Select(c => c.AgentId).Distinct())
            await watchList.MarkAsync(center.CenterId, agent, "complaint", day.AddDays(plan.WatchListDays), ct);
        var must = new Dictionary<string, (Call Call, string Reason)>();
        foreach (var c in flagged)
        {
            if (c.TestCall && plan.IncludeTestCalls) must.TryAdd(c.CallId, (c, "test call"));
            else if (c.Complaint && plan.IncludeComplaints) must.TryAdd(c.CallId, (c, "complaint"));
        }
        if (plan.IncludeHighRisk)
            foreach (var source in highRisk)
            {
                reads++;
                foreach (var id in await source.ListHighRiskCallIdsAsync(center.CenterId, day, ct))
                    if (!must.ContainsKey(id) && await calls.GetAsync(center.CenterId, id, ct) is { } risky) { reads++; must[id] = (risky, "high risk"); }
            }

        var strata = await calls.GetDayStrataAsync(center.CenterId, day, ct); reads++;
        var watched = await watchList.ListActiveAsync(center.CenterId, day, ct); reads++;
        var roster = (await reference.ListAgentsAsync(center.CenterId, ct)).ToDictionary(a => a.AgentId); reads++;
        var profiles = strata.Select(s => s.AgentId).Distinct().ToDictionary(id => id, id => new AgentProfile(id,
            roster.TryGetValue(id, out var a) && a.IsNewHire(day, plan.NewHireTenureDays), watched.ContainsKey(id),
            a?.Active ?? true));

        var allocation = SampleAllocation.Allocate(new AllocationInput(center.CenterId, day, plan, strata, profiles, must.Count, run.Capacity));

        // Draw each stratum: the lowest sampling keys, skipping excluded and must-include calls.
        var mustByStratum = must.Values.GroupBy(m => (m.Call.AgentId, m.Call.BusinessType)).ToDictionary(g => g.Key, g => g.Count());
        var drawn = new System.Collections.Concurrent.ConcurrentDictionary<(string, string), IReadOnlyList<Call>>();
        var drawReads = 0;
        await Parallel.ForEachAsync(allocation.Strata.Where(s => s.Quota > 0),
            new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = ct }, async (s, token) =>
            {
                var (picked, queries) = await DrawAsync(center.CenterId, day, plan, s, must, mustByStratum.GetValueOrDefault((s.AgentId, s.BusinessType)), token);
                drawn[(s.AgentId, s.BusinessType)] = picked;
                Interlocked.Add(ref drawReads, queries);
            });
        reads += drawReads;

        var sample = new List<SampledCall>();
        sample.AddRange(must.Values.Select(m => new SampledCall(m.Call.CallId, m.Call.AgentId, m.Call.Team, m.Call.BusinessType, m.Reason)));
        var records = new List<StratumRecord>(allocation.Strata.Count);
        foreach (var s in allocation.Strata)
        {
            var picked = drawn.GetValueOrDefault((s.AgentId, s.BusinessType)) ?? [];
            var reasons = ReasonsInOrder(s);
            sample.AddRange(picked.Select((c, i) => new SampledCall(c.CallId, c.AgentId, c.Team, c.BusinessType, reasons.ElementAtOrDefault(i) ?? "random")));
            var mustHere = mustByStratum.GetValueOrDefault((s.AgentId, s.BusinessType));
            var why = s.Why + (picked.Count < s.Quota ? $"; only {picked.Count} eligible (exclusions)" : "") + (mustHere > 0 ? $"; {mustHere} must-include" : "");
            records.Add(new StratumRecord(s.AgentId, s.BusinessType, s.Population, s.Demand, s.Quota, picked.Count, mustHere, why));
        }

        var perAgent = sample.GroupBy(c => c.AgentId).ToDictionary(g => g.Key, g => g.Count());
        var agentDays = strata.GroupBy(s => s.AgentId).Select(g => new AgentDay(g.Key, day, g.Sum(s => s.Population),
            perAgent.GetValueOrDefault(g.Key), profiles[g.Key].NewHire, profiles[g.Key].OnWatchList));
        await runs.WriteStrataAsync(center.CenterId, day, records, ct);
        await runs.WriteSampleAsync(center.CenterId, day, sample, ct);
        await runs.WriteAgentDaysAsync(center.CenterId, agentDays, ct);

        var finished = run with
        {
            Population = strata.Sum(s => s.Population), Strata = strata.Count, MustInclude = must.Count, Demand = allocation.Demand,
            Drawn = sample.Count - must.Count, Cut = allocation.Cut, Shortfall = records.Sum(r => r.Quota - r.Drawn),
            StorageReads = reads, SentAt = clock.GetUtcNow(),
        };
        if (!await runs.MarkSentAsync(finished, ct))
            return new(await runs.GetRunAsync(center.CenterId, day, ct) ?? finished, [], AlreadySent: true); // a concurrent run sent it

        var messages = sample
            .OrderBy(c => c.CallId, StringComparer.Ordinal)
            .Select(c => new AssignmentRequest(center.CenterId, c.CallId, c.AgentId, c.Team, c.BusinessType, day, workDay, c.Reason, plan.Version))
            .ToList();
        return new(finished with { Status = RunStatus.Sent }, messages, AlreadySent: false);
    }

    /// <summary>The next working day's room: active inspectors' caps minus what is already on their worklists (deferred calls).</summary>
    private async Task<int> CapacityAsync(string centerId, DateOnly workDay, IReadOnlyList<Inspector> inspectors, CancellationToken ct)
    {
        var loads = await assignments.GetLoadsAsync(centerId, workDay, ct);
        return inspectors.Where(i => i.Active).Sum(i => Math.Max(0, i.DailyCap - (loads.GetValueOrDefault(i.InspectorId)?.Count ?? 0)));
    }

    private async Task<(IReadOnlyList<Call> Picked, int Queries)> DrawAsync(string centerId, DateOnly day, SamplingPlan plan,
        StratumAllocation s, IReadOnlyDictionary<string, (Call, string)> must, int mustHere, CancellationToken ct)
    {
        var k = Math.Min(s.Population, s.Quota + mustHere + 2);
        for (var queries = 1; ; queries++)
        {
            var lowest = await calls.TakeLowestAsync(centerId, day, s.AgentId, s.BusinessType, k, ct);
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
