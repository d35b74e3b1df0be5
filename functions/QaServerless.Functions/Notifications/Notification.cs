using System.Security.Cryptography;
using System.Text;

namespace QaServerless.Notifications;

/// <summary>What a notification is about. The workbench, the e-mail and the webhook word each kind in both languages.</summary>
public enum NotificationKind
{
    EvaluationReleased, AppealDeadlineSoon, AppealFiled, AppealDecided, CoachingDue, CoachingOverdue,
    CalibrationInvited, CalibrationDue, WorklistReady,
    // An evaluation's thread (Evaluations/Threads): somebody was mentioned, or answered in a conversation they are in.
    Mentioned, CommentReplied,
    CalibrationAlert,
    // An agent asked to score a sampled call first (SelfEvaluations/).
    SelfEvaluationRequested,
}

/// <summary>
/// Something that happened, for some people: raised where the state changes (or by the reminders timer).
/// <see cref="Key"/> names the event itself (e.g. <c>released|ev-1|v4</c>, <c>coaching-overdue|ev-1|co-2|2026-11-20</c>),
/// so raising it again (a retried request, a replayed trigger, the timer's next hour) names the same rows.
/// </summary>
public sealed record NotificationEvent(string CenterId, NotificationKind Kind, string Key, IReadOnlyList<string> Recipients,
    string Subject, string Link, IReadOnlyDictionary<string, string> Facts, DateTimeOffset At);

/// <summary>One person's copy of an event: their inbox row. <see cref="ReadAt"/> is set when they mark it read.</summary>
public sealed record Notification
{
    public required string CenterId { get; init; }
    public required string Recipient { get; init; }
    public required string NotificationId { get; init; }
    public required NotificationKind Kind { get; init; }
    public required string EventKey { get; init; }
    public required string Subject { get; init; }
    /// <summary>The workbench page it is about (a hash route such as <c>#/evaluation/{center}/{id}</c>).</summary>
    public required string Link { get; init; }
    public required IReadOnlyDictionary<string, string> Facts { get; init; }
    public required DateTimeOffset At { get; init; }
    public DateTimeOffset? ReadAt { get; init; }
    public bool Read => ReadAt is not null;

    /// <summary>
    /// The id of a recipient's copy of an event: derived from the event key and the recipient, never random, so a
    /// replayed event finds its row and writes nothing; short and URL-safe for the mark-read route.
    /// </summary>
    public static string IdFor(string centerId, string eventKey, string recipient) =>
        "n-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{centerId}\n{eventKey}\n{recipient}")))[..24];
}

/// <summary>Who a notification goes to when it is a role rather than a person: the center's QA leads share one inbox.</summary>
public static class Recipients
{
    public const string QaLeads = "@qa-lead";
}
