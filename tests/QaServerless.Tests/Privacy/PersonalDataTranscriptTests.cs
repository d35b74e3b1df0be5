using System.Net.Http.Json;
using System.Text.Json;
using QaServerless.Ai.Analysis;
using QaServerless.FakeOpenAI;
using QaServerless.Security;
using QaServerless.Tests.Ai;
using QaServerless.Tests.Infrastructure;
using Xunit.Abstractions;
using static QaServerless.Tests.Ingestion.IngestionHelpers;

namespace QaServerless.Tests.Privacy;

/// <summary>The corpus spoken in a call: the stored transcript, the analysis and the logs show none of it in clear.</summary>
[Collection(AppCollection.Name)]
public sealed class PersonalDataTranscriptTests(AppFixture app, ITestOutputHelper output)
{
    [Fact]
    public async Task ATranscriptFullOfNumbersIsStoredMasked()
    {
        await using var fake = await FakeOpenAIServer.StartAsync();
        await using var ai = app.WithFakeOpenAI(fake);
        using var logs = LogCapture.AttachTo(ai.Services);
        var center = (await NewCenterAsync(app)).CenterId;
        var callId = "tr-" + Guid.NewGuid().ToString("N")[..8];
        // The customer reads every writing of the corpus out, a few a line, as a speech model would transcribe it.
        var lines = PersonalDataCorpus.Writings.Chunk(6).Select((chunk, i) => new CannedLine(i % 2 == 0 ? "customer" : "agent", i * 1.5, i * 1.5 + 1.2,
            string.Join("，还有", chunk.Select(w => $"号码是{w.Text}")) + "。")).ToList();
        fake.Transcripts.Register(callId, new CannedConversation("corpus", lines));
        await UploadAsync(app, "recordings", $"{center}/2026/11/19/{callId}.wav", Wav(lines.Count * 1.5 + 1));
        await IngestManifestAsync(app, center, callId, JsonSerializer.Serialize(Manifest(callId)));

        var message = JsonSerializer.Serialize(new AnalysisRequest(center, callId), new JsonSerializerOptions(JsonSerializerDefaults.Web));
        var trigger = await ai.CreateClient().PostAsJsonAsync("/AnalyzeCall", new
        {
            Data = new { message },
            Metadata = new Dictionary<string, object>
            {
                ["DequeueCount"] = 1, ["Id"] = Guid.NewGuid().ToString(),
                ["sys"] = new { MethodName = "AnalyzeCall", UtcNow = "2026-11-20T01:00:00Z", RandGuid = Guid.NewGuid().ToString() },
            },
        });
        var exposure = new Exposure(output);
        exposure.CheckJson("AnalyzeCall trigger answer", await trigger.Content.ReadAsStringAsync());
        trigger.EnsureSuccessStatusCode();

        var inspector = ai.CreateClient();
        inspector.DefaultRequestHeaders.Add(ClientPrincipalHandler.DevHeader, ClientPrincipalHandler.Encode("insp-1", [Roles.Inspector], [center]));
        var view = await inspector.GetStringAsync($"/api/ai/{center}/calls/{callId}");
        Assert.Equal("Completed", JsonDocument.Parse(view).RootElement.GetProperty("status").GetString());
        exposure.CheckJson("GET /api/ai/{center}/calls/{callId}", view);
        var transcript = await inspector.GetStringAsync($"/api/ai/{center}/calls/{callId}/transcript");
        Assert.Equal(lines.Count, JsonDocument.Parse(transcript).RootElement.GetProperty("segments").GetArrayLength());
        exposure.CheckJson("GET /api/ai/{center}/calls/{callId}/transcript", transcript);
        exposure.CheckLines("ILogger line", logs.Lines);
        exposure.AssertNothingInClear("transcript", PersonalDataCorpus.Writings.Count);
    }
}
