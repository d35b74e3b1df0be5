namespace QaServerless.Scorecards;

public enum ScorecardStatus { Draft, Published, Retired }

/// <summary>How an item is answered: yes/no (0 or 1 point) or a scale of 0..<see cref="ScorecardItem.ScaleMax"/> points.</summary>
public enum AnswerType { YesNo, Scale }

/// <summary>The three COPC classes of critical error (致命错误).</summary>
public enum CriticalClass { Customer, Business, Compliance }

/// <summary>
/// One thing the inspector checks. A <see cref="Warning"/> item (警告项) is counted when it is answered "no" (0 points)
/// but never deducts: it has no place in the score. A <see cref="Critical"/> item scores like any other and, answered
/// "no" (0 points), also fails the whole evaluation (致命错误).
/// </summary>
public sealed record ScorecardItem
{
    public required string ItemId { get; init; }
    /// <summary>Measurable wording: "greet within 2 seconds of pickup", not "greet promptly".</summary>
    public required string Text { get; init; }
    public decimal Weight { get; init; } = 1m;
    public AnswerType AnswerType { get; init; } = AnswerType.YesNo;
    /// <summary>The top of a <see cref="AnswerType.Scale"/> item (0..n); a yes/no item is worth 1.</summary>
    public int ScaleMax { get; init; } = 1;
    public bool NotApplicableAllowed { get; init; }
    public string? Guidance { get; init; }
    /// <summary>Set when the item is critical: the class its failure counts in.</summary>
    public CriticalClass? Critical { get; init; }
    public bool Warning { get; init; }

    /// <summary>The points a full answer earns.</summary>
    public int Possible => AnswerType == AnswerType.Scale ? ScaleMax : 1;

    /// <summary>Items that take part in the score (everything except warnings).</summary>
    public bool IsScoring => !Warning;
}

public sealed record ScorecardSection
{
    public required string SectionId { get; init; }
    public required string Title { get; init; }
    /// <summary>
    /// Optional, <see cref="ScoreFormula.ItemShare"/> only: the section's share of the card, its items' weights then
    /// being their shares within the section. Either every section that scores has one or none does.
    /// </summary>
    public decimal? Weight { get; init; }
    public IReadOnlyList<ScorecardItem> Items { get; init; } = [];
}

/// <summary>How item answers add up to a score (docs/scoring.md, "The score formula").</summary>
public enum ScoreFormula
{
    /// <summary>
    /// The rule before issue 18: Σ(points × weight) ÷ Σ(possible × weight). A scale item's weight grows with its scale
    /// (0–4 at weight 5 counts 20 points). Versions stored without a formula were published under it and keep it.
    /// </summary>
    WeightedPoints,
    /// <summary>The weight is the item's share: Σ(weight × points ÷ possible) ÷ Σ(weight); the default for new versions.</summary>
    ItemShare,
}

/// <summary>
/// How scores turn into outcomes; set per scorecard (and so per center). A critical error caps the score at
/// <see cref="CriticalCap"/> (0 by default: the evaluation scores 0) and always lands in <see cref="Band.Fail"/>.
/// </summary>
public sealed record ScoringRules
{
    /// <summary>
    /// The formula this version scores with. Null = recorded before formulas existed: <see cref="ScoreFormula.WeightedPoints"/>,
    /// so a published version keeps the meaning it was published with. New versions get <see cref="ScoreFormula.ItemShare"/>
    /// unless the lead asks otherwise (<see cref="ScorecardRequest.ToScorecard"/>).
    /// </summary>
    public ScoreFormula? Formula { get; init; }

    /// <summary>
    /// The formula in effect (<see cref="Formula"/>, or the old rule when it was never recorded). A method, not a property:
    /// a read-only member in a request body would be accepted and ignored, so a client sending it would believe it set it.
    /// </summary>
    public ScoreFormula FormulaInEffect() => Formula ?? ScoreFormula.WeightedPoints;

    public decimal CriticalCap { get; init; }
    public decimal ExcellentFrom { get; init; } = 90m;
    public decimal GoodFrom { get; init; } = 80m;
    public decimal PassFrom { get; init; } = 60m;

    public static ScoringRules Default { get; } = new();

    /// <summary>A new version's rules: as given, with <see cref="ScoreFormula.ItemShare"/> unless a formula was named.</summary>
    public static ScoringRules ForNewVersion(ScoringRules? rules) =>
        (rules ?? Default) is { Formula: null } r ? r with { Formula = ScoreFormula.ItemShare } : rules!;
}

/// <summary>
/// One version of a center's scorecard (质检标准). Content changes only in <see cref="ScorecardStatus.Draft"/>; a
/// published version is announced <see cref="EffectiveFrom"/> a notice period ahead and never changes again, so every
/// evaluation that recorded it can be re-scored identically.
/// </summary>
public sealed record Scorecard
{
    public required string CenterId { get; init; }
    public required string ScorecardId { get; init; }
    public int Version { get; init; } = 1;
    public required string Name { get; init; }
    public ScorecardStatus Status { get; init; } = ScorecardStatus.Draft;
    public IReadOnlyList<ScorecardSection> Sections { get; init; } = [];
    public ScoringRules Rules { get; init; } = ScoringRules.Default;
    /// <summary>
    /// The channels (<c>voice</c>, <c>chat</c>, <c>email</c> …) this card is for; empty (and every version stored before
    /// channels existed) = any channel: a default card (<see cref="ScorecardChoice"/>).
    /// </summary>
    public IReadOnlyList<string> Channels { get; init; } = [];
    public DateTimeOffset? EffectiveFrom { get; init; }
    public DateTimeOffset? PublishedAt { get; init; }
    public string? PublishedBy { get; init; }
    /// <summary>Why an admin shortened the notice period, when they did.</summary>
    public string? NoticeShortenedReason { get; init; }
    public DateTimeOffset? RetiredAt { get; init; }

    public IEnumerable<ScorecardItem> Items => Sections.SelectMany(s => s.Items);

    public ScorecardItem? FindItem(string itemId) => Items.FirstOrDefault(i => i.ItemId == itemId);

    /// <summary>Whether the card may review a contact of this channel (any, when it names none).</summary>
    public bool AppliesTo(string channel) => Channels.Count == 0 || Channels.Contains(channel, StringComparer.OrdinalIgnoreCase);

    /// <summary>In force at <paramref name="now"/>: published and past its effective date (retired versions are not).</summary>
    public bool IsInForce(DateTimeOffset now) => Status == ScorecardStatus.Published && EffectiveFrom is { } from && from <= now;
}
