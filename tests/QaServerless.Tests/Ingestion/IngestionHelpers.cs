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
    /// The payload the Functions host sends a custom handler for a blob trigger: the content twice-encoded in Data, the
    /// path captures and Uri (as JSON-encoded strings) in Metadata (see the recorded payload in Payloads/).
    /// </summary>
    public static string BlobTriggerPayload(string binding, string container, string captureName, string blobName, string content, string function)
    {
        var payload = new
        {
            Data = new Dictionary<string, object> { [binding] = content },
            Metadata = new Dictionary<string, object>
            {
                ["Uri"] = JsonSerializer.Serialize($"http://127.0.0.1:10000/devstoreaccount1/{container}/{blobName}"),
                ["Properties"] = new { ContentLength = content.Length, ContentType = "application/json", ETag = "\"0x8DE000000000001\"" },
                ["Metadata"] = new { },
                ["name"] = JsonSerializer.Serialize(captureName),
                ["sys"] = new { MethodName = function, UtcNow = "2026-11-20T01:00:00Z", RandGuid = Guid.NewGuid().ToString() },
            },
        };
        return JsonSerializer.Serialize(payload);
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
        return await PostTriggerAsync(app, "IngestCallRecord",
            BlobTriggerPayload("manifest", CallRecordIngestion.Container, name, name + ".json", manifestText, "IngestCallRecord"));
    }

    public static CallStore Store(AppFixture app) => app.Services.GetRequiredService<CallStore>();
}
