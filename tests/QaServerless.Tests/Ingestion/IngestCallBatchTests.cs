using System.Net.Http.Json;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using QaServerless.Hosting;
using QaServerless.Ingestion;
using QaServerless.Tests.Infrastructure;
using static QaServerless.Tests.Ingestion.IngestionHelpers;

namespace QaServerless.Tests.Ingestion;

/// <summary>IngestCallBatch and ImportCallBatch through their trigger endpoints: CSV and JSONL exports with good and bad rows.</summary>
[Collection(AppCollection.Name)]
public sealed class IngestCallBatchTests(AppFixture app)
{
    private static readonly DateOnly Day = new(2026, 11, 19);
    private const string Header = "callId,agentId,team,businessType,direction,start,talkSeconds,holdSeconds,afterCallWorkSeconds,queueSeconds,abandoned,customerKey,resolved,csat,complaint,testCall";

    private static string Row(string callId, string agent = "a1", string talk = "100", string start = "2026-11-19T09:00:00+08:00", string direction = "inbound") =>
        $"{callId},{agent},t1,order,{direction},{start},{talk},5,20,7,false,sha256:ab,true,4,false,false";

    private Task<HostResponse> IngestAsync(string name, string content) => IngestCdrAsync(app, name, content);

    [Fact]
    public async Task ACsvWithBadRowsIngestsTheGoodOnesAndWritesTheRejectsWithReasons()
    {
        var center = await NewCenterAsync(app);
        var csv = string.Join("\n",
            Header,
            Row("g-1"),
            Row("g-2", talk: "-3"),
            Row("g-3", agent: "a2"),
            "g-4,a1,t1,order,inbound",
            Row("g-5", start: "yesterday"),
            Row("g-6", direction: "sideways"),
            Row("g-7")) + "\n";

        var response = await IngestAsync($"{center.CenterId}/2026-11-19.csv", csv);

        Assert.Contains("read 7, ingested 3, rejected 4", Assert.Single(response.Logs));
        var strata = await Store(app).GetDayStrataAsync(center.CenterId, Day, default);
        Assert.Equal(3, strata.Sum(s => s.Calls));
        var rejects = (await app.BlobService.GetBlobContainerClient(CallBatchIngestion.RejectsContainer)
            .GetBlobClient($"{center.CenterId}/2026-11-19.csv.rejects.csv").DownloadContentAsync()).Value.Content.ToString();
        var lines = rejects.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal("line,reason,record", lines[0]);
        Assert.StartsWith("3,talkSeconds: must not be negative", lines[1]);
        // CSV quoting: a reason with a comma or a quote is enclosed in quotes.
        Assert.StartsWith("5,\"expected 16 fields, found 5\"", lines[2]);
        Assert.StartsWith("6,\"start: must be an ISO 8601", lines[3]);
        Assert.StartsWith("7,\"direction: must be", lines[4]);

        var summaries = await app.QaLeadOf(center.CenterId).GetFromJsonAsync<List<BatchSummary>>($"/api/call-batches?center={center.CenterId}");
        var summary = Assert.Single(summaries!);
        Assert.Equal((7L, 3L, 4L), (summary.RowsRead, summary.Ingested, summary.Rejected));
        Assert.Equal($"{CallBatchIngestion.RejectsContainer}/{center.CenterId}/2026-11-19.csv.rejects.csv", summary.RejectsBlob);
    }

    [Fact]
    public async Task AReplayedTriggerOrTheSameBytesUploadedAgainChangeNothing()
    {
        var center = await NewCenterAsync(app);
        var name = $"{center.CenterId}/day.csv";
        var csv = Header + "\n" + string.Join("\n", Enumerable.Range(0, 120).Select(i => Row($"p-{i}", agent: $"a{i % 4}"))) + "\n";
        await IngestAsync(name, csv);
        var first = await SummaryAsync(center.CenterId);

        var replayed = await TriggerCdrAsync(app, name);
        var uploadedAgain = await IngestAsync(name, csv);

        Assert.Contains("ingested 120, rejected 0", Assert.Single(replayed.Logs));
        Assert.Contains("ingested 120, rejected 0", Assert.Single(uploadedAgain.Logs));
        // The summary is the first run's, untouched (same start time): the file was recognised, not ingested again.
        Assert.Equal(first, await SummaryAsync(center.CenterId));
        Assert.Equal((120L, 0L), (first.Added, first.Unchanged));
        Assert.Equal(120, (await Store(app).GetDayStrataAsync(center.CenterId, Day, default)).Sum(s => s.Calls));
    }

