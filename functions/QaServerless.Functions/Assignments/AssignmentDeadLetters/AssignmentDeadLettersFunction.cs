using System.Text.Json;
using QaServerless.Hosting;

namespace QaServerless.Assignments;

/// <summary>
/// <c>AssignmentDeadLetters</c>: Service Bus trigger on <c>assignments/$deadletterqueue</c>. Records each dead-lettered
/// assignment with Service Bus's reason (DeadLetterReason / DeadLetterErrorDescription, carried in the message's
/// application properties) and AssignInspector's last error for that MessageId, for a QA lead to read over HTTP.
/// Recording is an upsert by MessageId, so a redelivered dead letter is recorded once.
/// </summary>
public static class AssignmentDeadLettersFunction
{
    public const string Name = "AssignmentDeadLetters";
    public const string Binding = "message";

    public static void Map(IEndpointRouteBuilder app) => app.MapTrigger(Name, async (invocation, services, ct) =>
    {
        var body = invocation.DataText(Binding) ?? "";
        var messageId = AssignInspectorFunction.MessageId(invocation, body);
        string? center = null, callId = null;
        try
        {
            var request = JsonSerializer.Deserialize<AssignmentRequest>(body, HostJson.Options);
            center = request?.CenterId;
            callId = request?.CallId;
        }
        catch (JsonException) { center = AssignInspectorFunction.PeekCenter(body); }

        var store = services.GetRequiredService<DeadLetterStore>();
        var letter = new DeadLetter(
            string.IsNullOrWhiteSpace(center) ? DeadLetterStore.UnknownCenter : center,
            messageId,
            callId,
            Property(invocation, "DeadLetterReason") ?? "unknown",
            Property(invocation, "DeadLetterErrorDescription"),
            await store.GetFailureNoteAsync(center, messageId, ct),
            invocation.MetadataInt("DeliveryCount"),
            DateTimeOffset.TryParse(invocation.MetadataText("EnqueuedTimeUtc"), out var enqueued) ? enqueued : null,
            services.GetRequiredService<TimeProvider>().GetUtcNow(),
            body);
        await store.RecordAsync(letter, ct);
        return new HostResponse().Log($"Dead-lettered assignment {messageId} recorded for center {letter.CenterId}: {letter.Reason}.");
    });

    /// <summary>
    /// Service Bus puts the dead-letter reason among the application properties (metadata <c>ApplicationProperties</c>,
    /// also <c>UserProperties</c>, an object or JSON text); a stand-in may pass it at the top level. Both are read.
    /// </summary>
    internal static string? Property(HostInvocation invocation, string name)
    {
        if (invocation.MetadataText(name) is { Length: > 0 } top) return top;
        foreach (var bag in new[] { "ApplicationProperties", "UserProperties" })
        {
            if (invocation.MetadataText(bag) is not { Length: > 0 } text) continue;
            try
            {
                using var doc = JsonDocument.Parse(text);
                var root = doc.RootElement.ValueKind == JsonValueKind.String ? JsonDocument.Parse(doc.RootElement.GetString()!).RootElement : doc.RootElement;
                if (root.ValueKind != JsonValueKind.Object) continue;
                foreach (var p in root.EnumerateObject())
                    if (p.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
                        return p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() : p.Value.GetRawText();
            }
            catch (JsonException) { }
        }
        return null;
    }
}
