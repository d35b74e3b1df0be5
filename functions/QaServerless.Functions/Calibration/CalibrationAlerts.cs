using QaServerless.Notifications;

namespace QaServerless.Calibration;

/// <summary>
/// When a session closes, each inspector it failed is looked at again: if this session is their second (or later)
/// failure in a row, the QA leads' shared inbox hears of it (<see cref="NotificationRules.CalibrationAlert"/>). Only the
/// failed inspectors' trends are read (one prefix scan each). A replayed close raises the same keys, so nothing twice.
/// </summary>
public sealed class CalibrationAlerts(CalibrationStore store, Notifier notifier) : ICalibrationClosedSink
{
    public async Task OnSessionClosedAsync(CalibrationSession session, SessionResults results, CancellationToken ct)
    {
        foreach (var failed in results.Participants.Where(p => p.CountsForInspectorKpis && !p.Result!.Passed))
        {
            var outcomes = await store.ListOutcomesAsync(session.CenterId, failed.ParticipantId, ct);
            var trend = InspectorTrend.From(failed.ParticipantId, outcomes.Select(o => o.Outcome));
            await notifier.TryRaiseAsync(NotificationRules.CalibrationAlert(session, trend, session.ClosedAt ?? default), ct);
        }
    }
}
