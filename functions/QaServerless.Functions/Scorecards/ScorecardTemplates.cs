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
            YesNo("greet-2s", "接通后 2 秒内使用标准问候语 (standard greeting within 2 s of pickup)", 2,
                guidance: "标准问候语：您好，很高兴为您服务；您好，欢迎致电；您好，请问有什么可以帮您"),
            YesNo("self-intro", "报出工号 (gives agent number)", 1, guidance: "如：我是 1024 号客服")),
        Section("verification", "身份核实 Verification",
            YesNo("verify-id", "办理账户业务前核实客户身份：姓名 + 证件后四位 (verifies identity before any account action)", 3,
                critical: CriticalClass.Compliance, guidance: "如：为了核实身份，请您提供姓名和身份证后四位")),
        Section("solving", "问题解决 Problem solving",
            Scale("restate-need", "准确复述客户诉求 (restates the customer's need: 0 none, 1 partly, 2 fully)", 2, 2,
                guidance: "如：您是想查询订单进度，对吗？"),
            Scale("solution", "给出正确、完整的解决方案 (correct and complete solution, 0–4)", 5, 4,
                guidance: "如：已为您查到…；已为您提交…，预计…；…个工作日内到账"),
            YesNo("hold", "保持前征得同意，每 60 秒回线说明 (asks before hold, returns every 60 s)", 1, na: true,
                guidance: "如：请您稍等，我帮您查询；让您久等了"),
            YesNo("correct-info", "未提供错误业务信息 (no wrong business information given)", 2, critical: CriticalClass.Business)),
        Section("compliance", "合规 Compliance",
            YesNo("disclosure", "按规定播报录音告知与风险提示 (required recording and risk disclosures said)", 2, critical: CriticalClass.Compliance,
                guidance: "如：本次通话可能会被录音"),
            YesNo("no-forbidden", "无服务禁语、无推诿 (no forbidden words, no passing the customer on)", 2, critical: CriticalClass.Customer)),
        Section("closing", "结束 Closing",
            YesNo("confirm-solved", "结束前确认问题已解决 (confirms the issue is solved before closing)", 1,
                guidance: "如：请问还有其他可以帮您的吗？"),
            YesNo("closing-phrase", "使用标准结束语并邀请满意度评价 (standard closing and survey invitation)", 1,
                guidance: "如：感谢您的来电，稍后请对本次服务进行评价，再见"),
            Warning("empathy", "客户情绪激动时使用安抚用语 (empathy phrases when the customer is upset)", guidance: "如：非常抱歉给您带来不便"),
            Warning("no-silence", "无超过 10 秒的静默 (no silence longer than 10 s)")),
    ], ScoringRules.Default);

    private static ScorecardSection Section(string id, string title, params ScorecardItem[] items) => new() { SectionId = id, Title = title, Items = items };

    // Guidance gives the standard phrases: inspectors see it, and the AI pre-scorer is asked with it (docs/ai.md).
    private static ScorecardItem YesNo(string id, string text, decimal weight, bool na = false, CriticalClass? critical = null, string? guidance = null) =>
        new() { ItemId = id, Text = text, Weight = weight, NotApplicableAllowed = na, Critical = critical, Guidance = guidance };

    private static ScorecardItem Scale(string id, string text, decimal weight, int max, string? guidance = null) =>
        new() { ItemId = id, Text = text, Weight = weight, AnswerType = AnswerType.Scale, ScaleMax = max, Guidance = guidance };

    private static ScorecardItem Warning(string id, string text, string? guidance = null) =>
        new() { ItemId = id, Text = text, Weight = 0, Warning = true, NotApplicableAllowed = true, Guidance = guidance };
}
