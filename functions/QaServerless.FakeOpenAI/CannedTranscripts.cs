using System.Collections.Concurrent;

namespace QaServerless.FakeOpenAI;

/// <summary>One line of a canned conversation; <see cref="Speaker"/> is <c>agent</c> or <c>customer</c>.</summary>
public sealed record CannedLine(string Speaker, double Start, double End, string Text);

public sealed record CannedConversation(string Name, IReadOnlyList<CannedLine> Lines);

/// <summary>
/// What the fake "hears": a conversation registered for a call id, or else one of the demo conversations chosen by a
/// stable hash of the call id (so the same call always gets the same transcript, on every machine).
/// </summary>
public sealed class CannedTranscripts
{
    private readonly ConcurrentDictionary<string, CannedConversation> byCall = new(StringComparer.Ordinal);

    public void Register(string callId, CannedConversation conversation) => byCall[callId] = conversation;

    public CannedConversation For(string callId) => byCall.TryGetValue(callId, out var c) ? c : DemoFor(callId);

    /// <summary>The demo conversation a call id gets when nothing is registered for it (the local host's demo sizes its recordings by it).</summary>
    public static CannedConversation DemoFor(string callId) => Demo[(int)(StableHash(callId) % (uint)Demo.Count)];

    /// <summary>FNV-1a: string.GetHashCode is randomised per process.</summary>
    public static uint StableHash(string text)
    {
        var hash = 2166136261u;
        foreach (var c in text) { hash ^= c; hash *= 16777619u; }
        return hash;
    }

    private static CannedLine A(double s, double e, string t) => new("agent", s, e, t);
    private static CannedLine C(double s, double e, string t) => new("customer", s, e, t);

    /// <summary>Five demo conversations covering what the rules and the pre-scorer look for.</summary>
    public static readonly IReadOnlyList<CannedConversation> Demo =
    [
        new("good-order-inquiry",
        [
            A(0.6, 3.2, "您好，很高兴为您服务，本次通话可能会被录音。"),
            C(3.6, 6.0, "你好，我想查一下我的订单到哪了。"),
            A(6.4, 9.8, "好的，为了核实身份，请您提供一下下单的手机号。"),
            C(10.2, 13.5, "13812345678。"),
            A(14.0, 18.5, "感谢您的耐心，已为您查到，订单预计明天送达。"),
            C(18.9, 20.0, "好的，谢谢。"),
            A(20.3, 23.0, "不客气，请问还有其他可以帮您的吗？感谢您的来电，再见。"),
        ]),
        new("late-greeting-repeat-call",
        [
            C(0.4, 1.5, "喂？"),
            A(4.8, 7.0, "您好，请问有什么可以帮您？"),
            C(7.5, 12.0, "这是我第二次来电了，上次说的退款还没到账。"),
            A(12.5, 16.0, "非常抱歉，我帮您核实一下退款进度。"),
            A(29.0, 33.0, "让您久等了，退款已经提交，三个工作日内到账。"),
            C(33.4, 35.0, "好吧。"),
            A(35.5, 37.0, "感谢您的来电，再见。"),
        ]),
        new("forbidden-words-complaint",
        [
            A(0.8, 2.5, "您好，这里是客服中心。"),
            C(2.9, 9.0, "我要投诉，你们的快递把东西弄坏了，卡号6222021234567890128扣了钱。"),
            A(7.5, 11.0, "这个不归我管，你自己看一下物流公司的电话吧。"),
            C(11.4, 14.0, "你这是什么态度？"),
            A(14.3, 16.5, "我没办法，规定就是这样。"),
            C(17.0, 18.0, "算了。"),
        ]),
        new("no-disclosure-after-sales",
        [
            A(0.5, 2.0, "您好，欢迎致电售后服务。"),
            C(2.4, 6.5, "我的洗衣机不转了，邮箱是zhang.san@example.com，发票发过去了。"),
            A(7.0, 11.0, "好的，我先确认一下您的身份，请问身份证后四位是多少？"),
            C(11.5, 13.0, "002X。"),
            A(13.5, 18.0, "已为您登记上门维修，师傅明天上午联系您。"),
            C(18.5, 19.5, "行，谢谢。"),
            A(19.8, 21.0, "感谢您的来电，再见。"),
        ]),
        new("good-complaint-handling",
        [
            A(0.7, 3.0, "您好，很高兴为您服务，通话将被录音以保证服务质量。"),
            C(3.5, 8.0, "你们上次答应给我回电话，结果一直没人联系我。"),
            A(8.5, 12.5, "非常抱歉给您带来不便，我马上帮您核实并升级处理。"),
            C(13.0, 14.5, "尽快吧。"),
            A(15.0, 19.0, "已为您提交加急工单，今天下午五点前一定给您回复。"),
            A(19.3, 21.5, "请问还有其他可以帮您的吗？感谢您的来电，再见。"),
        ]),
    ];
}
