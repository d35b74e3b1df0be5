using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace QaServerless.LocalHost.Delivery;

/// <summary>An e-mail the stand-in accepted (one per <c>emails:send</c> that was not a repeat).</summary>
public sealed record ReceivedMail(string OperationId, string From, IReadOnlyList<string> To, string Subject, string PlainText);

/// <summary>A webhook post the stand-in accepted: the path's name, the JSON body and the idempotency key sent with it.</summary>
public sealed record ReceivedWebhook(string Name, JsonNode Body, string? IdempotencyKey);

/// <summary>
/// Where the local host's outgoing mail and webhooks go: a loopback HTTP server that speaks what the real services
/// speak to the app's real clients, and lists what it got in the local host's output.
/// <list type="bullet">
/// <item><b>Azure Communication Services Email</b>: <c>POST /emails:send?api-version=2023-03-31</c> answers 202 with
/// <c>Operation-Location</c>, <c>Retry-After</c> and <c>{"id","status":"Running"}</c>; <c>GET /emails/operations/{id}</c>
/// answers <c>Running</c> once, then <c>Succeeded</c>, as the service's long-running operation does. Repeatable requests as
/// the service keeps them: a repeat of a <c>Repeatability-Request-Id</c> within 5 minutes gets the first answer and sends nothing;
/// a first-sent time older than 5 minutes is refused with 412.</item>
/// <item><b>Teams workflow webhook</b>: <c>POST /webhooks/{name}</c> with a JSON body answers 202 (as a workflow's trigger does).</item>
/// </list>
/// </summary>
public sealed class DeliveryStandIn : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentQueue<ReceivedMail> mail = new();
    private readonly ConcurrentQueue<ReceivedWebhook> webhooks = new();
    private readonly ConcurrentDictionary<string, (string OperationId, DateTimeOffset At)> repeatable = new();
    private readonly ConcurrentDictionary<string, int> polls = new();

    /// <summary>The sender address the local host gives the handler.</summary>
    public const string Sender = "DoNotReply@qa.localhost";

    public Uri Endpoint { get; private set; } = null!;
    public IReadOnlyList<ReceivedMail> Mail => [.. mail];
    public IReadOnlyList<ReceivedWebhook> Webhooks => [.. webhooks];
    public Uri WebhookUrl(string name) => new(Endpoint, $"webhooks/{Uri.EscapeDataString(name)}");

    private DeliveryStandIn(WebApplication app) => this.app = app;

    public static async Task<DeliveryStandIn> StartAsync(ILogger log, CancellationToken ct = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0));
        var app = builder.Build();
        var standIn = new DeliveryStandIn(app);
        app.MapPost("/{operation}", (string operation, HttpContext http) =>
            operation == "emails:send" ? standIn.SendAsync(http, log) : Task.FromResult(Results.NotFound()));
        app.MapGet("/emails/operations/{id}", (string id) => standIn.Status(id));
        app.MapPost("/webhooks/{name}", (string name, HttpContext http) => standIn.WebhookAsync(name, http, log));
        app.MapGet("/stand-in/received", () => Results.Ok(new { mail = standIn.Mail, webhooks = standIn.Webhooks }));
        await app.StartAsync(ct);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        standIn.Endpoint = new Uri(address.Replace("0.0.0.0", "127.0.0.1").TrimEnd('/') + "/");
        return standIn;
    }

    private static IResult Error(int status, string code, string message) => Results.Json(new { error = new { code, message } }, statusCode: status);

    private async Task<IResult> SendAsync(HttpContext http, ILogger log)
    {
        if (http.Request.Query["api-version"] != "2023-03-31") return Error(400, "InvalidApiVersion", "api-version 2023-03-31 is expected.");
        var requestId = http.Request.Headers["Repeatability-Request-Id"].ToString();
        var firstSent = http.Request.Headers["Repeatability-First-Sent"].ToString();
        var repeatableRequest = requestId.Length > 0 || firstSent.Length > 0;
        if (repeatableRequest)
        {
            if (!Guid.TryParse(requestId, out _) || !DateTimeOffset.TryParse(firstSent, out var sentAt))
                return Error(400, "InvalidRepeatabilityHeaders", "Repeatability-Request-Id is a GUID and Repeatability-First-Sent an IMF-fixdate.");
            if (DateTimeOffset.UtcNow - sentAt > TimeSpan.FromMinutes(5))
                return Error(412, "PreconditionFailed", "Repeatability-First-Sent header is not within 5 minutes window.");
            if (repeatable.TryGetValue(requestId, out var earlier)) return Accepted(http, earlier.OperationId);
        }
        JsonNode? body;
        try { body = await JsonNode.ParseAsync(http.Request.Body); } catch (JsonException) { body = null; }
        var to = body?["recipients"]?["to"]?.AsArray().Select(r => r?["address"]?.GetValue<string>() ?? "").Where(a => a.Length > 0).ToList() ?? [];
        var from = body?["senderAddress"]?.GetValue<string>() ?? "";
        var subject = body?["content"]?["subject"]?.GetValue<string>() ?? "";
        if (to.Count == 0 || from.Length == 0 || subject.Length == 0)
            return Error(400, "BadRequest", "senderAddress, content.subject and recipients.to are required.");
        var operationId = http.Request.Headers["Operation-Id"].ToString() is { Length: > 0 } given ? given : Guid.NewGuid().ToString();
        if (repeatableRequest) repeatable[requestId] = (operationId, DateTimeOffset.UtcNow);
        var received = new ReceivedMail(operationId, from, to, subject, body?["content"]?["plainText"]?.GetValue<string>() ?? "");
        mail.Enqueue(received);
        log.LogInformation("Mail stand-in: to {To}: {Subject}", string.Join(", ", to), subject);
        return Accepted(http, operationId);
    }

    private IResult Accepted(HttpContext http, string operationId)
    {
        http.Response.Headers["Operation-Location"] = new Uri(Endpoint, $"emails/operations/{operationId}?api-version=2023-03-31").ToString();
        http.Response.Headers["Retry-After"] = "0";
        return Results.Json(new { id = operationId, status = "Running" }, statusCode: 202);
    }

    private IResult Status(string id)
    {
        if (!mail.Any(m => m.OperationId == id)) return Error(404, "NotFound", $"Operation {id} not found.");
        var seen = polls.AddOrUpdate(id, 1, (_, n) => n + 1);
        return Results.Ok(new { id, status = seen == 1 ? "Running" : "Succeeded" });
    }

    private async Task<IResult> WebhookAsync(string name, HttpContext http, ILogger log)
    {
        JsonNode? body;
        try { body = await JsonNode.ParseAsync(http.Request.Body); } catch (JsonException) { return Results.BadRequest(); }
        if (body is null) return Results.BadRequest();
        webhooks.Enqueue(new ReceivedWebhook(name, body, http.Request.Headers["Idempotency-Key"].ToString() is { Length: > 0 } key ? key : null));
        var text = body["attachments"]?[0]?["content"]?["body"]?[1]?["text"]?.GetValue<string>() ?? body.ToJsonString();
        log.LogInformation("Webhook stand-in {Name}: {Text}", name, text);
        return Results.Accepted();
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
