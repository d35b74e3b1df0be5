using Microsoft.Extensions.DependencyInjection;
using QaServerless.Calls;
using QaServerless.ReferenceData;

namespace QaServerless.Tests.Infrastructure;

/// <summary>Stores calls the way ingestion does (center row first, then the call store with its sinks).</summary>
internal static class StoredCalls
{
    public static readonly DateTimeOffset Start = new(2026, 11, 19, 10, 0, 0, TimeSpan.FromHours(8));

    public static Call New(string center, string callId, string? audioBlob = null, string agent = "a1", string team = "t1") => new()
    {
        CenterId = center, CallId = callId, AgentId = agent, Team = team, BusinessType = "咨询", Direction = CallDirection.Inbound,
        Start = Start, TalkSeconds = 60, AudioBlob = audioBlob,
    };

    public static async Task<Call> SaveAsync(IServiceProvider services, Call call)
    {
        var reference = services.GetRequiredService<ReferenceDataStore>();
        var center = await reference.GetCenterAsync(call.CenterId);
        if (center is null) await reference.UpsertCenterAsync(center = new Center(call.CenterId, "Test center", "Asia/Shanghai", 365));
        return (await services.GetRequiredService<CallStore>().SaveAsync(center, call, CancellationToken.None)).Call;
    }

    public static Task<Call> SaveAsync(IServiceProvider services, string center, string callId, string? audioBlob = null) =>
        SaveAsync(services, New(center, callId, audioBlob));
}
