using QaServerless.Calls;

namespace QaServerless.Sampling;

/// <summary>The sample source over the Calls feature's <see cref="CallStore"/> (count rows, lowest-key index, flagged index).</summary>
public sealed class CallStoreSampleSource(CallStore store) : ISampleSource
{
    public async Task<IReadOnlyList<Stratum>> GetDayStrataAsync(string centerId, DateOnly day, CancellationToken ct) =>
        (await store.GetDayStrataAsync(centerId, day, ct)).Select(s => new Stratum(s.AgentId, s.BusinessType, s.Calls, s.Channel)).ToList();

    public Task<IReadOnlyList<Call>> TakeLowestAsync(string centerId, DateOnly day, string agentId, string businessType, string channel, int k, CancellationToken ct) =>
        store.TakeLowestAsync(centerId, day, agentId, businessType, k, ct, channel);

    public Task<IReadOnlyList<Call>> ListFlaggedAsync(string centerId, DateOnly day, CancellationToken ct) =>
        store.ListFlaggedAsync(centerId, day, ct);

    public Task<Call?> GetAsync(string centerId, string callId, CancellationToken ct) => store.GetAsync(centerId, callId, ct);
}
