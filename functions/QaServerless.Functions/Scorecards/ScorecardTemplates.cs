namespace QaServerless.Scorecards;

/// <summary>
/// Starting scorecards, worded measurably (the demo data and new centers use them): an inbound service line, whose
/// sections follow a call (opening, verification, problem solving, compliance, closing), and a chat line's, for the
/// chat channel, whose items are read off the thread (first response time, greeting, solution, closing).
/// </summary>
public static class ScorecardTemplates
{
    public const string InboundId = "inbound-service";
    public const string ChatId = "chat-service";

    /// <summary>The template of that id, or null.</summary>
    public static ScorecardRequest? ById(string templateId) => templateId switch
    {
        InboundId => Inbound(),
        ChatId => Chat(),
        _ => null,
    };

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

    /// <summary>在线客服会话质检 / Chat QA: for the chat channel; first response measured as KPIs measure it (Call.FirstResponseSeconds).</summary>
    public static ScorecardRequest Chat() => new(ChatId, "在线客服会话质检 Chat QA",
    [
        Section("response", "响应 Response",
            YesNo("first-response-60s", "客户首条消息后 60 秒内首次回复 (first response within 60 s of the customer's first message)", 3,
                guidance: "以会话时间戳计：客户第一条消息到座席第一条回复"),
            YesNo("greeting", "首次回复使用标准问候语并报出工号 (standard greeting with agent number in the first reply)", 1,
                guidance: "如：您好，我是 1024 号在线客服，很高兴为您服务")),
        Section("solving", "问题解决 Problem solving",
            Scale("solution", "给出正确、完整的解决方案 (correct and complete solution, 0–4)", 5, 4,
                guidance: "如：已为您查到…；已为您提交…，预计…；…个工作日内到账"),
            YesNo("no-long-gap", "处理中每 2 分钟内告知进展 (tells progress at least every 2 minutes while working)", 1, na: true,
                guidance: "如：正在为您查询，请稍等"),
            YesNo("correct-info", "未提供错误业务信息 (no wrong business information given)", 2, critical: CriticalClass.Business),
            YesNo("no-personal-data", "未在会话中索要或发送完整证件号、卡号 (asks for or sends no full ID or card numbers)", 2,
                critical: CriticalClass.Compliance)),
        Section("closing", "结束 Closing",
            YesNo("confirm-solved", "结束前确认问题已解决 (confirms the issue is solved before closing)", 1,
                guidance: "如：请问还有其他可以帮您的吗？"),
            YesNo("closing-phrase", "使用标准结束语并邀请评价 (standard closing and survey invitation)", 1,
                guidance: "如：感谢您的咨询，请对本次服务进行评价，再见"),
            Warning("typos", "无错别字、无大段复制粘贴 (no typos, no pasted blocks)")),
    ], ScoringRules.Default, [Calls.Channels.Chat]);

    private static ScorecardSection Section(string id, string title, params ScorecardItem[] items) => new() { SectionId = id, Title = title, Items = items };

    // Guidance gives the standard phrases: inspectors see it, and the AI pre-scorer is asked with it (docs/ai.md).
    private static ScorecardItem YesNo(string id, string text, decimal weight, bool na = false, CriticalClass? critical = null, string? guidance = null) =>
        new() { ItemId = id, Text = text, Weight = weight, NotApplicableAllowed = na, Critical = critical, Guidance = guidance };

    private static ScorecardItem Scale(string id, string text, decimal weight, int max, string? guidance = null) =>
        new() { ItemId = id, Text = text, Weight = weight, AnswerType = AnswerType.Scale, ScaleMax = max, Guidance = guidance };

    private static ScorecardItem Warning(string id, string text, string? guidance = null) =>
        new() { ItemId = id, Text = text, Weight = 0, Warning = true, NotApplicableAllowed = true, Guidance = guidance };
}
