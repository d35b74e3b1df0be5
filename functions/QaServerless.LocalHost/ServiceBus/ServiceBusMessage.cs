using System.Text;
using System.Text.Json.Serialization;

namespace QaServerless.LocalHost.ServiceBus;

/// <summary>
/// A Service Bus message as the stand-in keeps it in a Storage queue: the body plus the broker properties the
/// trigger's metadata carries. Stored as JSON, base64-encoded like every queue message of the app.
/// </summary>
public sealed record ServiceBusMessage
{
    [JsonPropertyName("messageId")] public required string MessageId { get; init; }
    /// <summary>The body as bytes in base64: a body may be binary (a base64-looking output string is decoded by the host).</summary>
    [JsonPropertyName("body")] public required string BodyBase64 { get; init; }
    [JsonPropertyName("contentType")] public string? ContentType { get; init; }
    [JsonPropertyName("correlationId")] public string? CorrelationId { get; init; }
    [JsonPropertyName("subject")] public string? Subject { get; init; }
    [JsonPropertyName("sequenceNumber")] public long SequenceNumber { get; init; }
    [JsonPropertyName("enqueuedTimeUtc")] public DateTimeOffset EnqueuedTimeUtc { get; init; }
    [JsonPropertyName("deadLetterSource")] public string? DeadLetterSource { get; init; }
    [JsonPropertyName("applicationProperties")] public Dictionary<string, object?> ApplicationProperties { get; init; } = new();

    [JsonIgnore] public byte[] Body => Convert.FromBase64String(BodyBase64);
    [JsonIgnore] public string BodyText => Encoding.UTF8.GetString(Body);

    public static ServiceBusMessage FromText(string text, string? messageId = null) => FromBytes(Encoding.UTF8.GetBytes(text), messageId);

    public static ServiceBusMessage FromBytes(byte[] body, string? messageId = null) => new()
    {
        // The Service Bus client gives a message without an id a new one; so does the stand-in.
        MessageId = messageId ?? Guid.NewGuid().ToString("N"),
        BodyBase64 = Convert.ToBase64String(body),
    };

    /// <summary>The Service Bus names of the dead-letter properties, set as application properties by the broker.</summary>
    public const string DeadLetterReason = "DeadLetterReason";
    public const string DeadLetterErrorDescription = "DeadLetterErrorDescription";
}
