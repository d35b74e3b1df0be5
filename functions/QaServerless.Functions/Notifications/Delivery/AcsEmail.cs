using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Identity;

namespace QaServerless.Notifications.Delivery;

/// <summary>Where e-mail goes: the Azure Communication Services endpoint, the sender (a verified domain's address), the identity.</summary>
public sealed class EmailOptions
{
    /// <summary><c>https://{resource}.communication.azure.com</c>; locally the local host's stand-in (http on loopback).</summary>
    public string? Endpoint { get; set; }
    public string? Sender { get; set; }
    /// <summary>The user-assigned managed identity's client id (the app's); else DefaultAzureCredential.</summary>
    public string? ClientId { get; set; }
    public bool Configured => !string.IsNullOrWhiteSpace(Endpoint) && !string.IsNullOrWhiteSpace(Sender);
}

/// <summary>The e-mail sender when e-mail is configured for the deployment (infra sets the settings when enabled), else none.</summary>
public sealed class EmailChannel(Microsoft.Extensions.Options.IOptions<EmailOptions> options)
{
    private readonly Lazy<IEmailSender?> sender = new(() => options.Value.Configured ? new AcsEmailSender(options.Value) : null);
    public IEmailSender? Sender => sender.Value;
}

public sealed record EmailMessage(string To, string Subject, string PlainText);

public interface IEmailSender
{
    /// <summary>Sends and waits for the operation to succeed; the same <paramref name="deliveryKey"/> names the same operation.</summary>
    Task SendAsync(EmailMessage message, string deliveryKey, CancellationToken ct);
}

/// <summary>
/// Azure Communication Services Email over its REST operation <c>POST /emails:send</c> (api-version 2023-03-31) and the
/// operation-status polling (<c>Operation-Location</c>, <c>GET /emails/operations/{id}</c>), exactly what the
/// <c>Azure.Communication.Email</c> SDK's <c>EmailClient.SendAsync(WaitUntil.Completed, …)</c> calls. The SDK itself is
/// not served by the package registry these machines reach (checked 2026-12-03), so the two calls are made here on
/// Azure.Core's pipeline: the SDK's retries, and the same identity-based auth (a managed identity's bearer token for
/// <c>https://communication.azure.com//.default</c>). As the SDK does, each send carries the repeatable-request headers
/// (<c>Repeatability-Request-Id</c>, <c>Repeatability-First-Sent</c>): the pipeline's own retries of one send are
/// recognised by the service and not sent twice. Across queue redeliveries the delivery record guards (NotificationDelivery);
/// the <c>Operation-Id</c> is derived from the delivery, so the operation of a notification's e-mail is the same name in every attempt.
/// Bearer tokens go only over TLS (Azure.Core refuses otherwise): the local stand-in on http loopback gets none.
/// </summary>
public sealed class AcsEmailSender : IEmailSender
{
    public const string ApiVersion = "2023-03-31";
    private readonly EmailOptions options;
    private readonly HttpPipeline pipeline;
    private readonly Uri endpoint;

    public AcsEmailSender(EmailOptions options)
    {
        this.options = options;
        endpoint = new Uri(options.Endpoint!.TrimEnd('/') + "/");
        var clientOptions = new EmailPipelineOptions();
        HttpPipelinePolicy[] auth = endpoint.Scheme == Uri.UriSchemeHttps
            ? [new BearerTokenAuthenticationPolicy(Credential(options), "https://communication.azure.com//.default")]
            : [];
        pipeline = HttpPipelineBuilder.Build(clientOptions, auth);
    }

    private static TokenCredential Credential(EmailOptions o) => o.ClientId is { Length: > 0 } id
        ? new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(id))
        : new DefaultAzureCredential();

    public async Task SendAsync(EmailMessage message, string deliveryKey, CancellationToken ct)
    {
        var operationId = OperationId(deliveryKey);
        var body = new JsonObject
        {
            ["senderAddress"] = options.Sender,
            ["content"] = new JsonObject { ["subject"] = message.Subject, ["plainText"] = message.PlainText },
            ["recipients"] = new JsonObject { ["to"] = new JsonArray(new JsonObject { ["address"] = message.To }) },
            ["userEngagementTrackingDisabled"] = true,
        };
        using var send = pipeline.CreateMessage();
        send.Request.Method = RequestMethod.Post;
        send.Request.Uri.Reset(new Uri(endpoint, $"./emails:send?api-version={ApiVersion}"));
        send.Request.Headers.Add("Operation-Id", operationId);
        send.Request.Headers.Add("Repeatability-Request-Id", Guid.NewGuid().ToString());
        send.Request.Headers.Add("Repeatability-First-Sent", DateTimeOffset.UtcNow.ToString("R"));
        send.Request.Headers.Add("Content-Type", "application/json");
        send.Request.Content = RequestContent.Create(Encoding.UTF8.GetBytes(body.ToJsonString()));
        await pipeline.SendAsync(send, ct);
        if (send.Response.Status != 202) throw new EmailSendException($"emails:send answered {send.Response.Status}: {send.Response.Content}");
        var status = Status(send.Response);
        var location = send.Response.Headers.TryGetValue("Operation-Location", out var l) ? new Uri(l!) : new Uri(endpoint, $"emails/operations/{operationId}?api-version={ApiVersion}");

        // Poll as the SDK's long-running operation does, honouring Retry-After (capped: a Functions invocation is short).
        for (var attempt = 0; status is "NotStarted" or "Running"; attempt++)
        {
            if (attempt >= 30) throw new EmailSendException($"E-mail operation {operationId} still {status}.");
            await Task.Delay(RetryAfter(send.Response, attempt), ct);
            using var poll = pipeline.CreateMessage();
            poll.Request.Method = RequestMethod.Get;
            poll.Request.Uri.Reset(location);
            await pipeline.SendAsync(poll, ct);
            if (poll.Response.Status != 200) throw new EmailSendException($"Operation status answered {poll.Response.Status}.");
            status = Status(poll.Response);
        }
        if (status != "Succeeded") throw new EmailSendException($"E-mail operation {operationId} ended {status}.");
    }

    /// <summary>A GUID from the delivery key (the service wants a GUID-shaped id).</summary>
    public static string OperationId(string deliveryKey) => new Guid(SHA256.HashData(Encoding.UTF8.GetBytes(deliveryKey))[..16]).ToString();

    private static string? Status(Azure.Response response) =>
        JsonDocument.Parse(response.Content.ToMemory()).RootElement.TryGetProperty("status", out var s) ? s.GetString() : null;

    private static TimeSpan RetryAfter(Azure.Response response, int attempt) =>
        response.Headers.TryGetValue("Retry-After", out var v) && int.TryParse(v, out var seconds)
            ? TimeSpan.FromSeconds(Math.Min(seconds, 5))
            : TimeSpan.FromMilliseconds(Math.Min(2000, 100 * (attempt + 1)));

    private sealed class EmailPipelineOptions : ClientOptions;
}

public sealed class EmailSendException(string message) : Exception(message);
