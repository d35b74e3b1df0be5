using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using QaServerless.LocalHost.Functions;

namespace QaServerless.Tests.LocalHost;

/// <summary>
/// A stand-in for the function app at the other end of the local host's HTTP calls: records each invocation body and
/// answers what the test says (a status, and optionally a HostResponse body). Storage stays real (Azurite).
/// </summary>
public sealed class StubHandler : HttpMessageHandler
{
    public ConcurrentQueue<(string Function, JsonObject Body)> Calls { get; } = new();
    public Func<string, JsonObject, int, (HttpStatusCode Status, object? Response)> Answer { get; set; } = (_, _, _) => (HttpStatusCode.OK, null);

    public HttpClient Client() => new(this) { BaseAddress = new Uri("http://handler.local") };

    public IReadOnlyList<JsonObject> CallsTo(string function) => Calls.Where(c => c.Function == function).Select(c => c.Body).ToList();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var function = request.RequestUri!.AbsolutePath.Trim('/');
        var body = JsonNode.Parse(await request.Content!.ReadAsStringAsync(cancellationToken))!.AsObject();
        Calls.Enqueue((function, body));
        var (status, response) = Answer(function, body, CallsTo(function).Count);
        return new HttpResponseMessage(status)
        {
            Content = new StringContent(JsonSerializer.Serialize(response ?? new { Outputs = new { }, Logs = Array.Empty<string>() }), Encoding.UTF8, "application/json"),
        };
    }

    public static FunctionDefinition Function(string name, string functionJson) => FunctionCatalog.Parse(name, "/" + name, functionJson);

    public static NullLoggerFactory Logs => NullLoggerFactory.Instance;
}
