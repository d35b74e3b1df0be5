using QaServerless.Scoring;

namespace QaServerless.Evaluations;

/// <summary>
/// Where an evaluation is in its life: draft (in progress) → submitted → released to agent and supervisor →
/// acknowledged, or appealed → upheld (a corrected version is scored) or rejected (it stands).
/// </summary>
public enum EvaluationStatus { Draft, Submitted, Released, Acknowledged, Appealed, AppealUpheld, AppealRejected }

/// <summary>How bad a problem the inspector found is: common (常见), typical (典型), serious (严重).</summary>
public enum ProblemClass { Common, Typical, Serious }

/// <summary>
/// A problem found in the call: what, when (seconds from the start of the recording), how bad, against which item. In a
/// text conversation it points at a message (<see cref="MessageId"/>), and <see cref="AtSecond"/> is that message's
/// offset after the first message, derived by <see cref="EvaluationFlow"/>.
/// </summary>
public sealed record ProblemRecord(string ItemId, string Description, int AtSecond, ProblemClass Class)
{
    /// <summary>The message of a text conversation the problem is in; null for a call (left out of the JSON, so calls' evaluations read as before).</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? MessageId { get; init; }

    /// <summary>The moment as people write it, mm:ss.</summary>
    public string Moment => $"{AtSecond / 60:00}:{AtSecond % 60:00}";
}

/// <summary>A message of a text conversation as problem records point at it: its id, its number in the thread (#1 first) and its offset in seconds.</summary>
public sealed record ConversationMessage(string MessageId, int Number, int AtSecond);

/// <summary>
/// The agent's appeal (one per evaluation) and the QA lead's decision. With <see cref="Items"/> it disputes those items
/// and is decided per item (<see cref="ItemDisputes"/>); without, it disputes the whole evaluation and is decided whole,
/// as appeals filed before item-level disputes were.
/// </summary>
public sealed record Appeal
{
    /// <summary>The agent's overall comment: required for a whole-evaluation appeal, optional ("") when items are disputed.</summary>
    public required string Comment { get; init; }
    /// <summary>The items disputed, each with the agent's reason and, once decided, the lead's decision on it.</summary>
    public IReadOnlyList<DisputedItem> Items { get; init; } = [];
    /// <summary>How many disputed items the decision upheld.</summary>
    public int UpheldItems => Items.Count(i => i.Upheld == true);
    /// <summary>Scoring errors the decision charges the inspector: one per upheld item; an upheld whole-evaluation appeal, one.</summary>
    public int ScoringErrors => Upheld != true ? 0 : Items.Count == 0 ? 1 : UpheldItems;
    public required string By { get; init; }
    public required DateTimeOffset At { get; init; }
    public bool? Upheld { get; init; }
    public string? DecidedBy { get; init; }
    public DateTimeOffset? DecidedAt { get; init; }
    public string? DecisionComment { get; init; }
}

/// <summary>A coaching action after an evaluation: what, who owns it, when to follow up, and how it turned out.</summary>
public sealed record Coaching
{
    public required string CoachingId { get; init; }
    public required string Action { get; init; }
    public required string Owner { get; init; }
    public required DateOnly FollowUpOn { get; init; }
    public required string CreatedBy { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public string? Outcome { get; init; }
    public bool? Improved { get; init; }
    public DateTimeOffset? OutcomeAt { get; init; }
}

/// <summary>
/// One version of an evaluation. Nothing is overwritten: every change (save, submit, release, acknowledge, appeal,
/// decision, coaching) is a new version with <see cref="ChangedBy"/>, <see cref="ChangedAt"/> and <see cref="Reason"/>;
/// the latest version is the evaluation, the earlier ones its history.
/// </summary>
public sealed record Evaluation
{
    public required string CenterId { get; init; }
    public required string EvaluationId { get; init; }
    public required string CallId { get; init; }
    public required string AgentId { get; init; }
    public required string Team { get; init; }
    public required string InspectorId { get; init; }
    public required string ScorecardId { get; init; }
    public required int ScorecardVersion { get; init; }
    /// <summary>True when the evaluation came from a sampling assignment; false when a QA lead picked the call.</summary>
    public bool FromAssignment { get; init; }
    /// <summary>The recording's length in seconds when known: problem moments must fall within it.</summary>
    public int? CallSeconds { get; init; }
    /// <summary>
    /// The text channel (<c>chat</c>, <c>email</c> …) when the evaluated contact is a text conversation: its problem records
    /// point at messages. Null for a call (left out of the JSON).
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? Channel { get; init; }
    public EvaluationStatus Status { get; init; } = EvaluationStatus.Draft;
    public IReadOnlyList<ItemAnswer> Answers { get; init; } = [];
    public IReadOnlyList<ProblemRecord> Problems { get; init; } = [];
    /// <summary>The score of the current answers (provisional while a draft).</summary>
    public ScoreResult? Result { get; init; }
    /// <summary>The score released before an upheld appeal corrected it.</summary>
    public ScoreResult? OriginalResult { get; init; }
    public DateTimeOffset? SubmittedAt { get; init; }
    public DateTimeOffset? ReleasedAt { get; init; }
    /// <summary>The last moment the agent may appeal (release + the center's appeal window).</summary>
    public DateTimeOffset? AppealDeadline { get; init; }
    public DateTimeOffset? AcknowledgedAt { get; init; }
    public Appeal? Appeal { get; init; }
    /// <summary>Set when an appeal was upheld: the inspector is charged a scoring error.</summary>
    public string? ScoringErrorChargedTo { get; init; }
    public IReadOnlyList<Coaching> Coaching { get; init; } = [];

    public required int Version { get; init; }
    public required string ChangedBy { get; init; }
    public required DateTimeOffset ChangedAt { get; init; }
    public required string Reason { get; init; }

    /// <summary>Agents and supervisors see an evaluation only once it is released.</summary>
    public bool IsReleased => Status >= EvaluationStatus.Released;

    /// <summary>The HTTP entity tag of this version (strong, quoted).</summary>
    public string ETag => $"\"{Version}\"";
}
