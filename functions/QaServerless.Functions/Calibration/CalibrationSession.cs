using QaServerless.Scoring;

namespace QaServerless.Calibration;

public enum SessionStatus { Open, Closed }

/// <summary>Who takes part. Only inspectors' results count in their KPIs and trend; the others calibrate alongside.</summary>
public enum ParticipantRole { Inspector, AgentRepresentative, Trainer, TeamLead, QaLead }

/// <summary>A person invited to score: <see cref="PersonId"/> is their roster id (the <c>qa_person</c> claim) or user id.</summary>
public sealed record Participant(string PersonId, ParticipantRole Role, string? Name = null);

/// <summary>What the lead chose as the baseline when closing: an expert's scores, the consensus, or the agreed standard.</summary>
public sealed record BaselineChoice(BaselineKind Kind, string? ExpertId = null);

/// <summary>
/// A calibration session (校准): 5–10 calls scored blind by every participant on one scorecard version, then closed by
/// the QA lead with a baseline. Scores stay hidden from everyone (the lead included) until the session is closed.
/// </summary>
public sealed record CalibrationSession
{
    public const int MinCalls = 5;
    public const int MaxCalls = 10;

    public required string CenterId { get; init; }
    public required string SessionId { get; init; }
    public required string Title { get; init; }
    public required string ScorecardId { get; init; }
    public required int ScorecardVersion { get; init; }
    public required IReadOnlyList<string> CallIds { get; init; }
    public required IReadOnlyList<Participant> Participants { get; init; }
    public Tolerance Tolerance { get; init; } = Tolerance.Default;
    public SessionStatus Status { get; init; } = SessionStatus.Open;
    public required string CreatedBy { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? DueAt { get; init; }
    public string? ClosedBy { get; init; }
    public DateTimeOffset? ClosedAt { get; init; }
    public BaselineChoice? Baseline { get; init; }

    public bool IsClosed => Status == SessionStatus.Closed;

    /// <summary>The session with its free text (title, participants' names) masked (<see cref="Privacy.PiiMasker"/>): stored only so.</summary>
    public CalibrationSession Masked() => this with
    {
        Title = Privacy.PiiMasker.Mask(Title),
        Participants = Participants.Select(p => p with { Name = Privacy.PiiMasker.MaskOrNull(p.Name) }).ToList(),
    };

    public Participant? FindParticipant(string? personId) =>
        personId is null ? null : Participants.FirstOrDefault(p => string.Equals(p.PersonId, personId, StringComparison.OrdinalIgnoreCase));
}

/// <summary>One participant's answers for one call, and the score the scorecard gives them.</summary>
public sealed record ParticipantScore(string ParticipantId, string CallId, IReadOnlyList<ItemAnswer> Answers, decimal Score, DateTimeOffset SubmittedAt);

/// <summary>Request to create a session.</summary>
public sealed record CreateSessionRequest(string? Title, string? ScorecardId, int? ScorecardVersion, IReadOnlyList<string>? CallIds,
    IReadOnlyList<Participant>? Participants, Tolerance? Tolerance, DateTimeOffset? DueAt)
{
    public Dictionary<string, string[]> Validate()
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(Title)) errors["title"] = ["A session needs a title."];
        if (string.IsNullOrWhiteSpace(ScorecardId)) errors["scorecardId"] = ["Name the scorecard the calls are scored on."];
        if ((CallIds ?? []).Any(c => !IsKeySafe(c))) errors["callIds"] = ["A call id cannot contain / \\ # ? | or control characters."];
        var calls = (CallIds ?? []).Where(c => !string.IsNullOrWhiteSpace(c)).Distinct(StringComparer.Ordinal).Count();
        if (calls < CalibrationSession.MinCalls || calls > CalibrationSession.MaxCalls || calls != (CallIds?.Count ?? 0))
            errors["callIds"] = [$"Pick {CalibrationSession.MinCalls} to {CalibrationSession.MaxCalls} different calls."];
        foreach (var (key, value) in ValidateParticipants(Participants, minimum: 2)) errors[key] = value;
        if (Tolerance is not null) foreach (var (key, value) in Tolerance.Validate()) errors[key] = value;
        return errors;
    }

    /// <summary>Ids become parts of table keys, which may not hold these characters ('|' is our separator).</summary>
    internal static bool IsKeySafe(string? id) =>
        !string.IsNullOrWhiteSpace(id) && id.Length <= 200 && id.IndexOfAny(['/', '\\', '#', '?', '|']) < 0 && !id.Any(char.IsControl);

    internal static Dictionary<string, string[]> ValidateParticipants(IReadOnlyList<Participant>? participants, int minimum)
    {
        var errors = new Dictionary<string, string[]>();
        var list = participants ?? [];
        if (list.Count < minimum) errors["participants"] = [$"Invite at least {minimum} participants."];
        for (var i = 0; i < list.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(list[i].PersonId) || !IsKeySafe(list[i].PersonId) || list[i].PersonId.StartsWith('@'))
                errors[$"participants[{i}].personId"] = ["Each participant needs a person id (not starting with @, without / \\ # ? | or control characters)."];
            if (!Enum.IsDefined(list[i].Role)) errors[$"participants[{i}].role"] = ["Use inspector, agentRepresentative, trainer, teamLead or qaLead."];
        }
        if (list.Where(p => !string.IsNullOrWhiteSpace(p.PersonId)).GroupBy(p => p.PersonId, StringComparer.OrdinalIgnoreCase).Any(g => g.Count() > 1))
            errors["participants"] = ["Each person is invited once."];
        return errors;
    }
}

/// <summary>Request to invite more participants to an open session.</summary>
public sealed record InviteRequest(IReadOnlyList<Participant>? Participants);

/// <summary>A participant's answers for one call.</summary>
public sealed record SubmitScoreRequest(IReadOnlyList<ItemAnswer>? Answers);

/// <summary>
/// Closing a session: the baseline, and for <see cref="BaselineKind.Standard"/> the answers the group agreed per call.
/// A tolerance given here replaces the session's (the lead may settle it at close, before anyone sees a result).
/// </summary>
public sealed record CloseSessionRequest(BaselineKind? Baseline, string? ExpertId, IReadOnlyList<StandardAnswers>? Standard, Tolerance? Tolerance);

public sealed record StandardAnswers(string CallId, IReadOnlyList<ItemAnswer> Answers);
