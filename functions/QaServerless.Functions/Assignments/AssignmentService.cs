using Azure;
using QaServerless.ReferenceData;
using QaServerless.Sampling;

namespace QaServerless.Assignments;

/// <summary>
/// Assigns a sampled call to an inspector (<see cref="InspectorChoice"/>), idempotently per call: a replayed message
/// finds the call's assignment and changes nothing. When every eligible inspector is at their cap, the call moves to
/// the next working day (deferred, never dropped).
/// </summary>
public sealed class AssignmentService(AssignmentStore store, ReferenceDataStore reference, SamplingPlanStore plans, TimeProvider clock)
{
    /// <summary>How far ahead a call may be deferred before it is given up to the dead-letter queue for a lead.</summary>
    public const int MaxDeferralWorkingDays = 60;
    private const int MaxConflictRetries = 20;

    public async Task<(Assignment Assignment, bool Created)> AssignAsync(AssignmentRequest request, CancellationToken ct = default)
    {
        if (request.MissingFields() is { Count: > 0 } missing)
            throw new UnassignableException($"The assignment request lacks {string.Join(", ", missing)}.");
        if (await store.GetByCallAsync(request.CenterId, request.CallId, ct) is { } existing) return (existing, false);

        var inspectors = await reference.ListInspectorsAsync(request.CenterId, ct);
        var eligible = InspectorChoice.Eligible(inspectors, request.BusinessType, request.Team);
        if (eligible.Count == 0)
            throw new UnassignableException(
                $"No active inspector of center {request.CenterId} has the skill for '{request.BusinessType}' and may evaluate team '{request.Team}'.");

        var plan = await plans.GetCurrentAsync(request.CenterId, ct);
        var day = plan.IsWorkingDay(request.WorkDay) ? request.WorkDay : plan.NextWorkingDay(request.WorkDay);
        for (int deferrals = 0, conflicts = 0; deferrals <= MaxDeferralWorkingDays;)
        {
            ct.ThrowIfCancellationRequested();
            var month = new DateOnly(day.Year, day.Month, 1);
            var loads = await store.GetLoadsAsync(request.CenterId, day, ct);
            var spread = await store.GetAgentMonthAsync(request.CenterId, month, request.AgentId, ct);
            var chosen = InspectorChoice.Choose(eligible, Counts(loads), Counts(spread), request.CallId);
            if (chosen is null)
            {
                day = plan.NextWorkingDay(day);
                deferrals++;
                continue;
            }
            var assignment = new Assignment(request.CenterId, request.CallId, chosen.InspectorId, day, request.SampleDay,
                request.AgentId, request.Team, request.BusinessType, request.Reason, AssignmentStatus.Assigned,
                Deferred: day != request.WorkDay && deferrals > 0, clock.GetUtcNow());
            switch (await store.TryAssignAsync(assignment, loads.GetValueOrDefault(chosen.InspectorId), spread.GetValueOrDefault(chosen.InspectorId), ct))
            {
                case AssignOutcome.Assigned: return (await store.GetByCallAsync(request.CenterId, request.CallId, ct) ?? assignment, true);
                case AssignOutcome.AlreadyAssigned: return (await store.GetByCallAsync(request.CenterId, request.CallId, ct)!, false)!;
                default:
                    // A concurrent assignment moved a counter: read again and choose again.
                    if (++conflicts > MaxConflictRetries) throw new InvalidOperationException("Too many concurrent assignment conflicts; retry later.");
                    continue;
            }
        }
        throw new UnassignableException(
            $"No eligible inspector has room in the {MaxDeferralWorkingDays} working days from {request.WorkDay:yyyy-MM-dd}.");
    }

    public async Task<ReassignResult> ReassignAsync(string centerId, string callId, string inspectorId, string? ifMatch, CancellationToken ct = default)
    {
        if (await store.GetByCallAsync(centerId, callId, ct) is not { } current) return new ReassignResult.NotFound();
        if (ifMatch is not null && !SameETag(ifMatch, current.ETag)) return new ReassignResult.Stale();
        if (string.Equals(current.InspectorId, inspectorId, StringComparison.OrdinalIgnoreCase)) return new ReassignResult.Done(current);
        var inspector = await reference.GetInspectorAsync(centerId, inspectorId, ct);
        if (inspector is null || !inspector.Active) return new ReassignResult.Invalid($"No active inspector '{inspectorId}' in this center.");
        if (!inspector.HasSkillFor(current.BusinessType)) return new ReassignResult.Invalid($"{inspectorId} lacks the skill for '{current.BusinessType}'.");
        if (!inspector.MayEvaluate(current.Team)) return new ReassignResult.Invalid($"{inspectorId} must not evaluate team '{current.Team}' (conflict of interest).");
        var loads = await store.GetLoadsAsync(centerId, current.Day, ct);
        if (loads.GetValueOrDefault(inspectorId)?.Count >= inspector.DailyCap)
            return new ReassignResult.Invalid($"{inspectorId} is at their daily cap of {inspector.DailyCap} on {current.Day:yyyy-MM-dd}.");
        var (outcome, moved) = await store.ReassignAsync(current, inspectorId, new ETag(current.ETag!), ct);
        return outcome == ReassignOutcome.Moved && moved is not null ? new ReassignResult.Done(moved) : new ReassignResult.Stale();
    }

    /// <summary>HTTP clients may send the weak ETag with or without its <c>W/</c> prefix.</summary>
    public static bool SameETag(string? a, string? b) => Strip(a) == Strip(b);

    private static string? Strip(string? etag) => etag is not null && etag.StartsWith("W/", StringComparison.Ordinal) ? etag[2..] : etag;

    private static Dictionary<string, int> Counts(IReadOnlyDictionary<string, Counter> counters) =>
        counters.ToDictionary(kv => kv.Key, kv => kv.Value.Count);
}

public abstract record ReassignResult
{
    public sealed record Done(Assignment Assignment) : ReassignResult;
    public sealed record NotFound : ReassignResult;
    public sealed record Stale : ReassignResult;
    public sealed record Invalid(string Why) : ReassignResult;
}
