using System.ClientModel;
using System.ClientModel.Primitives;
using System.Globalization;
using Azure.AI.OpenAI;
using Azure.Core;
using Azure.Identity;
using global::OpenAI.Audio;
using global::OpenAI.Chat;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace QaServerless.Ai.OpenAI;

public sealed record SpeechSegment(double Start, double End, string Text);

public sealed record SpeechResult(double DurationSeconds, IReadOnlyList<SpeechSegment> Segments, int Retries);

public sealed record ChatResult(string Content, int PromptTokens, int CompletionTokens, int Retries);

/// <summary>
/// The one place that talks to Azure OpenAI, through the real <c>Azure.AI.OpenAI</c> client. The client's own retry
/// policy is switched off and replaced by one Polly pipeline, so retries are counted and bounded in one place:
/// 429 (honouring <c>retry-after-ms</c> / <c>Retry-After</c>), 408, 5xx, network errors and per-attempt timeouts
/// retry with exponential backoff and jitter; other errors fail at once.
/// </summary>
public sealed class OpenAIGateway
{
    private readonly OpenAIOptions options;
    private readonly Lazy<AzureOpenAIClient> client;
    private readonly ResiliencePipeline pipeline;
    private readonly ILogger<OpenAIGateway> log;

    public OpenAIGateway(IOptions<OpenAIOptions> options, ILogger<OpenAIGateway> log)
    {
        this.options = options.Value;
        this.log = log;
        client = new(CreateClient);
        pipeline = new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = Math.Max(0, this.options.MaxAttempts - 1),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromSeconds(this.options.BackoffSeconds),
                MaxDelay = TimeSpan.FromSeconds(this.options.MaxRetryDelaySeconds),
                ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome.Exception)),
                DelayGenerator = args => ValueTask.FromResult(RetryAfter(args.Outcome.Exception)),
                OnRetry = args =>
                {
                    if (args.Context.Properties.TryGetValue(RetryCount, out var n)) args.Context.Properties.Set(RetryCount, n + 1);
                    log.LogWarning("Azure OpenAI call failed ({Reason}); retry {Attempt} in {Delay}", Describe(args.Outcome.Exception), args.AttemptNumber + 1, args.RetryDelay);
                    return ValueTask.CompletedTask;
                },
            })
            // Polly's timer is the system clock on purpose: the app's TimeProvider is frozen in tests, and a backoff must really wait.
            .AddTimeout(TimeSpan.FromSeconds(this.options.TimeoutSeconds))
            .Build();
    }

    private static readonly ResiliencePropertyKey<int> RetryCount = new("qa.retries");

    public bool Configured => options.Configured;

    public string Language => options.Language;

    private AzureOpenAIClient CreateClient()
    {
        if (!options.Configured) throw new InvalidOperationException("OpenAI:Endpoint is not configured.");
        var clientOptions = new AzureOpenAIClientOptions { RetryPolicy = new ClientRetryPolicy(maxRetries: 0), NetworkTimeout = TimeSpan.FromSeconds(options.TimeoutSeconds) };
        var endpoint = new Uri(options.Endpoint!);
        if (!string.IsNullOrWhiteSpace(options.ApiKey)) return new AzureOpenAIClient(endpoint, new ApiKeyCredential(options.ApiKey), clientOptions);
        TokenCredential credential = string.IsNullOrWhiteSpace(options.ClientId)
            ? new DefaultAzureCredential()
            : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(options.ClientId));
        return new AzureOpenAIClient(endpoint, credential, clientOptions);
    }

    /// <summary>Transcribes one mono WAV (a seekable stream: a retry sends it again from the start).</summary>
    public async Task<SpeechResult> TranscribeAsync(Stream wav, string fileName, CancellationToken ct)
    {
        var audio = client.Value.GetAudioClient(options.TranscriptionDeployment);
        var transcriptionOptions = new AudioTranscriptionOptions
        {
            ResponseFormat = AudioTranscriptionFormat.Verbose,
            TimestampGranularities = AudioTimestampGranularities.Segment,
            Language = options.Language,
        };
        var (result, retries) = await RunAsync(async token =>
        {
            // The SDK disposes the stream it uploads; a retry must send the same audio again, so it gets a view it may close.
            wav.Position = 0;
            await using var attempt = new UnclosableStream(wav);
            return (await audio.TranscribeAudioAsync(attempt, fileName, transcriptionOptions, token)).Value;
        }, ct);
        var segments = result.Segments.Select(s => new SpeechSegment(s.StartTime.TotalSeconds, s.EndTime.TotalSeconds, s.Text.Trim())).ToList();
        return new SpeechResult(result.Duration?.TotalSeconds ?? 0, segments, retries);
    }

    /// <summary>One chat completion constrained by a strict JSON schema (structured output). The content is returned unparsed.</summary>
    public async Task<ChatResult> CompleteJsonAsync(string system, string user, string schemaName, BinaryData schema, CancellationToken ct)
    {
        var chat = client.Value.GetChatClient(options.ChatDeployment);
        var chatOptions = new ChatCompletionOptions
        {
            ResponseFormat = ChatResponseFormat.CreateJsonSchemaFormat(schemaName, schema, jsonSchemaIsStrict: true),
            Temperature = 0,
        };
        var (completion, retries) = await RunAsync(async token =>
            (await chat.CompleteChatAsync([new SystemChatMessage(system), new UserChatMessage(user)], chatOptions, token)).Value, ct);
        var content = completion.Content.Count > 0 ? completion.Content[0].Text : "";
        return new ChatResult(content, completion.Usage?.InputTokenCount ?? 0, completion.Usage?.OutputTokenCount ?? 0, retries);
    }

    private async Task<(T Value, int Retries)> RunAsync<T>(Func<CancellationToken, Task<T>> call, CancellationToken ct)
    {
        var context = ResilienceContextPool.Shared.Get(ct);
        context.Properties.Set(RetryCount, 0);
        try
        {
            var value = await pipeline.ExecuteAsync(async c => await call(c.CancellationToken), context);
            return (value, context.Properties.GetValue(RetryCount, 0));
        }
        finally { ResilienceContextPool.Shared.Return(context); }
    }

    public bool IsTransient(Exception? e) => e switch
    {
        ClientResultException { Status: 429 } r => RetryAfter(r) is not { } wait || wait.TotalSeconds <= options.MaxRetryDelaySeconds,
        ClientResultException { Status: 408 or >= 500 } => true,
        ClientResultException { Status: 0 } => true, // no response at all: a network failure inside the client
        TimeoutRejectedException or TimeoutException or HttpRequestException or IOException => true,
        _ => false,
    };

    /// <summary>The wait the service asked for: <c>retry-after-ms</c> (Azure OpenAI) first, then <c>Retry-After</c> in seconds or as a date.</summary>
    public static TimeSpan? RetryAfter(Exception? e)
    {
        if (e is not ClientResultException r || r.GetRawResponse() is not { } response) return null;
        if (response.Headers.TryGetValue("retry-after-ms", out var ms) && double.TryParse(ms, NumberStyles.Float, CultureInfo.InvariantCulture, out var millis))
            return TimeSpan.FromMilliseconds(millis);
        if (!response.Headers.TryGetValue("Retry-After", out var value) || value is null) return null;
        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)) return TimeSpan.FromSeconds(seconds);
        return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at - DateTimeOffset.UtcNow : null;
    }

    private static string Describe(Exception? e) => e switch
    {
        ClientResultException r => $"HTTP {r.Status}",
        null => "no exception",
        _ => e.GetType().Name,
    };
}

/// <summary>Reads through to an inner stream and leaves it open when disposed.</summary>
internal sealed class UnclosableStream(Stream inner) : Stream
{
    public override bool CanRead => inner.CanRead;
    public override bool CanSeek => inner.CanSeek;
    public override bool CanWrite => false;
    public override long Length => inner.Length;
    public override long Position { get => inner.Position; set => inner.Position = value; }
    public override void Flush() { }
    public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);
    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => inner.ReadAsync(buffer, cancellationToken);
    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => inner.ReadAsync(buffer, offset, count, cancellationToken);
    public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
