using QaServerless.Hosting;
using QaServerless.Scorecards;
using QaServerless.Scoring;

namespace QaServerless.Evaluations;

/// <summary>
/// The result of a step: the next version, or why not. <see cref="Conflict"/> is a step that the evaluation's state
/// does not allow (409); <see cref="Errors"/> are bad input keyed by field (400).
/// </summary>
public sealed record Step(Evaluation? Next, string? Conflict = null, Dictionary<string, string[]>? Errors = null, string? Code = null,
    IReadOnlyList<string>? Missing = null)
{
    public static Step Ok(Evaluation next) => new(next);
    /// <summary>Not allowed now; <paramref name="code"/> is one of <see cref="Hosting.ProblemCodes"/>.</summary>
    public static Step NotNow(string code, string why) => new(null, why, Code: code);
    public static Step Invalid(Dictionary<string, string[]> errors) => new(null, null, errors);
}

/// <summary>What changed, who changed it and when: every step writes one.</summary>
public sealed record Change(string By, DateTimeOffset At, string? Reason = null);

/// <summary>
/// The evaluation lifecycle as pure functions of the current version: each returns the next version (version + 1,
/// who, when, why) or why it cannot happen. Storage and HTTP are elsewhere (EvaluationService, EvaluationsApi).
/// </summary>
public static class EvaluationFlow
{
    /// <summary>Starts a draft; <paramref name="channel"/> names the text channel when the contact is a text conversation.</summary>
    public static Evaluation Start(string centerId, string evaluationId, string callId, string agentId, string team, string inspectorId,
        Scorecard card, bool fromAssignment, int? callSeconds, Change change, string? channel = null) => new()
    {
        CenterId = centerId, EvaluationId = evaluationId, CallId = callId, AgentId = agentId, Team = team, InspectorId = inspectorId,
        ScorecardId = card.ScorecardId, ScorecardVersion = card.Version, FromAssignment = fromAssignment, CallSeconds = callSeconds, Channel = channel,
        Status = EvaluationStatus.Draft, Version = 1, ChangedBy = change.By, ChangedAt = change.At,
        Reason = change.Reason ?? (fromAssignment ? "started from assignment" : "started by a QA lead"),
    };

    /// <summary>
    /// Saves answers and problems of a draft; the score is provisional. Incomplete answers are fine. A text conversation's
    /// <paramref name="messages"/> (null for a call) are what its problem records may point at.
    /// </summary>
    public static Step SaveDraft(Evaluation e, Scorecard card, IReadOnlyList<ItemAnswer> answers, IReadOnlyList<ProblemRecord> problems, Change change,
        IReadOnlyList<ConversationMessage>? messages = null)
    {
        if (e.Status != EvaluationStatus.Draft) return Step.NotNow(ProblemCodes.NotDraft, $"Only a draft can be edited; this evaluation is {e.Status}.");
        problems = ProblemPlacement.AtMessages(problems, messages);
        var errors = ScoreCalculator.CheckAnswers(card, answers, requireAll: false);
        foreach (var (k, v) in CheckProblems(card, problems, e.CallSeconds, messages)) errors[k] = v;
        if (errors.Count > 0) return Step.Invalid(errors);
        return Step.Ok(Next(e, change, "draft saved") with { Answers = answers, Problems = problems, Result = ScoreCalculator.Score(card, answers) });
    }

    /// <summary>Submits a draft: every item answered, every problem record complete.</summary>
    public static Step Submit(Evaluation e, Scorecard card, Change change, IReadOnlyList<ConversationMessage>? messages = null)
    {
        if (e.Status != EvaluationStatus.Draft) return Step.NotNow(ProblemCodes.NotDraft, $"Only a draft can be submitted; this evaluation is {e.Status}.");
        var errors = ScoreCalculator.CheckAnswers(card, e.Answers, requireAll: true);
        foreach (var (k, v) in CheckProblems(card, e.Problems, e.CallSeconds, messages)) errors[k] = v;
        // Unanswered items get their own code and list, so a client can point at them in its own words.
        var missing = card.Items.Select(i => i.ItemId).Where(id => !e.Answers.Any(a => a.ItemId == id)).ToList();
        if (missing.Count > 0) return Step.Invalid(errors) with { Code = ProblemCodes.ItemsMissing, Missing = missing };
        if (errors.Count > 0) return Step.Invalid(errors);
        return Step.Ok(Next(e, change, "submitted") with
        {
            Status = EvaluationStatus.Submitted, Result = ScoreCalculator.Score(card, e.Answers), SubmittedAt = change.At,
        });
    }

