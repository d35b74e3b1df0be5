using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using QaServerless.Ai.Analysis;
using QaServerless.Ai.Transcripts;
using QaServerless.Calls;
using QaServerless.Ingestion;
using QaServerless.Ingestion.Conversations;
using QaServerless.Privacy;
using QaServerless.Tests.Infrastructure;
using static QaServerless.Tests.Ingestion.IngestionHelpers;

namespace QaServerless.Tests.Ingestion;

/// <summary>
/// Text conversations through the real blob path (BlobCreated → IngestCallBatch → call-batches queue → ImportCallBatch)
/// on Azurite: our JSON export and Amazon Connect's chat transcripts joined to their CHAT contact records, every stored
/// field and every transcript segment against a mapping done by hand from the fixture files.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class TextConversationIngestTests(AppFixture app)
{
    private static string Fixture(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Ingestion", "Fixtures", name));
    private static DateTimeOffset At(string iso) => DateTimeOffset.Parse(iso, System.Globalization.CultureInfo.InvariantCulture);
    private static void Has(string log, string expected) => Assert.True(log.Contains(expected, StringComparison.Ordinal), log);
    private AnalysisStore Transcripts => app.Services.GetRequiredService<AnalysisStore>();

    private static TranscriptSegment Seg(Speaker who, double at, string text, string id, string sent) =>
        new(who, at, at, PiiMasker.Mask(text)) { MessageId = id, SentAt = At(sent) };

    /// <summary>The export's four good conversations, by hand from conversations-2026-11-19.jsonl.</summary>
    private static (Call Call, Transcript Transcript)[] ExpectedExport(string center) =>
    [
        (new() // a chat: a system greeting, the customer at +10 s, the agent's first answer at +55 s → first response 45 s
        {
            CenterId = center, CallId = "chat-0001", AgentId = "a017", Team = "t1", BusinessType = "咨询", Direction = CallDirection.Inbound,
            Start = At("2026-11-19T10:00:00+08:00"), TalkSeconds = 200, CustomerKey = "sha256:c0ffee01", Resolved = true, Csat = 5, Channel = "chat",
            FirstResponseSeconds = 45,
        }, new("chat-0001", "zh", 200,
        [
            Seg(Speaker.Unknown, 0, "您好，欢迎来到在线客服。", "m1", "2026-11-19T10:00:00+08:00"),
            Seg(Speaker.Customer, 10, "我的快递还没到，电话 138 1234 5678", "m2", "2026-11-19T10:00:10+08:00"),
            Seg(Speaker.Agent, 55, "您好，我帮您查一下物流。", "m3", "2026-11-19T10:00:55+08:00"),
            Seg(Speaker.Customer, 100, "好的谢谢", "m4", "2026-11-19T10:01:40+08:00"),
            Seg(Speaker.Agent, 200, "已催促配送，今天送达。", "m5", "2026-11-19T10:03:20+08:00"),
        ])),
        (new() // abandoned: no agent ever wrote — the profile's defaults, abandoned, no first response
        {
            CenterId = center, CallId = "chat-0002", AgentId = "unassigned", Team = "unassigned", BusinessType = "订单", Direction = CallDirection.Inbound,
            Start = At("2026-11-19T11:00:00+08:00"), TalkSeconds = 300, Abandoned = true, CustomerKey = "sha256:c0ffee02", Channel = "chat",
        }, new("chat-0002", "zh", 300,
        [
            Seg(Speaker.Customer, 0, "有人吗？", "m1", "2026-11-19T11:00:00+08:00"),
            Seg(Speaker.Customer, 120, "算了", "m2", "2026-11-19T11:02:00+08:00"),
            Seg(Speaker.Unknown, 300, "会话已结束。", "m3", "2026-11-19T11:05:00+08:00"),
        ])),
        (new() // an e-mail thread: answered 2 h 15 min 30 s later (8,130 s); 4 h 45 min first to last
        {
            CenterId = center, CallId = "mail-0003", AgentId = "a018", Team = "t2", BusinessType = "投诉", Direction = CallDirection.Inbound,
            Start = At("2026-11-19T08:30:00+08:00"), TalkSeconds = 17100, CustomerKey = "sha256:c0ffee03", Resolved = false, Complaint = true,
            Channel = "email", FirstResponseSeconds = 8130,
        }, new("mail-0003", "zh", 17100,
        [
            Seg(Speaker.Customer, 0, "身份证号 11010519491231002X，要求退款", "mail-0003-1", "2026-11-19T08:30:00+08:00"),
            Seg(Speaker.Agent, 8130, "您好，已受理您的投诉。", "mail-0003-2", "2026-11-19T10:45:30+08:00"),
            Seg(Speaker.Customer, 12600, "还没处理", "mail-0003-3", "2026-11-19T12:00:00+08:00"),
            Seg(Speaker.Agent, 17100, "退款已提交，三个工作日内到账。", "mail-0003-4", "2026-11-19T13:15:00+08:00"),
        ])),
        (new() // an outbound SMS: the agent's opening message is no response; the reply 20 s after the customer's is. The first
               // message's id is a phone number: stored as its place, #1
        {
            CenterId = center, CallId = "sms-0004", AgentId = "a017", Team = "t1", BusinessType = "回访", Direction = CallDirection.Outbound,
            Start = At("2026-11-19T14:00:00+08:00"), TalkSeconds = 320, CustomerKey = "sha256:c0ffee04", Csat = 4, Channel = "sms",
            FirstResponseSeconds = 20,
        }, new("sms-0004", "zh", 320,
        [
            Seg(Speaker.Agent, 0, "您好，这里是回访短信，请问问题解决了吗？", "#1", "2026-11-19T14:00:00+08:00"),
            Seg(Speaker.Customer, 300, "解决了", "s2", "2026-11-19T14:05:00+08:00"),
            Seg(Speaker.Agent, 320, "感谢您的反馈", "s3", "2026-11-19T14:05:20+08:00"),
        ])),
    ];

    private async Task AssertStoredAsync(string center, Call expected, Transcript transcript)
    {
        var stored = await Store(app).GetAsync(center, expected.CallId, default);
        Assert.Equal(expected, stored);
        Assert.True(stored!.IsText);
        var actual = await Transcripts.GetTranscriptAsync(center, expected.CallId, default);
        Assert.NotNull(actual);
        Assert.Equal((transcript.CallId, transcript.Language, transcript.DurationSeconds), (actual!.CallId, actual.Language, actual.DurationSeconds));
        Assert.Equal(transcript.Segments, actual.Segments);
    }

    [Theory]
    [InlineData("conversations-2026-11-19.jsonl", true)]
    [InlineData("conversations-2026-11-19.json", false)] // the same conversations as one JSON array (the unreadable last line left out)
    public async Task OurConversationExportIsStoredAsMappedByHandWithRejectsAndReplaysChangingNothing(string fileName, bool jsonLines)
    {
        var center = (await NewCenterAsync(app)).CenterId;
        var lines = Fixture("conversations-2026-11-19.jsonl").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var content = jsonLines ? string.Join('\n', lines) + "\n" : "[\n" + string.Join(",\n", lines[..6]) + "\n]\n";
        var blob = $"{center}/conversations/2026/11/19/{fileName}";

        var log = Assert.Single((await IngestCdrAsync(app, blob, content)).Logs);
        Has(log, jsonLines ? "read 7, ingested 4, rejected 3; transcripts stored 4" : "read 6, ingested 4, rejected 2; transcripts stored 4");
        foreach (var (call, transcript) in ExpectedExport(center)) await AssertStoredAsync(center, call, transcript);
        foreach (var id in new[] { "chat-0005", "chat-0006", "chat-0007" })
        {
            Assert.Null(await Store(app).GetAsync(center, id, default));
            Assert.Null(await Transcripts.GetTranscriptAsync(center, id, default));
        }

        // Every bad record with its reasons, one rejects line each (the record masked).
        var rejects = (await app.BlobService.GetBlobContainerClient(CallBatchIngestion.RejectsContainer).GetBlobClient(blob + ".rejects.csv")
            .DownloadContentAsync()).Value.Content.ToString();
        using var csv = CsvHelper.CsvReader.Create(new StringReader(rejects), new CsvHelper.CsvReaderOptions { HasHeader = true });
        var rows = new List<(string Line, string Reason)>();
        while (await csv.ReadAsync()) rows.Add((csv.GetString(0), csv.GetString(1)));
        Assert.Equal(jsonLines ? ["5", "6", "7"] : ["5", "6"], rows.Select(r => r.Line));
        Assert.Equal("start: is required; messages[0].from: must be agent, customer or system; "
            + "messages[0].at: must be an ISO 8601 date and time with a UTC offset", rows[0].Reason);
        Assert.Equal("channel: \"voice\" is not a text channel: a conversation export holds chat, IM, e-mail or SMS conversations", rows[1].Reason);
        Assert.DoesNotContain("13812345678", rejects);
        if (jsonLines) Assert.StartsWith("malformed JSON", rows[2].Reason);

        // A replay of the event, and the same bytes under another name: nothing is written again.
        var etags = await TranscriptETagsAsync(center, ExpectedExport(center).Select(e => e.Call.CallId));
        Has(Assert.Single((await TriggerCdrAsync(app, blob)).Logs), "read");
        var again = Assert.Single((await IngestCdrAsync(app, $"{center}/conversations/again-{fileName}", content)).Logs);
        Has(again, "ingested 4");
        Assert.DoesNotContain("transcripts stored", again); // none new: the summary names transcripts only when some were written
        Assert.Equal(etags, await TranscriptETagsAsync(center, ExpectedExport(center).Select(e => e.Call.CallId)));
        foreach (var (call, transcript) in ExpectedExport(center))
        {
            await AssertStoredAsync(center, call, transcript);
            Assert.Empty(await Store(app).GetPreviousVersionsAsync(center, call.CallId, default));
        }
    }

    private async Task<string[]> TranscriptETagsAsync(string center, IEnumerable<string> callIds)
    {
        var container = app.BlobService.GetBlobContainerClient(AnalysisStore.Container);
        var list = new List<string>();
        foreach (var id in callIds) list.Add((await container.GetBlobClient($"{center}/{id}/transcript.json").GetPropertiesAsync()).Value.ETag.ToString());
        return [.. list];
    }

    private const string ChatContact = "a0b1c2d3-e4f5-4a6b-8c7d-9e0f1a2b3c4d";
    private const string TranscriptKey = $"connect/qa-center/ChatTranscripts/2026/11/19/{ChatContact}_20261119T05:00_UTC.json";

    /// <summary>The CHAT contact of amazon-connect-ctr.json with what its transcript gives: no audio, first response 42 s.</summary>
    private static Call ExpectedChat(string center) => new()
    {
        CenterId = center, CallId = ChatContact, AgentId = "jdoe", Team = "team-a", BusinessType = "咨询", Direction = CallDirection.Inbound,
        Start = At("2026-11-19T05:00:00Z"), TalkSeconds = 410, AfterCallWorkSeconds = 15, QueueSeconds = 20, Csat = 5, Channel = "chat",
        // The customer wrote at 05:00:05.000, the agent first at 05:00:47.900: 42.9 s, counted in whole seconds.
        FirstResponseSeconds = 42,
    };

    /// <summary>By hand from amazon-connect-chat-transcript.json: events left out, the system message kept as Unknown, the attachment named.</summary>
    private static Transcript ExpectedChatTranscript() => new(ChatContact, "zh", 408.5,
    [
        Seg(Speaker.Unknown, 0, "您好，欢迎咨询，正在为您转接人工客服。", "f1a2b3c4-0002-4000-8000-000000000002", "2026-11-19T05:00:01.500Z"),
        Seg(Speaker.Customer, 3.5, "我的卡号 6222 0212 3456 7890 128 被扣了两次钱", "f1a2b3c4-0003-4000-8000-000000000003", "2026-11-19T05:00:05.000Z"),
        Seg(Speaker.Agent, 46.4, "您好，我是客服小李，马上为您核实。", "f1a2b3c4-0005-4000-8000-000000000005", "2026-11-19T05:00:47.900Z"),
        Seg(Speaker.Customer, 88.5, "[附件 attachment] 扣款截图.png", "f1a2b3c4-0006-4000-8000-000000000006", "2026-11-19T05:01:30.000Z"),
        Seg(Speaker.Agent, 408.5, "已为您退回重复扣款，请留意到账。", "f1a2b3c4-0007-4000-8000-000000000007", "2026-11-19T05:06:50.000Z"),
    ]);

    [Theory]
    [InlineData(true)]  // the contact record first, then its transcript: the transcript completes the stored call (version 2)
    [InlineData(false)] // the transcript first: it waits; the contact record meets it (version 1)
    public async Task AConnectChatTranscriptJoinsItsContactRecordInEitherOrder(bool recordFirst)
    {
        var center = (await NewCenterAsync(app)).CenterId;
        var ctr = $"{center}/amazon-connect/2026/11/19/ctr-0001";
        var transcript = $"{center}/amazon-connect-chat/{TranscriptKey}";
        if (recordFirst)
        {
            Has(Assert.Single((await IngestCdrAsync(app, ctr, Fixture("amazon-connect-ctr.json"))).Logs), "read 5, ingested 5, rejected 0");
            Assert.Equal(ExpectedChat(center) with { FirstResponseSeconds = null }, await Store(app).GetAsync(center, ChatContact, default));
            var log = Assert.Single((await IngestCdrAsync(app, transcript, Fixture("amazon-connect-chat-transcript.json"))).Logs);
            Has(log, "read 1, ingested 1, rejected 0; transcripts stored 1, awaiting their contact record 0");
        }
        else
        {
            var log = Assert.Single((await IngestCdrAsync(app, transcript, Fixture("amazon-connect-chat-transcript.json"))).Logs);
            Has(log, "read 1, ingested 0, rejected 0; transcripts stored 1, awaiting their contact record 1");
            Assert.Null(await Store(app).GetAsync(center, ChatContact, default));
            Has(Assert.Single((await IngestCdrAsync(app, ctr, Fixture("amazon-connect-ctr.json"))).Logs), "read 5, ingested 5, rejected 0");
        }
        await AssertStoredAsync(center, ExpectedChat(center), ExpectedChatTranscript());
        Assert.Equal(recordFirst ? 1 : 0, (await Store(app).GetPreviousVersionsAsync(center, ChatContact, default)).Count);

        // Replays of both files, by event and by the same bytes under other names: nothing changes.
        await TriggerCdrAsync(app, ctr);
        await TriggerCdrAsync(app, transcript);
        Has(Assert.Single((await IngestCdrAsync(app, ctr + "-again", Fixture("amazon-connect-ctr.json"))).Logs), "ingested 5");
        Has(Assert.Single((await IngestCdrAsync(app, transcript + ".again", Fixture("amazon-connect-chat-transcript.json"))).Logs), "ingested 1, rejected 0 (attempt 1)");
        await AssertStoredAsync(center, ExpectedChat(center), ExpectedChatTranscript());
        Assert.Equal(recordFirst ? 1 : 0, (await Store(app).GetPreviousVersionsAsync(center, ChatContact, default)).Count);
        // The customer's display name is in the file; it is read nowhere.
        var stored = JsonSerializer.Serialize(await Transcripts.GetTranscriptAsync(center, ChatContact, default));
        Assert.DoesNotContain("王芳", stored);
    }

    [Fact]
    public async Task ABadChatTranscriptIsRejectedWithItsReasons()
    {
        var center = (await NewCenterAsync(app)).CenterId;
        var bad = """
            {"Version":"2019-08-26","ContactId":"13812345678","Transcript":[{"AbsoluteTime":"yesterday","Content":"hi","Id":"x1","Type":"MESSAGE","ParticipantRole":"CUSTOMER"}]}
            {"Version":"2019-08-26","ContactId":"c-ok-1"}
            """;
        var blob = $"{center}/amazon-connect-chat/bad.json";
        Has(Assert.Single((await IngestCdrAsync(app, blob, bad)).Logs), "read 2, ingested 0, rejected 2");
        var rejects = (await app.BlobService.GetBlobContainerClient(CallBatchIngestion.RejectsContainer).GetBlobClient(blob + ".rejects.csv")
            .DownloadContentAsync()).Value.Content.ToString();
        Assert.Contains("callId: looks like personal data (a mobile number", rejects);
        Assert.Contains("Transcript[0].AbsoluteTime: must be an ISO 8601 time", rejects);
        Assert.Contains("Transcript: is required (the chat's items)", rejects);
        Assert.DoesNotContain("13812345678", rejects);
    }
}
