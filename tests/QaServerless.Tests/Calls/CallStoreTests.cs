using Microsoft.Extensions.DependencyInjection;
using QaServerless.Calls;
using QaServerless.ReferenceData;
using QaServerless.Tests.Infrastructure;

namespace QaServerless.Tests.Calls;

/// <summary>The call store on a real Azurite: idempotent saves, corrections, counts, and the queries the sampler uses.</summary>
[Collection(AppCollection.Name)]
public sealed class CallStoreTests(AppFixture app)
{
    private CallStore Store => app.Services.GetRequiredService<CallStore>();

    internal static async Task<Center> NewCenterAsync(AppFixture app, string timeZone = "Asia/Shanghai")
    {
        var center = new Center(AppFixture.NewCenterId(), "Test center", timeZone);
        await app.Services.GetRequiredService<ReferenceDataStore>().UpsertCenterAsync(center);
        return center;
    }

    internal static Call NewCall(string center, string callId, string agent = "a1", string businessType = "咨询", DateTimeOffset? start = null) => new()
    {
        CenterId = center, CallId = callId, AgentId = agent, Team = "t1", BusinessType = businessType, Direction = CallDirection.Inbound,
        Start = start ?? new DateTimeOffset(2026, 11, 19, 10, 0, 0, TimeSpan.FromHours(8)), TalkSeconds = 120, HoldSeconds = 10,
        AfterCallWorkSeconds = 30, QueueSeconds = 12,
    };

    private static readonly DateOnly Day = new(2026, 11, 19);

    [Fact]
    public async Task ASavedCallIsFoundByIdAndCountedInItsStratum()
    {
        var center = await NewCenterAsync(app);
        var saved = await Store.SaveAsync(center, NewCall(center.CenterId, "c-1"), default);

        Assert.Equal(IngestOutcome.Added, saved.Outcome);
        Assert.Equal(120, (await Store.GetAsync(center.CenterId, "c-1", default))!.TalkSeconds);
        Assert.Equal([new StratumCount("a1", "咨询", 1)], await Store.GetDayStrataAsync(center.CenterId, Day, default));
    }

    [Fact]
    public async Task SavingTheSameCallTwiceChangesNothing()
    {
        var center = await NewCenterAsync(app);
        await Store.SaveAsync(center, NewCall(center.CenterId, "c-1"), default);
        var again = await Store.SaveAsync(center, NewCall(center.CenterId, "c-1"), default);

        Assert.Equal(IngestOutcome.Unchanged, again.Outcome);
        Assert.Equal(1, Assert.Single(await Store.GetDayStrataAsync(center.CenterId, Day, default)).Calls);
        Assert.Empty(await Store.GetPreviousVersionsAsync(center.CenterId, "c-1", default));
    }

    [Fact]
    public async Task ACorrectionMovesTheCallAndKeepsThePreviousVersion()
    {
        var center = await NewCenterAsync(app);
        await Store.SaveAsync(center, NewCall(center.CenterId, "c-1"), default);
        var corrected = NewCall(center.CenterId, "c-1", agent: "a2", businessType: "投诉") with { TalkSeconds = 200, Complaint = true };
        var result = await Store.SaveAsync(center, corrected, default);

        Assert.Equal(IngestOutcome.Corrected, result.Outcome);
        Assert.Equal("a1", result.Previous!.AgentId);
        Assert.Equal(200, (await Store.GetAsync(center.CenterId, "c-1", default))!.TalkSeconds);
        Assert.Equal("a1", Assert.Single(await Store.GetPreviousVersionsAsync(center.CenterId, "c-1", default)).AgentId);
        Assert.Equal([new StratumCount("a2", "投诉", 1)], await Store.GetDayStrataAsync(center.CenterId, Day, default));
        Assert.Equal("c-1", Assert.Single(await Store.ListFlaggedAsync(center.CenterId, Day, default)).CallId);
        var page = await Store.ListByAgentAsync(center.CenterId, "a1", Day, Day, null, null, 10, default);
        Assert.Empty(page.Calls);
    }

