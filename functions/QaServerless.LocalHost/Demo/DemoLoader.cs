using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Logging;
using QaServerless.FakeOpenAI;

namespace QaServerless.LocalHost.Demo;

public sealed record DemoSummary(int Centers, int Agents, int Inspectors, int HistoryCalls, int RecentCalls, string? SampleCallId, TimeSpan FirstCallsVisibleAfter);

/// <summary>
/// Loads demo data the way real data arrives, so it flows through the real triggers: centers and rosters through the
/// HTTP API (signed in as a development admin), yesterday's answered calls as WAV + manifest in
/// <c>recordings/{center}/yyyy/MM/dd/</c> (audio first, manifest last = commit), older calls as one CDR file per center
/// and day in <c>call-records/{center}/</c>, yesterday's chats in the conversation export (<see cref="DemoChats"/>). Recent calls go first so that GET /api/calls has something within seconds.
/// </summary>
public sealed class DemoLoader(BlobServiceClient blobs, HttpClient api, ILogger<DemoLoader> log)
{
    public DemoLoader(string storageConnectionString, Uri hostAddress, ILogger<DemoLoader> log)
        : this(new BlobServiceClient(storageConnectionString), new HttpClient { BaseAddress = hostAddress }, log) { }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public async Task<DemoSummary> LoadAsync(DemoDataSet data, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        api.DefaultRequestHeaders.Remove(DevSignIn.Header);
        api.DefaultRequestHeaders.Add(DevSignIn.Header, DevSignIn.DemoAdmin);

        foreach (var center in data.Centers)
        {
            var response = await api.PutAsJsonAsync($"/api/centers/{center.CenterId}",
                new { name = center.Name, timeZone = center.TimeZone, retentionDays = center.RetentionDays }, Json, ct);
            await EnsureAsync(response, $"create center {center.CenterId}", ct);
            await UploadRosterAsync(center.CenterId, "agents", data.Agents.Where(a => a.CenterId == center.CenterId).Select(a => new
            {
                agentId = a.AgentId, name = a.Name, team = a.Team, supervisorId = a.SupervisorId,
                hireDate = a.HireDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), businessTypes = a.BusinessTypes,
            }), ct);
            await UploadRosterAsync(center.CenterId, "inspectors", data.Inspectors.Where(i => i.CenterId == center.CenterId).Select(i => new
            {
                inspectorId = i.InspectorId, name = i.Name, dailyCap = i.DailyCap, skills = i.Skills, excludedTeams = i.ExcludedTeams,
            }), ct);
            await PublishScorecardAsync(center.CenterId, "inbound-service", ct);
            await PublishScorecardAsync(center.CenterId, "chat-service", ct); // the chats' card (docs/scoring.md)
        }
        log.LogInformation("Demo: {Centers} centers, {Agents} agents, {Inspectors} inspectors created through the API", data.Centers.Count, data.Agents.Count, data.Inspectors.Count);

