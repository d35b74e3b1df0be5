using QaServerless.Scorecards;
using QaServerless.Scoring;

namespace QaServerless.Evaluations;

public enum EvaluationFactKind { Released, Corrected, AppealRejected }

/// <summary>
/// What an evaluation contributes to KPIs, as of one version: raised when an evaluation is released, when an upheld
/// appeal corrects it, and when an appeal is rejected. A fact replaces every earlier fact of the same evaluation
/// (key: <see cref="CenterId"/> + <see cref="EvaluationId"/>; <see cref="Version"/> orders them), so a consumer that
/// keeps one contribution per evaluation counts a corrected evaluation once, with its corrected score, and replays
/// change nothing.
/// </summary>
public sealed record EvaluationFact
{
    public required EvaluationFactKind Kind { get; init; }
    public required string CenterId { get; init; }
    public required string EvaluationId { get; init; }
    public required int Version { get; init; }
    public required string CallId { get; init; }
    public required string AgentId { get; init; }
    public required string Team { get; init; }
    public required string InspectorId { get; init; }
    public required string ScorecardId { get; init; }
    public required int ScorecardVersion { get; init; }
    /// <summary>When the evaluation was released (the month it counts in), not when the fact was raised.</summary>
    public required DateTimeOffset ReleasedAt { get; init; }
    public required DateTimeOffset At { get; init; }
    public required decimal Score { get; init; }
    public required Band Band { get; init; }
    public required bool Passed { get; init; }
    public required IReadOnlyDictionary<CriticalClass, int> CriticalErrors { get; init; }
    public required IReadOnlyList<string> DeductedItemIds { get; init; }
    public required IReadOnlyList<string> WarningItemIds { get; init; }
    /// <summary>Set when an upheld appeal charged the inspector a scoring error.</summary>
    public string? ScoringErrorChargedTo { get; init; }
    /// <summary>The score released before the correction, when <see cref="Kind"/> is <see cref="EvaluationFactKind.Corrected"/>.</summary>
    public decimal? OriginalScore { get; init; }
    public bool? AppealUpheld { get; init; }
    /// <summary>Items the inspector answered (N/A and warnings included): the denominator of the upheld-item rate.</summary>
    public int ItemsEvaluated { get; init; }
    /// <summary>Items an item-level appeal disputed and, once decided, upheld (0 for a whole-evaluation appeal).</summary>
    public int ItemsDisputed { get; init; }
    public int ItemsUpheld { get; init; }
    /// <summary>Scoring errors charged: one per upheld item, one for an upheld whole-evaluation appeal (docs/scoring.md).</summary>
    public int ScoringErrors { get; init; }

    public static EvaluationFact From(Evaluation e, EvaluationFactKind kind) => new()
    {
        Kind = kind, CenterId = e.CenterId, EvaluationId = e.EvaluationId, Version = e.Version, CallId = e.CallId,
        AgentId = e.AgentId, Team = e.Team, InspectorId = e.InspectorId, ScorecardId = e.ScorecardId, ScorecardVersion = e.ScorecardVersion,
        ReleasedAt = e.ReleasedAt ?? e.ChangedAt, At = e.ChangedAt,
        Score = e.Result?.Score ?? 0, Band = e.Result?.Band ?? Band.Fail, Passed = e.Result?.Passed ?? false,
        CriticalErrors = e.Result?.CriticalErrors ?? Enum.GetValues<CriticalClass>().ToDictionary(c => c, _ => 0),
        DeductedItemIds = e.Result?.DeductedItemIds ?? [], WarningItemIds = e.Result?.WarningItemIds ?? [],
        ScoringErrorChargedTo = e.ScoringErrorChargedTo, OriginalScore = e.OriginalResult?.Score, AppealUpheld = e.Appeal?.Upheld,
        ItemsEvaluated = e.Answers.Count(a => a.IsAnswered), ItemsDisputed = e.Appeal?.Items.Count ?? 0, ItemsUpheld = e.Appeal?.UpheldItems ?? 0,
        ScoringErrors = e.ScoringErrorChargedTo is null ? 0 : e.Appeal?.ScoringErrors ?? 1,
    };
}

/// <summary>
/// Receives evaluation facts after they are stored. Register any number (<c>services.AddSingleton&lt;IEvaluationFactsSink, X&gt;()</c>);
/// each is called in turn. The fact is first written in the same transaction as the evaluation version (row
/// <c>f|{evaluationId}</c> of the Evaluations table), so a sink that failed can be caught up from
/// <see cref="EvaluationStore.ListFactsAsync"/>: sinks must be idempotent per (evaluation, version).
/// </summary>
public interface IEvaluationFactsSink
{
    Task OnEvaluationFactAsync(EvaluationFact fact, CancellationToken ct);
}

/// <summary>
/// Told about every stored version of an evaluation (start and each step, drafts included), after it is stored: for
/// copies that follow the evaluation's state, not only its KPI facts (the search index). Each call carries the whole
/// current version, so a sink keeps state, not deltas, and a missed call is mended by the next one; a sink must ignore
/// a version older than the one it holds.
/// </summary>
public interface IEvaluationChangedSink
{
    Task OnEvaluationChangedAsync(Evaluation stored, CancellationToken ct);
}
