namespace QaServerless.Calibration;

/// <summary>An inspector's result in one closed session, as the trend keeps it.</summary>
public sealed record SessionOutcome(string SessionId, DateTimeOffset ClosedAt, double MeanPercent, double MeanPoints, bool Passed);

/// <summary>
/// An inspector's calibration results across sessions, oldest first, and the alerts they raise: an alert at every
/// session that is the second (or later) failure in a row. <see cref="AlertActive"/> says the latest two both failed.
/// </summary>
public sealed record InspectorTrend(string InspectorId, IReadOnlyList<SessionOutcome> Sessions, int ConsecutiveFailures,
    IReadOnlyList<string> AlertSessions, double? PassRate, double? MeanPercent)
{
    public const int FailuresInARowForAlert = 2;

    public bool AlertActive => ConsecutiveFailures >= FailuresInARowForAlert;

    public static InspectorTrend From(string inspectorId, IEnumerable<SessionOutcome> outcomes)
    {
        var sessions = outcomes.OrderBy(o => o.ClosedAt).ThenBy(o => o.SessionId, StringComparer.Ordinal).ToList();
        var run = 0;
        var alerts = new List<string>();
        foreach (var s in sessions)
        {
            run = s.Passed ? 0 : run + 1;
            if (run >= FailuresInARowForAlert) alerts.Add(s.SessionId);
        }
        return new InspectorTrend(inspectorId, sessions, run, alerts,
            sessions.Count == 0 ? null : 100.0 * sessions.Count(s => s.Passed) / sessions.Count,
            sessions.Count == 0 ? null : sessions.Average(s => s.MeanPercent));
    }
}
