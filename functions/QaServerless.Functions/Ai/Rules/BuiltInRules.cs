using QaServerless.Ai.Transcripts;

namespace QaServerless.Ai.Rules;

/// <summary>
/// The rules a center starts with (version 0) until a QA lead saves its own. Phrases follow the seed documents'
/// practice: greet within 2 s of pickup, announce the recording, never brush the customer off, and notice when a
/// customer says this is not their first call (feeds FCR). Greeting within 2 s of pickup and the recording notice are
/// about calls; a text conversation instead gets "slow first response" (the customer's first message waited 60 s or more
/// for the agent: the first-response target chat scorecards use).
/// </summary>
public static class BuiltInRules
{
    public static readonly IReadOnlyList<Rule> All =
    [
        new()
        {
            Id = "greeting-2s", Name = "坐席 2 秒内问候", Category = "greeting", Trigger = RuleTrigger.WhenMissing,
            Speaker = Speaker.Agent, Keywords = ["您好", "你好", "欢迎致电", "很高兴为您服务"], WindowStart = 0, WindowEnd = 2, RiskWeight = 10,
            Channel = RuleChannel.Voice,
        },
        new()
        {
            Id = "recording-disclosure", Name = "告知通话录音", Category = "disclosure", Trigger = RuleTrigger.WhenMissing,
            Speaker = Speaker.Agent, Pattern = "(通话|本次).{0,6}录音|录音.{0,4}(通话|服务质量)", RiskWeight = 15, Channel = RuleChannel.Voice,
        },
        new()
        {
            Id = "forbidden-words", Name = "服务禁语", Category = "forbidden", Trigger = RuleTrigger.WhenFound, Speaker = Speaker.Agent,
            Keywords = ["不知道", "不归我管", "你自己看", "爱买不买", "投诉也没用", "随便你", "听不懂吗", "我没办法"], RiskWeight = 30,
        },
        new()
        {
            Id = "repeat-call", Name = "客户重复来电", Category = "repeat-call", Trigger = RuleTrigger.WhenFound, Speaker = Speaker.Customer,
            Pattern = "第[二两三四五2-5]次(来电|打|致电|联系)|(又|再次|再一次)(来电|打电话|打过来|致电)|打了(好几|很多|几)次", RiskWeight = 20,
        },
        new() { Id = "long-silence", Name = "长时间静默", Category = "silence", Kind = RuleKind.Silence, MinSeconds = 10, RiskWeight = 10 },
        new() { Id = "overtalk", Name = "抢话", Category = "overtalk", Kind = RuleKind.Overtalk, MinSeconds = 2, RiskWeight = 5 },
        new()
        {
            Id = "slow-first-response", Name = "首次响应超过 60 秒", Category = "response-time", Kind = RuleKind.FirstResponse, MinSeconds = 60,
            RiskWeight = 10, Channel = RuleChannel.Text,
        },
    ];
}