    [Fact]
    public async Task ACallIsFiledUnderTheCentersLocalDay()
    {
        var center = await NewCenterAsync(app, "Asia/Shanghai");
        // 23:30 UTC on the 18th is 07:30 on the 19th in Shanghai.
        await Store.SaveAsync(center, NewCall(center.CenterId, "late", start: new DateTimeOffset(2026, 11, 18, 23, 30, 0, TimeSpan.Zero)), default);

        Assert.Single(await Store.GetDayStrataAsync(center.CenterId, Day, default));
        Assert.Empty(await Store.GetDayStrataAsync(center.CenterId, Day.AddDays(-1), default));
    }

    [Fact]
    public async Task ABulkSaveCountsEveryStratumAndAReplayOfItChangesNothing()
    {
        var center = await NewCenterAsync(app);
        var calls = Enumerable.Range(0, 450).Select(i => NewCall(center.CenterId, $"b-{i}", agent: $"a{i % 7}", businessType: i % 3 == 0 ? "投诉" : "咨询")
            with { TestCall = i % 50 == 0 }).ToList();

        var first = await Store.SaveBatchAsync(center, calls, default);
        var second = await Store.SaveBatchAsync(center, calls, default);

        Assert.Equal((450, 0, 0), (first.Added, first.Corrected, first.Unchanged));
        Assert.Equal((0, 0, 450), (second.Added, second.Corrected, second.Unchanged));
        var strata = await Store.GetDayStrataAsync(center.CenterId, Day, default);
        Assert.Equal(450, strata.Sum(s => s.Calls));
        foreach (var s in strata)
            Assert.Equal(calls.Count(c => c.AgentId == s.AgentId && c.BusinessType == s.BusinessType), s.Calls);
        Assert.Equal(9, (await Store.ListFlaggedAsync(center.CenterId, Day, default)).Count);
    }

    [Fact]
    public async Task ChunksOfOneImportCountExactlyAfterAnotherWriterMovedOrCreatedTheirCounts()
    {
        var center = await NewCenterAsync(app);
        var import = Store.StartImport(center);
        await import.AddAsync(Enumerable.Range(0, 20).Select(i => NewCall(center.CenterId, $"l-{i}")).ToList(), default);
        // Another writer (a manifest) moves a1's count on behind the ledger's back, and creates a2's count row.
        await Store.SaveAsync(center, NewCall(center.CenterId, "manifest-1"), default);
        await Store.SaveAsync(center, NewCall(center.CenterId, "manifest-2", agent: "a2"), default);

        var next = Enumerable.Range(20, 15).Select(i => NewCall(center.CenterId, $"l-{i}", agent: i < 30 ? "a1" : "a2")).ToList();
        await import.AddAsync(next, default);
        var result = await import.CompleteAsync(default);

        Assert.Equal(35, result.Added);
        var strata = (await Store.GetDayStrataAsync(center.CenterId, Day, default)).OrderBy(s => s.AgentId).ToList();
        Assert.Equal([new StratumCount("a1", "咨询", 31), new StratumCount("a2", "咨询", 6)], strata);
    }

    [Fact]
    public async Task ACallRepeatedInALaterChunkOfOneImportEndsWithTheLaterContentCountedOnce()
    {
        var center = await NewCenterAsync(app);
        var import = Store.StartImport(center);
        await import.AddAsync([NewCall(center.CenterId, "r-1"), NewCall(center.CenterId, "r-2")], default);
        // The same call again, moved to another agent, before the first chunk's index rows were written.
        await import.AddAsync([NewCall(center.CenterId, "r-1", agent: "a9")], default);
        var result = await import.CompleteAsync(default);

        Assert.Equal((2, 1, 0), (result.Added, result.Corrected, result.Unchanged));
        Assert.Equal("a9", (await Store.GetAsync(center.CenterId, "r-1", default))!.AgentId);
        var strata = (await Store.GetDayStrataAsync(center.CenterId, Day, default)).OrderBy(s => s.AgentId).ToList();
        Assert.Equal([new StratumCount("a1", "咨询", 1), new StratumCount("a9", "咨询", 1)], strata);
        var byAgent = await Store.ListByAgentAsync(center.CenterId, "a1", Day, Day, null, null, 100, default);
        Assert.Equal(["r-2"], byAgent.Calls.Select(c => c.CallId));
    }