    /// <summary>Releases a submitted evaluation to the agent and the supervisor; the appeal window starts.</summary>
    public static Step Release(Evaluation e, int appealWindowDays, Change change) =>
        e.Status != EvaluationStatus.Submitted
            ? Step.NotNow(ProblemCodes.NotSubmitted, $"Only a submitted evaluation can be released; this evaluation is {e.Status}.")
            : Step.Ok(Next(e, change, "released") with
            {
                Status = EvaluationStatus.Released, ReleasedAt = change.At, AppealDeadline = change.At.AddDays(appealWindowDays),
            });

    public static Step Acknowledge(Evaluation e, Change change) =>
        e.Status != EvaluationStatus.Released
            ? Step.NotNow(ProblemCodes.NotReleased, $"Only a released evaluation can be acknowledged; this evaluation is {e.Status}.")
            : Step.Ok(Next(e, change, "acknowledged by the agent") with { Status = EvaluationStatus.Acknowledged, AcknowledgedAt = change.At });

    /// <summary>The agent's appeal of the whole evaluation: one per evaluation, with a comment, within the appeal window.</summary>
    public static Step FileAppeal(Evaluation e, string? comment, Change change) => FileAppeal(e, null, comment, null, change);

    /// <summary>
    /// The agent's appeal: one per evaluation, within the appeal window. With <paramref name="items"/> it disputes those
    /// items of <paramref name="card"/> (the evaluation's version), a reason each, the comment optional (<see cref="ItemDisputes"/>);
    /// without, it disputes the whole evaluation and needs a comment.
    /// </summary>
    public static Step FileAppeal(Evaluation e, Scorecard? card, string? comment, IReadOnlyList<DisputeInput?>? items, Change change)
    {
        if (e.Appeal is not null) return Step.NotNow(ProblemCodes.AppealedAlready, "This evaluation has been appealed already: one appeal per evaluation.");
        if (e.Status != EvaluationStatus.Released)
            return Step.NotNow(ProblemCodes.NotReleased, $"Only a released evaluation that is not yet acknowledged can be appealed; this evaluation is {e.Status}.");
        if (e.AppealDeadline is { } deadline && change.At > deadline)
            return Step.NotNow(ProblemCodes.AppealWindowClosed, $"The appeal window closed at {deadline:O}.");
        if (items is { Count: > 0 })
        {
            var (disputed, errors) = ItemDisputes.Check(e, card ?? throw new ArgumentNullException(nameof(card)), items);
            if (errors.Count > 0) return Step.Invalid(errors);
            return Step.Ok(Next(e, change, "appealed by the agent") with
            {
                Status = EvaluationStatus.Appealed, Appeal = new Appeal { Comment = comment?.Trim() ?? "", Items = disputed, By = change.By, At = change.At },
            });
        }
        if (string.IsNullOrWhiteSpace(comment)) return Step.Invalid(new() { ["comment"] = ["An appeal needs a comment saying what is wrong."] });
        return Step.Ok(Next(e, change, "appealed by the agent") with
        {
            Status = EvaluationStatus.Appealed, Appeal = new Appeal { Comment = comment.Trim(), By = change.By, At = change.At },
        });
    }

    /// <summary>
    /// A QA lead decides an appeal. Upheld: the corrected answers (and problems) are scored, the released score is kept
    /// as <see cref="Evaluation.OriginalResult"/> and the inspector is charged a scoring error. Rejected: it stands.
    /// </summary>
    public static Step DecideAppeal(Evaluation e, Scorecard card, bool upheld, string? comment,
        IReadOnlyList<ItemAnswer>? correctedAnswers, IReadOnlyList<ProblemRecord>? correctedProblems, Change change,
        IReadOnlyList<ConversationMessage>? messages = null)
    {
        if (e.Status != EvaluationStatus.Appealed || e.Appeal is null) return Step.NotNow(ProblemCodes.NoOpenAppeal, $"There is no open appeal; this evaluation is {e.Status}.");
        if (e.Appeal.Items.Count > 0) return Step.Invalid(new() { ["items"] = ["This appeal disputes items: decide each of them (items)."] });
        if (string.IsNullOrWhiteSpace(comment)) return Step.Invalid(new() { ["comment"] = ["A decision needs a comment for the agent and the inspector."] });
        var appeal = e.Appeal with { Upheld = upheld, DecidedBy = change.By, DecidedAt = change.At, DecisionComment = comment.Trim() };
        if (!upheld) return Step.Ok(Next(e, change, "appeal rejected") with { Status = EvaluationStatus.AppealRejected, Appeal = appeal });

        if (correctedAnswers is null || correctedAnswers.Count == 0)
            return Step.Invalid(new() { ["answers"] = ["An upheld appeal needs the corrected answers to score."] });
        var problems = correctedProblems is null ? e.Problems : ProblemPlacement.AtMessages(correctedProblems, messages);
        var errors = ScoreCalculator.CheckAnswers(card, correctedAnswers, requireAll: true);
        foreach (var (k, v) in CheckProblems(card, problems, e.CallSeconds, messages)) errors[k] = v;
        if (errors.Count > 0) return Step.Invalid(errors);
        return Step.Ok(Next(e, change, "appeal upheld: corrected") with
        {
            Status = EvaluationStatus.AppealUpheld, Appeal = appeal, Answers = correctedAnswers, Problems = problems,
            OriginalResult = e.Result, Result = ScoreCalculator.Score(card, correctedAnswers), ScoringErrorChargedTo = e.InspectorId,
        });
    }

