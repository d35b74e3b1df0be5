using QaServerless.Scorecards;

namespace QaServerless.Calibration;

/// <summary>The scorecard version a session is scored on. Calibration reads scorecards; the scoring feature owns them.</summary>
public interface ICalibrationScorecards
{
    /// <summary>The given version, or (version null) the version in force now; null when there is none or it is a draft.</summary>
    Task<Scorecard?> GetAsync(string center, string scorecardId, int? version, CancellationToken ct);
}
