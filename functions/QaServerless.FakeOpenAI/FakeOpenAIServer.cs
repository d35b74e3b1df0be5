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

namespace QaServerless.FakeOpenAI;

public enum FakeOperation { Transcription, Chat }

public enum FakeFaultKind
{
    /// <summary>429 with <c>Retry-After</c> (seconds) and <c>retry-after-ms</c>, as Azure OpenAI throttles.</summary>
    TooManyRequests,
    /// <summary>500 with an Azure-shaped error body.</summary>
    ServerError,
    /// <summary>200 whose message content is not valid JSON (a truncated answer).</summary>
    Malformed,
    /// <summary>200 with every evidence time moved by <see cref="FakeFault.Seconds"/>: quotes real, times wrong.</summary>
    ShiftEvidence,
}

public sealed record FakeFault(FakeFaultKind Kind, double Seconds = 1)
{
    public static FakeFault TooManyRequests(int retryAfterSeconds = 1) => new(FakeFaultKind.TooManyRequests, retryAfterSeconds);
    public static FakeFault ServerError() => new(FakeFaultKind.ServerError);
    public static FakeFault Malformed() => new(FakeFaultKind.Malformed);
    public static FakeFault ShiftEvidence(double seconds) => new(FakeFaultKind.ShiftEvidence, seconds);
}

/// <summary>What the fake was asked, for assertions and for the token figures in the docs.</summary>
public sealed record FakeRequest(FakeOperation Operation, string Deployment, string? ApiVersion, string? FileName, int Status, int PromptTokens, int CompletionTokens);

/// <summary>
/// A local OpenAI-compatible endpoint that speaks the Azure OpenAI REST shape
/// (<c>/openai/deployments/{deployment}/audio/transcriptions</c> as multipart with <c>verbose_json</c> segments, and
/// <c>/openai/deployments/{deployment}/chat/completions</c> with <c>response_format: json_schema</c>) to the real
/// <c>Azure.AI.OpenAI</c> client. Kestrel on 127.0.0.1, port 0. Answers are deterministic: transcripts come from canned
/// conversations chosen by the call id in the uploaded file name (<c>{callId}.agent.wav</c>), chat answers from
/// <see cref="FakeScorer"/>. Faults (429 with Retry-After, 500, malformed JSON, wrong evidence times) are queued per operation.
/// </summary>
public sealed class FakeOpenAIServer : IAsyncDisposable
{
    public const string ApiKey = "local-fake-openai-key";
    private readonly WebApplication app;
    private readonly ConcurrentDictionary<FakeOperation, ConcurrentQueue<FakeFault>> faults = new();
    private readonly ConcurrentQueue<FakeRequest> requests = new();

    public Uri Endpoint { get; }
    public CannedTranscripts Transcripts { get; } = new();
    public IReadOnlyCollection<FakeRequest> Requests => requests.ToArray();

    private FakeOpenAIServer(WebApplication app, Uri endpoint) { this.app = app; Endpoint = endpoint; }

    /// <summary>Queues faults answered, in order, to the next requests of an operation.</summary>
    public void Inject(FakeOperation operation, params FakeFault[] next)
    {
        var queue = faults.GetOrAdd(operation, _ => new());
        foreach (var f in next) queue.Enqueue(f);
    }

