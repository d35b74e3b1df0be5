using System.Globalization;
using System.Text;
using System.Text.Json;

namespace QaServerless.LocalHost.Demo;

/// <summary>
/// Yesterday's synthetic chat conversations, about twenty a center, in our conversation export (format
/// <c>conversations</c>, docs/ingest-formats.md): one JSON object a line with its messages, uploaded to
/// <c>call-records/{center}/conversations/</c> so they come in through the real CDR path and the local run shows the
/// chat channel (thread view, chat card, KPIs per channel). Deterministic: the same data set gives the same file.
/// </summary>
public static class DemoChats
{
    public const int PerCenter = 20;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>(business type, customer's question, agent's answer, customer's thanks): what a chat is about.</summary>
    private static readonly (string BusinessType, string Ask, string Answer, string Thanks)[] Scripts =
    [
        ("咨询", "你好，请问会员积分怎么兑换？", "您好，在“我的-积分”里选择兑换商品即可，积分当场扣除。", "明白了，谢谢"),
        ("订单", "我的快递三天了还没到", "您好，我帮您查一下物流：包裹已到本地网点，预计今天送达。", "好的，谢谢"),
        ("售后", "收到的杯子有裂痕，可以换吗？", "非常抱歉给您带来不便，已为您提交换货，快递员明天上门取件。", "行，麻烦了"),
        ("咨询", "发票可以开公司抬头吗？", "可以的，在订单详情里点“申请发票”，填写公司名称和税号即可。", "好的"),
    ];

    /// <summary>The center's chats of <paramref name="day"/>: agents in turn, mornings to evenings, one JSON object a line.</summary>
    public static string ExportFor(DemoDataSet data, string centerId, DateOnly day)
    {
        var agents = data.Agents.Where(a => a.CenterId == centerId && a.HireDate <= day).OrderBy(a => a.AgentId, StringComparer.Ordinal).ToList();
        var zone = TimeZoneInfo.FindSystemTimeZoneById(data.Centers.Single(c => c.CenterId == centerId).TimeZone);
        var random = new Random(StableSeed($"{centerId}|{day:yyyyMMdd}|chat"));
        var lines = new StringBuilder();
        for (var n = 1; n <= PerCenter && agents.Count > 0; n++)
        {
            var agent = agents[random.Next(agents.Count)];
            var script = Scripts[random.Next(Scripts.Length)];
            var local = day.ToDateTime(new TimeOnly(9, 0)).AddMinutes(n * 31 + random.Next(20));
            var start = new DateTimeOffset(local, zone.GetUtcOffset(local));
            var firstResponse = 15 + random.Next(90); // some beyond the chat card's 60 s
            string At(int seconds) => start.AddSeconds(seconds).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
            var conversation = new
            {
                id = $"{centerId}-chat-{day:yyyyMMdd}-{n:D3}", channel = "chat", agentId = agent.AgentId, team = agent.Team,
                businessType = script.BusinessType, customerKey = $"sha256:{StableSeed($"{centerId}{n}cust"):x8}",
                resolved = random.NextDouble() < 0.85, csat = random.NextDouble() < 0.4 ? 3 + random.Next(3) : (int?)null,
                messages = new object[]
                {
                    new { id = "m1", from = "system", at = At(0), text = "您好，欢迎来到在线客服，正在为您转接。" },
                    new { id = "m2", from = "customer", at = At(5), text = script.Ask },
                    new { id = "m3", from = "agent", at = At(5 + firstResponse), text = $"您好，我是{agent.AgentId[^3..]}号在线客服，很高兴为您服务。" },
                    new { id = "m4", from = "agent", at = At(20 + firstResponse), text = script.Answer },
                    new { id = "m5", from = "customer", at = At(50 + firstResponse), text = script.Thanks },
                    new { id = "m6", from = "agent", at = At(60 + firstResponse), text = "感谢您的咨询，请对本次服务进行评价，再见。" },
                },
            };
            lines.Append(JsonSerializer.Serialize(conversation, Json)).Append('\n');
        }
        return lines.ToString();
    }

    private static int StableSeed(string text) => text.Aggregate(17, (h, ch) => unchecked(h * 31 + ch));
}
