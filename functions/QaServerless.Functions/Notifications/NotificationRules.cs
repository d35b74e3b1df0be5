using QaServerless.Calibration;
using QaServerless.Evaluations;

namespace QaServerless.Notifications;

/// <summary>
/// Which events a change raises and who receives each, as plain functions of the state (no storage): the lifecycle
/// steps of an evaluation, a calibration invitation, and the daily reminders (appeal window closing, coaching due or
/// overdue, calibration due, worklist ready). Reminder keys carry what makes them once-only: the deadline, or the day.
/// </summary>
public static class NotificationRules
{
    public static string EvaluationLink(string center, string evaluationId) => $"#/evaluation/{Uri.EscapeDataString(center)}/{Uri.EscapeDataString(evaluationId)}";

    /// <summary>The event of one evaluation step, if it is one people hear about. <paramref name="supervisorId"/> from the roster.</summary>
    public static NotificationEvent? ForEvaluationChange(Evaluation before, Evaluation after, string? supervisorId)
    {
        NotificationEvent Event(NotificationKind kind, string what, IEnumerable<string?> to, Dictionary<string, string> facts) =>
            new(after.CenterId, kind, $"{what}|{after.EvaluationId}|v{after.Version}", Distinct(to), after.EvaluationId,
                EvaluationLink(after.CenterId, after.EvaluationId), Facts(after, facts), after.ChangedAt);

        return (before.Status, after.Status) switch
        {
            (EvaluationStatus.Submitted, EvaluationStatus.Released) => Event(NotificationKind.EvaluationReleased, "released",
                [after.AgentId, supervisorId], new() { ["deadline"] = after.AppealDeadline?.ToString("O") ?? "" }),
            (EvaluationStatus.Released, EvaluationStatus.Appealed) => Event(NotificationKind.AppealFiled, "appealed",
                [Recipients.QaLeads], new() { ["agentId"] = after.AgentId, ["items"] = Disputed(after) }),
            (EvaluationStatus.Appealed, EvaluationStatus.AppealUpheld or EvaluationStatus.AppealRejected) => Event(NotificationKind.AppealDecided, "decided",
                [after.AgentId, after.InspectorId], new()
                {
                    ["upheld"] = (after.Status == EvaluationStatus.AppealUpheld).ToString().ToLowerInvariant(),
                    ["items"] = Disputed(after), ["upheldItems"] = (after.Appeal?.UpheldItems ?? 0).ToString(System.Globalization.CultureInfo.InvariantCulture),
                }),
            _ => null,
        };
    }

    /// <summary>The reminders of one evaluation on a center-local day: the appeal window closing within 2 days, coaching due or overdue.</summary>
    public static IEnumerable<NotificationEvent> Reminders(Evaluation e, DateOnly today, DateTimeOffset now, string? supervisorId)
    {
        var link = EvaluationLink(e.CenterId, e.EvaluationId);
        if (e.Status == EvaluationStatus.Released && e.AppealDeadline is { } deadline && deadline > now && deadline <= now.AddDays(2))
            // Once per evaluation and deadline, whichever hour of whichever day the timer first sees it.
            yield return new(e.CenterId, NotificationKind.AppealDeadlineSoon, $"appeal-deadline|{e.EvaluationId}|{deadline:yyyyMMddHHmm}", [e.AgentId],
                e.EvaluationId, link, Facts(e, new() { ["deadline"] = deadline.ToString("O") }), now);
        foreach (var c in e.Coaching.Where(c => c.Outcome is null))
        {
            var facts = Facts(e, new() { ["coachingId"] = c.CoachingId, ["action"] = c.Action, ["followUpOn"] = c.FollowUpOn.ToString("yyyy-MM-dd") });
            if (c.FollowUpOn == today)
                yield return new(e.CenterId, NotificationKind.CoachingDue, $"coaching-due|{e.EvaluationId}|{c.CoachingId}|{c.FollowUpOn:yyyyMMdd}",
                    Distinct([c.Owner, supervisorId]), e.EvaluationId, link, facts, now);
            else if (c.FollowUpOn < today)
                // Overdue: one reminder a day until the outcome is recorded; the day in the key makes each day's once-only.
                yield return new(e.CenterId, NotificationKind.CoachingOverdue, $"coaching-overdue|{e.EvaluationId}|{c.CoachingId}|{today:yyyyMMdd}",
                    Distinct([c.Owner, supervisorId]), e.EvaluationId, link, facts, now);
        }
    }

    public static NotificationEvent? CalibrationInvited(CalibrationSession s, IEnumerable<string> invited, DateTimeOffset at)
    {
        var to = Distinct(invited);
        return to.Count == 0 ? null : new(s.CenterId, NotificationKind.CalibrationInvited, $"calibration-invited|{s.SessionId}", to, s.SessionId,
            CalibrationLink(s), CalibrationFacts(s), at);
    }

    /// <summary>Participants who have not scored every call when the session is due within 2 days (once per session and due date).</summary>
    public static NotificationEvent? CalibrationDue(CalibrationSession s, IReadOnlySet<string> finished, DateTimeOffset now)
    {
        if (s.IsClosed || s.DueAt is not { } due || due <= now || due > now.AddDays(2)) return null;
        var to = Distinct(s.Participants.Select(p => p.PersonId).Where(p => !finished.Contains(p)));
        return to.Count == 0 ? null : new(s.CenterId, NotificationKind.CalibrationDue, $"calibration-due|{s.SessionId}|{due:yyyyMMddHHmm}", to, s.SessionId,
            CalibrationLink(s), CalibrationFacts(s), now);
    }

    public static NotificationEvent WorklistReady(string center, string inspectorId, DateOnly day, int calls, DateTimeOffset now) =>
        new(center, NotificationKind.WorklistReady, $"worklist|{inspectorId}|{day:yyyyMMdd}", [inspectorId], day.ToString("yyyy-MM-dd"), "#/worklist",
            new Dictionary<string, string> { ["day"] = day.ToString("yyyy-MM-dd"), ["calls"] = calls.ToString() }, now);

    private static string CalibrationLink(CalibrationSession s) => "#/calibration";

    private static Dictionary<string, string> CalibrationFacts(CalibrationSession s) => new()
    {
        ["title"] = s.Title, ["sessionId"] = s.SessionId, ["due"] = s.DueAt?.ToString("O") ?? "",
    };

    private static Dictionary<string, string> Facts(Evaluation e, Dictionary<string, string> more)
    {
        more["evaluationId"] = e.EvaluationId;
        more["callId"] = e.CallId;
        if (e.Result is { } r) more["score"] = r.Score.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture);
        return more;
    }

    /// <summary>How many items the appeal disputes ("0": the whole evaluation).</summary>
    private static string Disputed(Evaluation e) => (e.Appeal?.Items.Count ?? 0).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static IReadOnlyList<string> Distinct(IEnumerable<string?> ids) =>
        ids.Where(id => !string.IsNullOrWhiteSpace(id)).Select(id => id!.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
}
