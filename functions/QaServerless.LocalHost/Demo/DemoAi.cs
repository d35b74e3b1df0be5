using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Azure.Storage.Queues;
using Microsoft.Extensions.Logging;

namespace QaServerless.LocalHost.Demo;

/// <summary>What the demo's AI part came to: analyses, released evaluations with suggestions, cost and agreement.</summary>
public sealed record DemoAiSummary(
    int Sampled, IReadOnlyDictionary<string, int> AnalysesByStatus, int Released, int ChatCalls, int PromptTokens, int CompletionTokens,
    int TranscriptionCalls, double AudioSeconds, IReadOnlyList<(int Prompt, int Completion)> TokensPerCall, IReadOnlyList<DemoAiSummary.Agreement> AgreementByItem, TimeSpan Took,
    string? OpenCall, string? OpenCallInspector)
{
    public sealed record Agreement(string Center, string ItemId, int Pairs, int TruePositives, int FalsePositives, int FalseNegatives, int TrueNegatives,
        double? Precision, double? Recall, double? F1, double? Kappa, double ObservedAgreement, string Gate);
}

/// <summary>
/// The demo's AI part, after DailySampling: waits until the sampled calls' assignments and AI analyses have gone through
/// their queues (AssignInspector queues an analysis per sampled call; AnalyzeCall runs it against the local fake Azure
/// OpenAI), then has the assigned demo inspectors evaluate about two in three analysed calls through the real HTTP API with the
/// demo's gold answers (<see cref="DemoGoldSet"/>) and release them, so the lead's per-item agreement has data. The
/// other analysed calls stay on the worklists, with their suggestions, for an inspector to try.
/// </summary>
public sealed class DemoAi(HttpClient api, QueueServiceClient queues, ILogger log)
{
    /// <summary>At most this many evaluations released per center; a third of the analysed calls always stays to be evaluated by hand.</summary>
    public int ReleasedPerCenter { get; init; } = 24;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<DemoAiSummary> RunAsync(DemoDataSet data, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        var day = data.Today.AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        await WaitForQueuesAsync(["assignments", "ai-analysis"], ct);

        var statuses = new Dictionary<string, int>();
        var (sampled, released, chat, prompt, completion, transcriptions, audio) = (0, 0, 0, 0, 0, 0, 0.0);
        var agreement = new List<DemoAiSummary.Agreement>();
        var perCall = new List<(int, int)>();
        (string? Call, string? Inspector) open = (null, null);
        foreach (var center in data.Centers.Select(c => c.CenterId))
        {
            var calls = await GetAsync<List<JsonElement>>($"/api/sampling/{center}/runs/{day}/calls", ct) ?? [];
            sampled += calls.Count;
            var analysed = new List<string>();
            foreach (var callId in calls.Select(c => c.GetProperty("callId").GetString()!).Order(StringComparer.Ordinal))
            {
                if (await GetAsync<JsonElement?>($"/api/ai/{center}/calls/{callId}", ct) is not { } view) { Count(statuses, "NotAnalysed"); continue; }
                var status = view.GetProperty("status").ToString();
                Count(statuses, status);
                if (status != "Completed") continue;
                var usage = view.GetProperty("usage");
                chat += usage.GetProperty("chatCalls").GetInt32();
                prompt += usage.GetProperty("promptTokens").GetInt32();
                completion += usage.GetProperty("completionTokens").GetInt32();
                transcriptions += usage.GetProperty("transcriptionCalls").GetInt32();
                if (usage.GetProperty("chatCalls").GetInt32() > 0) perCall.Add((usage.GetProperty("promptTokens").GetInt32(), usage.GetProperty("completionTokens").GetInt32()));
                audio += view.GetProperty("transcript").GetProperty("durationSeconds").GetDouble();
                if (view.GetProperty("suggestions").GetArrayLength() > 0) analysed.Add(callId);
            }
            // About two in three are released; the rest stay on the worklists, suggestions and all, for someone to try.
            var release = Math.Min(ReleasedPerCenter, analysed.Count - (analysed.Count + 2) / 3);
            foreach (var callId in analysed.Take(release))
                if (await EvaluateAsync(center, callId, ct)) released++;
            if (open.Call is null && analysed.Skip(release).FirstOrDefault() is { } waiting)
                open = (waiting, (await GetAsync<JsonElement>($"/api/assignments/{center}/calls/{waiting}", ct)).GetProperty("inspectorId").GetString());

            foreach (var item in await GetAsync<List<JsonElement>>($"/api/ai/{center}/agreement", ct) ?? [])
                agreement.Add(new DemoAiSummary.Agreement(center, item.GetProperty("itemId").GetString()!, item.GetProperty("pairs").GetInt32(),
                    item.GetProperty("truePositives").GetInt32(), item.GetProperty("falsePositives").GetInt32(),
                    item.GetProperty("falseNegatives").GetInt32(), item.GetProperty("trueNegatives").GetInt32(),
                    Number(item, "precision"), Number(item, "recall"), Number(item, "f1"), Number(item, "kappa"),
                    item.GetProperty("observedAgreement").GetDouble(), item.GetProperty("gate").ToString()));
        }
        return new DemoAiSummary(sampled, statuses, released, chat, prompt, completion, transcriptions, audio, perCall, agreement, watch.Elapsed, open.Call, open.Inspector);
    }