    [Fact]
    public async Task ABulkCorrectionOfCallsSavedEarlierMovesTheirCounts()
    {
        var center = await NewCenterAsync(app);
        var calls = Enumerable.Range(0, 30).Select(i => NewCall(center.CenterId, $"m-{i}")).ToList();
        await Store.SaveBatchAsync(center, calls, default);

        var moved = calls.Select((c, i) => i < 10 ? c with { AgentId = "a9" } : c).ToList();
        var result = await Store.SaveBatchAsync(center, moved, default);

        Assert.Equal((0, 10, 20), (result.Added, result.Corrected, result.Unchanged));
        var strata = (await Store.GetDayStrataAsync(center.CenterId, Day, default)).OrderBy(s => s.AgentId).ToList();
        Assert.Equal([new StratumCount("a1", "咨询", 20), new StratumCount("a9", "咨询", 10)], strata);
        Assert.Equal("a1", Assert.Single(await Store.GetPreviousVersionsAsync(center.CenterId, "m-3", default)).AgentId);
    }

    [Fact]
    public async Task TakeLowestReturnsTheCallsWithTheSmallestSamplingKeys()
    {
        var center = await NewCenterAsync(app);
        var calls = Enumerable.Range(0, 40).Select(i => NewCall(center.CenterId, $"s-{i}")).ToList();
        await Store.SaveBatchAsync(center, calls, default);

        var lowest = await Store.TakeLowestAsync(center.CenterId, Day, "a1", "咨询", 5, default);

        var expected = calls.OrderBy(c => CallKeys.SamplingKey(center.CenterId, c.CallId)).Take(5).Select(c => c.CallId);
        Assert.Equal(expected, lowest.Select(c => c.CallId));
    }

    [Fact]
    public async Task ListsPageThroughDaysWithContinuationTokens()
    {
        var center = await NewCenterAsync(app);
        var calls = Enumerable.Range(0, 25).Select(i => NewCall(center.CenterId, $"p-{i}", businessType: i % 2 == 0 ? "订单" : "售后",
            start: new DateTimeOffset(2026, 11, 17 + i % 3, 10, 0, 0, TimeSpan.FromHours(8)))).ToList();
        await Store.SaveBatchAsync(center, calls, default);

        var seen = new List<string>();
        string? token = null;
        do
        {
            var page = await Store.ListByDaysAsync(center.CenterId, new DateOnly(2026, 11, 17), new DateOnly(2026, 11, 19), null, token, 4, default);
            Assert.True(page.Calls.Count <= 4);
            seen.AddRange(page.Calls.Select(c => c.CallId));
            token = page.Continuation;
        } while (token is not null);

        Assert.Equal(calls.Select(c => c.CallId).Order(), seen.Order());
        var orders = await Store.ListByDaysAsync(center.CenterId, new DateOnly(2026, 11, 17), new DateOnly(2026, 11, 19), "订单", null, 100, default);
        Assert.Equal(13, orders.Calls.Count);
        var byAgent = await Store.ListByAgentAsync(center.CenterId, "a1", new DateOnly(2026, 11, 18), new DateOnly(2026, 11, 30), "售后", null, 100, default);
        Assert.Equal(calls.Count(c => c.BusinessType == "售后" && c.Start.Day >= 18), byAgent.Calls.Count);
    }

    [Fact]
    public async Task AnAgentMissingFromTheRosterIsFlaggedNotDropped()
    {
        var center = await NewCenterAsync(app);
        await Store.SaveAsync(center, NewCall(center.CenterId, "u-1", agent: "stranger"), default);

        var agent = await app.Services.GetRequiredService<ReferenceDataStore>().GetAgentAsync(center.CenterId, "stranger");
        Assert.False(agent!.OnRoster);
    }

    [Fact]
    public void SamplingKeysAreStableAndKeysEscapeSeparators()
    {
        Assert.Equal(CallKeys.SamplingKey("sh", "c-1"), CallKeys.SamplingKey("sh", "c-1"));
        Assert.NotEqual(CallKeys.SamplingKey("sh", "c-1"), CallKeys.SamplingKey("bj", "c-1"));
        Assert.Equal("a%7Cb%2Fc", CallKeys.Escape("a|b/c"));
        var prefix = CallKeys.StratumPrefix("x|y", "a");
        Assert.StartsWith(prefix, CallKeys.CallRow("x|y", "a", 1, "c"));
        Assert.True(string.CompareOrdinal(CallKeys.CallRow("x|y", "a", ulong.MaxValue, "c"), CallKeys.RangeEnd(prefix)) < 0);
    }
}
