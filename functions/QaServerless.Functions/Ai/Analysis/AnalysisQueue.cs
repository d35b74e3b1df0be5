using System.Text.Json;
using Azure.Storage.Queues;
using QaServerless.Hosting;

namespace QaServerless.Ai.Analysis;

/// <summary>
/// The Storage queue <c>ai-analysis</c> that the <c>AnalyzeCall</c> function drains. Other features ask for an analysis
/// through <see cref="RequestAsync"/> (sampling for sampled calls; ingest for every call when the center opted in);
/// a request is cheap and safe to repeat: the analyser skips calls already done.
/// </summary>
public sealed class AnalysisQueue(QueueServiceClient queues)
{
    public const string Name = "ai-analysis";
    private readonly QueueClient queue = queues.GetQueueClient(Name);

    public async Task RequestAsync(AnalysisRequest request, CancellationToken ct = default) =>
        // A JSON object, never a bare short string: the host would take a base64-looking string for bytes.
        await queue.SendMessageAsync(JsonSerializer.Serialize(request, HostJson.Options), ct);
}
