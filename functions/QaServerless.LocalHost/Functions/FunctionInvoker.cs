using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Storage.Queues;
using Microsoft.Extensions.Logging;
using QaServerless.LocalHost.ServiceBus;

namespace QaServerless.LocalHost.Functions;

/// <summary>What came back from one invocation.</summary>
public sealed record InvocationResult(string Function, bool Succeeded, int StatusCode, JsonObject? Outputs, IReadOnlyList<string> Logs, JsonNode? ReturnValue, string? Error)
{
    public static InvocationResult Failed(string function, int status, string error) => new(function, false, status, null, [], null, error);
}

/// <summary>
/// Calls the handler like the Functions host does for non-HTTP triggers: <c>POST /{FunctionName}</c> with
/// <c>{"Data": {...}, "Metadata": {...}}</c>; a non-2xx answer fails the invocation and its outputs are discarded.
/// On success the outputs go where their bindings say: <c>serviceBus</c> → the Service Bus stand-in,
/// <c>queue</c> → a Storage queue. Other output types are reported, not emulated.
/// </summary>
public sealed class FunctionInvoker(HttpClient handler, ServiceBusStandIn serviceBus, QueueServiceClient queues, ILogger log)
{
    public async Task<InvocationResult> InvokeAsync(FunctionDefinition function, JsonObject data, JsonObject metadata, CancellationToken ct = default)
    {
        var body = new JsonObject { ["Data"] = data, ["Metadata"] = metadata };
        HttpResponseMessage response;
        try
        {
            using var content = new StringContent(body.ToJsonString(HostShape.Newtonsoftish), Encoding.UTF8, "application/json");
            response = await handler.PostAsync("/" + function.Name, content, ct);
        }
        catch (HttpRequestException e)
        {
            log.LogWarning("{Function} failed: the handler could not be reached ({Error})", function.Name, e.Message);
            return InvocationResult.Failed(function.Name, 0, e.Message);
        }
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(ct);
            if (!response.IsSuccessStatusCode)
            {
                log.LogWarning("{Function} failed with {Status}: {Body}", function.Name, (int)response.StatusCode, Shorten(text));
                return InvocationResult.Failed(function.Name, (int)response.StatusCode, Shorten(text));
            }
            JsonObject? result;
            try { result = string.IsNullOrWhiteSpace(text) ? new JsonObject() : JsonNode.Parse(text) as JsonObject; }
            catch (JsonException e) { return InvocationResult.Failed(function.Name, (int)response.StatusCode, "The handler's answer is not JSON: " + e.Message); }
            var outputs = Get(result, "Outputs") as JsonObject;
            var logs = (Get(result, "Logs") as JsonArray ?? []).Select(l => l?.ToString() ?? "").ToList();
            foreach (var line in logs) log.LogInformation("[{Function}] {Line}", function.Name, line);
            var returnValue = Get(result, "ReturnValue");
            await DispatchOutputsAsync(function, outputs, returnValue, ct);
            return new InvocationResult(function.Name, true, (int)response.StatusCode, outputs, logs, returnValue, null);
        }
    }

    private async Task DispatchOutputsAsync(FunctionDefinition function, JsonObject? outputs, JsonNode? returnValue, CancellationToken ct)
    {
        foreach (var binding in function.Outputs)
        {
            var value = binding.Name == "$return" ? returnValue : Get(outputs, binding.Name);
            if (value is null) continue;
            var messages = Messages(value, binding.IsBinary, function.Name, binding.Name);
            switch (binding.Type.ToLowerInvariant())
            {
                case "servicebus":
                    var entity = binding["queueName"] ?? binding["topicName"] ?? throw new InvalidOperationException($"{function.Name}.{binding.Name}: serviceBus output without queueName.");
                    foreach (var body in messages) await serviceBus.SendAsync(entity, ServiceBusMessage.FromBytes(body), ct);
                    log.LogInformation("{Function} → {Count} message(s) to Service Bus queue {Queue}", function.Name, messages.Count, entity);
                    break;
                case "queue":
                    var queue = queues.GetQueueClient(binding["queueName"]!);
                    await queue.CreateIfNotExistsAsync(cancellationToken: ct);
                    foreach (var body in messages) await queue.SendMessageAsync(new BinaryData(body), cancellationToken: ct);
                    break;
                case "http":
                    break;
                default:
                    log.LogWarning("{Function}: output binding type {Type} is not emulated by the local host; its value was dropped.", function.Name, binding.Type);
                    break;
            }
        }
    }

    /// <summary>
    /// An output value as messages, as the host and the Service Bus extension make them: a JSON array gives one message per
    /// element, anything else one message; an object is sent as its JSON text. A top-level string that is valid base64 is
    /// decoded to bytes by the host (a known gotcha: send objects, not bare short strings).
    /// </summary>
    internal List<byte[]> Messages(JsonNode value, bool binary, string function, string binding)
    {
        if (value is JsonValue v && v.TryGetValue<string>(out var s))
        {
            if (!binary && TryBase64(s, out var bytes))
            {
                log.LogWarning("{Function}.{Binding}: the output string is valid base64, so the host decodes it to bytes before sending. Send JSON objects instead.", function, binding);
                return [bytes];
            }
            return [Encoding.UTF8.GetBytes(s)];
        }
        if (value is JsonArray array)
            return array.Where(e => e is not null).Select(e => Encoding.UTF8.GetBytes(e is JsonValue ev && ev.TryGetValue<string>(out var es) ? es : e!.ToJsonString())).ToList();
        return [Encoding.UTF8.GetBytes(value.ToJsonString())];
    }

    private static bool TryBase64(string s, out byte[] bytes)
    {
        bytes = [];
        if (s.Length == 0 || s.Length % 4 != 0) return false;
        var buffer = new byte[s.Length];
        if (!Convert.TryFromBase64String(s, buffer, out var written)) return false;
        bytes = buffer[..written];
        return true;
    }

    private static JsonNode? Get(JsonObject? o, string key) =>
        o?.FirstOrDefault(kv => string.Equals(kv.Key, key, StringComparison.OrdinalIgnoreCase)).Value;

    private static string Shorten(string text) => text.Length <= 500 ? text : text[..500] + "…";
}
