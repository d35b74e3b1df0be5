using QaServerless.Ai.Risk;

namespace QaServerless.Sampling;

/// <summary>High-risk calls as the AI feature flags them (risk score at or above its configured threshold).</summary>
public sealed class RiskFlagHighRiskSource(RiskFlagStore flags) : IHighRiskCallSource
{
    public async Task<IReadOnlyList<string>> ListHighRiskCallIdsAsync(string centerId, DateOnly day, CancellationToken ct) =>
        (await flags.GetHighRiskCallsAsync(centerId, day, ct: ct)).Select(f => f.CallId).ToList();
}
