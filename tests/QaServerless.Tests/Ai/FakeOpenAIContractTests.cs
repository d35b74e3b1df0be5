using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using QaServerless.Ai.OpenAI;
using QaServerless.Ai.PreScoring;
using QaServerless.Ai.Transcription;
using QaServerless.Ai.Transcripts;
using QaServerless.FakeOpenAI;

namespace QaServerless.Tests.Ai;

/// <summary>The real Azure.AI.OpenAI client against the fake: if the fake's REST shape drifts from Azure's, these fail.</summary>
public sealed class FakeOpenAIContractTests : IAsyncLifetime
{
    private FakeOpenAIServer fake = null!;
    private OpenAIGateway gateway = null!;

    public async Task InitializeAsync()
    {
        fake = await FakeOpenAIServer.StartAsync();
        gateway = new OpenAIGateway(Options.Create(new OpenAIOptions
        {
            Endpoint = fake.Endpoint.ToString(), ApiKey = FakeOpenAIServer.ApiKey, MaxAttempts = 3, BackoffSeconds = 0.05,
        }), NullLogger<OpenAIGateway>.Instance);
    }

    public async Task DisposeAsync() => await fake.DisposeAsync();

    private static MemoryStream MonoWav(double seconds) =>
        new([.. WavChannelSplitter.Header(1, 8000, 16, (long)(8000 * seconds) * 2), .. new byte[(int)(8000 * seconds) * 2]]);

    [Fact]
    public async Task ATranscriptionComesBackAsVerboseJsonSegmentsForTheChannel()
    {
        fake.Transcripts.Register("c-1", CannedTranscripts.Demo[1]);
        var result = await gateway.TranscribeAsync(MonoWav(2), "c-1.customer.wav", CancellationToken.None);
        Assert.Equal(["喂？", "这是我第二次来电了，上次说的退款还没到账。", "好吧。"], result.Segments.Select(s => s.Text));
        Assert.Equal(7.5, result.Segments[1].Start, 3);
        Assert.Equal(35.0, result.DurationSeconds, 3);
        var request = Assert.Single(fake.Requests);
        Assert.Equal("whisper", request.Deployment);
        Assert.NotNull(request.ApiVersion);
    }

    [Fact]
    public async Task A429WithRetryAfterIsRetriedAndCounted()
    {
        fake.Inject(FakeOperation.Transcription, FakeFault.TooManyRequests(1));
        var result = await gateway.TranscribeAsync(MonoWav(1), "c-2.agent.wav", CancellationToken.None);
        Assert.Equal(1, result.Retries);
        Assert.Equal([429, 200], fake.Requests.Select(r => r.Status));
    }

    [Fact]
    public async Task AStructuredOutputChatReturnsJsonAndTokenUsage()
    {
        var transcript = Transcript.Merge("c-3", "zh", 30, [new TranscriptSegment(Speaker.Agent, 0.5, 2, "您好，很高兴为您服务")]);
        var result = await gateway.CompleteJsonAsync(PreScoringSchema.SystemPrompt, PreScoringSchema.UserPrompt(transcript), PreScoringSchema.Name,
            PreScoringSchema.Build(DemoCardSource.Card), CancellationToken.None);
        var answers = ModelAnswerParser.Parse(result.Content, DemoCardSource.Card);
        Assert.Equal("yes", answers.Single(a => a.ItemId == "greeting").Answer);
        Assert.True(result.PromptTokens > 0 && result.CompletionTokens > 0);
    }
}
