using System.Text.Json.Serialization;
using QaServerless.Ai.PreScoring;
using QaServerless.Ai.Rules;

namespace QaServerless.Ai.Analysis;

[JsonConverter(typeof(JsonStringEnumConverter<AnalysisStatus>))]
public enum AnalysisStatus { Queued, Completed, Failed, SkippedBudget, Disabled, NoAudio, NoCall }

/// <summary>
/// A request to analyse one call: a Storage queue message (at-least-once; the analysis is idempotent per call). It names
/// the call and nothing else: the recording and the start are read from the stored call when the message is handled,
/// so no client and no earlier step can point the analyser at another blob. Made by <see cref="AnalysisQueue"/> only.
/// </summary>
public sealed record AnalysisRequest(string CenterId, string CallId, string Reason = "requested");

/// <summary>Everything the AI learnt about a call. Stored as JSON next to the transcript; the text inside is masked.</summary>
public sealed record CallAnalysis
{
    public required string CenterId { get; init; }
    public required string CallId { get; init; }
    public AnalysisStatus Status { get; init; }
    public string? Reason { get; init; }
    public DateOnly? Day { get; init; }
    public double AudioSeconds { get; init; }
    public int? RuleSetVersion { get; init; }
    public IReadOnlyList<RuleTag> Tags { get; init; } = [];
    public string? ScorecardId { get; init; }
    public int? ScorecardVersion { get; init; }
    /// <summary>"done", "no-scorecard", "malformed" (the model twice answered outside the schema) or "failed".</summary>
    public string? PreScoring { get; init; }
    public IReadOnlyList<Suggestion> Suggestions { get; init; } = [];
    public IReadOnlyList<DiscardedAnswer> Discarded { get; init; } = [];
    public int RiskScore { get; init; }
    public IReadOnlyList<string> RiskReasons { get; init; } = [];
    public AiUsage Usage { get; init; } = new();
    public DateTimeOffset UpdatedAt { get; init; }
}

/// <summary>What a call cost: audio sent to transcription, chat tokens, how many calls and retries it took.</summary>
public sealed record AiUsage
{
    public int TranscriptionCalls { get; init; }
    public int ChatCalls { get; init; }
    public int PromptTokens { get; init; }
    public int CompletionTokens { get; init; }
    public int Retries { get; init; }
    public int MalformedAnswers { get; init; }
}

/// <summary>
/// Told about a call whose analysis completed (risk score and rule tags known), after it is stored: the search index
/// hooks in here. Delivery is at most once per completed analysis; the sink writes state keyed by the call (idempotent).
/// </summary>
public interface ICallAnalyzedSink
{
    Task OnCallAnalyzedAsync(Calls.Call call, CallAnalysis completed, CancellationToken ct);
}
