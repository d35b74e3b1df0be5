namespace QaServerless.Ai.OpenAI;

/// <summary>
/// Configuration section <c>OpenAI</c>. No endpoint = AI switched off for the whole app (analyses are recorded as
/// "disabled", human review is unaffected). In Azure: the endpoint and deployments only, with the managed identity
/// (<c>OpenAI:ClientId</c> for a user-assigned one) holding "Cognitive Services OpenAI User"; an API key is for the
/// local fake endpoint only.
/// </summary>
public sealed class OpenAIOptions
{
    public string? Endpoint { get; set; }
    public string? ApiKey { get; set; }
    public string? ClientId { get; set; }
    public string TranscriptionDeployment { get; set; } = "whisper";
    public string ChatDeployment { get; set; } = "gpt-4o-mini";
    /// <summary>ISO-639-1 language of the calls; Chinese by default.</summary>
    public string Language { get; set; } = "zh";
    /// <summary>Attempts per model call, first included, for 429, 5xx and timeouts.</summary>
    public int MaxAttempts { get; set; } = 4;
    public double TimeoutSeconds { get; set; } = 120;
    /// <summary>A Retry-After longer than this gives up the attempt (the queue retries later) rather than holding the worker.</summary>
    public double MaxRetryDelaySeconds { get; set; } = 30;
    /// <summary>Base of the exponential backoff when the service gives no Retry-After.</summary>
    public double BackoffSeconds { get; set; } = 1;

    public bool Configured => !string.IsNullOrWhiteSpace(Endpoint);
}
