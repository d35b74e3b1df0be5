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
            // An item-level appeal says how many items were disputed and upheld; a whole-evaluation one ("items" 0 or absent) as before.
            NotificationKind.AppealFiled => Items(F("items")) is { } count
                ? ($"座席 {F("agentId")} 对通话 {F("callId")} 的 {count} 个评分项提出申诉", $"Agent {F("agentId")} disputed {count} item{(count == 1 ? "" : "s")} of the evaluation of call {F("callId")}")
                : ($"座席 {F("agentId")} 对通话 {F("callId")} 提出申诉", $"Agent {F("agentId")} appealed the evaluation of call {F("callId")}"),
            NotificationKind.AppealDecided => (F("upheld") == "true", Items(F("items"))) switch
            {
                (true, { } count) => ($"通话 {F("callId")} 的申诉：{count} 项中 {F("upheldItems")} 项成立，得分改为 {F("score")}",
                    $"Appeal on call {F("callId")}: {F("upheldItems")} of {count} disputed items upheld, score corrected to {F("score")}"),
                (false, { } count) => ($"通话 {F("callId")} 的申诉被驳回（{count} 项均不成立）", $"Appeal on call {F("callId")} rejected: none of {count} disputed items upheld"),
                (true, null) => ($"通话 {F("callId")} 的申诉成立，得分改为 {F("score")}", $"Appeal on call {F("callId")} upheld: score corrected to {F("score")}"),
                _ => ($"通话 {F("callId")} 的申诉被驳回", $"Appeal on call {F("callId")} rejected"),
            },
            NotificationKind.CoachingDue => ($"今天需跟进辅导：{F("action")}", $"Coaching follow-up due today: {F("action")}"),
            NotificationKind.CoachingOverdue => ($"辅导跟进已逾期（{F("followUpOn")}）：{F("action")}", $"Coaching follow-up overdue since {F("followUpOn")}: {F("action")}"),
            NotificationKind.CalibrationInvited => ($"邀请您参加校准：{F("title")}", $"You are invited to calibration: {F("title")}"),
            NotificationKind.CalibrationDue => ($"校准“{F("title")}”将在 {Day(F("due"))} 截止，请完成评分", $"Calibration \"{F("title")}\" is due on {Day(F("due"))}: please finish scoring"),
            NotificationKind.CalibrationAlert => ($"质检员 {F("inspectorId")} 连续 {F("failures")} 场校准未通过（最近：{F("title")}）",
                $"Inspector {F("inspectorId")} failed {F("failures")} calibrations in a row (latest: {F("title")})"),
            NotificationKind.WorklistReady => ($"{F("day")} 的工作清单已就绪：{F("calls")} 通", $"Your worklist for {F("day")} is ready: {F("calls")} calls"),
            NotificationKind.Mentioned => ($"{F("byName")} 在通话 {F("callId")} 的评估讨论中提到了您：{F("excerpt")}", $"{F("byName")} mentioned you on the evaluation of call {F("callId")}: {F("excerpt")}"),
            NotificationKind.CommentReplied => ($"{F("byName")} 回复了通话 {F("callId")} 的评估讨论：{F("excerpt")}", $"{F("byName")} replied in the thread on the evaluation of call {F("callId")}: {F("excerpt")}"),
            NotificationKind.SelfEvaluationRequested => ($"请为通话 {F("callId")} 自评（质检结果发布前提交）", $"Please self-evaluate call {F("callId")} (submit before the inspector's evaluation is released)"),
            _ => (n.Kind.ToString(), n.Kind.ToString()),
        };
    }

    public static string Line(Notification n) { var (zh, en) = Title(n); return $"{zh} / {en}"; }

    private static int? Items(string count) => int.TryParse(count, System.Globalization.CultureInfo.InvariantCulture, out var n) && n > 0 ? n : null;

    private static string Day(string iso) => DateTimeOffset.TryParse(iso, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var d)
        ? d.ToString("yyyy-MM-dd HH:mm 'UTC'zzz") : iso;
}
