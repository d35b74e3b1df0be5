using QaServerless.Assignments;
using QaServerless.ReferenceData;
using QaServerless.Scorecards;
using QaServerless.Security;

namespace QaServerless.Evaluations;

public enum OutcomeKind { Ok, Created, NotFound, Forbidden, PreconditionRequired, PreconditionFailed, Conflict, Invalid }

/// <summary>What a service call came to; the API turns it into an HTTP answer.</summary>
public sealed record Outcome(OutcomeKind Kind, Evaluation? Value = null, string? Detail = null, Dictionary<string, string[]>? Errors = null,
    string? Code = null, IReadOnlyList<string>? Missing = null)
{
    public static Outcome NotFound { get; } = new(OutcomeKind.NotFound);
    public static Outcome Forbidden(string why) => new(OutcomeKind.Forbidden, Detail: why);
    public static Outcome Invalid(Dictionary<string, string[]> errors) => new(OutcomeKind.Invalid, Errors: errors);
    public static Outcome Invalid(string field, string message) => Invalid(new() { [field] = [message] });
}

/// <summary>
/// The facts about a call an evaluation needs; from the call records (ingest) when they are there. <see cref="TextChannel"/>
/// names the channel of a text conversation (null for a call).
/// </summary>
public sealed record CallFacts(string AgentId, string Team, int? Seconds, string? TextChannel = null);

/// <summary>
/// The messages of a text conversation, in thread order, for problem records to point at (the AI feature reads them from
/// the stored transcript); null when the conversation has none stored.
/// </summary>
public interface IConversationMessages
{
    Task<IReadOnlyList<ConversationMessage>?> FindAsync(string centerId, string callId, CancellationToken ct);
}

/// <summary>Looks a call up in the call records (<see cref="CallStoreLookup"/>); when the call is not there, assignments and the roster are used.</summary>
public interface ICallLookup
{
    Task<CallFacts?> FindAsync(string centerId, string callId, CancellationToken ct);
}

/// <summary>Start an evaluation of a call; <c>scorecardId</c> optional: the center's card for the call's channel, else its default card.</summary>
public sealed record StartRequest(string? CallId, string? ScorecardId, string? AgentId);

