using System.Text.Json;
using Azure.Storage.Queues;
using QaServerless.Calls;
using QaServerless.Hosting;
using QaServerless.Security;

namespace QaServerless.Ai.Analysis;

/// <summary>
/// The Storage queue <c>ai-analysis</c> that the <c>AnalyzeCall</c> function drains. Other features ask for an analysis
/// through <see cref="RequestAsync"/> (sampling for sampled calls; ingest for every call when the center opted in);
/// a request is cheap and safe to repeat: the analyser skips calls already done. A message is made from a stored call
/// (or a call id of a center scope taken from a stored record, for sampling), never from what a client sent.
/// </summary>
public sealed class AnalysisQueue(QueueServiceClient queues)
{
    public const string Name = "ai-analysis";
    private readonly QueueClient queue = queues.GetQueueClient(Name);

    /// <summary>Asks for the analysis of a call as stored (the API, after finding it; ingest, after saving it).</summary>
    public Task RequestAsync(Call stored, string reason, CancellationToken ct = default) =>
        SendAsync(new AnalysisRequest(stored.CenterId, stored.CallId, reason), ct);

    /// <summary>Asks for the analysis of a call known by id in a center scope (a sampled call's assignment).</summary>
    public Task RequestAsync(CenterScope center, string callId, string reason, CancellationToken ct = default) =>
        SendAsync(new AnalysisRequest(center.Id, callId, reason), ct);

    private async Task SendAsync(AnalysisRequest request, CancellationToken ct) =>
        // A JSON object, never a bare short string: the host would take a base64-looking string for bytes.
        await queue.SendMessageAsync(JsonSerializer.Serialize(request, HostJson.Options), ct);
}
