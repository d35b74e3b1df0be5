using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using QaServerless.Calls;
using QaServerless.ReferenceData;
using QaServerless.Sampling;
using QaServerless.Tests.Infrastructure;

namespace QaServerless.Tests.Sampling;

/// <summary>Sampling stratified by channel: a plan's per-channel rates on a hand-made day of voice calls and chats, on Azurite.</summary>
[Collection(AppCollection.Name)]
public sealed class ChannelSamplingTests(AppFixture app)
{
    private static readonly DateOnly Day = SamplingScenario.Day;

    [Fact]
    public async Task EachChannelIsDrawnAtItsOwnRate()
    {
        var (center, calls) = await HandMadeDayAsync();
        var lead = app.QaLeadOf(center.CenterId);
        var put = await lead.PutAsJsonAsync($"/api/sampling/{center.CenterId}/plan", new { channelRates = new { voice = 0.05, chat = 0.5 } });
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);

        var outcome = await app.Services.GetRequiredService<SamplingService>().RunAsync(center, Day);

        // By hand: voice 0.05 × 20 = 1 call from each agent's 20; chat 0.5 × 4 = 2 (a0) and 0.5 × 6 = 3 (a1). Every share is
        // a whole number, so the seeded offset of the rounding changes nothing: 7 calls in all, 2 voice and 5 chats.
        var sampled = outcome.Messages.Select(m => calls[m.CallId]).ToList();
        Assert.Equal(7, sampled.Count);
        Assert.Equal(2, sampled.Count(c => c.ChannelKey == Channels.Voice));
        Assert.Equal(5, sampled.Count(c => c.ChannelKey == Channels.Chat));
        Assert.Equal([("a0", "voice", 1), ("a0", "chat", 2), ("a1", "voice", 1), ("a1", "chat", 3)],
            sampled.GroupBy(c => (c.AgentId, c.ChannelKey)).Select(g => (g.Key.AgentId, g.Key.ChannelKey, g.Count()))
                .OrderBy(x => x.AgentId).ThenByDescending(x => x.ChannelKey).ToList());

        var strata = await app.Services.GetRequiredService<SamplingRunStore>().ListStrataAsync(center.CenterId, Day);
        Assert.Equal(4, strata.Count); // a chat stratum is its own row beside the same agent's voice stratum
        var a1Chat = strata.Single(s => s.AgentId == "a1" && s.Channel == Channels.Chat);
        Assert.Equal((6, 3, 3), (a1Chat.Population, a1Chat.Quota, a1Chat.Drawn));
        Assert.Contains("chat rate 0.5", a1Chat.Why);
    }

    [Fact]
    public async Task ARateOutsideZeroToOneIsRefusedNamingTheChannel()
    {
        var center = AppFixture.NewCenterId("sc");
        var put = await app.QaLeadOf(center).PutAsJsonAsync($"/api/sampling/{center}/plan", new { channelRates = new { voice = 0.05, chat = 1.5 } });
        Assert.Equal(HttpStatusCode.BadRequest, put.StatusCode);
        using var problem = JsonDocument.Parse(await put.Content.ReadAsStringAsync());
        var errors = problem.RootElement.GetProperty("errors");
        Assert.True(errors.TryGetProperty("channelRates.chat", out _));
        Assert.False(errors.TryGetProperty("channelRates.voice", out _));
    }

    /// <summary>Two agents on Thursday 2026-11-19: 20 voice calls of 咨询 each; a0 4 chats of 咨询, a1 6 chats of 订单.</summary>
    private async Task<(Center Center, Dictionary<string, Call> Calls)> HandMadeDayAsync()
    {
        var centerId = AppFixture.NewCenterId("sc");
        var put = await app.AdminOf(centerId).PutAsJsonAsync($"/api/centers/{centerId}", new { name = "Channels", timeZone = "Asia/Shanghai" });
        put.EnsureSuccessStatusCode();
        var center = (await put.Content.ReadFromJsonAsync<Center>())!;
        var reference = app.Services.GetRequiredService<ReferenceDataStore>();
        await reference.UpsertAgentsAsync(new[] { "a0", "a1" }.Select(a => new Agent(centerId, a, $"Agent {a}", "T1", null, Day.AddDays(-400), ["咨询", "订单"])).ToList());
        await reference.UpsertInspectorsAsync(Enumerable.Range(0, 2).Select(i => new Inspector(centerId, $"i{i}", $"Inspector {i}", 10, [], [])));

        var calls = new List<Call>();
        Call Make(string id, string agent, string bt, string? channel, int n) => new()
        {
            CenterId = centerId, CallId = id, AgentId = agent, Team = "T1", BusinessType = bt, Direction = CallDirection.Inbound,
            Start = new DateTimeOffset(2026, 11, 19, 9, 0, 0, TimeSpan.FromHours(8)).AddMinutes(n * 7), TalkSeconds = 120, Channel = channel,
        };
        foreach (var agent in new[] { "a0", "a1" })
            for (var n = 0; n < 20; n++) calls.Add(Make($"{agent}-v{n:D2}", agent, "咨询", null, n));
        for (var n = 0; n < 4; n++) calls.Add(Make($"a0-c{n}", "a0", "咨询", "chat", n));
        for (var n = 0; n < 6; n++) calls.Add(Make($"a1-c{n}", "a1", "订单", "chat", n));
        await app.Services.GetRequiredService<CallStore>().SaveBatchAsync(center, calls, CancellationToken.None);
        return (center, calls.ToDictionary(c => c.CallId));
    }
}