        var recent = data.RecentCalls.ToList();
        var recordings = blobs.GetBlobContainerClient("recordings");
        await recordings.CreateIfNotExistsAsync(cancellationToken: ct);
        // Watch for the first calls while the rest upload: the API should show calls within a minute of start.
        var visibleTask = WaitForCallsAsync(data.Centers[0].CenterId, data.Today, ct);
        await Parallel.ForEachAsync(recent, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct }, async (call, token) =>
        {
            var folder = $"{call.CenterId}/{call.Start:yyyy}/{call.Start:MM}/{call.Start:dd}";
            await recordings.GetBlobClient($"{folder}/{call.CallId}.wav").UploadAsync(BinaryData.FromBytes(Recording(call.CallId)),
                new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "audio/wav" } }, token);
            await recordings.GetBlobClient($"{folder}/{call.CallId}.json").UploadAsync(BinaryData.FromString(Manifest(call)),
                new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" } }, token);
        });
        log.LogInformation("Demo: {Count} recent calls uploaded as WAV + manifest in {Ms} ms", recent.Count, watch.ElapsedMilliseconds);

        var visible = await visibleTask;

        var history = data.HistoryCalls.ToList();
        var records = blobs.GetBlobContainerClient("call-records");
        await records.CreateIfNotExistsAsync(cancellationToken: ct);
        var files = history.GroupBy(c => (c.CenterId, c.Day)).ToList();
        await Parallel.ForEachAsync(files, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = ct }, async (file, token) =>
            await records.GetBlobClient($"{file.Key.CenterId}/{file.Key.Day:yyyy-MM-dd}.csv").UploadAsync(BinaryData.FromString(Cdr(file)),
                new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "text/csv" } }, token));
        log.LogInformation("Demo: {Count} older calls uploaded as {Files} CDR files", history.Count, files.Count);

        var yesterday = data.Today.AddDays(-1);
        foreach (var center in data.Centers)
            await records.GetBlobClient($"{center.CenterId}/conversations/{yesterday:yyyy-MM-dd}.jsonl").UploadAsync(
                BinaryData.FromString(DemoChats.ExportFor(data, center.CenterId, yesterday)),
                new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "application/x-ndjson" } }, ct);
        log.LogInformation("Demo: {Count} chats of yesterday a center uploaded in the conversation export", DemoChats.PerCenter);

        return new DemoSummary(data.Centers.Count, data.Agents.Count, data.Inspectors.Count, history.Count, recent.Count,
            recent.FirstOrDefault(c => c.CenterId == data.Centers[0].CenterId)?.CallId, visible);
    }

    private async Task UploadRosterAsync(string center, string kind, IEnumerable<object> rows, CancellationToken ct)
    {
        var response = await api.PutAsJsonAsync($"/api/centers/{center}/{kind}", rows.ToList(), Json, ct);
        if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed)
        {
            log.LogWarning("Demo: the app has no {Kind} upload endpoint (PUT /api/centers/{{center}}/{Kind}); agents will appear as flagged from their calls", kind, kind);
            return;
        }
        await EnsureAsync(response, $"upload {kind} of {center}", ct);
    }

    /// <summary>
    /// Polls GET /api/calls until the first center shows calls of yesterday; gives up 90 s after the process started.
    /// Returns the time since the process started (the README's promise: within a minute).
    /// </summary>
    private async Task<TimeSpan> WaitForCallsAsync(string center, DateOnly today, CancellationToken ct)
    {
        var started = Process.GetCurrentProcess().StartTime.ToUniversalTime();
        TimeSpan Since() => DateTime.UtcNow - started;
        var url = $"/api/calls?center={center}&from={today.AddDays(-1):yyyy-MM-dd}&to={today:yyyy-MM-dd}";
        while (Since() < TimeSpan.FromSeconds(90))
        {
            using (var response = await api.GetAsync(url, ct))
            {
                if (response.IsSuccessStatusCode && (await response.Content.ReadAsStringAsync(ct)).Contains("callId", StringComparison.OrdinalIgnoreCase))
                {
                    log.LogInformation("Demo: calls visible through GET /api/calls {Seconds:0.0} s after the local host started", Since().TotalSeconds);
                    return Since();
                }
            }
            await Task.Delay(250, ct);
        }
        log.LogWarning("Demo: no call visible through GET {Url} within 90 s of start", url);
        return Since();
    }

    /// <summary>
    /// A scorecard template (docs/scoring.md: inbound-service, the default card; chat-service, the chats'), published in
    /// force at once (the demo admin shortens the notice period, with a reason), so that evaluations can start on the demo calls.
    /// </summary>
    private async Task PublishScorecardAsync(string center, string template, CancellationToken ct)
    {
        var created = await api.PostAsync($"/api/centers/{center}/scorecard-templates/{template}", null, ct);
        if (created.StatusCode == HttpStatusCode.Conflict) return; // loaded before into the same storage
        await EnsureAsync(created, $"create the scorecard of {center}", ct);
        using var publish = new HttpRequestMessage(HttpMethod.Post, $"/api/centers/{center}/scorecards/{template}/versions/1/publish")
        {
            Content = JsonContent.Create(new { effectiveFrom = DateTimeOffset.UtcNow, reason = "demo data: in force at once" }),
        };
        publish.Headers.TryAddWithoutValidation("If-Match", created.Headers.ETag?.ToString());
        await EnsureAsync(await api.SendAsync(publish, ct), $"publish the scorecard of {center}", ct);
    }

    private static async Task EnsureAsync(HttpResponseMessage response, string what, CancellationToken ct)
    {
        if (response.IsSuccessStatusCode) return;
        throw new InvalidOperationException($"Demo: could not {what}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}");
    }

    /// <summary>A manifest, schema version 1 (docs/ingest-formats.md).</summary>
    public static string Manifest(DemoCall c) => JsonSerializer.Serialize(new
    {
        schemaVersion = 1, callId = c.CallId, centerId = c.CenterId, agentId = c.AgentId, team = c.Team, businessType = c.BusinessType,
        direction = c.Direction, start = c.Start.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture),
        talkSeconds = c.TalkSeconds, holdSeconds = c.HoldSeconds, afterCallWorkSeconds = c.AfterCallWorkSeconds, queueSeconds = c.QueueSeconds,
        abandoned = c.Abandoned, customerKey = c.CustomerKey, resolved = c.Resolved, csat = c.Csat, complaint = c.Complaint, testCall = c.TestCall,
        audioFile = c.CallId + ".wav",
    }, Json);

    public const string CdrHeader = "callId,agentId,team,businessType,direction,start,talkSeconds,holdSeconds,afterCallWorkSeconds,queueSeconds,abandoned,customerKey,resolved,csat,complaint,testCall";

    /// <summary>A CDR export: a header row, then one row per call (docs/ingest-formats.md).</summary>
    public static string Cdr(IEnumerable<DemoCall> calls)
    {
        var csv = new StringBuilder(CdrHeader).Append('\n');
        foreach (var c in calls)
            csv.Append(CultureInfo.InvariantCulture, $"{c.CallId},{c.AgentId},{c.Team},{c.BusinessType},{c.Direction},{c.Start:yyyy-MM-dd'T'HH:mm:sszzz},")
               .Append(CultureInfo.InvariantCulture, $"{c.TalkSeconds},{c.HoldSeconds},{c.AfterCallWorkSeconds},{c.QueueSeconds},{Bool(c.Abandoned)},{c.CustomerKey},")
               .Append(CultureInfo.InvariantCulture, $"{Bool(c.Resolved)},{c.Csat},{Bool(c.Complaint)},{Bool(c.TestCall)}\n");
        return csv.ToString();
    }

    /// <summary>
    /// The call's recording: as long as the canned conversation the local fake Azure OpenAI "hears" in it (chosen by call
    /// id), with each speaker's tone on their channel during their lines, so transcript times, evidence times and seeking
    /// in the player agree with the audio.
    /// </summary>
    public static byte[] Recording(string callId)
    {
        var conversation = CannedTranscripts.DemoFor(callId);
        var turns = conversation.Lines.Select(l => new SyntheticWav.Turn(l.Speaker == "agent" ? 0 : 1, l.Start, l.End));
        return SyntheticWav.Conversation(StableSeed(callId), turns, Math.Ceiling(conversation.Lines.Max(l => l.End)) + 1);
    }

    private static string Bool(bool b) => b ? "true" : "false";

    private static int StableSeed(string text) => text.Aggregate(17, (h, ch) => unchecked(h * 31 + ch));

    public static string Instructions(string apiUrl, DemoSummary? summary)
    {
        var admin = DevSignIn.DemoAdmin;
        var todayThere = DemoData.TodayIn("Asia/Shanghai");
        var yesterday = todayThere.AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var today = todayThere.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var callId = summary?.SampleCallId ?? "<callId>";
        var root = apiUrl[..apiUrl.LastIndexOf("/api", StringComparison.Ordinal)];
        return $"""

            QaServerless local host is running
              API       {apiUrl}   (GET {apiUrl}/health needs no sign-in)
              Admin     POST {root}/admin/functions/<Name> with {"{"}"input": "..."{"}"} runs a non-HTTP function now; GET {root}/admin/functions lists them
              Stop      Ctrl+C (Azurite and the handler stop with it)
            {(summary is null ? "" : $"  Demo      {summary.Centers} centers, {summary.Agents} agents, {summary.Inspectors} inspectors; {summary.RecentCalls} calls of yesterday as WAV + manifest, {summary.HistoryCalls} older calls as CDR files (ingesting in the background)\n")}
            Sign in (development only): send header {DevSignIn.Header}, or cookie {DevSignIn.Cookie}, with a base64 client principal.
            An admin of every center:
              export QA_DEV='{admin}'

            Three requests to try:
              curl -H "{DevSignIn.Header}: $QA_DEV" "{apiUrl}/calls?center=sh&from={yesterday}&to={today}"
              curl -H "{DevSignIn.Header}: $QA_DEV" "{apiUrl}/centers/sh/agents"
              curl -H "{DevSignIn.Header}: $QA_DEV" "{apiUrl}/calls/sh/{callId}/audio-link"
            """;
    }
}