    public static Step AddCoaching(Evaluation e, string coachingId, string? action, string? owner, DateOnly? followUpOn, Change change)
    {
        if (!e.IsReleased) return Step.NotNow(ProblemCodes.NotReleased, "Coaching follows a released evaluation.");
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(action)) errors["action"] = ["Say what the coaching action is."];
        if (string.IsNullOrWhiteSpace(owner)) errors["owner"] = ["Somebody must own the action."];
        if (followUpOn is null) errors["followUpOn"] = ["A follow-up date is needed."];
        else if (followUpOn < DateOnly.FromDateTime(change.At.UtcDateTime)) errors["followUpOn"] = ["The follow-up date cannot be in the past."];
        if (errors.Count > 0) return Step.Invalid(errors);
        var coaching = new Coaching
        {
            CoachingId = coachingId, Action = action!.Trim(), Owner = owner!.Trim(), FollowUpOn = followUpOn!.Value, CreatedBy = change.By, CreatedAt = change.At,
        };
        return Step.Ok(Next(e, change, "coaching planned") with { Coaching = [.. e.Coaching, coaching] });
    }

    public static Step RecordCoachingOutcome(Evaluation e, string coachingId, string? outcome, bool? improved, Change change)
    {
        if (e.Coaching.FirstOrDefault(c => c.CoachingId == coachingId) is not { } coaching) return Step.NotNow(ProblemCodes.CoachingNotFound, $"No coaching '{coachingId}' on this evaluation.");
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(outcome)) errors["outcome"] = ["Say how the follow-up went."];
        if (improved is null) errors["improved"] = ["Say whether it improved (true or false)."];
        if (errors.Count > 0) return Step.Invalid(errors);
        var done = coaching with { Outcome = outcome!.Trim(), Improved = improved, OutcomeAt = change.At };
        return Step.Ok(Next(e, change, "coaching followed up") with { Coaching = [.. e.Coaching.Select(c => c.CoachingId == coachingId ? done : c)] });
    }

    /// <summary>
    /// Each problem record: an item of the card, a description, a moment within the call, a class. In a text conversation
    /// (<paramref name="messages"/> given) a message of it instead of a moment (<see cref="ProblemPlacement"/>).
    /// </summary>
    public static Dictionary<string, string[]> CheckProblems(Scorecard card, IReadOnlyList<ProblemRecord> problems, int? callSeconds,
        IReadOnlyList<ConversationMessage>? messages = null)
    {
        var errors = new Dictionary<string, string[]>();
        for (var i = 0; i < problems.Count; i++)
        {
            var p = problems[i];
            if (string.IsNullOrWhiteSpace(p.ItemId) || card.FindItem(p.ItemId) is null) errors[$"problems[{i}].itemId"] = [$"'{p.ItemId}' is not an item of this scorecard."];
            if (string.IsNullOrWhiteSpace(p.Description)) errors[$"problems[{i}].description"] = ["Describe the problem."];
            if (ProblemPlacement.CheckMessage(p, messages) is { } wrongMessage) errors[$"problems[{i}].messageId"] = [wrongMessage];
            else if (messages is null && (p.AtSecond < 0 || callSeconds is { } length && p.AtSecond > length))
                errors[$"problems[{i}].atSecond"] = [callSeconds is { } l ? $"The moment must fall within the call (00:00 to {l / 60:00}:{l % 60:00})." : "The moment cannot be negative."];
            if (!Enum.IsDefined(p.Class)) errors[$"problems[{i}].class"] = ["The class is Common, Typical or Serious."];
        }
        return errors;
    }

    internal static Evaluation Next(Evaluation e, Change change, string defaultReason) => e with
    {
        Version = e.Version + 1, ChangedBy = change.By, ChangedAt = change.At,
        Reason = string.IsNullOrWhiteSpace(change.Reason) ? defaultReason : change.Reason.Trim(),
    };
}