/// <summary>
/// Evaluations over storage: loads the current version, checks who may act (EvaluationAccess) and the If-Match ETag,
/// applies one EvaluationFlow step, stores it as a new version and hands KPI facts to the sinks.
/// </summary>
public sealed class EvaluationService(
    EvaluationStore store, ScorecardStore scorecards, AssignmentStore assignments, ReferenceDataStore reference, ICallLookup calls,
    IEnumerable<IEvaluationFactsSink> sinks, IEnumerable<IEvaluationChangedSink> changed, Notifications.Notifier notifier, TimeProvider clock, ILogger<EvaluationService> log,
    IEnumerable<IConversationMessages> conversations)
{
    /// <summary>
    /// Starts an evaluation of a call: an inspector only for a call assigned to them; a QA lead for any call.
    /// The agent and team come from the assignment, else the call records, else the roster (agentId given).
    /// </summary>
    public async Task<Outcome> StartAsync(string center, StartRequest body, CurrentUser user, CancellationToken ct)
    {
        if (!user.CanSeeCenter(center)) return Outcome.NotFound;
        var lead = user.LeadsCenter(center);
        if (!lead && !user.IsIn(Roles.Inspector)) return Outcome.Forbidden("Only inspectors and QA leads evaluate calls.");
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(body.CallId)) errors["callId"] = ["Name the call to evaluate."];
        if (errors.Count > 0) return Outcome.Invalid(errors);
        var callId = body.CallId!.Trim();

        var assignment = await assignments.GetByCallAsync(center, callId, ct);
        if (!lead && (assignment is null || assignment.InspectorId != user.PersonId))
            return Outcome.Forbidden("This call is not assigned to you.");

        if (await store.GetIdByCallAsync(center, callId, ct) is { } existing)
            return new(OutcomeKind.Conflict, Detail: $"Call '{callId}' is evaluated already: evaluation '{existing}'.", Code: Hosting.ProblemCodes.EvaluationStarted);

        var now = clock.GetUtcNow();
        var call = await calls.FindAsync(center, callId, ct);
        // Named: that card (a lead may choose). Not named: the center's card for the call's channel, else its default card.
        var card = string.IsNullOrWhiteSpace(body.ScorecardId)
            ? ScorecardChoice.For(await scorecards.ListAsync(center, ct), call?.TextChannel, now)
            : await scorecards.GetInForceAsync(center, body.ScorecardId.Trim(), now, ct);
        if (card is null)
            return Outcome.Invalid("scorecardId", string.IsNullOrWhiteSpace(body.ScorecardId)
                ? $"No scorecard is in force for the {Calls.Channels.KeyOf(call?.TextChannel)} channel, nor a default one: name the scorecard."
                : $"Scorecard '{body.ScorecardId}' has no version in force.");

        var agentId = assignment?.AgentId ?? call?.AgentId ?? body.AgentId?.Trim();
        if (string.IsNullOrWhiteSpace(agentId))
            return Outcome.Invalid("agentId", "The call is not in the call records: name the agent evaluated.");
        var team = assignment?.Team ?? call?.Team ?? (await reference.GetAgentAsync(center, agentId, ct))?.Team;
        if (team is null) return Outcome.Invalid("agentId", $"Agent '{agentId}' is not on the roster of this center.");

        var inspectorId = lead ? user.PersonId ?? user.Id : assignment!.InspectorId;
        var evaluation = EvaluationFlow.Start(center, $"ev-{Guid.NewGuid():N}"[..15], callId, agentId, team, inspectorId, card,
            fromAssignment: assignment is not null && assignment.InspectorId == inspectorId, call?.Seconds, new Change(user.Id, now), call?.TextChannel).Masked();
        if (await store.AddAsync(evaluation, ct) is not { } saved)
            return new(OutcomeKind.Conflict, Detail: $"Call '{callId}' was evaluated by somebody else at the same moment.", Code: Hosting.ProblemCodes.EvaluationStarted);
        if (assignment is not null && evaluation.FromAssignment)
            await assignments.SetStatusAsync(center, callId, AssignmentStatus.InProgress, ct);
        await InformChangeSinksAsync(saved.Value, ct);
        return new(OutcomeKind.Created, saved.Value);
    }

    public async Task<Outcome> GetAsync(string center, string id, CurrentUser user, CancellationToken ct)
    {
        if (!user.CanSeeCenter(center) || await store.GetAsync(center, id, ct) is not { } found || !EvaluationAccess.CanSee(user, found.Value))
            return Outcome.NotFound;
        return new(OutcomeKind.Ok, found.Value);
    }

    public async Task<IReadOnlyList<Evaluation>?> ListVersionsAsync(string center, string id, CurrentUser user, CancellationToken ct)
    {
        if (!user.CanSeeCenter(center) || await store.GetAsync(center, id, ct) is not { } found || !EvaluationAccess.CanSee(user, found.Value)) return null;
        return (await store.ListVersionsAsync(center, id, ct)).Where(v => EvaluationAccess.CanSeeVersion(user, found.Value, v)).ToList();
    }

    /// <summary>What the person may see in a center: everything for a lead, else their own scoring, team and evaluations.</summary>
    public async Task<IReadOnlyList<Evaluation>?> ListAsync(string center, string? agentId, string? team, EvaluationStatus? status, CurrentUser user, CancellationToken ct)
    {
        if (!user.CanSeeCenter(center)) return null;
        if (user.LeadsCenter(center)) return await store.ListAsync(center, agentId, team, null, status, ct);
        var seen = new Dictionary<string, Evaluation>();
        if (user.PersonId is { } me && user.IsIn(Roles.Inspector))
            foreach (var e in await store.ListAsync(center, agentId, team, me, status, ct)) seen[e.EvaluationId] = e;
        if (user.IsIn(Roles.Supervisor))
            foreach (var t in user.Teams.Where(t => team is null || t == team))
            foreach (var e in await store.ListAsync(center, agentId, t, null, status, ct)) seen[e.EvaluationId] = e;
        if (user.PersonId is { } agent && user.IsIn(Roles.Agent) && (agentId is null || agentId == agent))
            foreach (var e in await store.ListAsync(center, agent, team, null, status, ct)) seen[e.EvaluationId] = e;
        return seen.Values.Where(e => EvaluationAccess.CanSee(user, e)).OrderByDescending(e => e.ChangedAt).ToList();
    }

    /// <summary>
    /// One change: the person must see the evaluation (else 404) and be allowed to act (else 403); If-Match must carry
    /// the current ETag (428 without, 412 when stale); the step must be allowed now (409) with good input (400).
    /// </summary>
    public async Task<Outcome> ChangeAsync(string center, string id, CurrentUser user, string? ifMatch,
        Func<CurrentUser, Evaluation, bool> mayAct, string forbidden, Func<Evaluation, Scorecard, ScoringSettings, IReadOnlyList<ConversationMessage>?, Step> step, CancellationToken ct)
    {
        if (!user.CanSeeCenter(center) || await store.GetAsync(center, id, ct) is not { } found || !EvaluationAccess.CanSee(user, found.Value))
            return Outcome.NotFound;
        var current = found.Value;
        if (!mayAct(user, current)) return Outcome.Forbidden(forbidden);
        if (ifMatch is null) return new(OutcomeKind.PreconditionRequired);
        if (ifMatch != current.ETag && ifMatch != "*") return new(OutcomeKind.PreconditionFailed, current);

        var card = (await scorecards.GetAsync(center, current.ScorecardId, current.ScorecardVersion, ct))?.Value
            ?? throw new InvalidOperationException($"Scorecard {current.ScorecardId} v{current.ScorecardVersion} of evaluation {id} is missing.");
        var settings = await scorecards.GetSettingsAsync(center, ct);
        // A text conversation's problems point at its messages: the step checks them against the thread (none stored: an empty one).
        var messages = current.Channel is null ? null : await MessagesAsync(center, current.CallId, ct);
        var result = step(current, card, settings, messages);
        if (result.Conflict is { } why) return new(OutcomeKind.Conflict, current, why, Code: result.Code);
        if (result.Errors is { Count: > 0 } errors) return Outcome.Invalid(errors) with { Code = result.Code, Missing = result.Missing };
        var next = result.Next!.Masked();

        var fact = FactOf(current, next);
        if (await store.SaveAsync(current, next, found.ETag, fact, ct) is not { } saved) return new(OutcomeKind.PreconditionFailed);
        if (next.Status == EvaluationStatus.Submitted && next.FromAssignment)
            await assignments.SetStatusAsync(center, next.CallId, AssignmentStatus.Completed, ct);
        if (fact is not null) await PublishAsync(fact, ct);
        await InformChangeSinksAsync(saved.Value, ct);
        await NotifyAsync(current, saved.Value, ct);
        return new(OutcomeKind.Ok, saved.Value);
    }

    private async Task<IReadOnlyList<ConversationMessage>> MessagesAsync(string center, string callId, CancellationToken ct)
    {
        foreach (var source in conversations)
            if (await source.FindAsync(center, callId, ct) is { } found) return found;
        return [];
    }

    /// <summary>Released, corrected and rejected-appeal versions are KPI facts; other changes are not.</summary>
    internal static EvaluationFact? FactOf(Evaluation before, Evaluation after) => (before.Status, after.Status) switch
    {
        (EvaluationStatus.Submitted, EvaluationStatus.Released) => EvaluationFact.From(after, EvaluationFactKind.Released),
        (EvaluationStatus.Appealed, EvaluationStatus.AppealUpheld) => EvaluationFact.From(after, EvaluationFactKind.Corrected),
        (EvaluationStatus.Appealed, EvaluationStatus.AppealRejected) => EvaluationFact.From(after, EvaluationFactKind.AppealRejected),
        _ => null,
    };

    private async Task InformChangeSinksAsync(Evaluation stored, CancellationToken ct)
    {
        foreach (var sink in changed)
        {
            try { await sink.OnEvaluationChangedAsync(stored, ct); }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The change stands; the sink's copy is rewritten whole by the evaluation's next change.
                log.LogError(e, "Evaluation change sink {Sink} failed for {Center}/{Evaluation} v{Version}", sink.GetType().Name, stored.CenterId, stored.EvaluationId, stored.Version);
            }
        }
    }

    /// <summary>Release (agent, supervisor), appeal (the QA leads), decision (agent, inspector): the people concerned hear of it.</summary>
    private async Task NotifyAsync(Evaluation before, Evaluation after, CancellationToken ct)
    {
        var supervisor = after.Status == EvaluationStatus.Released && before.Status != after.Status
            ? (await reference.GetAgentAsync(after.CenterId, after.AgentId, ct))?.SupervisorId
            : null;
        await notifier.TryRaiseAsync(Notifications.NotificationRules.ForEvaluationChange(before, after, supervisor), ct);
    }

    private async Task PublishAsync(EvaluationFact fact, CancellationToken ct)
    {
        foreach (var sink in sinks)
        {
            try { await sink.OnEvaluationFactAsync(fact, ct); }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The fact row is stored with the version: a failed sink is caught up from it, the change stands.
                log.LogError(e, "Evaluation fact sink {Sink} failed for {Center}/{Evaluation} v{Version}", sink.GetType().Name, fact.CenterId, fact.EvaluationId, fact.Version);
            }
        }
    }
}
