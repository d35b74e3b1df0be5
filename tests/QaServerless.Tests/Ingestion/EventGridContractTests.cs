using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using QaServerless.Hosting;
using QaServerless.Ingestion;
using QaServerless.Tests.Infrastructure;
using static QaServerless.Tests.Ingestion.IngestionHelpers;

namespace QaServerless.Tests.Ingestion;

/// <summary>
/// The eventGridTrigger contract (docs/architecture.md): the host hands a custom handler the BlobCreated event as its
/// JSON text encoded twice in <c>Data.event</c> (the Event Grid extension binds a JToken, converts it to a string for a
/// script function, and the custom-handler invoker serialises that string once more), and the event's <c>data</c> as an
/// object in Metadata. Pinned with payloads shaped exactly so (Payloads/*.event-grid.json).
/// </summary>
[Collection(AppCollection.Name)]
public sealed class EventGridContractTests(AppFixture app)
{
    private static string Recorded(string file, string center) =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Payloads", file)).Replace("__CENTER__", center);

    [Fact]
    public void TheHostsEventGridPayloadNamesTheBlobAndCarriesNoContent()
    {
        var payload = Recorded("IngestCallBatch.event-grid.json", "sh");
        var invocation = JsonSerializer.Deserialize<HostInvocation>(payload, HostJson.Options)!;

        // Twice encoded: after the body is parsed the value is still a JSON string literal.
        Assert.StartsWith("\"{", invocation.Data!["event"].GetString());
        var (blob, ignored) = QaServerless.Hosting.BlobCreatedEvent.From(invocation, "event");

        Assert.Null(ignored);
        Assert.Equal(("call-records", "sh/2026-11-18.csv", 50_150_067L), (blob!.Container, blob.BlobName, blob.ContentLength));
        // A notification of a 50 MB file, not the file: the whole request is a few KB.
        Assert.True(Encoding.UTF8.GetByteCount(payload) < 4096);
    }

    [Fact]
    public void TheBlobIsNamedByTheUrlWhenTheSubjectIsMissing()
    {
        var blobEvent = BlobCreatedEvent("call-records", "sh/2026 11/月报.csv", 10);
        blobEvent.Remove("subject");
        var invocation = JsonSerializer.Deserialize<HostInvocation>(EventGridPayload("IngestCallBatch", blobEvent), HostJson.Options)!;

        var (blob, _) = QaServerless.Hosting.BlobCreatedEvent.From(invocation, "event");

        Assert.Equal(("call-records", "sh/2026 11/月报.csv"), (blob!.Container, blob.BlobName));
    }

    [Fact]
    public async Task TheRecordedEventIngestsTheFileItNamesReadFromStorage()
    {
        var center = await NewCenterAsync(app);
        var csv = "callId,agentId,team,businessType,direction,start,talkSeconds,holdSeconds,afterCallWorkSeconds,queueSeconds,abandoned,customerKey,resolved,csat,complaint,testCall\n"
            + "eg-1,a1,t1,order,inbound,2026-11-18T09:00:00+08:00,100,5,20,7,false,sha256:ab,true,4,false,false\n";
        await UploadAsync(app, CallBatchIngestion.Container, $"{center.CenterId}/2026-11-18.csv", Encoding.UTF8.GetBytes(csv));

        var accepted = await PostTriggerAsync(app, "IngestCallBatch", Recorded("IngestCallBatch.event-grid.json", center.CenterId));
        var queued = await SummaryAsync(center.CenterId);
        var imported = await TriggerCdrAsync(app, $"{center.CenterId}/2026-11-18.csv");

        Assert.Contains("queued for import", Assert.Single(accepted.Logs));
        Assert.Equal(BatchStatus.Queued, queued.Status);
        Assert.Contains("ingested 1, rejected 0", Assert.Single(imported.Logs));
        Assert.Equal(BatchStatus.Ingested, (await SummaryAsync(center.CenterId)).Status);
        Assert.NotNull(await Store(app).GetAsync(center.CenterId, "eg-1", default));
    }

    [Fact]
    public async Task EventsForOtherBlobsOrOtherEventTypesSucceedQuietlyAndLeaveNoRecord()
    {
        var center = await NewCenterAsync(app);
        var deleted = BlobCreatedEvent(CallBatchIngestion.Container, $"{center.CenterId}/gone.csv", 0);
        deleted["eventType"] = "Microsoft.Storage.BlobDeleted";

        var wav = await PostTriggerAsync(app, "IngestCallRecord", EventGridPayload("IngestCallRecord", CallRecordIngestion.Container, $"{center.CenterId}/2026/11/19/c-1.wav", 48_000));
        var manifestToBatch = await PostTriggerAsync(app, "IngestCallBatch", EventGridPayload("IngestCallBatch", CallRecordIngestion.Container, $"{center.CenterId}/2026/11/19/c-1.json"));
        var delete = await PostTriggerAsync(app, "IngestCallBatch", EventGridPayload("IngestCallBatch", deleted));

        Assert.All(new[] { wav, manifestToBatch, delete }, r => Assert.StartsWith("ignored:", Assert.Single(r.Logs)));
        Assert.Empty((await app.QaLeadOf(center.CenterId).GetFromJsonAsync<List<QuarantinedManifest>>($"/api/ingest/quarantine?center={center.CenterId}"))!);
        Assert.Empty((await app.QaLeadOf(center.CenterId).GetFromJsonAsync<List<BatchSummary>>($"/api/call-batches?center={center.CenterId}"))!);
    }

    private async Task<BatchSummary> SummaryAsync(string center) =>
        Assert.Single((await app.QaLeadOf(center).GetFromJsonAsync<List<BatchSummary>>($"/api/call-batches?center={center}"))!);
}
