using Azure;
using Microsoft.AspNetCore.Http.HttpResults;
using QaServerless.Calls;
using QaServerless.Hosting;
using QaServerless.Scorecards;
using QaServerless.Scoring;
using QaServerless.Security;

namespace QaServerless.Calibration;

/// <summary>How far each participant is: the lead sees everybody's progress (never their scores) while the session is open.</summary>
public sealed record ParticipantProgress(string PersonId, ParticipantRole Role, int CallsScored, bool Submitted);

public sealed record SessionView(CalibrationSession Session, IReadOnlyList<ParticipantProgress> Progress);

public sealed record SessionSummary(string SessionId, string Title, SessionStatus Status, int Calls, int Participants, DateTimeOffset CreatedAt, DateTimeOffset? ClosedAt);

/// <summary>Told when a session closes, and again on a replayed close, so an implementation is idempotent (the KPI feature counts
/// calibration deviation from it; <see cref="CalibrationAlerts"/> tells the QA leads of an inspector's alert).</summary>
public interface ICalibrationClosedSink
{
    Task OnSessionClosedAsync(CalibrationSession session, SessionResults results, CancellationToken ct);
}

/// <summary>The request handlers of calibration: who may do what, then the store. Rules live in the pure types beside it.</summary>
public sealed class CalibrationService(CalibrationStore store, ICalibrationScorecards scorecards, CallStore calls, CurrentUser user,
    TimeProvider clock, IEnumerable<ICalibrationClosedSink> sinks, Notifications.Notifier notifier)
{
    /// <summary>Who the signed-in person is in a session: their roster id when they have one, else their user id.</summary>
    private string Me => user.PersonId ?? user.Id;

    private bool CanSee(CalibrationSession s) => user.LeadsCenter(s.CenterId) || (user.CanSeeCenter(s.CenterId) && s.FindParticipant(Me) is not null);

    public async Task<Results<Created<SessionView>, ValidationProblem, ForbidHttpResult, NotFound>> CreateAsync(string center, CreateSessionRequest body, CancellationToken ct)
    {
        if (!user.CanSeeCenter(center)) return TypedResults.NotFound();
        if (!user.LeadsCenter(center)) return TypedResults.Forbid();
        var errors = body.Validate();
        Scorecard? card = null;
        if (errors.Count == 0)
        {
            card = await scorecards.GetAsync(center, body.ScorecardId!, body.ScorecardVersion, ct);
            if (card is null) errors["scorecardId"] = ["No published version of this scorecard in the center."];
            // Calls of the center only: an id of another center's call is simply unknown here.
            var unknown = new List<string>();
            foreach (var callId in body.CallIds!)
                if (await calls.GetAsync(center, callId, ct) is null) unknown.Add(callId);
            if (unknown.Count > 0) errors["callIds"] = [$"No such call in the center: {string.Join(", ", unknown)}."];
        }
        if (errors.Count > 0) return ProblemCodes.Validation(errors);

        var session = new CalibrationSession
        {
            CenterId = center,
            SessionId = $"cal-{clock.GetUtcNow():yyyyMMdd}-{Guid.NewGuid():N}"[..21],
            Title = body.Title!.Trim(),
            ScorecardId = card!.ScorecardId,
            ScorecardVersion = card.Version,
            CallIds = body.CallIds!,
            Participants = body.Participants!,
            Tolerance = body.Tolerance ?? await store.GetDefaultToleranceAsync(center, ct),
            CreatedBy = user.Id,
            CreatedAt = clock.GetUtcNow(),
            DueAt = body.DueAt,
        }.Masked();
        await store.AddSessionAsync(session, ct);
        await notifier.TryRaiseAsync(Notifications.NotificationRules.CalibrationInvited(session, session.Participants.Select(p => p.PersonId), session.CreatedAt), ct);
        return TypedResults.Created($"/api/calibration/{center}/sessions/{session.SessionId}", View(session, []));
    }

    public async Task<IReadOnlyList<SessionSummary>?> ListAsync(string center, CancellationToken ct)
    {
        if (!user.CanSeeCenter(center)) return null;
        return (await store.ListSessionsAsync(center, ct)).Where(CanSee).OrderByDescending(s => s.CreatedAt)
            .Select(s => new SessionSummary(s.SessionId, s.Title, s.Status, s.CallIds.Count, s.Participants.Count, s.CreatedAt, s.ClosedAt)).ToList();
    }

    public async Task<Results<Ok<SessionView>, NotFound>> GetAsync(string center, string sessionId, HttpContext http, CancellationToken ct)
    {
        if (await Find(center, sessionId, ct) is not { } stored) return TypedResults.NotFound();
        http.Response.Headers.ETag = stored.ETag.ToString();
        return TypedResults.Ok(View(stored.Session, await store.ListScoresAsync(center, sessionId, ct)));
    }

    public async Task<Results<Ok<SessionView>, ValidationProblem, ForbidHttpResult, NotFound, ProblemHttpResult>> InviteAsync(
        string center, string sessionId, InviteRequest body, ETag? ifMatch, HttpContext http, CancellationToken ct)
    {
        if (await Find(center, sessionId, ct) is not { } stored) return TypedResults.NotFound();
        if (!user.LeadsCenter(center)) return TypedResults.Forbid();
        if (stored.Session.IsClosed) return Conflict(CalibrationClosed, "The session is closed.");
        if (ifMatch is { } tag && tag != stored.ETag) return PreconditionFailed();
        var errors = CreateSessionRequest.ValidateParticipants(body.Participants, minimum: 1);
        var added = (body.Participants ?? []).Where(p => stored.Session.FindParticipant(p.PersonId) is null).ToList();
        if (errors.Count > 0) return ProblemCodes.Validation(errors);

        var session = (stored.Session with { Participants = [.. stored.Session.Participants, .. added] }).Masked();
        try
        {
            http.Response.Headers.ETag = (await store.ReplaceSessionAsync(session, stored.ETag, ct)).ToString();
        }
        catch (RequestFailedException e) when (e.Status == 412) { return PreconditionFailed(); }
        // The invitation's key names the session: each person is invited once, however often they are added.
        await notifier.TryRaiseAsync(Notifications.NotificationRules.CalibrationInvited(session, added.Select(p => p.PersonId), clock.GetUtcNow()), ct);
        return TypedResults.Ok(View(session, await store.ListScoresAsync(center, sessionId, ct)));
    }

    public async Task<Results<Ok<ParticipantScore>, ValidationProblem, ForbidHttpResult, NotFound, ProblemHttpResult>> SubmitAsync(
        string center, string sessionId, string callId, SubmitScoreRequest body, CancellationToken ct)
    {
        if (await Find(center, sessionId, ct) is not { } stored) return TypedResults.NotFound();
        var session = stored.Session;
        if (session.FindParticipant(Me) is not { } me) return TypedResults.Forbid();
        if (!session.CallIds.Contains(callId)) return TypedResults.NotFound();
        if (session.IsClosed) return Conflict(CalibrationClosed, "The session is closed: scores can no longer change.");
        var card = await scorecards.GetAsync(center, session.ScorecardId, session.ScorecardVersion, ct);
        if (card is null) return Conflict(ScorecardGone, "The session's scorecard version is gone.");
        var answers = body.Answers ?? [];
        var errors = ScoreCalculator.CheckAnswers(card, answers, requireAll: true);
        if (errors.Count > 0) return ProblemCodes.Validation(errors);

        var score = new ParticipantScore(me.PersonId, callId, answers, ScoreCalculator.Score(card, answers).Score, clock.GetUtcNow());
        await store.SaveScoreAsync(center, sessionId, score, ct);
        return TypedResults.Ok(score);
    }

    /// <summary>Blind until closed: before, a participant gets only their own scores and the lead none; after, everybody's.</summary>
    public async Task<Results<Ok<IReadOnlyList<ParticipantScore>>, NotFound>> ScoresAsync(string center, string sessionId, CancellationToken ct)
    {
        if (await Find(center, sessionId, ct) is not { } stored) return TypedResults.NotFound();
        var scores = (await store.ListScoresAsync(center, sessionId, ct)).Where(s => s.ParticipantId != CalibrationStore.StandardParticipant);
        if (!stored.Session.IsClosed) scores = scores.Where(s => s.ParticipantId.Equals(Me, StringComparison.OrdinalIgnoreCase));
        return TypedResults.Ok<IReadOnlyList<ParticipantScore>>(scores.OrderBy(s => s.ParticipantId).ThenBy(s => s.CallId).ToList());
    }

    public async Task<Results<Ok<SessionResults>, ValidationProblem, ForbidHttpResult, NotFound, ProblemHttpResult>> CloseAsync(
        string center, string sessionId, CloseSessionRequest body, ETag? ifMatch, HttpContext http, CancellationToken ct)
    {
        if (await Find(center, sessionId, ct) is not { } stored) return TypedResults.NotFound();
        if (!user.LeadsCenter(center)) return TypedResults.Forbid();
        var session = stored.Session;
        var card = await scorecards.GetAsync(center, session.ScorecardId, session.ScorecardVersion, ct);
        if (card is null) return Conflict(ScorecardGone, "The session's scorecard version is gone.");
        var scores = await store.ListScoresAsync(center, sessionId, ct);

        if (session.IsClosed)
        {
            // A replayed close: same baseline → the same results (and the same outcome rows, rewritten); another → conflict.
            if (body.Baseline is { } asked && asked != session.Baseline!.Kind) return Conflict(ClosedOtherBaseline, "The session is already closed with another baseline.");
            var again = Compute(session, card, scores);
            await store.SaveClosedResultsAsync(session, again, ct);
            // The sinks again too (each is idempotent): what a failed first close did not finish, the retry does.
            foreach (var sink in sinks) await sink.OnSessionClosedAsync(session, again, ct);
            return TypedResults.Ok(again);
        }
        if (ifMatch is { } tag && tag != stored.ETag) return PreconditionFailed();

        var errors = ValidateClose(body, session, card, scores);
        if (errors.Count > 0) return ProblemCodes.Validation(errors);
        if (body.Baseline == BaselineKind.Standard)
            foreach (var agreed in body.Standard!)
                await store.SaveScoreAsync(center, sessionId, new ParticipantScore(CalibrationStore.StandardParticipant, agreed.CallId, agreed.Answers,
                    ScoreCalculator.Score(card, agreed.Answers).Score, clock.GetUtcNow()), ct);

        var closed = session with
        {
            Status = SessionStatus.Closed, ClosedAt = clock.GetUtcNow(), ClosedBy = user.Id,
            Baseline = new BaselineChoice(body.Baseline!.Value, body.Baseline == BaselineKind.Expert ? session.FindParticipant(body.ExpertId)!.PersonId : null),
            Tolerance = body.Tolerance ?? session.Tolerance,
        };
        try
        {
            http.Response.Headers.ETag = (await store.ReplaceSessionAsync(closed, stored.ETag, ct)).ToString();
        }
        catch (RequestFailedException e) when (e.Status == 412) { return PreconditionFailed(); }

        var results = Compute(closed, card, await store.ListScoresAsync(center, sessionId, ct));
        await store.SaveClosedResultsAsync(closed, results, ct);
        foreach (var sink in sinks) await sink.OnSessionClosedAsync(closed, results, ct);
        return TypedResults.Ok(results);
    }

    public async Task<Results<Ok<SessionResults>, NotFound, ProblemHttpResult>> ResultsAsync(string center, string sessionId, CancellationToken ct)
    {
        if (await Find(center, sessionId, ct) is not { } stored) return TypedResults.NotFound();
        if (!stored.Session.IsClosed) return Conflict(StillOpen, "Results are shown once the QA lead closes the session.");
        var card = await scorecards.GetAsync(center, stored.Session.ScorecardId, stored.Session.ScorecardVersion, ct);
        if (card is null) return Conflict(ScorecardGone, "The session's scorecard version is gone.");
        return TypedResults.Ok(Compute(stored.Session, card, await store.ListScoresAsync(center, sessionId, ct)));
    }

    public async Task<Results<Ok<InspectorTrend>, ForbidHttpResult, NotFound>> TrendAsync(string center, string inspectorId, CancellationToken ct)
    {
        if (!user.CanSeeCenter(center)) return TypedResults.NotFound();
        if (!user.LeadsCenter(center) && !inspectorId.Equals(Me, StringComparison.OrdinalIgnoreCase)) return TypedResults.Forbid();
        var outcomes = await store.ListOutcomesAsync(center, inspectorId, ct);
        return TypedResults.Ok(InspectorTrend.From(inspectorId, outcomes.Select(o => o.Outcome)));
    }

    public async Task<Results<Ok<IReadOnlyList<InspectorTrend>>, ForbidHttpResult, NotFound>> TrendsAsync(string center, bool alertsOnly, CancellationToken ct)
    {
        if (!user.CanSeeCenter(center)) return TypedResults.NotFound();
        if (!user.LeadsCenter(center)) return TypedResults.Forbid();
        var trends = (await store.ListOutcomesAsync(center, null, ct)).GroupBy(o => o.InspectorId, StringComparer.OrdinalIgnoreCase)
            .Select(g => InspectorTrend.From(g.Key, g.Select(o => o.Outcome))).Where(t => !alertsOnly || t.AlertActive)
            .OrderByDescending(t => t.ConsecutiveFailures).ThenBy(t => t.InspectorId, StringComparer.Ordinal).ToList();
        return TypedResults.Ok<IReadOnlyList<InspectorTrend>>(trends);
    }

    private static SessionResults Compute(CalibrationSession session, Scorecard card, IReadOnlyList<ParticipantScore> scores)
    {
        var standard = scores.Where(s => s.ParticipantId == CalibrationStore.StandardParticipant).Select(s => new StandardAnswers(s.CallId, s.Answers)).ToList();
        var participants = scores.Where(s => s.ParticipantId != CalibrationStore.StandardParticipant).ToList();
        return SessionResultsCalculator.Compute(session, card, session.Baseline!, session.Tolerance, participants, standard);
    }

    private static Dictionary<string, string[]> ValidateClose(CloseSessionRequest body, CalibrationSession session, Scorecard card, IReadOnlyList<ParticipantScore> scores)
    {
        var errors = new Dictionary<string, string[]>();
        if (body.Tolerance is not null) foreach (var (key, value) in body.Tolerance.Validate()) errors[key] = value;
        switch (body.Baseline)
        {
            case null:
                errors["baseline"] = ["Choose the baseline: expert, consensus or standard."];
                break;
            case BaselineKind.Expert:
                var expert = session.FindParticipant(body.ExpertId);
                if (expert is null) errors["expertId"] = ["The expert must be a participant of the session."];
                else if (session.CallIds.Any(c => !scores.Any(s => s.CallId == c && s.ParticipantId.Equals(expert.PersonId, StringComparison.OrdinalIgnoreCase))))
                    errors["expertId"] = ["The expert has not scored every call of the session."];
                break;
            case BaselineKind.Standard:
                var agreed = body.Standard ?? [];
                var missing = session.CallIds.Except(agreed.Select(a => a.CallId)).ToList();
                if (missing.Count > 0 || agreed.Count != session.CallIds.Count)
                    errors["standard"] = [$"Give the agreed answers for each call once; missing: {string.Join(", ", missing)}."];
                for (var i = 0; i < agreed.Count; i++)
                    foreach (var (key, value) in ScoreCalculator.CheckAnswers(card, agreed[i].Answers ?? [], requireAll: true))
                        errors[$"standard[{i}].{key}"] = value;
                break;
            case BaselineKind.Consensus:
                break;
            default:
                errors["baseline"] = ["Choose the baseline: expert, consensus or standard."];
                break;
        }
        return errors;
    }

    private SessionView View(CalibrationSession session, IReadOnlyList<ParticipantScore> scores)
    {
        var progress = session.Participants.Select(p =>
        {
            var scored = scores.Count(s => s.ParticipantId.Equals(p.PersonId, StringComparison.OrdinalIgnoreCase) && session.CallIds.Contains(s.CallId));
            return new ParticipantProgress(p.PersonId, p.Role, scored, scored == session.CallIds.Count);
        });
        // The lead follows everybody's progress; a participant sees their own.
        if (!user.LeadsCenter(session.CenterId)) progress = progress.Where(p => p.PersonId.Equals(Me, StringComparison.OrdinalIgnoreCase));
        return new SessionView(session, progress.ToList());
    }

    private async Task<CalibrationStore.Stored?> Find(string center, string sessionId, CancellationToken ct) =>
        user.CanSeeCenter(center) && await store.GetSessionAsync(center, sessionId, ct) is { } stored && CanSee(stored.Session) ? stored : null;

    // Stable problem codes (Hosting/ProblemCodes.cs): the workbench says them in the reader's language.
    public const string CalibrationClosed = "calibration.closed";
    public const string StillOpen = "calibration.still-open";
    public const string ClosedOtherBaseline = "calibration.closed-other-baseline";
    public const string ScorecardGone = "calibration.scorecard-gone";

    private static ProblemHttpResult Conflict(string code, string detail) =>
        ProblemCodes.Problem(StatusCodes.Status409Conflict, code, "Not possible in this state", detail);

    private static ProblemHttpResult PreconditionFailed() =>
        ProblemCodes.Problem(StatusCodes.Status412PreconditionFailed, ProblemCodes.PreconditionFailed, "Precondition failed",
            "The session changed since you read it: read it again (ETag) and retry.");
}
