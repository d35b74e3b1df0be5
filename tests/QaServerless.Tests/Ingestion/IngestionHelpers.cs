using System.Net.Http.Json;
using System.Text.Json;
using Azure.Storage.Blobs;
using Microsoft.Extensions.DependencyInjection;
using QaServerless.Calls;
using QaServerless.Hosting;
using QaServerless.Ingestion;
using QaServerless.ReferenceData;
using QaServerless.Tests.Infrastructure;

namespace QaServerless.Tests.Ingestion;

/// <summary>Uploads and host-shaped trigger calls for the ingestion tests.</summary>
internal static class IngestionHelpers
{
    public static async Task<Center> NewCenterAsync(AppFixture app)
    {
        var center = new Center(AppFixture.NewCenterId(), "Test center", "Asia/Shanghai");
        await app.Services.GetRequiredService<ReferenceDataStore>().UpsertCenterAsync(center);
        return center;
    }

    public static Dictionary<string, object?> Manifest(string callId, string audioFile = "") => new()
    {
        ["schemaVersion"] = 1, ["callId"] = callId, ["agentId"] = "a017", ["team"] = "t1", ["businessType"] = "inquiry",
        ["direction"] = "inbound", ["start"] = "2026-11-19T10:02:03+08:00", ["talkSeconds"] = 183, ["holdSeconds"] = 12,
        ["afterCallWorkSeconds"] = 31, ["queueSeconds"] = 9, ["abandoned"] = false, ["customerKey"] = "sha256:5d41402a",
        ["resolved"] = true, ["csat"] = 5, ["complaint"] = false, ["testCall"] = false,
        ["audioFile"] = audioFile.Length > 0 ? audioFile : callId + ".wav",
    };

    /// <summary>A small stereo 8 kHz 16-bit WAV of the given length.</summary>
    public static byte[] Wav(double seconds, int channels = 2, int sampleRate = 8000)
    {
        var dataBytes = (int)(seconds * sampleRate * channels * 2);
        var bytes = new byte[44 + dataBytes];
        AudioHeader.PcmWavHeader(channels, sampleRate, 16, dataBytes).CopyTo(bytes, 0);
        return bytes;
    }

    public static Task UploadAsync(AppFixture app, string container, string name, byte[] content) =>
        app.BlobService.GetBlobContainerClient(container).GetBlobClient(name).UploadAsync(BinaryData.FromBytes(content), overwrite: true);

    /// <summary>
    /// The BlobCreated event Event Grid sends for a blob of the local storage account (Event Grid schema), as the storage
    /// account writes it: the subject names the blob, <c>data.url</c> is URL-encoded.
    /// </summary>
    public static Dictionary<string, object?> BlobCreatedEvent(string container, string blobName, long contentLength) => new()
    {
        ["topic"] = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-qa/providers/Microsoft.Storage/storageAccounts/devstoreaccount1",
        ["subject"] = $"/blobServices/default/containers/{container}/blobs/{blobName}",
        ["eventType"] = "Microsoft.Storage.BlobCreated",
        ["id"] = Guid.NewGuid().ToString(),
        ["data"] = new Dictionary<string, object?>
        {
            ["api"] = "PutBlob", ["clientRequestId"] = Guid.NewGuid().ToString(), ["requestId"] = Guid.NewGuid().ToString(),
            ["eTag"] = "0x8DE27F1C2B3A4D5", ["contentType"] = "application/octet-stream", ["contentLength"] = contentLength, ["blobType"] = "BlockBlob",
            ["url"] = $"http://127.0.0.1:10000/devstoreaccount1/{container}/{Uri.EscapeDataString(blobName).Replace("%2F", "/")}",
            ["sequencer"] = "00000000000000000000000000017e5f0000000000a3c0b4",
            ["storageDiagnostics"] = new Dictionary<string, object?> { ["batchId"] = Guid.NewGuid().ToString() },
        },
        ["dataVersion"] = "", ["metadataVersion"] = "1", ["eventTime"] = "2026-11-20T01:00:00.1234567Z",
    };