    public static async Task<FakeOpenAIServer> StartAsync(int port = 0, CancellationToken ct = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(System.Net.IPAddress.Loopback, port));
        var app = builder.Build();
        FakeOpenAIServer? server = null;
        app.Use(async (context, next) =>
        {
            // Azure OpenAI takes an api-key header (or an Entra token); refuse anything else so a misconfigured client shows.
            var auth = context.Request.Headers["api-key"].ToString();
            if (auth != ApiKey && !context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.Ordinal))
            {
                context.Response.StatusCode = 401;
                await context.Response.WriteAsJsonAsync(Error("401", "Access denied due to invalid subscription key or wrong API endpoint."));
                return;
            }
            await next(context);
        });
        app.MapPost("/openai/deployments/{deployment}/audio/transcriptions", (string deployment, HttpContext http) => server!.TranscribeAsync(deployment, http));
        app.MapPost("/openai/deployments/{deployment}/chat/completions", (string deployment, HttpContext http) => server!.ChatAsync(deployment, http));
        await app.StartAsync(ct);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server = new FakeOpenAIServer(app, new Uri(address.Replace("0.0.0.0", "127.0.0.1") + "/"));
        return server;
    }

    private FakeFault? NextFault(FakeOperation operation) =>
        faults.TryGetValue(operation, out var queue) && queue.TryDequeue(out var fault) ? fault : null;

    private static object Error(string code, string message) => new { error = new { code, message } };

    /// <summary>Answers a fault that is an HTTP error; true when it did.</summary>
    private async Task<bool> TryFailAsync(FakeFault? fault, FakeOperation op, string deployment, HttpContext http, string? fileName)
    {
        if (fault?.Kind == FakeFaultKind.TooManyRequests)
        {
            http.Response.StatusCode = 429;
            http.Response.Headers["Retry-After"] = ((int)Math.Ceiling(fault.Seconds)).ToString();
            http.Response.Headers["retry-after-ms"] = ((int)(fault.Seconds * 1000)).ToString();
            await http.Response.WriteAsJsonAsync(Error("429", "Requests to the deployment have exceeded the rate limit of your current tier. Please retry after 1 second."));
        }
        else if (fault?.Kind == FakeFaultKind.ServerError)
        {
            http.Response.StatusCode = 500;
            await http.Response.WriteAsJsonAsync(Error("InternalServerError", "The server had an error while processing your request."));
        }
        else return false;
        requests.Enqueue(new FakeRequest(op, deployment, http.Request.Query["api-version"], fileName, http.Response.StatusCode, 0, 0));
        return true;
    }

    private async Task TranscribeAsync(string deployment, HttpContext http)
    {
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var file = form.Files["file"];
        if (file is null)
        {
            http.Response.StatusCode = 400;
            await http.Response.WriteAsJsonAsync(Error("invalid_request_error", "No file was uploaded."));
            return;
        }
        if (await TryFailAsync(NextFault(FakeOperation.Transcription), FakeOperation.Transcription, deployment, http, file.FileName)) return;

        double audioSeconds;
        await using (var audio = file.OpenReadStream()) audioSeconds = WavDuration(audio);
        var (callId, channel) = ParseFileName(file.FileName);
        var lines = Transcripts.For(callId).Lines.Where(l => channel is null || l.Speaker == channel).ToList();
        var text = string.Concat(lines.Select(l => l.Text));
        var verbose = (string?)form["response_format"] == "verbose_json";
        requests.Enqueue(new FakeRequest(FakeOperation.Transcription, deployment, http.Request.Query["api-version"], file.FileName, 200, 0, 0));
        if (!verbose) { await http.Response.WriteAsJsonAsync(new { text }); return; }
        await http.Response.WriteAsJsonAsync(new
        {
            task = "transcribe",
            language = (string?)form["language"] ?? "zh",
            duration = Math.Max(audioSeconds, lines.Count > 0 ? lines.Max(l => l.End) : 0),
            text,
            segments = lines.Select((l, i) => new
            {
                id = i, seek = 0, start = l.Start, end = l.End, text = l.Text,
                tokens = Enumerable.Range(50364 + i, 3).ToArray(),
                temperature = 0.0, avg_logprob = -0.25, compression_ratio = 1.1, no_speech_prob = 0.01,
            }),
        });
    }

    private async Task ChatAsync(string deployment, HttpContext http)
    {
        var body = await JsonNode.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted);
        var fault = NextFault(FakeOperation.Chat);
        if (await TryFailAsync(fault, FakeOperation.Chat, deployment, http, null)) return;

        var messages = body?["messages"]?.AsArray() ?? [];
        var texts = messages.Select(m => MessageText(m?["content"])).ToList();
        var schema = body?["response_format"]?["json_schema"]?["schema"];
        var content = fault?.Kind == FakeFaultKind.Malformed
            ? "{\"items\": {\"greeting\": {\"answer\": \"yes\", \"confidence\": 0.9, \"evidence\": [{\"quote\": \"您好"
            : FakeScorer.Answer(schema, texts.LastOrDefault() ?? "", fault?.Kind == FakeFaultKind.ShiftEvidence ? fault.Seconds : 0);
        var promptTokens = texts.Sum(TokenEstimate) + 4 * texts.Count;
        var completionTokens = TokenEstimate(content);
        requests.Enqueue(new FakeRequest(FakeOperation.Chat, deployment, http.Request.Query["api-version"], null, 200, promptTokens, completionTokens));
        await http.Response.WriteAsJsonAsync(new
        {
            id = $"chatcmpl-fake-{requests.Count}",
            @object = "chat.completion",
            created = 1_763_000_000L,
            model = deployment,
            system_fingerprint = "fp_fake",
            choices = new[]
            {
                new { index = 0, message = new { role = "assistant", content, refusal = (string?)null }, logprobs = (object?)null, finish_reason = "stop" },
            },
            usage = new { prompt_tokens = promptTokens, completion_tokens = completionTokens, total_tokens = promptTokens + completionTokens },
        });
    }

    private static string MessageText(JsonNode? content) => content switch
    {
        JsonValue v => v.GetValue<string>(),
        JsonArray parts => string.Concat(parts.Select(p => (string?)p?["text"] ?? "")),
        _ => "",
    };

    /// <summary>Roughly how OpenAI tokenizers count: a CJK character is about one token, other text about four characters a token.</summary>
    public static int TokenEstimate(string text)
    {
        var cjk = text.Count(c => c >= 0x3000);
        return cjk + (int)Math.Ceiling((text.Length - cjk) / 4.0);
    }

    /// <summary><c>{callId}.{agent|customer}.wav</c>; any other name is the whole conversation.</summary>
    public static (string CallId, string? Channel) ParseFileName(string fileName)
    {
        var name = Path.GetFileNameWithoutExtension(fileName);
        var dot = name.LastIndexOf('.');
        if (dot > 0 && name[(dot + 1)..] is "agent" or "customer") return (name[..dot], name[(dot + 1)..]);
        return (name, null);
    }

    /// <summary>The duration a WAV header states (data size ÷ byte rate), or 0 when it is not a WAV.</summary>
    public static double WavDuration(Stream wav)
    {
        Span<byte> header = stackalloc byte[12];
        if (wav.ReadAtLeast(header, 12, throwOnEndOfStream: false) < 12 || !header[..4].SequenceEqual("RIFF"u8)) return 0;
        int byteRate = 0;
        Span<byte> chunk = stackalloc byte[8];
        while (wav.ReadAtLeast(chunk, 8, throwOnEndOfStream: false) == 8)
        {
            var size = BitConverter.ToInt32(chunk[4..]);
            if (chunk[..4].SequenceEqual("fmt "u8))
            {
                var fmt = new byte[size];
                wav.ReadExactly(fmt);
                byteRate = BitConverter.ToInt32(fmt, 8);
                continue;
            }
            if (chunk[..4].SequenceEqual("data"u8)) return byteRate > 0 ? (double)(uint)size / byteRate : 0;
            var skip = new byte[size + (size & 1)];
            wav.ReadExactly(skip);
        }
        return 0;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
