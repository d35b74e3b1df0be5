using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using QaServerless.Calls;
using QaServerless.Ingestion;
using QaServerless.Tests.Infrastructure;
using static QaServerless.Tests.Ingestion.IngestionHelpers;

namespace QaServerless.Tests.Ingestion;

/// <summary>IngestCallRecord through its trigger endpoint, with host-shaped payloads, on a real Azurite.</summary>
[Collection(AppCollection.Name)]
public sealed class IngestCallRecordTests(AppFixture app)
{
    private static readonly DateOnly Day = new(2026, 11, 19);

    [Fact]
    public async Task TheRecordedHostPayloadIsIngestedWithTheAudioHeader()
    {
        var center = await NewCenterAsync(app);
        await UploadAsync(app, CallRecordIngestion.Container, $"{center.CenterId}/2026/11/19/c-20261119-0001.wav", Wav(3.5));
        var manifest = Manifest("c-20261119-0001");
        manifest["customerKey"] = "sha256:5d41402abc4b2a76b9719d911017c592";
        await UploadAsync(app, CallRecordIngestion.Container, $"{center.CenterId}/2026/11/19/c-20261119-0001.json", JsonSerializer.SerializeToUtf8Bytes(manifest));
        // The event names the manifest; the handler reads it from storage.
        var recorded = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Payloads", "IngestCallRecord.event-grid.json"))
            .Replace("__CENTER__", center.CenterId);

        var response = await PostTriggerAsync(app, "IngestCallRecord", recorded);

        Assert.Contains("added", Assert.Single(response.Logs));
        var call = await Store(app).GetAsync(center.CenterId, "c-20261119-0001", default);
        Assert.Equal(183, call!.TalkSeconds);
        Assert.Equal(TimeSpan.FromHours(8), call.Start.Offset);
        Assert.Equal($"{center.CenterId}/2026/11/19/c-20261119-0001.wav", call.AudioBlob);
        Assert.Equal(("wav", 2, 8000, 3.5), (call.Audio!.Format, call.Audio.Channels, call.Audio.SampleRate, call.Audio.DurationSeconds));
    }

    [Fact]
    public async Task UploadingTheSameManifestAgainChangesNothing()
    {
        var center = await NewCenterAsync(app);
        await UploadAsync(app, CallRecordIngestion.Container, $"{center.CenterId}/2026/11/19/r-1.wav", Wav(1));
        var manifest = JsonSerializer.Serialize(Manifest("r-1"));

        await IngestManifestAsync(app, center.CenterId, "r-1", manifest);
        var again = await IngestManifestAsync(app, center.CenterId, "r-1", manifest);

        Assert.Contains("unchanged", Assert.Single(again.Logs));
        Assert.Equal(1, Assert.Single(await Store(app).GetDayStrataAsync(center.CenterId, Day, default)).Calls);
        Assert.Empty(await Store(app).GetPreviousVersionsAsync(center.CenterId, "r-1", default));
    }

    [Fact]
    public async Task ACorrectedManifestUpdatesTheCallAndKeepsThePreviousVersion()
    {
        var center = await NewCenterAsync(app);
        await UploadAsync(app, CallRecordIngestion.Container, $"{center.CenterId}/2026/11/19/v-1.wav", Wav(1));
        await IngestManifestAsync(app, center.CenterId, "v-1", JsonSerializer.Serialize(Manifest("v-1")));

        var corrected = Manifest("v-1");
        corrected["talkSeconds"] = 240;
        corrected["complaint"] = true;
        var response = await IngestManifestAsync(app, center.CenterId, "v-1", JsonSerializer.Serialize(corrected));

        Assert.Contains("corrected", Assert.Single(response.Logs));
        Assert.Equal(240, (await Store(app).GetAsync(center.CenterId, "v-1", default))!.TalkSeconds);
        Assert.Equal(183, Assert.Single(await Store(app).GetPreviousVersionsAsync(center.CenterId, "v-1", default)).TalkSeconds);
        Assert.Single(await Store(app).ListFlaggedAsync(center.CenterId, Day, default));
    }

    public static TheoryData<string, Func<Dictionary<string, object?>, string>, string> BadManifests => new()
    {
        { "malformed JSON", m => JsonSerializer.Serialize(m)[..40], "malformed JSON" },
        { "not an object", _ => "[1,2,3]", "must be a JSON object" },
        { "missing field", m => { m.Remove("agentId"); return JsonSerializer.Serialize(m); }, "agentId: is required" },
        { "mistyped field", m => { m["talkSeconds"] = "long"; return JsonSerializer.Serialize(m); }, "talkSeconds: must be a whole number" },
        { "mistyped flag", m => { m["abandoned"] = "maybe"; return JsonSerializer.Serialize(m); }, "abandoned: must be true or false" },
        { "negative duration", m => { m["holdSeconds"] = -5; return JsonSerializer.Serialize(m); }, "holdSeconds: must not be negative" },
        { "start in the future", m => { m["start"] = "2026-11-22T10:00:00+08:00"; return JsonSerializer.Serialize(m); }, "start: is in the future" },
        { "start without offset", m => { m["start"] = "2026-11-19T10:00:00"; return JsonSerializer.Serialize(m); }, "with a UTC offset" },
        { "unknown schema", m => { m["schemaVersion"] = 7; return JsonSerializer.Serialize(m); }, "schemaVersion: 7 is not supported" },
        { "no schema", m => { m.Remove("schemaVersion"); return JsonSerializer.Serialize(m); }, "schemaVersion: is required" },
        { "audio path escapes", m => { m["audioFile"] = "../other/x.wav"; return JsonSerializer.Serialize(m); }, "audioFile: must be a file name" },
        { "csat out of range", m => { m["csat"] = 9; return JsonSerializer.Serialize(m); }, "csat: must be 1 to 5" },
        { "over 1 MB", m => { m["padding"] = new string('x', 1024 * 1024); return JsonSerializer.Serialize(m); }, "larger than 1024 KB" },
        { "call id not the file name", m => { m["callId"] = "someone-else"; return JsonSerializer.Serialize(m); }, "does not match the manifest's file name" },
    };

