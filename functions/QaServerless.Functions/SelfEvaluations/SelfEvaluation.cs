using QaServerless.Scoring;

namespace QaServerless.SelfEvaluations;

/// <summary>
/// Where an agent's self-evaluation is: open (answers may be saved), submitted (final), or missed (the inspector's
/// evaluation was released before the agent submitted). Submitted and missed ones close at that release.
/// </summary>
public enum SelfEvaluationStatus { Open, Submitted, Missed }

/// <summary>
/// One version of an agent's own scoring of a sampled call, on the scorecard version in force when the call was
/// assigned (the one the inspector's evaluation starts on, docs/self-evaluation.md). Nothing is overwritten: each save,
/// the submission and the close are new versions with who, when and why. Only the agent's answers are here: the
/// inspector's stay in the evaluation until it is released.
/// </summary>
public sealed record SelfEvaluation
{
    public required string CenterId { get; init; }
    public required string CallId { get; init; }
    public required string AgentId { get; init; }
    public required string Team { get; init; }
    public required string ScorecardId { get; init; }
    public required int ScorecardVersion { get; init; }
    public SelfEvaluationStatus Status { get; init; } = SelfEvaluationStatus.Open;
    public IReadOnlyList<ItemAnswer> Answers { get; init; } = [];
    /// <summary>The agent's own note (what they would do differently), masked for personal data.</summary>
    public string? Note { get; init; }
    /// <summary>The score of the agent's answers on the card (provisional while open).</summary>
    public ScoreResult? Result { get; init; }
    public required DateTimeOffset RequestedAt { get; init; }
    public DateTimeOffset? SubmittedAt { get; init; }
    /// <summary>When the inspector's evaluation was released: from then on nothing changes.</summary>
    public DateTimeOffset? ClosedAt { get; init; }
    /// <summary>The inspector's evaluation it closed against.</summary>
    public string? EvaluationId { get; init; }

    public required int Version { get; init; }
    public required string ChangedBy { get; init; }
    public required DateTimeOffset ChangedAt { get; init; }
    public required string Reason { get; init; }

    public bool IsClosed => ClosedAt is not null;

    /// <summary>The HTTP entity tag of this version (strong, quoted), as evaluations have.</summary>
    public string ETag => $"\"{Version}\"";
}

/// <summary>A center's self-evaluation setting: on or off, and the share of sampled calls (0–100 %) whose agent is asked.</summary>
public sealed record SelfEvaluationSettings
{
    public bool Enabled { get; init; }
    public int SharePercent { get; init; }

    public static SelfEvaluationSettings Off { get; } = new();

    public Dictionary<string, string[]> Validate()
    {
        var errors = new Dictionary<string, string[]>();
        if (SharePercent is < 0 or > 100) errors["sharePercent"] = ["A share of sampled calls from 0 to 100 (%)."];
        return errors;
    }
}

/// <summary>The stored setting with its version (ETag <c>"{version}"</c>; 0 = never saved, the default: off) and who saved it when.</summary>
public sealed record SelfEvaluationSettingsVersion(string CenterId, int Version, bool Enabled, int SharePercent, string? ChangedBy, DateTimeOffset? ChangedAt)
{
    public string ETag => $"\"{Version}\"";
    public SelfEvaluationSettings Settings => new() { Enabled = Enabled, SharePercent = SharePercent };
}
