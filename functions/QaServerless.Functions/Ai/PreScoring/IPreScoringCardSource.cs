namespace QaServerless.Ai.PreScoring;

/// <summary>
/// Which scorecard version a call is pre-scored on. The scoring feature owns scorecards; this seam keeps the AI
/// feature independent of how they are stored. Null = no scorecard in force: the call gets transcript and tags only.
/// </summary>
public interface IPreScoringCardSource
{
    /// <remarks><paramref name="channel"/>: the call's (<c>Call.Channel</c>), so a chat is pre-scored on the chat card.</remarks>
    Task<PreScoringCard?> GetForCallAsync(string center, string callId, DateTimeOffset? callStart, CancellationToken ct, string? channel = null);
}
