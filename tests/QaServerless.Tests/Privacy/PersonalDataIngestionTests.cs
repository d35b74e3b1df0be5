using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Azure.Storage.Blobs.Models;
using QaServerless.Ingestion;
using QaServerless.Privacy;
using QaServerless.Tests.Infrastructure;
using Xunit.Abstractions;
using static QaServerless.Tests.Ingestion.IngestionHelpers;

namespace QaServerless.Tests.Privacy;

/// <summary>
/// The personal-data corpus in every structured field of manifests and CDR rows: every record is refused with a reason
/// that names the field, and no API answer, rejects file, reason file or log line shows a number in clear.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class PersonalDataIngestionTests(AppFixture app, ITestOutputHelper output)
{
    private static readonly string[] Labels = ["team", "businessType", "customerKey"];
    private static readonly string[] Formulas = ["+SUM(1,2)", "=1+1", " \t@SUM(A1)", "-2+3", "＝1+1", "＋SUM(1,2)", "　＠A1"];
    private const string Header = "callId,agentId,team,businessType,direction,start,talkSeconds,customerKey";

    [Fact]
    public async Task CallRecordsCarryingPersonalDataAreRefusedAndShowNowhereInClear()
    {
        using var logs = LogCapture.AttachTo(app.Services);
        var center = (await NewCenterAsync(app)).CenterId;
        var exposure = new Exposure(output);
        var hostLogs = new List<string>();

        // Manifests: each writing in each label; each compact number as call id (= the file name), agent id and audio file.
        var refused = new List<(string Blob, string Field)>();
        var n = 0;
        async Task IngestAsync(string callId, string field, Dictionary<string, object?> manifest)
        {
            hostLogs.AddRange((await IngestManifestAsync(app, center, callId, JsonSerializer.Serialize(manifest))).Logs);
            refused.Add(($"{center}/2026/11/19/{callId}.json", field));
        }
        foreach (var w in PersonalDataCorpus.Writings)
            foreach (var field in Labels)
            {
                var callId = $"pd-{n++:000}";
                var manifest = Manifest(callId);
                manifest[field] = w.Text;
                await IngestAsync(callId, field, manifest);
            }
        foreach (var w in PersonalDataCorpus.Compact)
        {
            await IngestAsync(w.Text, "callId", Manifest(w.Text));
            var byAgent = $"pd-{n++:000}";
            await IngestAsync(byAgent, "agentId", new Dictionary<string, object?>(Manifest(byAgent)) { ["agentId"] = w.Text });
            var byAudio = $"pd-{n++:000}";
            await IngestAsync(byAudio, "audioFile", new Dictionary<string, object?>(Manifest(byAudio)) { ["audioFile"] = w.Text + ".wav" });
        }
        foreach (var formula in Formulas)
        {
            var callId = $"pd-{n++:000}";
            await IngestAsync(callId, "team", new Dictionary<string, object?>(Manifest(callId)) { ["team"] = formula });
        }
        // One good manifest beside them: it is ingested as before.
        await UploadAsync(app, CallRecordIngestion.Container, $"{center}/2026/11/19/ok-1.wav", Wav(2));
        hostLogs.AddRange((await IngestManifestAsync(app, center, "ok-1", JsonSerializer.Serialize(Manifest("ok-1")))).Logs);

        // The same in a CDR export: one row per writing and label, per compact number as call id and agent id, per formula.
        var rows = new List<string> { Header };
        var rowsRefused = 0;
        string Row(string callId, string agent = "a017", string team = "t1", string type = "inquiry", string key = "sha256:ab") =>
            string.Join(',', new[] { callId, agent, team, type, "inbound", "2026-11-19T09:00:00+08:00", "100", key }.Select(Quote));
        foreach (var w in PersonalDataCorpus.Writings)
        {
            rows.Add(Row($"r-{n++}", team: w.Text));
            rows.Add(Row($"r-{n++}", type: w.Text));
            rows.Add(Row($"r-{n++}", key: w.Text));
            rowsRefused += 3;
        }
        foreach (var w in PersonalDataCorpus.Compact)
        {
            rows.Add(Row(w.Text));
            rows.Add(Row($"r-{n++}", agent: w.Text));
            rowsRefused += 2;
        }
        foreach (var formula in Formulas)
        {
            rows.Add(Row($"r-{n++}", team: formula));
            rows.Add(Row($"r-{n++}", type: formula));
            rowsRefused += 2;
        }
        rows.Add(Row("ok-2"));
        rows.Add(Row("ok-3", team: "SH-T2", type: "回拨"));
        var cdr = string.Join("\n", rows) + "\n";
        var cdrName = $"{center}/2026-11-19.csv";
        hostLogs.AddRange((await IngestCdrAsync(app, cdrName, cdr)).Logs);

        // Only the good records were stored.
        var lead = app.QaLeadOf(center);
        var list = await lead.GetStringAsync($"/api/calls?center={center}&from=2026-11-19&to=2026-11-19");
        exposure.CheckJson("GET /api/calls", list);
        var stored = JsonDocument.Parse(list).RootElement.GetProperty("calls").EnumerateArray().Select(c => c.GetProperty("callId").GetString()).Order().ToList();
        Assert.Equal(["ok-1", "ok-2", "ok-3"], stored);
        foreach (var id in stored) exposure.CheckJson($"GET /api/calls/{{center}}/{id}", await lead.GetStringAsync($"/api/calls/{center}/{id}"));

        // Every refused manifest is in quarantine with a reason naming its field, the value masked or not repeated.
        var quarantineJson = await lead.GetStringAsync($"/api/ingest/quarantine?center={center}");
        exposure.CheckJson("GET /api/ingest/quarantine", quarantineJson);
        var quarantined = JsonDocument.Parse(quarantineJson).RootElement.EnumerateArray()
            .Select(q => (Blob: q.GetProperty("blob").GetString()!, Reasons: q.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()!).ToList())).ToList();
        Assert.Equal(refused.Count, quarantined.Count);
        foreach (var (blob, field) in refused)
        {
            // A phone number used as a call id is the file's name too: the quarantine shows the name masked.
            var entry = quarantined.Single(q => q.Blob == PiiMasker.Mask(blob));
            Assert.Contains(entry.Reasons, r => r.StartsWith(field + ": looks like") || r.StartsWith(field + ": must be a hashed key; looks like"));
        }
        Assert.Equal(PersonalDataCorpus.Compact.Count(), quarantined.Count(q => q.Reasons.Any(r => r.StartsWith("callId: looks like personal data"))));
        var reasonFiles = app.BlobService.GetBlobContainerClient(Quarantine.Container);
        await foreach (var b in reasonFiles.GetBlobsAsync(BlobTraits.None, BlobStates.None, center + "/", default))
            if (b.Name.EndsWith(".reason.json"))
                exposure.CheckJson("recordings-quarantine/…/*.reason.json", (await reasonFiles.GetBlobClient(b.Name).DownloadContentAsync()).Value.Content.ToString());

        // The batch: every bad row rejected, the rejects file and the summary free of numbers in clear.
        var batchesJson = await lead.GetStringAsync($"/api/call-batches?center={center}");
        exposure.CheckJson("GET /api/call-batches", batchesJson);
        var batch = JsonDocument.Parse(batchesJson).RootElement.EnumerateArray().Single();
        Assert.Equal(rowsRefused, batch.GetProperty("rejected").GetInt64());
        var rejects = (await app.BlobService.GetBlobContainerClient(CallBatchIngestion.RejectsContainer)
            .GetBlobClient(cdrName + ".rejects.csv").DownloadContentAsync()).Value.Content.ToString();
        exposure.Check("call-records-rejected/….rejects.csv", rejects);
        Assert.Equal(rowsRefused, rejects.Split('\n').Count(l => l.Contains("looks like personal data") || l.Contains("looks like a spreadsheet formula")));

        exposure.CheckLines("trigger log line", hostLogs);
        exposure.CheckLines("ILogger line", logs.Lines);
        output.WriteLine($"{refused.Count} manifests and {rowsRefused} CDR rows refused; {hostLogs.Count} trigger log lines, {logs.Lines.Count} ILogger lines");
        exposure.AssertNothingInClear("ingestion", PersonalDataCorpus.Writings.Count);
    }

    private static string Quote(string cell) => "\"" + cell.Replace("\"", "\"\"") + "\"";
}
