using Microsoft.Extensions.Logging;
using QaServerless.FakeOpenAI;

namespace QaServerless.LocalHost.Ai;

/// <summary>
/// Which Azure OpenAI endpoint the handler talks to. A real one when <c>OpenAI__Endpoint</c> (or <c>OpenAI:Endpoint</c>)
/// is in the environment: the handler inherits the environment, so nothing is passed and no fake starts. Otherwise the
/// local fake (<see cref="FakeOpenAIServer"/>, in-process on a loopback port) unless switched off with <c>--no-ai</c>:
/// then the handler gets no endpoint and analyses are recorded as Disabled. The fake stops with the local host.
/// </summary>
public sealed class LocalOpenAI : IAsyncDisposable
{
    /// <summary>The fake, when it was started.</summary>
    public FakeOpenAIServer? Fake { get; }

    /// <summary>What the handler must be given (empty for a real endpoint, which it inherits, and for no AI).</summary>
    public IReadOnlyDictionary<string, string> HandlerSettings { get; }

    /// <summary>A model endpoint is configured (real or fake): analyses run.</summary>
    public bool Enabled { get; }

    /// <summary>One line for the log and the printed instructions.</summary>
    public string Description { get; }

    private LocalOpenAI(bool enabled, FakeOpenAIServer? fake, IReadOnlyDictionary<string, string> settings, string description)
    {
        Enabled = enabled;
        Fake = fake;
        HandlerSettings = settings;
        Description = description;
    }

    public static string? ConfiguredEndpoint(Func<string, string?> environment) =>
        new[] { environment("OpenAI__Endpoint"), environment("OpenAI:Endpoint") }.FirstOrDefault(e => !string.IsNullOrWhiteSpace(e));

    public static async Task<LocalOpenAI> StartAsync(bool enabled, Func<string, string?> environment, ILogger log, CancellationToken ct = default)
    {
        if (ConfiguredEndpoint(environment) is { } real)
        {
            log.LogInformation("AI: Azure OpenAI at {Endpoint} (OpenAI__Endpoint is set; the handler inherits the OpenAI__* settings)", real);
            return new LocalOpenAI(true, null, new Dictionary<string, string>(), $"Azure OpenAI at {real}");
        }
        if (!enabled)
        {
            log.LogInformation("AI: off (--no-ai): analyses are recorded as Disabled");
            return new LocalOpenAI(false, null, new Dictionary<string, string>(), "off (--no-ai)");
        }
        var fake = await FakeOpenAIServer.StartAsync(ct: ct);
        log.LogInformation("AI: local fake Azure OpenAI endpoint at {Endpoint} (canned transcripts, deterministic answers; set OpenAI__Endpoint for a real one)", fake.Endpoint);
        return new LocalOpenAI(true, fake, new Dictionary<string, string>
        {
            ["OpenAI:Endpoint"] = fake.Endpoint.ToString(),
            ["OpenAI:ApiKey"] = FakeOpenAIServer.ApiKey,
        }, $"local fake at {fake.Endpoint} (set OpenAI__Endpoint for Azure OpenAI)");
    }

    public async ValueTask DisposeAsync()
    {
        if (Fake is not null) await Fake.DisposeAsync();
    }
}
