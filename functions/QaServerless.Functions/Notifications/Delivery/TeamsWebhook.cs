using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace QaServerless.Notifications.Delivery;

/// <summary>
/// Posts a notification to a webhook that a Microsoft Teams workflow ("When a Teams webhook request is received",
/// then "Post card in a chat or channel") accepts: a message with one Adaptive Card attachment. The card carries the
/// recipient so a workflow can route it to that person; the delivery key goes along as <c>Idempotency-Key</c> for a
/// receiver that deduplicates.
/// </summary>
public sealed class TeamsWebhook(HttpClient http)
{
    public async Task PostAsync(string url, Notification n, string deliveryKey, CancellationToken ct)
    {
        var (zh, en) = NotificationText.Title(n);
        var card = new JsonObject
        {
            ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json", ["type"] = "AdaptiveCard", ["version"] = "1.4",
            ["body"] = new JsonArray(
                new JsonObject { ["type"] = "TextBlock", ["text"] = zh, ["weight"] = "Bolder", ["wrap"] = true },
                new JsonObject { ["type"] = "TextBlock", ["text"] = en, ["wrap"] = true },
                new JsonObject
                {
                    ["type"] = "FactSet",
                    ["facts"] = new JsonArray(Fact("center", n.CenterId), Fact("recipient", n.Recipient), Fact("kind", n.Kind.ToString()), Fact("link", n.Link)),
                }),
        };
        var message = new JsonObject
        {
            ["type"] = "message",
            ["attachments"] = new JsonArray(new JsonObject { ["contentType"] = "application/vnd.microsoft.card.adaptive", ["contentUrl"] = null, ["content"] = card }),
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(message) };
        request.Headers.Add("Idempotency-Key", deliveryKey);
        using var response = await http.SendAsync(request, ct);
        response.EnsureSuccessStatusCode();
    }

    private static JsonObject Fact(string title, string value) => new() { ["title"] = title, ["value"] = value };
}