    [Theory]
    [MemberData(nameof(BadManifests))]
    public async Task ABadManifestIsQuarantinedWithItsReasonAndTheInvocationSucceeds(string _, Func<Dictionary<string, object?>, string> spoil, string reason)
    {
        var center = await NewCenterAsync(app);
        await UploadAsync(app, CallRecordIngestion.Container, $"{center.CenterId}/2026/11/19/q-1.wav", Wav(1));

        var response = await IngestManifestAsync(app, center.CenterId, "q-1", spoil(Manifest("q-1")));

        Assert.Contains("quarantined", Assert.Single(response.Logs));
        Assert.Null(await Store(app).GetAsync(center.CenterId, "q-1", default));
        var listed = await app.QaLeadOf(center.CenterId).GetFromJsonAsync<List<QuarantinedManifest>>($"/api/ingest/quarantine?center={center.CenterId}");
        var entry = Assert.Single(listed!);
        Assert.Equal($"{center.CenterId}/2026/11/19/q-1.json", entry.Blob);
        Assert.Contains(entry.Reasons, r => r.Contains(reason));
        var reasonFile = app.BlobService.GetBlobContainerClient(Quarantine.Container).GetBlobClient($"{center.CenterId}/2026/11/19/q-1.json.reason.json");
        Assert.Contains(reason.Replace("'", "\\u0027"), (await reasonFile.DownloadContentAsync()).Value.Content.ToString());
    }

    [Theory]
    [InlineData("missing", "not found")]
    [InlineData("text", "not an audio file")]
    [InlineData("fake-wav", "not a WAV file")]
    [InlineData("empty", "empty")]
    public async Task AudioThatIsMissingOrNotAudioQuarantinesTheManifest(string kind, string reason)
    {
        var center = await NewCenterAsync(app);
        var audio = kind == "text" ? "q-2.mp3" : "q-2.wav";
        if (kind != "missing")
        {
            var bytes = kind switch { "text" => "hello, this is not audio"u8.ToArray(), "fake-wav" => "RIFX0000WAVE"u8.ToArray(), _ => [] };
            await UploadAsync(app, CallRecordIngestion.Container, $"{center.CenterId}/2026/11/19/{audio}", bytes);
        }

        var response = await IngestManifestAsync(app, center.CenterId, "q-2", JsonSerializer.Serialize(Manifest("q-2", audio)));

        Assert.Contains("quarantined", Assert.Single(response.Logs));
        Assert.Contains(reason, response.Logs[0]);
        Assert.Null(await Store(app).GetAsync(center.CenterId, "q-2", default));
    }

    [Fact]
    public async Task AManifestForAnUnknownCenterIsQuarantined()
    {
        var center = AppFixture.NewCenterId();
        var response = await IngestManifestAsync(app, center, "q-3", JsonSerializer.Serialize(Manifest("q-3")));

        Assert.Contains("unknown center", Assert.Single(response.Logs));
    }

    [Theory]
    [InlineData("2026/../11/19")]
    [InlineData("2026/11/\u000119")]
    public async Task ABlobNameWithDotDotOrControlCharactersIsQuarantined(string folder)
    {
        var center = await NewCenterAsync(app);
        var name = $"{center.CenterId}/{folder}/q-4";

        // Not uploaded: storage would normalise such names; the host could still hand one over (Event Grid subject).
        var response = await PostTriggerAsync(app, "IngestCallRecord", EventGridPayload("IngestCallRecord", CallRecordIngestion.Container, name + ".json"));

        Assert.Contains("quarantined", Assert.Single(response.Logs));
        Assert.Contains("blob name", response.Logs[0]);
    }

    [Fact]
    public async Task ABadCorrectionLeavesTheStoredCallAsItWas()
    {
        var center = await NewCenterAsync(app);
        await UploadAsync(app, CallRecordIngestion.Container, $"{center.CenterId}/2026/11/19/k-1.wav", Wav(1));
        await IngestManifestAsync(app, center.CenterId, "k-1", JsonSerializer.Serialize(Manifest("k-1")));

        var bad = Manifest("k-1");
        bad["talkSeconds"] = -1;
        await IngestManifestAsync(app, center.CenterId, "k-1", JsonSerializer.Serialize(bad));

        Assert.Equal(183, (await Store(app).GetAsync(center.CenterId, "k-1", default))!.TalkSeconds);
    }

    [Fact]
    public async Task TheQuarantineIsOnlyShownToTheCentersLeads()
    {
        var center = await NewCenterAsync(app);
        var outsider = app.QaLeadOf("elsewhere");
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync($"/api/ingest/quarantine?center={center.CenterId}")).StatusCode);
        var agent = app.ClientAs("ag", [QaServerless.Security.Roles.Agent], [center.CenterId]);
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.GetAsync($"/api/ingest/quarantine?center={center.CenterId}")).StatusCode);
    }
}
