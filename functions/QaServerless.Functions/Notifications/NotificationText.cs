namespace QaServerless.Notifications;

/// <summary>
/// A notification in words for the channels outside the workbench (e-mail, webhook): Chinese first, then English, in
/// one message, since the workbench's language choice is the reader's and not known here. The workbench words the
/// same kinds itself (inbox.js).
/// </summary>
public static class NotificationText
{
    public static (string Zh, string En) Title(Notification n)
    {
        string F(string key) => n.Facts.TryGetValue(key, out var v) ? v : "";
        return n.Kind switch
        {
            NotificationKind.EvaluationReleased => ($"通话 {F("callId")} 的评估已发布（得分 {F("score")}）", $"Evaluation of call {F("callId")} released (score {F("score")})"),
            NotificationKind.AppealDeadlineSoon => ($"通话 {F("callId")} 的申诉期将在 {Day(F("deadline"))} 截止", $"The appeal window for call {F("callId")} closes on {Day(F("deadline"))}"),
            NotificationKind.AppealFiled => ($"座席 {F("agentId")} 对通话 {F("callId")} 提出申诉", $"Agent {F("agentId")} appealed the evaluation of call {F("callId")}"),
            NotificationKind.AppealDecided => F("upheld") == "true"
                ? ($"通话 {F("callId")} 的申诉成立，得分改为 {F("score")}", $"Appeal on call {F("callId")} upheld: score corrected to {F("score")}")
                : ($"通话 {F("callId")} 的申诉被驳回", $"Appeal on call {F("callId")} rejected"),
            NotificationKind.CoachingDue => ($"今天需跟进辅导：{F("action")}", $"Coaching follow-up due today: {F("action")}"),
            NotificationKind.CoachingOverdue => ($"辅导跟进已逾期（{F("followUpOn")}）：{F("action")}", $"Coaching follow-up overdue since {F("followUpOn")}: {F("action")}"),
            NotificationKind.CalibrationInvited => ($"邀请您参加校准：{F("title")}", $"You are invited to calibration: {F("title")}"),
            NotificationKind.CalibrationDue => ($"校准“{F("title")}”将在 {Day(F("due"))} 截止，请完成评分", $"Calibration \"{F("title")}\" is due on {Day(F("due"))}: please finish scoring"),
            NotificationKind.WorklistReady => ($"{F("day")} 的工作清单已就绪：{F("calls")} 通", $"Your worklist for {F("day")} is ready: {F("calls")} calls"),
            NotificationKind.SelfEvaluationRequested => ($"请为通话 {F("callId")} 自评（质检结果发布前提交）", $"Please self-evaluate call {F("callId")} (submit before the inspector's evaluation is released)"),
            _ => (n.Kind.ToString(), n.Kind.ToString()),
        };
    }

    public static string Line(Notification n) { var (zh, en) = Title(n); return $"{zh} / {en}"; }

    private static string Day(string iso) => DateTimeOffset.TryParse(iso, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var d)
        ? d.ToString("yyyy-MM-dd HH:mm 'UTC'zzz") : iso;
}
