using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using QaServerless.Evaluations;
using QaServerless.Hosting;
using QaServerless.Privacy;
using QaServerless.Scorecards;
using QaServerless.Scoring;

namespace QaServerless.SelfEvaluations;

/// <summary>The next version of a self-evaluation, or why not: <see cref="Code"/> for a step the state forbids (409), <see cref="Errors"/> for bad input (400).</summary>
public sealed record SelfStep(SelfEvaluation? Next, string? Code = null, string? Why = null, Dictionary<string, string[]>? Errors = null, IReadOnlyList<string>? Missing = null)
{
    public static SelfStep Ok(SelfEvaluation next) => new(next);
    public static SelfStep NotNow(string code, string why) => new(null, code, why);
}

/// <summary>
/// Self-evaluations as pure functions: which sampled calls get one, and each step (ask, save, submit, close) from the
/// current version to the next (version + 1, who, when, why). Storage and HTTP are in the service and the API.
/// </summary>
public static class SelfEvaluationFlow
{
    public const string Closed = "self-evaluation.closed";
    public const string SubmittedAlready = "self-evaluation.submitted";

    /// <summary>
    /// The call's bucket, 0–99: the first 8 bytes of SHA-256("self-evaluation\n" + call id), modulo 100. Fixed by the
    /// call id alone, so a replayed sampling or assignment asks the same calls; and not the sampling key, which picks the
    /// lowest keys of each stratum — a share of those by the same hash would be anything but the share asked for.
    /// </summary>
    public static int BucketOf(string callId) =>
        (int)(BinaryPrimitives.ReadUInt64BigEndian(SHA256.HashData(Encoding.UTF8.GetBytes("self-evaluation\n" + callId))) % 100);

    /// <summary>Whether the agent of this sampled call is asked: on, and the bucket below the share (so 30 % asks a subset of what 40 % asks).</summary>
    public static bool IsAsked(SelfEvaluationSettings settings, string callId) => settings.Enabled && BucketOf(callId) < settings.SharePercent;

    public static SelfEvaluation Ask(string centerId, string callId, string agentId, string team, Scorecard card, Change change) => new()
    {
        CenterId = centerId, CallId = callId, AgentId = agentId, Team = team, ScorecardId = card.ScorecardId, ScorecardVersion = card.Version,
        RequestedAt = change.At, Version = 1, ChangedBy = change.By, ChangedAt = change.At, Reason = change.Reason ?? "asked at assignment",
    };

    /// <summary>Saves answers (incomplete is fine) and the note while open; the score is provisional.</summary>
    public static SelfStep SaveDraft(SelfEvaluation s, Scorecard card, IReadOnlyList<ItemAnswer> answers, string? note, Change change)
    {
        if (Refused(s) is { } refused) return refused;
        var errors = ScoreCalculator.CheckAnswers(card, answers, requireAll: false);
        if (note is { Length: > 2000 }) errors["note"] = ["At most 2,000 characters."];
        if (errors.Count > 0) return new(null, Errors: errors);
        return SelfStep.Ok(Next(s, change, "answers saved") with
        {
            Answers = answers, Note = string.IsNullOrWhiteSpace(note) ? null : PiiMasker.Mask(note.Trim()), Result = ScoreCalculator.Score(card, answers),
        });
    }

    /// <summary>Submits: every item answered. Final — a submitted self-evaluation never changes again.</summary>
    public static SelfStep Submit(SelfEvaluation s, Scorecard card, Change change)
    {
        if (Refused(s) is { } refused) return refused;
        var missing = ScoreCalculator.MissingAnswers(card, s.Answers);
        var errors = ScoreCalculator.CheckAnswers(card, s.Answers, requireAll: true);
        if (missing.Count > 0) return new(null, Code: ProblemCodes.ItemsMissing, Errors: errors, Missing: missing);
        if (errors.Count > 0) return new(null, Errors: errors);
        return SelfStep.Ok(Next(s, change, "submitted") with
        {
            Status = SelfEvaluationStatus.Submitted, SubmittedAt = change.At, Result = ScoreCalculator.Score(card, s.Answers),
        });
    }

    /// <summary>
    /// Closes at the release of the inspector's evaluation: submitted stays submitted, open becomes missed. Null when it
    /// is closed already (a replayed release closes nothing twice).
    /// </summary>
    public static SelfEvaluation? Close(SelfEvaluation s, Evaluation released, Change change) => s.IsClosed || !released.IsReleased ? null
        : Next(s, change, s.Status == SelfEvaluationStatus.Submitted ? "closed at release" : "missed: released before submission") with
        {
            Status = s.Status == SelfEvaluationStatus.Submitted ? SelfEvaluationStatus.Submitted : SelfEvaluationStatus.Missed,
            ClosedAt = released.ReleasedAt ?? change.At, EvaluationId = released.EvaluationId,
        };

    private static SelfStep? Refused(SelfEvaluation s) =>
        s.IsClosed ? SelfStep.NotNow(Closed, $"The inspector's evaluation of call {s.CallId} is released: this self-evaluation is closed ({s.Status}).")
        : s.Status != SelfEvaluationStatus.Open ? SelfStep.NotNow(SubmittedAlready, "This self-evaluation is submitted: it no longer changes.")
        : null;

    private static SelfEvaluation Next(SelfEvaluation s, Change change, string defaultReason) => s with
    {
        Version = s.Version + 1, ChangedBy = change.By, ChangedAt = change.At,
        Reason = string.IsNullOrWhiteSpace(change.Reason) ? defaultReason : PiiMasker.Mask(change.Reason.Trim()),
    };
}
