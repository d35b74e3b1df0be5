using QaServerless.Calls;
using QaServerless.Evaluations;
using QaServerless.Kpis;
using QaServerless.ReferenceData;
using QaServerless.Scorecards;
using QaServerless.Security;

namespace QaServerless.SelfEvaluations;

/// <summary>
/// The release side: when the inspector's evaluation of a call is released, its self-evaluation closes (submitted stays,
/// open becomes missed) and its comparison is counted in the KPI rollups of the release month; the comparison is then
/// what the released-evaluation view shows. Idempotent: a replayed change closes nothing twice and counts nothing twice
/// (the rollup contribution is keyed by the evaluation and replaced by a newer version only).
/// </summary>
public sealed class SelfEvaluationClosing(SelfEvaluationStore store, EvaluationStore evaluations, ScorecardStore scorecards, KpiStore kpis,
    ReferenceDataStore reference, TimeProvider clock, ILogger<SelfEvaluationClosing> log)
{
    public const string ReleaseActor = "system:release";

    /// <summary>The inspector's evaluation of a call, or null when nobody has started one.</summary>
    public async Task<Evaluation?> EvaluationOfAsync(string center, string callId, CancellationToken ct) =>
        await evaluations.GetIdByCallAsync(center, callId, ct) is { } id ? (await evaluations.GetAsync(center, id, ct))?.Value : null;

    /// <summary>Closes the self-evaluation against the released evaluation (a few tries when the agent saves at that moment).</summary>
    public async Task<Stored<SelfEvaluation>> CloseAsync(Stored<SelfEvaluation> found, Evaluation released, CancellationToken ct)
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            if (SelfEvaluationFlow.Close(found.Value, released, new Change(ReleaseActor, clock.GetUtcNow())) is not { } next) return found;
            if (await store.SaveAsync(next, found.ETag, ct) is { } saved) return saved;
            found = await store.GetAsync(found.Value.CenterId, found.Value.CallId, ct) ?? found;
        }
        throw new InvalidOperationException($"Self-evaluation of call {found.Value.CallId} could not be closed: too many concurrent changes.");
    }

    /// <summary>Every stored evaluation version (<see cref="SelfEvaluationReleaseSink"/>): from release on, close and count.</summary>
    public async Task OnEvaluationChangedAsync(Evaluation e, CancellationToken ct)
    {
        if (!e.IsReleased || await store.GetAsync(e.CenterId, e.CallId, ct) is not { } found) return;
        var closed = await CloseAsync(found, e, ct);
        if (await ComparisonOfAsync(e, closed.Value, ct) is not { } comparison) return;
        var center = await reference.GetCenterAsync(e.CenterId, ct) ?? throw new InvalidOperationException($"Unknown center {e.CenterId}.");
        var day = center.DayOf(e.ReleasedAt ?? e.ChangedAt);
        var counters = SelfEvaluationGaps.Contribution(comparison);
        var rows = KpiCallSink.GroupRows(e.Team, e.AgentId, null).ToDictionary(r => r.Row, r => (counters.Clone(), r.Labels));
        // Keyed by the evaluation and its version: a replay changes nothing, an upheld appeal's corrected answers replace the figures.
        await kpis.ApplyContributionAsync(KpiStore.Partition(e.CenterId, CallKeys.Month(day)), KpiStore.ContributionRow("s", e.EvaluationId), e.Version, rows, ct);
        log.LogInformation("Self-evaluation of {Center}/{Call} closed {Status} against {Evaluation} v{Version}", e.CenterId, e.CallId, closed.Value.Status, e.EvaluationId, e.Version);
    }

    /// <summary>The side-by-side view of a released evaluation, for whoever may see that evaluation; null before release or without a self-evaluation.</summary>
    public async Task<SelfComparison?> ComparisonAsync(string center, string callId, CurrentUser user, CancellationToken ct)
    {
        if (!user.CanSeeCenter(center) || await EvaluationOfAsync(center, callId, ct) is not { IsReleased: true } e || !EvaluationAccess.CanSee(user, e)) return null;
        if (await store.GetAsync(center, callId, ct) is not { } found) return null;
        // Shown closed even if the release's close failed and nobody has touched it since.
        var self = SelfEvaluationFlow.Close(found.Value, e, new Change(ReleaseActor, clock.GetUtcNow())) ?? found.Value;
        return await ComparisonOfAsync(e, self, ct);
    }

    private async Task<SelfComparison?> ComparisonOfAsync(Evaluation e, SelfEvaluation self, CancellationToken ct) =>
        (await scorecards.GetAsync(e.CenterId, e.ScorecardId, e.ScorecardVersion, ct))?.Value is { } card ? SelfComparison.Of(card, e, self) : null;
}

/// <summary>Hears every stored evaluation version (after the change is saved) and closes the call's self-evaluation at release.</summary>
public sealed class SelfEvaluationReleaseSink(SelfEvaluationClosing closing) : IEvaluationChangedSink
{
    public Task OnEvaluationChangedAsync(Evaluation stored, CancellationToken ct) => closing.OnEvaluationChangedAsync(stored, ct);
}
