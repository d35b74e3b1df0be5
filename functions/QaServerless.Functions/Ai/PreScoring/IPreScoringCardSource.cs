namespace QaServerless.Ai.PreScoring;

/// <summary>
/// Which scorecard version a call is pre-scored on. The scoring feature owns scorecards; this seam keeps the AI
/// feature independent of how they are stored. Null = no scorecard in force: the call gets transcript and tags only.
/// </summary>
public interface IPreScoringCardSource
{
    Task<PreScoringCard?> GetForCallAsync(string center, string callId, DateTimeOffset? callStart, CancellationToken ct);
}
