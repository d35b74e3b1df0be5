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

        var watched = await watchList.ListActiveAsync(center.CenterId, day, ct); reads++;
        var roster = (await reference.ListAgentsAsync(center.CenterId, ct)).ToDictionary(a => a.AgentId); reads++;
        AgentProfile ProfileOf(string id) => new(id, roster.TryGetValue(id, out var a) && a.IsNewHire(day, plan.NewHireTenureDays),
            watched.ContainsKey(id), a?.Active ?? true);

        var draw = await SampleDraw.DrawAsync(calls, center.CenterId, day, plan, run.Capacity, must, ProfileOf, Parallelism, ct);
        reads += draw.Reads;
        var (strata, allocation, sample, records) = (draw.Strata, draw.Allocation, draw.Sample, draw.Records);
        await runs.WriteStrataAsync(center.CenterId, day, records, ct);
        await runs.WriteSampleAsync(center.CenterId, day, sample, ct);
        await runs.WriteAgentDaysAsync(center.CenterId, draw.AgentDays, ct);

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
}
