using QaServerless.Calls;

namespace QaServerless.Sampling;

/// <summary>
/// What sampling reads of a day's calls: the call store's count rows, its lowest-sampling-key range query and its
/// flagged index (see the Calls feature). Kept as an interface so that the draw can be benchmarked and reasoned about
/// apart from how the calls are stored; <see cref="CallStoreSampleSource"/> is the production implementation.
/// </summary>
public interface ISampleSource
{
    Task<IReadOnlyList<Stratum>> GetDayStrataAsync(string centerId, DateOnly day, CancellationToken ct);

    /// <summary>The k calls of a stratum with the lowest sampling keys (a uniform random key fixed at ingest).</summary>
    Task<IReadOnlyList<Call>> TakeLowestAsync(string centerId, DateOnly day, string agentId, string businessType, string channel, int k, CancellationToken ct);

    /// <summary>The day's announced test calls and complaint calls.</summary>
    Task<IReadOnlyList<Call>> ListFlaggedAsync(string centerId, DateOnly day, CancellationToken ct);

    Task<Call?> GetAsync(string centerId, string callId, CancellationToken ct);
}

/// <summary>
/// Calls flagged high-risk by rules or AI for a day (the "ai" feature may register one). Sampling always includes them
/// when the plan says so; with no source registered there are none.
/// </summary>
public interface IHighRiskCallSource
{
    Task<IReadOnlyList<string>> ListHighRiskCallIdsAsync(string centerId, DateOnly day, CancellationToken ct);
}