    private static void Count(Dictionary<string, int> counts, string key) => counts[key] = counts.GetValueOrDefault(key) + 1;

    private static double? Number(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;

    /// <summary>
    /// Waits until the queues are empty twice in a row (a message being handled still counts, so empty = handled or
    /// poisoned). Gives up after 15 minutes: the demo goes on with what is there.
    /// </summary>
    private async Task WaitForQueuesAsync(IReadOnlyList<string> names, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        var (empty, lastLog) = (0, TimeSpan.Zero);
        while (empty < 2 && watch.Elapsed < TimeSpan.FromMinutes(15))
        {
            var waiting = 0;
            foreach (var name in names)
            {
                var queue = queues.GetQueueClient(name);
                if (await queue.ExistsAsync(ct)) waiting += (await queue.GetPropertiesAsync(ct)).Value.ApproximateMessagesCount;
            }
            empty = waiting == 0 ? empty + 1 : 0;
            if (waiting > 0 && watch.Elapsed - lastLog > TimeSpan.FromSeconds(15))
            {
                log.LogInformation("Demo AI: {Count} assignment and analysis messages still queued", waiting);
                lastLog = watch.Elapsed;
            }
            await Task.Delay(TimeSpan.FromSeconds(1), ct);
        }
    }

    /// <summary>The assigned inspector starts, fills in (the gold answers), submits and releases the call's evaluation.</summary>
    private async Task<bool> EvaluateAsync(string center, string callId, CancellationToken ct)
    {
        var assignment = await GetAsync<JsonElement>($"/api/assignments/{center}/calls/{callId}", ct);
        var inspector = DevSignIn.Inspector(center, assignment.GetProperty("inspectorId").GetString()!);
        var started = await SendAsync(HttpMethod.Post, $"/api/centers/{center}/evaluations", inspector, null,
            new { callId, scorecardId = DemoGoldSet.ScorecardId }, ct);
        if (started.Status != HttpStatusCode.Created)
        {
            // Conflict: evaluated before (the same storage loaded twice); anything else is worth a line in the log.
            if (started.Status != HttpStatusCode.Conflict) log.LogWarning("Demo AI: could not start an evaluation of {Center}/{CallId}: {Status} {Body}", center, callId, (int)started.Status, started.Body);
            return false;
        }
        var id = JsonDocument.Parse(started.Body).RootElement.GetProperty("evaluationId").GetString()!;
        var etag = started.ETag;
        foreach (var (method, path, body) in new (HttpMethod, string, object?)[]
        {
            (HttpMethod.Put, "draft", new { answers = DemoGoldSet.Answers(callId), reason = "demo: the gold answers" }),
            (HttpMethod.Post, "submit", null),
            (HttpMethod.Post, "release", null),
        })
        {
            var step = await SendAsync(method, $"/api/centers/{center}/evaluations/{id}/{path}", inspector, etag, body, ct);
            if (step.Status != HttpStatusCode.OK)
            {
                log.LogWarning("Demo AI: {Step} of evaluation {Id} ({Center}/{CallId}) failed: {Status} {Body}", path, id, center, callId, (int)step.Status, step.Body);
                return false;
            }
            etag = step.ETag;
        }
        return true;
    }

    /// <summary>A GET as the demo admin; default (null) on 404.</summary>
    private async Task<T?> GetAsync<T>(string path, CancellationToken ct)
    {
        var (status, body, _) = await SendAsync(HttpMethod.Get, path, DevSignIn.DemoAdmin, null, null, ct);
        if (status == HttpStatusCode.NotFound) return default;
        if (status != HttpStatusCode.OK) throw new InvalidOperationException($"Demo AI: GET {path} answered {(int)status} {body}");
        return JsonSerializer.Deserialize<T>(body, Json);
    }

    /// <summary>One request signed in as <paramref name="user"/> (the client has no default sign-in: admin and inspectors share it).</summary>
    private async Task<(HttpStatusCode Status, string Body, string? ETag)> SendAsync(HttpMethod method, string path, string user, string? ifMatch, object? body, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body, options: Json) };
        request.Headers.Add(DevSignIn.Header, user);
        if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        using var response = await api.SendAsync(request, ct);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(ct), response.Headers.ETag?.ToString());
    }

    /// <summary>The lines printed once the AI part is ready.</summary>
    public static string Report(DemoAiSummary s, string apiUrl)
    {
        var text = new StringBuilder();
        var analysed = s.AnalysesByStatus.GetValueOrDefault("Completed");
        text.AppendLine(CultureInfo.InvariantCulture, $"""

            Demo AI is ready ({s.Took.TotalSeconds:0} s after the sampling): {s.Sampled} sampled calls; analyses {string.Join(", ", s.AnalysesByStatus.OrderBy(p => p.Key).Select(p => $"{p.Key} {p.Value}"))}
              {s.Released} evaluations with AI suggestions released by demo inspectors (the demo gold answers); the rest wait on the worklists
            """);
        if (analysed > 0)
        {
            var range = s.TokensPerCall.Count == 0 ? "" : string.Create(CultureInfo.InvariantCulture,
                $" (prompt {s.TokensPerCall.Min(t => t.Prompt)}-{s.TokensPerCall.Max(t => t.Prompt)}, completion {s.TokensPerCall.Min(t => t.Completion)}-{s.TokensPerCall.Max(t => t.Completion)} per call)");
            text.AppendLine(CultureInfo.InvariantCulture,
                $"  Cost per analysed call: {(double)s.TranscriptionCalls / analysed:0.0} transcription requests, {s.AudioSeconds / analysed / 60:0.00} audio min; " +
                $"{(double)s.ChatCalls / analysed:0.0} pre-scoring calls, {(double)s.PromptTokens / Math.Max(1, s.ChatCalls):0} prompt + {(double)s.CompletionTokens / Math.Max(1, s.ChatCalls):0} completion tokens each{range}");
        }
        foreach (var center in s.AgreementByItem.GroupBy(a => a.Center))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  Agreement with the inspectors, {center.Key} (GET {apiUrl}/ai/{center.Key}/agreement):");
            foreach (var a in center)
                text.AppendLine(CultureInfo.InvariantCulture,
                    $"    {a.ItemId,-15} pairs {a.Pairs,3}  TP {a.TruePositives,2} FP {a.FalsePositives,2} FN {a.FalseNegatives,2} TN {a.TrueNegatives,2}  " +
                    $"precision {F(a.Precision)} recall {F(a.Recall)} F1 {F(a.F1)} κ {F(a.Kappa)}  {a.Gate}");
        }
        if (s.AgreementByItem.Sum(a => a.Pairs) is var pairs and > 0)
        {
            var (tp, fp, fn, tn) = (s.AgreementByItem.Sum(a => a.TruePositives), s.AgreementByItem.Sum(a => a.FalsePositives),
                s.AgreementByItem.Sum(a => a.FalseNegatives), s.AgreementByItem.Sum(a => a.TrueNegatives));
            double? precision = tp + fp > 0 ? (double)tp / (tp + fp) : null, recall = tp + fn > 0 ? (double)tp / (tp + fn) : null;
            double? f1 = precision + recall is > 0 ? 2 * precision * recall / (precision + recall) : null;
            text.AppendLine(CultureInfo.InvariantCulture,
                $"  Pooled over items and centers: pairs {pairs}, TP {tp} FP {fp} FN {fn} TN {tn}, precision {F(precision)} recall {F(recall)} F1 {F(f1)}, " +
                $"label agreement {s.AgreementByItem.Sum(a => a.ObservedAgreement * a.Pairs) / pairs:0.00}");
        }
        if (s.OpenCall is { } exampleCall)
        {
            var center = exampleCall[..exampleCall.IndexOf('-')];
            text.AppendLine("  Try (as the demo admin):");
            text.AppendLine(CultureInfo.InvariantCulture, $"""    curl -H "{DevSignIn.Header}: $QA_DEV" "{apiUrl}/ai/{center}/calls/{exampleCall}"        # transcript, tags, suggestions with evidence""");
            text.AppendLine(CultureInfo.InvariantCulture, $"""    curl -H "{DevSignIn.Header}: $QA_DEV" "{apiUrl}/ai/{center}/agreement"                  # per-item agreement (QA lead)""");
            if (s.OpenCallInspector is { } inspector)
                text.AppendLine(CultureInfo.InvariantCulture, $"""    curl -H "{DevSignIn.Header}: $QA_DEV" "{apiUrl}/assignments/{center}/worklist?inspector={inspector}"   # the worklist that call is on""");
        }
        return text.ToString();
    }

    private static string F(double? value) => value is { } v ? v.ToString("0.00", CultureInfo.InvariantCulture) : " -  ";
}
