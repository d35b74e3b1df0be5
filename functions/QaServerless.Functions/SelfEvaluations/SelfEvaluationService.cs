using QaServerless.Assignments;
using QaServerless.Evaluations;
using QaServerless.Notifications;
using QaServerless.Scorecards;
using QaServerless.Security;

namespace QaServerless.SelfEvaluations;

public enum SelfOutcomeKind { Ok, NotFound, Forbidden, PreconditionRequired, PreconditionFailed, Conflict, Invalid }

/// <summary>What a self-evaluation request came to; the API turns it into an HTTP answer.</summary>
public sealed record SelfOutcome(SelfOutcomeKind Kind, SelfEvaluation? Value = null, string? Code = null, string? Detail = null,
    Dictionary<string, string[]>? Errors = null, IReadOnlyList<string>? Missing = null)
{
    public static SelfOutcome NotFound { get; } = new(SelfOutcomeKind.NotFound);
}

/// <summary>
/// Self-evaluations over storage: asks the agent when a sampled call is assigned, lets only that agent answer while it
/// is open, and keeps it from everyone else until the inspector has scored (docs/self-evaluation.md, "who sees what").
/// Closing at release and the KPI figures are in <see cref="SelfEvaluationClosing"/>.
/// </summary>
public sealed class SelfEvaluationService(SelfEvaluationStore store, ScorecardStore scorecards,
    SelfEvaluationClosing closing, Notifier notifier, TimeProvider clock, ILogger<SelfEvaluationService> log)
{
    public const string AssignmentActor = "system:assignment";

    /// <summary>
    /// The assignment's self-evaluation, asked when the center's share picks the call: one per call whatever the number of
    /// replays (the add fails on the call's row), the request notification once-only by its key. Null when not asked.
    /// </summary>
    public async Task<SelfEvaluation?> AskForAsync(Assignment assignment, CancellationToken ct)
    {
        var (settings, _) = await store.GetSettingsAsync(assignment.CenterId, ct);
        if (!SelfEvaluationFlow.IsAsked(settings.Settings, assignment.CallId)) return null;
        var self = (await store.GetAsync(assignment.CenterId, assignment.CallId, ct))?.Value;
        if (self is null)
        {
            // Too late to ask once the inspector has released (a replay long after): nothing to compare before release.
            if (await closing.EvaluationOfAsync(assignment.CenterId, assignment.CallId, ct) is { IsReleased: true }) return null;
            var now = clock.GetUtcNow();
            if (await InForceCardAsync(assignment.CenterId, now, ct) is not { } card)
            {
                log.LogWarning("Center {Center} has no scorecard in force: call {Call} gets no self-evaluation", assignment.CenterId, assignment.CallId);
                return null;
            }
            var asked = SelfEvaluationFlow.Ask(assignment.CenterId, assignment.CallId, assignment.AgentId, assignment.Team, card, new Change(AssignmentActor, now));
            self = await store.AddAsync(asked, ct) ? asked : (await store.GetAsync(assignment.CenterId, assignment.CallId, ct))?.Value;
        }
        if (self is { IsClosed: false }) await notifier.TryRaiseAsync(RequestedEvent(self), ct);
        return self;
    }

    /// <summary>The scorecard an inspector's evaluation starts on: the first card (by id) with a version in force, as the workbench picks it.</summary>
    private async Task<Scorecard?> InForceCardAsync(string center, DateTimeOffset now, CancellationToken ct)
    {
        foreach (var id in (await scorecards.ListAsync(center, ct)).Select(c => c.ScorecardId).Distinct())
            if (await scorecards.GetInForceAsync(center, id, now, ct) is { } card) return card;
        return null;
    }

    public static NotificationEvent RequestedEvent(SelfEvaluation s) => new(s.CenterId, NotificationKind.SelfEvaluationRequested,
        $"self-evaluation|{s.CallId}", [s.AgentId], s.CallId, $"#/self/{Uri.EscapeDataString(s.CenterId)}/{Uri.EscapeDataString(s.CallId)}",
        new Dictionary<string, string> { ["callId"] = s.CallId }, s.RequestedAt);

    /// <summary>
    /// Who sees a self-evaluation: the agent always; the evaluation's inspector and the QA leads once the inspector's
    /// evaluation is submitted (no anchoring while they score); the team's supervisor once it is released.
    /// </summary>
    public static bool MaySee(CurrentUser user, SelfEvaluation s, Evaluation? e) =>
        user.CanSeeCenter(s.CenterId)
        && (IsAgentOf(user, s)
            || e is { Status: >= EvaluationStatus.Submitted } && (user.LeadsCenter(s.CenterId) || EvaluationAccess.IsInspectorOf(user, e))
            || e is { IsReleased: true } && EvaluationAccess.IsSupervisorOf(user, e));

    public static bool IsAgentOf(CurrentUser user, SelfEvaluation s) => user.IsIn(Roles.Agent) && user.PersonId is { } me && me == s.AgentId;

    public async Task<SelfOutcome> GetAsync(string center, string callId, CurrentUser user, CancellationToken ct)
    {
        if (!user.CanSeeCenter(center) || await store.GetAsync(center, callId, ct) is not { } found) return SelfOutcome.NotFound;
        var e = await closing.EvaluationOfAsync(center, callId, ct);
        return MaySee(user, found.Value, e) ? new(SelfOutcomeKind.Ok, found.Value) : SelfOutcome.NotFound;
    }

    public async Task<IReadOnlyList<SelfEvaluation>?> ListVersionsAsync(string center, string callId, CurrentUser user, CancellationToken ct) =>
        (await GetAsync(center, callId, user, ct)).Kind == SelfOutcomeKind.Ok ? await store.ListVersionsAsync(center, callId, ct) : null;

    /// <summary>The caller's own self-evaluations, open ones first, then the newest; null for someone who is no agent.</summary>
    public async Task<IReadOnlyList<SelfEvaluation>?> ListMineAsync(string center, CurrentUser user, CancellationToken ct)
    {
        if (!user.CanSeeCenter(center) || !user.IsIn(Roles.Agent) || user.PersonId is not { } me) return null;
        return (await store.ListByAgentAsync(center, me, ct))
            .OrderBy(s => s.Status == SelfEvaluationStatus.Open && !s.IsClosed ? 0 : 1).ThenByDescending(s => s.RequestedAt).ToList();
    }

    /// <summary>
    /// One change by the agent: 404 to whoever may not see it, 403 to anyone but its agent, 428 without If-Match; 409
    /// once the inspector's evaluation is released (closed here if the release's close has not happened yet), 412 when stale.
    /// </summary>
    public async Task<SelfOutcome> ChangeAsync(string center, string callId, CurrentUser user, string? ifMatch,
        Func<SelfEvaluation, Scorecard, SelfStep> step, CancellationToken ct)
    {
        if (!user.CanSeeCenter(center) || await store.GetAsync(center, callId, ct) is not { } found) return SelfOutcome.NotFound;
        var e = await closing.EvaluationOfAsync(center, callId, ct);
        if (!MaySee(user, found.Value, e)) return SelfOutcome.NotFound;
        if (!IsAgentOf(user, found.Value)) return new(SelfOutcomeKind.Forbidden, Detail: "Only the agent of the call answers their self-evaluation.");
        if (ifMatch is null) return new(SelfOutcomeKind.PreconditionRequired);
        var current = e is { IsReleased: true } ? await closing.CloseAsync(found, e, ct) : found;
        if (current.Value.IsClosed)
            return new(SelfOutcomeKind.Conflict, current.Value, SelfEvaluationFlow.Closed, "The inspector's evaluation is released: this self-evaluation is closed.");
        if (ifMatch != current.Value.ETag && ifMatch != "*") return new(SelfOutcomeKind.PreconditionFailed);

        var card = (await scorecards.GetAsync(center, current.Value.ScorecardId, current.Value.ScorecardVersion, ct))?.Value
            ?? throw new InvalidOperationException($"Scorecard {current.Value.ScorecardId} v{current.Value.ScorecardVersion} of self-evaluation {callId} is missing.");
        var result = step(current.Value, card);
        if (result.Code is { } code && result.Next is null && result.Errors is null) return new(SelfOutcomeKind.Conflict, current.Value, code, result.Why);
        if (result.Errors is { Count: > 0 } || result.Missing is { Count: > 0 })
            return new(SelfOutcomeKind.Invalid, Code: result.Code, Errors: result.Errors ?? [], Missing: result.Missing);
        return await store.SaveAsync(result.Next!, current.ETag, ct) is { } saved ? new(SelfOutcomeKind.Ok, saved.Value) : new(SelfOutcomeKind.PreconditionFailed);
    }
}
