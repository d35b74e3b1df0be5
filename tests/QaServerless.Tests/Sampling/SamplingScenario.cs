using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using QaServerless.Calls;
using QaServerless.ReferenceData;
using QaServerless.Tests.Infrastructure;

namespace QaServerless.Tests.Sampling;

/// <summary>
/// A small center on Azurite: 8 agents (3 hired within 90 days), 3 inspectors, and a Thursday (2026-11-19, "yesterday"
/// for the fixture's clock) of calls saved through the call store, with abandoned and short calls, one announced test
/// call and one complaint.
/// </summary>
public sealed record SamplingScenario(string CenterId, Center Center, IReadOnlyList<Call> Calls, IReadOnlyList<string> NewHires)
{
    public static readonly DateOnly Day = new(2026, 11, 19);
    public static readonly DateOnly WorkDay = new(2026, 11, 20);
    private static readonly string[] BusinessTypes = ["咨询", "订单", "投诉", "售后"];

    public static async Task<SamplingScenario> CreateAsync(AppFixture app, int callsPerAgent = 40, int inspectorCap = 6, int inspectors = 3)
    {
        var centerId = AppFixture.NewCenterId("s");
        var put = await app.AdminOf(centerId).PutAsJsonAsync($"/api/centers/{centerId}", new { name = "Sampling", timeZone = "Asia/Shanghai" });
        put.EnsureSuccessStatusCode();
        var center = (await put.Content.ReadFromJsonAsync<Center>())!;
        var reference = app.Services.GetRequiredService<ReferenceDataStore>();

        var agents = Enumerable.Range(0, 8).Select(i => new Agent(centerId, $"a{i}", $"Agent {i}", i % 2 == 0 ? "T1" : "T2", null,
            i < 3 ? Day.AddDays(-20 - i) : Day.AddDays(-400 - i), BusinessTypes)).ToList();
        await reference.UpsertAgentsAsync(agents);
        await reference.UpsertInspectorsAsync(Enumerable.Range(0, inspectors).Select(i =>
            new Inspector(centerId, $"i{i}", $"Inspector {i}", inspectorCap, [], i == 0 ? ["T1"] : [])));

        var random = new Random(7);
        var calls = new List<Call>();
        foreach (var agent in agents)
            for (var n = 0; n < callsPerAgent; n++)
            {
                var id = $"{agent.AgentId}-{n:D3}";
                calls.Add(new Call
                {
                    CenterId = centerId, CallId = id, AgentId = agent.AgentId, Team = agent.Team,
                    BusinessType = BusinessTypes[random.Next(n % 5 == 0 ? 4 : 2)], Direction = CallDirection.Inbound,
                    Start = new DateTimeOffset(2026, 11, 19, 9, 0, 0, TimeSpan.FromHours(8)).AddMinutes(n * 7),
                    TalkSeconds = n % 9 == 0 ? 4 : 60 + random.Next(600), Abandoned = n % 13 == 0,
                    TestCall = agent.AgentId == "a5" && n == 1, Complaint = agent.AgentId == "a6" && n == 2,
                });
            }
        await app.Services.GetRequiredService<CallStore>().SaveBatchAsync(center, calls, CancellationToken.None);
        return new SamplingScenario(centerId, center, calls, ["a0", "a1", "a2"]);
    }
}
