using QaServerless.Scorecards;

namespace QaServerless.Calibration;

/// <summary>The scorecard version a session is scored on. Calibration reads scorecards; the scoring feature owns them.</summary>
public interface ICalibrationScorecards
{
    /// <summary>The given version, or (version null) the version in force now; null when there is none or it is a draft.</summary>
    Task<Scorecard?> GetAsync(string center, string scorecardId, int? version, CancellationToken ct);
}

/// <summary>Reads the scoring feature's scorecard store. Drafts are refused: their content may still change under the scores.</summary>
public sealed class ScorecardStoreAdapter(ScorecardStore store, TimeProvider clock) : ICalibrationScorecards
{
    public async Task<Scorecard?> GetAsync(string center, string scorecardId, int? version, CancellationToken ct)
    {
        var card = version is { } v
            ? (await store.GetAsync(center, scorecardId, v, ct))?.Value
            : await store.GetInForceAsync(center, scorecardId, clock.GetUtcNow(), ct);
        return card is { Status: not ScorecardStatus.Draft } ? card : null;
    }
}
