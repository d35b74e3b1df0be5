using System.Text.Json;
using Azure.Storage.Queues;
using QaServerless.Hosting;

namespace QaServerless.Ingestion;

/// <summary>One CDR file to import: what the <c>call-batches</c> queue carries (the name, never the content).</summary>
public sealed record CallBatchRequest(string Blob);

/// <summary>
/// The Storage queue <c>call-batches</c> between the Event Grid trigger and the import. Event Grid waits 30 s for a
/// webhook's answer and then delivers again, while a big file takes minutes; a queue message is held for as long as its
/// function runs, retried (DequeueCount) and moved to <c>call-batches-poison</c> after the last attempt.
/// </summary>
public sealed class CallBatchQueue(QueueServiceClient queues)
{
    public const string Name = "call-batches";
    private readonly QueueClient queue = queues.GetQueueClient(Name);

    public async Task RequestAsync(CallBatchRequest request, CancellationToken ct = default) =>
        // A JSON object, never a bare short string: the host would take a base64-looking string for bytes.
        await queue.SendMessageAsync(JsonSerializer.Serialize(request, HostJson.Options), ct);
}