    [Fact]
    public async Task AReExportWithOneCorrectedRowCorrectsThatCallAndDuplicatesNothing()
    {
        var center = await NewCenterAsync(app);
        var name = $"{center.CenterId}/day.csv";
        var rows = Enumerable.Range(0, 120).Select(i => Row($"p-{i}", agent: $"a{i % 4}")).ToList();
        await IngestAsync(name, Header + "\n" + string.Join("\n", rows) + "\n");

        rows[7] = Row("p-7", agent: "a9");
        await IngestAsync(name, Header + "\n" + string.Join("\n", rows) + "\n");

        var summary = await SummaryAsync(center.CenterId);
        Assert.Equal((0L, 1L, 119L), (summary.Added, summary.Corrected, summary.Unchanged));
        var strata = await Store(app).GetDayStrataAsync(center.CenterId, Day, default);
        Assert.Equal(120, strata.Sum(s => s.Calls));
        Assert.Equal(1, strata.Single(s => s.AgentId == "a9").Calls);
        Assert.Equal("a3", Assert.Single(await Store(app).GetPreviousVersionsAsync(center.CenterId, "p-7", default)).AgentId);
    }

    private async Task<BatchSummary> SummaryAsync(string center) =>
        Assert.Single(await app.QaLeadOf(center).GetFromJsonAsync<List<BatchSummary>>($"/api/call-batches?center={center}") ?? []);

    [Fact]
    public async Task AJsonlExportIsIngestedLineByLine()
    {
        var center = await NewCenterAsync(app);
        var jsonl = string.Join("\n",
            """{"callId":"j-1","agentId":"a1","team":"t1","businessType":"order","direction":"outbound","start":"2026-11-19T11:00:00+08:00","talkSeconds":60}""",
            "",
            """{"callId":"j-2","agentId":"a1","team":"t1","businessType":"order","direction":"outbound","start":"2026-11-19T11:00:00+08:00","talkSeconds":"sixty"}""",
            """{"callId":"j-3", broken""",
            """{"callId":"j-4","agentId":"a1","team":"t1","businessType":"order","direction":"inbound","start":"2026-11-19T12:00:00+08:00","talkSeconds":30,"testCall":true}""");

        var response = await IngestAsync($"{center.CenterId}/export.jsonl", jsonl);

        Assert.Contains("read 4, ingested 2, rejected 2", Assert.Single(response.Logs));
        Assert.Equal("j-4", Assert.Single(await Store(app).ListFlaggedAsync(center.CenterId, Day, default)).CallId);
        var rejects = (await app.BlobService.GetBlobContainerClient(CallBatchIngestion.RejectsContainer)
            .GetBlobClient($"{center.CenterId}/export.jsonl.rejects.csv").DownloadContentAsync()).Value.Content.ToString();
        Assert.Contains("3,talkSeconds: must be a whole number", rejects);
        Assert.Contains("4,\"malformed JSON", rejects);
    }

    [Fact]
    public async Task AFileWithoutTheRequiredColumnsIsRejectedAsAWhole()
    {
        var center = await NewCenterAsync(app);
        var response = await IngestAsync($"{center.CenterId}/bad.csv", "id,who\n1,2\n");

        Assert.Contains("missing columns: callId, agentId", Assert.Single(response.Logs));
    }

    [Fact]
    public async Task AnUnsupportedFileOrUnknownCenterIsReportedNotRetried()
    {
        var center = await NewCenterAsync(app);
        Assert.Contains("unsupported format", Assert.Single((await IngestAsync($"{center.CenterId}/notes.txt", "hello")).Logs));
        Assert.Contains("unknown center", Assert.Single((await IngestAsync($"{AppFixture.NewCenterId()}/d.csv", Header + "\n")).Logs));
    }

    [Fact]
    public async Task AFileOverTheSizeLimitIsListedAsFailedWithTheReasonAndNotImported()
    {
        var center = await NewCenterAsync(app);
        var name = $"{center.CenterId}/too-big.csv";
        var csv = Header + "\n" + string.Join("\n", Enumerable.Range(0, 40).Select(i => Row($"big-{i}"))) + "\n";
        await UploadAsync(app, CallBatchIngestion.Container, name, Encoding.UTF8.GetBytes(csv));
        // The same app with the limit lowered by configuration (Ingestion__MaxCdrBytes in Azure), on the same storage.
        await using var limited = app.WithWebHostBuilder(b => b.UseSetting("Ingestion:MaxCdrBytes", "1000"));

        var response = await limited.CreateClient().PostAsync("/IngestCallBatch",
            new StringContent(EventGridPayload("IngestCallBatch", CallBatchIngestion.Container, name), Encoding.UTF8, "application/json"));

        Assert.True(response.IsSuccessStatusCode); // no retry: a bigger file will not shrink
        var summary = await SummaryAsync(center.CenterId);
        Assert.Equal(BatchStatus.Failed, summary.Status);
        Assert.Contains($"the file is {Encoding.UTF8.GetByteCount(csv):N0} bytes, over the limit of 1,000 bytes", summary.Problem);
        var queued = (await app.QueueService.GetQueueClient(CallBatchQueue.Name).PeekMessagesAsync(32)).Value;
        Assert.DoesNotContain(queued, m => m.Body.ToString().Contains(name));
        Assert.Null(await Store(app).GetAsync(center.CenterId, "big-0", default));
    }
}
