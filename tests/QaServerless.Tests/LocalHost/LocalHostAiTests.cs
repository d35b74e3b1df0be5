using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Storage.Blobs;
using QaServerless.FakeOpenAI;
using QaServerless.LocalHost;
using QaServerless.LocalHost.Demo;
using QaServerless.LocalHost.Handler;

namespace QaServerless.Tests.LocalHost;

/// <summary>
/// The local host as `dotnet run` starts it, without a configured OpenAI endpoint: it starts the local fake Azure OpenAI,
/// hands its endpoint to the handler process, and a call uploaded as WAV + manifest and queued for analysis ends with
/// the fake's transcript, through the real blob and queue triggers.
/// </summary>
public class LocalHostAiTests
{
    [Fact]
    public async Task WithoutAConfiguredEndpointTheHandlerIsGivenTheLocalFakeAndACallEndsWithATranscript()
    {
        Assert.True(string.IsNullOrEmpty(Environment.GetEnvironmentVariable("AzureWebJobsStorage")), "this test needs the local host to start its own Azurite");
        Assert.True(string.IsNullOrEmpty(Environment.GetEnvironmentVariable("OpenAI__Endpoint")), "this test needs the local host to start the fake");
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(4)); // a bound: a bug cannot hang the run
        var ready = new TaskCompletionSource<LocalHostProgram.Running>(TaskCreationOptions.RunContinuationsAsynchronously);
        var run = Task.Run(() => LocalHostProgram.RunAsync(new LocalHostOptions { Port = HandlerProcess.FreePort() }, stop.Token, ready.SetResult));
        var running = await ready.Task.WaitAsync(stop.Token);
        try
        {
            Assert.NotNull(running.FakeOpenAIEndpoint);
            using var api = new HttpClient { BaseAddress = running.Address };
            api.DefaultRequestHeaders.Add(DevSignIn.Header, DevSignIn.DemoAdmin);
            (await api.PutAsJsonAsync("/api/centers/ai1", new { name = "AI", timeZone = "Asia/Shanghai", retentionDays = 30 })).EnsureSuccessStatusCode();

            var call = new DemoCall("ai1", "ai1-call-1", "a-001", "T1", "咨询", "inbound", new DateTimeOffset(2026, 11, 19, 10, 0, 0, TimeSpan.FromHours(8)),
                185, 0, 40, 6, false, "k-1", true, 5, false, false);
            var recordings = new BlobServiceClient(running.Storage).GetBlobContainerClient("recordings");
            await recordings.CreateIfNotExistsAsync();
            await recordings.GetBlobClient("ai1/2026/11/19/ai1-call-1.wav").UploadAsync(BinaryData.FromBytes(DemoLoader.Recording(call.CallId)));
            await recordings.GetBlobClient("ai1/2026/11/19/ai1-call-1.json").UploadAsync(BinaryData.FromString(DemoLoader.Manifest(call)));
            HttpResponseMessage stored;
            while ((stored = await api.GetAsync("/api/calls/ai1/ai1-call-1", stop.Token)).StatusCode != HttpStatusCode.OK) await Task.Delay(200, stop.Token);
            var audioSeconds = (await stored.Content.ReadFromJsonAsync<JsonElement>(stop.Token)).GetProperty("audio").GetProperty("durationSeconds").GetDouble();

            Assert.Equal(HttpStatusCode.Accepted, (await api.PostAsync("/api/ai/ai1/calls/ai1-call-1/analyze", null, stop.Token)).StatusCode);
            // The transcript is stored first, the analysis when everything is done: wait for the analysis.
            JsonElement analysis;
            while ((analysis = await AnalysisAsync(api, stop.Token)).ValueKind != JsonValueKind.Object || analysis.GetProperty("status").GetString() == "Queued")
                await Task.Delay(200, stop.Token);
            Assert.Equal("Completed", analysis.GetProperty("status").GetString());

            var transcript = await api.GetFromJsonAsync<JsonElement>("/api/ai/ai1/calls/ai1-call-1/transcript", stop.Token);
            var segments = transcript.GetProperty("segments");
            var canned = CannedTranscripts.DemoFor("ai1-call-1");
            Assert.Equal(canned.Lines.Count, segments.GetArrayLength());
            Assert.Equal(canned.Lines[0].Start, segments[0].GetProperty("start").GetDouble());
            // The demo recording is as long as the conversation the fake hears in it: evidence times fall inside the audio.
            Assert.InRange(canned.Lines.Max(l => l.End), 0, audioSeconds);
        }
        finally
        {
            await stop.CancelAsync();
            Assert.Equal(0, await run);
        }
    }

    private static async Task<JsonElement> AnalysisAsync(HttpClient api, CancellationToken ct)
    {
        using var response = await api.GetAsync("/api/ai/ai1/calls/ai1-call-1", ct);
        return response.StatusCode == HttpStatusCode.OK ? await response.Content.ReadFromJsonAsync<JsonElement>(ct) : default;
    }
}
