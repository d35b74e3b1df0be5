using QaServerless.Assignments;
using QaServerless.Calibration;
using QaServerless.Evaluations;
using QaServerless.Notifications.Delivery;
using QaServerless.ReferenceData;

namespace QaServerless.Notifications;

/// <summary>
/// What the hourly timer raises for a center: appeal windows closing within 2 days, coaching due today or overdue,
/// calibration sessions due within 2 days for those who have not finished, today's worklists, then yesterday's digests.
/// Every key carries its deadline or its day, so the 24 runs of a day (and any replay) raise each reminder once.
/// </summary>
public sealed class Reminders(EvaluationStore evaluations, CalibrationStore calibration, AssignmentStore assignments, ReferenceDataStore reference,
    Notifier notifier, NotificationDelivery delivery)
{
    public const int WorklistReadyHour = 7;

    public sealed record Run(int Raised, int Digests);

    public async Task<Run> RunAsync(Center center, DateTimeOffset now, CancellationToken ct)
    {
        var today = center.DayOf(now);
        var raised = 0;
        var supervisors = (await reference.ListAgentsAsync(center.CenterId, ct)).ToDictionary(a => a.AgentId, a => a.SupervisorId, StringComparer.OrdinalIgnoreCase);
        // The heads of the center (one partition): fine for a center's open evaluations; a busy center would want an index of open deadlines.
        foreach (var e in await evaluations.ListAsync(center.CenterId, ct: ct))
            foreach (var reminder in NotificationRules.Reminders(e, today, now, supervisors.GetValueOrDefault(e.AgentId)))
                raised += await notifier.RaiseAsync(reminder, ct);

        foreach (var session in (await calibration.ListSessionsAsync(center.CenterId, ct)).Where(s => !s.IsClosed && s.DueAt is not null))
        {
            var scores = await calibration.ListScoresAsync(center.CenterId, session.SessionId, ct);
            var finished = scores.GroupBy(s => s.ParticipantId, StringComparer.OrdinalIgnoreCase)
                .Where(g => session.CallIds.All(c => g.Any(s => s.CallId == c))).Select(g => g.Key).ToHashSet(StringComparer.OrdinalIgnoreCase);
            if (NotificationRules.CalibrationDue(session, finished, now) is { } due) raised += await notifier.RaiseAsync(due, ct);
        }

        // The morning's worklist: sampling assigns overnight; from 07:00 local the day's list is taken as ready.
        if (TimeZoneInfo.ConvertTime(now, center.Zone).Hour >= WorklistReadyHour)
            foreach (var (inspector, load) in await assignments.GetLoadsAsync(center.CenterId, today, ct))
                if (load.Count > 0) raised += await notifier.RaiseAsync(NotificationRules.WorklistReady(center.CenterId, inspector, today, load.Count, now), ct);

        var digests = await delivery.SendDigestsAsync(center.CenterId, today.AddDays(-1), ct);
        return new(raised, digests);
    }
}
