using System.Text;
using System.Text.Json;
using QaServerless.Calls;
using QaServerless.Ingestion;

namespace QaServerless.Tests.Ingestion;

/// <summary>Pure parsing and validation: no storage.</summary>
public sealed class ParsingTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 20, 9, 0, 0, TimeSpan.FromHours(8));

    private static (Call? Call, string? Audio, List<FieldError> Errors) ParseJson(string json, bool audioRequired = true)
    {
        using var doc = JsonDocument.Parse(json);
        return CallRecordParser.Parse(new JsonRecordFields(doc.RootElement.Clone()), "sh", Now, audioRequired);
    }

    private const string Good = """
        {"callId":"c-1","agentId":"a1","team":"t1","businessType":"inquiry","direction":"Outbound","start":"2026-11-19T10:00:00+08:00",
         "talkSeconds":60,"holdSeconds":0,"abandoned":false,"csat":null,"audioFile":"c-1.wav"}
        """;

    [Fact]
    public void AGoodRecordBecomesACall()
    {
        var (call, audio, errors) = ParseJson(Good);
        Assert.Empty(errors);
        Assert.Equal(CallDirection.Outbound, call!.Direction);
        Assert.Equal(new DateTimeOffset(2026, 11, 19, 2, 0, 0, TimeSpan.Zero), call.Start.ToUniversalTime());
        Assert.Null(call.Csat);
        Assert.Equal("c-1.wav", audio);
    }

    [Fact]
    public void EveryProblemOfARecordIsNamedByItsField()
    {
        var (call, _, errors) = ParseJson("""{"callId":"../x","agentId":7,"team":"t","businessType":"b","direction":"in","start":"soon","talkSeconds":-1,"csat":0}""");
        Assert.Null(call);
        Assert.Equal(["callId", "agentId", "direction", "start", "talkSeconds", "csat", "audioFile"], errors.Select(e => e.Field));
    }

    [Theory]
    [InlineData("2026-11-20T09:04:00+08:00", true)]
    [InlineData("2026-11-20T09:06:00+08:00", false)]
    [InlineData("2026-11-20T01:04:00Z", true)]
    public void AStartIsAcceptedUpToASmallClockSkewAhead(string start, bool ok)
    {
        var (_, _, errors) = ParseJson(Good.Replace("2026-11-19T10:00:00+08:00", start));
        Assert.Equal(ok, errors.Count == 0);
    }

    [Fact]
    public void CsvFieldsAreTextAndEmptyMeansAbsent()
    {
        var row = new Dictionary<string, string?>
        {
            ["callId"] = "c-2", ["agentId"] = "a1", ["team"] = "t1", ["businessType"] = "order", ["direction"] = "inbound",
            ["start"] = "2026-11-19T10:00:00Z", ["talkSeconds"] = " 42 ", ["abandoned"] = "yes", ["csat"] = "",
        };
        var (call, _, errors) = CallRecordParser.Parse(new TextRecordFields(n => row.GetValueOrDefault(n)), "sh", Now, audioRequired: false);
        Assert.Empty(errors);
        Assert.Equal((42, true, (int?)null), (call!.TalkSeconds, call.Abandoned, call.Csat));
    }

    [Theory]
    [InlineData("sh/2026/11/19/c-1.json", true)]
    [InlineData("sh/2026/../19/c-1.json", false)]
    [InlineData("sh//c-1.json", false)]
    [InlineData("sh/2026/11/19/c\u0007-1.json", false)]
    public void BlobNamesWithDotDotEmptySegmentsOrControlCharactersAreRefused(string name, bool safe) =>
        Assert.Equal(safe, CallRecordParser.SafeBlobName(name));

    [Fact]
    public void AWavHeaderGivesChannelsSampleRateAndDuration()
    {
        var head = AudioHeader.PcmWavHeader(2, 8000, 16, 8000 * 2 * 2 * 5);
        var (info, problem) = AudioHeader.Read(head, 44 + 8000 * 2 * 2 * 5, "audio/wav", "x.wav");
        Assert.Null(problem);
        Assert.Equal(("wav", 2, 8000, 5.0), (info!.Format, info.Channels, info.SampleRate, info.DurationSeconds));
    }

    [Fact]
    public void AWavWithAListChunkBeforeItsDataIsStillRead()
    {
        var fmt = AudioHeader.PcmWavHeader(1, 16000, 16, 32000);
        var list = Encoding.ASCII.GetBytes("LIST").Concat(BitConverter.GetBytes(6)).Concat(Encoding.ASCII.GetBytes("INFOab")).ToArray();
        var head = fmt[..36].Concat(list).Concat(fmt[36..]).ToArray();
        var (info, _) = AudioHeader.Read(head, head.Length + 32000, null, "x.wav");
        Assert.Equal((1, 16000, 1.0), (info!.Channels, info.SampleRate, info.DurationSeconds));
    }

    [Theory]
    [InlineData(new byte[] { 0x49, 0x44, 0x33, 4, 0 }, "x.mp3", "mp3")]
    [InlineData(new byte[] { 0x4F, 0x67, 0x67, 0x53, 0 }, "x.opus", "ogg")]
    public void OtherAudioIsRecognisedByItsMagicBytes(byte[] head, string name, string format) =>
        Assert.Equal(format, AudioHeader.Read(head, 1000, "application/octet-stream", name).Info!.Format);

    [Fact]
    public void TextIsNotAudio() =>
        Assert.NotNull(AudioHeader.Read("just text"u8, 9, "text/plain", "x.mp3").Problem);

    [Fact]
    public async Task CsvRowsKeepTheirLineNumbersAndAWrongFieldCountIsAReject()
    {
        var csv = "callId,agentId,team,businessType,direction,start,talkSeconds\nc-1,a1,t1,b,inbound,2026-11-19T10:00:00Z,5\n\nc-2,a1\n";
        var records = new List<CdrRecord>();
        await foreach (var r in CdrReader.ReadCsvAsync(new MemoryStream(Encoding.UTF8.GetBytes(csv)), _ => { }, default)) records.Add(r);

        Assert.Equal([2L, 4L], records.Select(r => r.Line));
        Assert.NotNull(records[0].Fields);
        Assert.Equal("expected 7 fields, found 2", records[1].Problem);
    }
}
