using System.Text.Json;
using QaServerless.Hosting;

namespace QaServerless.Assignments;

/// <summary>
/// <c>AssignInspector</c>: Service Bus trigger on queue <c>assignments</c> (function.json beside this file).
/// Success completes the message. A failure answers 500, so Service Bus redelivers it (DeliveryCount + 1) and,
/// after the queue's maxDeliveryCount, dead-letters it; before failing, the reason is noted by MessageId so that the
/// dead-letter recorder can show a lead what was wrong (custom handlers cannot dead-letter a message themselves:
/// that needs the SDK's message actions, which bindings do not offer).
/// </summary>
public static class AssignInspectorFunction
{
    public const string Name = "AssignInspector";
    public const string Binding = "request";

    public static void Map(IEndpointRouteBuilder app) => app.MapTrigger(Name, async (invocation, services, ct) =>
    {
        var body = invocation.DataText(Binding) ?? "";
        var messageId = MessageId(invocation, body);
        AssignmentRequest? request = null;
        try
        {
            request = Parse(body);
            var (assignment, created) = await services.GetRequiredService<AssignmentService>().AssignAsync(request, ct);
            // Sampled calls get an AI analysis by default (transcript, tags, suggestions for the inspector); queued, never awaited.
            if (created) await services.GetRequiredService<Ai.Analysis.AnalysisQueue>().RequestAsync(Security.CenterScope.OfStored(assignment.CenterId), assignment.CallId, "sampled", ct);
            // The agent's self-evaluation, when the center asks for one: on every delivery, so a replay after a crash still asks (once).
            await services.GetRequiredService<SelfEvaluations.SelfEvaluationService>().AskForAsync(assignment, ct);
            return new HostResponse().Log(created
                ? $"Call {assignment.CallId} assigned to {assignment.InspectorId} for {assignment.Day:yyyy-MM-dd}{(assignment.Deferred ? " (deferred)" : "")}."
                : $"Call {assignment.CallId} was already assigned to {assignment.InspectorId}: nothing to do.");
        }
        catch (Exception e) when (e is UnassignableException or JsonException)
        {
            var delivery = invocation.MetadataInt("DeliveryCount");
            await services.GetRequiredService<DeadLetterStore>().NoteFailureAsync(request?.CenterId ?? PeekCenter(body), messageId,
                $"{e.Message} (delivery {delivery?.ToString() ?? "?"})", ct);
            throw;
        }
    });

    /// <summary>Service Bus always sets MessageId; without one (a hand-made payload) the body's hash stands in, stable across redeliveries.</summary>
    public static string MessageId(HostInvocation invocation, string body) =>
        invocation.MetadataText("MessageId") is { Length: > 0 } id ? id : $"body-{Sampling.SeededRandom.Hash64(body):x16}";

    /// <summary>The message body is a JSON object (see DailySampling); it arrives as text, JSON-encoded twice by the host.</summary>
    public static AssignmentRequest Parse(string body)
    {
        if (string.IsNullOrWhiteSpace(body)) throw new UnassignableException("The message body is empty.");
        try
        {
            return JsonSerializer.Deserialize<AssignmentRequest>(body, HostJson.Options)
                ?? throw new UnassignableException("The message body is null.");
        }
        catch (JsonException e)
        {
            throw new UnassignableException($"The message body is not an assignment request: {e.Message}");
        }
    }

    /// <summary>The center named in a body that failed to parse as a whole, so its lead still sees the dead letter.</summary>
    internal static string? PeekCenter(string body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            if (doc.RootElement.ValueKind != JsonValueKind.Object) return null;
            foreach (var p in doc.RootElement.EnumerateObject())
                if (p.Name.Equals("centerId", StringComparison.OrdinalIgnoreCase) && p.Value.ValueKind == JsonValueKind.String) return p.Value.GetString();
            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
