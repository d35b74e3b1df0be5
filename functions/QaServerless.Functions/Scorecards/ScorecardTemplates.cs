namespace QaServerless.Scorecards;

/// <summary>
/// A starting scorecard for an inbound service line, worded measurably (the demo data and new centers use it).
/// Sections follow a call: opening, verification, problem solving, compliance, closing.
/// </summary>
public static class ScorecardTemplates
{
    public const string InboundId = "inbound-service";

    public static ScorecardRequest Inbound() => new(InboundId, "呼入服务质检标准 Inbound service",
    [
        Section("opening", "开场 Opening",
            YesNo("greet-2s", "接通后 2 秒内使用标准问候语 (standard greeting within 2 s of pickup)", 2),
            YesNo("self-intro", "报出工号 (gives agent number)", 1)),
        Section("verification", "身份核实 Verification",
            YesNo("verify-id", "办理账户业务前核实客户身份：姓名 + 证件后四位 (verifies identity before any account action)", 3,
                critical: CriticalClass.Compliance)),
        Section("solving", "问题解决 Problem solving",
            Scale("restate-need", "准确复述客户诉求 (restates the customer's need: 0 none, 1 partly, 2 fully)", 2, 2),
            Scale("solution", "给出正确、完整的解决方案 (correct and complete solution, 0–4)", 5, 4),
            YesNo("hold", "保持前征得同意，每 60 秒回线说明 (asks before hold, returns every 60 s)", 1, na: true),
            YesNo("correct-info", "未提供错误业务信息 (no wrong business information given)", 2, critical: CriticalClass.Business)),
        Section("compliance", "合规 Compliance",
            YesNo("disclosure", "按规定播报录音告知与风险提示 (required recording and risk disclosures said)", 2, critical: CriticalClass.Compliance),
            YesNo("no-forbidden", "无服务禁语、无推诿 (no forbidden words, no passing the customer on)", 2, critical: CriticalClass.Customer)),
        Section("closing", "结束 Closing",
            YesNo("confirm-solved", "结束前确认问题已解决 (confirms the issue is solved before closing)", 1),
            YesNo("closing-phrase", "使用标准结束语并邀请满意度评价 (standard closing and survey invitation)", 1),
            Warning("empathy", "客户情绪激动时使用安抚用语 (empathy phrases when the customer is upset)"),
            Warning("no-silence", "无超过 10 秒的静默 (no silence longer than 10 s)")),
    ], ScoringRules.Default);

    private static ScorecardSection Section(string id, string title, params ScorecardItem[] items) => new() { SectionId = id, Title = title, Items = items };

    private static ScorecardItem YesNo(string id, string text, decimal weight, bool na = false, CriticalClass? critical = null) =>
        new() { ItemId = id, Text = text, Weight = weight, NotApplicableAllowed = na, Critical = critical };

    private static ScorecardItem Scale(string id, string text, decimal weight, int max) =>
        new() { ItemId = id, Text = text, Weight = weight, AnswerType = AnswerType.Scale, ScaleMax = max };

    private static ScorecardItem Warning(string id, string text) =>
        new() { ItemId = id, Text = text, Weight = 0, Warning = true, NotApplicableAllowed = true };
}