    /// <summary>
    /// The payload the Functions host sends a custom handler for an eventGridTrigger (see Payloads/IngestCallBatch.event-grid.json):
    /// the event's JSON text encoded twice in <c>Data.event</c>, its <c>data</c> object in Metadata. Never the blob's content.
    /// </summary>
    public static string EventGridPayload(string function, Dictionary<string, object?> blobEvent)
    {
        var payload = new
        {
            Data = new Dictionary<string, object> { ["event"] = JsonSerializer.Serialize(JsonSerializer.Serialize(blobEvent, new JsonSerializerOptions { WriteIndented = true })) },
            Metadata = new Dictionary<string, object?>
            {
                ["data"] = blobEvent["data"],
                ["sys"] = new { MethodName = function, UtcNow = "2026-11-20T01:00:00Z", RandGuid = Guid.NewGuid().ToString() },
            },
        };
        return JsonSerializer.Serialize(payload);
    }

    public static string EventGridPayload(string function, string container, string blobName, long contentLength = 0) =>
        EventGridPayload(function, BlobCreatedEvent(container, blobName, contentLength));

    /// <summary>The payload of a queueTrigger: the message text twice-encoded, DequeueCount as text.</summary>
    public static string QueuePayload(string function, string message, long dequeueCount) => JsonSerializer.Serialize(new
    {
        Data = new Dictionary<string, object> { ["message"] = JsonSerializer.Serialize(message) },
        Metadata = new Dictionary<string, object>
        {
            ["DequeueCount"] = dequeueCount.ToString(System.Globalization.CultureInfo.InvariantCulture), ["Id"] = JsonSerializer.Serialize(Guid.NewGuid().ToString()),
            ["sys"] = new { MethodName = function, UtcNow = "2026-11-20T01:00:00Z", RandGuid = Guid.NewGuid().ToString() },
        },
    });

    /// <summary>
    /// A CDR file through both functions as the host runs them: IngestCallBatch on the BlobCreated event, then, when it
    /// queued the file, ImportCallBatch on the message it put in the real <c>call-batches</c> queue. The tests of the app
    /// collection run one at a time, so what else is in the queue is left over from earlier tests and is dropped.
    /// </summary>
    public static async Task<HostResponse> IngestCdrAsync(AppFixture app, string name, string content)
    {
        await UploadAsync(app, CallBatchIngestion.Container, name, System.Text.Encoding.UTF8.GetBytes(content));
        return await TriggerCdrAsync(app, name);
    }

    /// <summary>The BlobCreated event of a CDR already uploaded (or a replay of it), and the import it queues.</summary>
    public static async Task<HostResponse> TriggerCdrAsync(AppFixture app, string name)
    {
        var accepted = await PostTriggerAsync(app, "IngestCallBatch", EventGridPayload("IngestCallBatch", CallBatchIngestion.Container, name));
        var queue = app.QueueService.GetQueueClient(CallBatchQueue.Name);
        var messages = (await queue.ReceiveMessagesAsync(32)).Value;
        foreach (var m in messages) await queue.DeleteMessageAsync(m.MessageId, m.PopReceipt);
        var mine = messages.FirstOrDefault(m => JsonSerializer.Deserialize<CallBatchRequest>(m.Body.ToString(), HostJson.Options)?.Blob == name);
        return mine is null ? accepted : await PostTriggerAsync(app, "ImportCallBatch", QueuePayload("ImportCallBatch", mine.Body.ToString(), mine.DequeueCount));
    }

    public static async Task<HostResponse> PostTriggerAsync(AppFixture app, string function, string payload)
    {
        var response = await app.CreateClient().PostAsync($"/{function}", new StringContent(payload, System.Text.Encoding.UTF8, "application/json"));
        Assert.True(response.IsSuccessStatusCode, $"{function} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<HostResponse>(HostJson.Options))!;
    }

    /// <summary>Uploads the manifest (after its audio, as centers do) and runs IngestCallRecord on it as the host would.</summary>
    public static async Task<HostResponse> IngestManifestAsync(AppFixture app, string center, string callId, string manifestText, string folder = "2026/11/19")
    {
        var name = $"{center}/{folder}/{callId}";
        await UploadAsync(app, CallRecordIngestion.Container, name + ".json", System.Text.Encoding.UTF8.GetBytes(manifestText));
        return await PostTriggerAsync(app, "IngestCallRecord", EventGridPayload("IngestCallRecord", CallRecordIngestion.Container, name + ".json"));
    }

    public static CallStore Store(AppFixture app) => app.Services.GetRequiredService<CallStore>();
}
