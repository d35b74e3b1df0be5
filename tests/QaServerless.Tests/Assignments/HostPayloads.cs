using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using QaServerless.Assignments;
using QaServerless.Hosting;

namespace QaServerless.Tests.Assignments;

/// <summary>Invocation payloads shaped as the Functions host sends them (shared host-contract.md).</summary>
public static class HostPayloads
{
    /// <summary>A Service Bus message: the body arrives as a JSON string whose content is the body text (twice encoded).</summary>
    public static string ServiceBus(string binding, string body, string messageId, int deliveryCount = 1, object? applicationProperties = null,
        string methodName = AssignInspectorFunction.Name)
    {
        var metadata = new Dictionary<string, object?>
        {
            ["DeliveryCount"] = deliveryCount,
            ["MessageId"] = messageId,
            ["EnqueuedTimeUtc"] = "2026-11-20T01:05:00Z",
            ["ContentType"] = "application/json",
            ["ApplicationProperties"] = applicationProperties ?? new { },
            ["sys"] = new { MethodName = methodName, UtcNow = "2026-11-20T01:05:01Z", RandGuid = Guid.NewGuid().ToString() },
        };
        return JsonSerializer.Serialize(new { Data = new Dictionary<string, object> { [binding] = body }, Metadata = metadata });
    }

    public static string Json(AssignmentRequest request) => JsonSerializer.Serialize(request, HostJson.Options);

    public static Task<HttpResponseMessage> PostAsync(HttpClient client, string function, string payload) =>
        client.PostAsync($"/{function}", new StringContent(payload, Encoding.UTF8, "application/json"));

    public static async Task<HostResponse> ReadAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<HostResponse>(HostJson.Options))!;
}
