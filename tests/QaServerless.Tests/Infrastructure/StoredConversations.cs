using Microsoft.Extensions.DependencyInjection;
using QaServerless.Ai.Analysis;
using QaServerless.Ai.Transcripts;
using QaServerless.Calls;

namespace QaServerless.Tests.Infrastructure;

/// <summary>
/// A chat conversation stored as ingest stores one (docs/data-model.md): a call record with <c>Channel = chat</c> and no
/// audio, and its messages as its masked transcript, one segment a message. Written through the stores, not ingest.
/// </summary>
internal static class StoredConversations
{
    /// <summary>The first message's sent time: 10:02:00 in Shanghai.</summary>
    public static readonly DateTimeOffset FirstMessage = new(2026, 11, 19, 10, 2, 0, TimeSpan.FromHours(8));

    /// <summary>
    /// Six messages: the customer asks (#1, 0 s), the queue's notice (#2, 5 s), the agent's first reply 75 s after the
    /// question (#3), the customer's order and phone number (#4, 100 s), the answer (#5, 150 s) and the closing (#6, 180 s).
    /// </summary>
    public static readonly IReadOnlyList<(string Id, Speaker From, int At, string Text)> Chat =
    [
        ("m-1", Speaker.Customer, 0, "你好，我的订单三天了还没发货"),
        ("m-2", Speaker.Unknown, 5, "您已进入人工客服队列，前面还有 1 位"),
        ("m-3", Speaker.Agent, 75, "您好，很高兴为您服务，请问您的订单号是多少？"),
        ("m-4", Speaker.Customer, 100, "订单号 2026111900123，手机 13812345678"),
        ("m-5", Speaker.Agent, 150, "已为您查到，仓库今天发货，预计明天送达"),
        ("m-6", Speaker.Agent, 180, "请问还有其他可以帮您的吗？感谢您的咨询，再见"),
    ];

    public static Transcript Thread(string callId) => new Transcript(callId, "zh", Chat[^1].At,
        [.. Chat.Select(m => new TranscriptSegment(m.From, m.At, m.At, m.Text) { MessageId = m.Id, SentAt = FirstMessage.AddSeconds(m.At) })]).Masked();

    public static Call New(string center, string callId, string agent = "a1", string team = "t1") =>
        StoredCalls.New(center, callId, null, agent, team) with { Channel = "chat", Start = FirstMessage, TalkSeconds = Chat[^1].At };

    public static async Task<Call> SaveAsync(IServiceProvider services, Call chat)
    {
        var saved = await StoredCalls.SaveAsync(services, chat);
        await services.GetRequiredService<AnalysisStore>().SaveTranscriptAsync(chat.CenterId, Thread(chat.CallId), CancellationToken.None);
        return saved;
    }
}
