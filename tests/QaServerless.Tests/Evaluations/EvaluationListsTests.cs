using Microsoft.Extensions.DependencyInjection;
using QaServerless.Evaluations;
using QaServerless.Tests.Infrastructure;

namespace QaServerless.Tests.Evaluations;

/// <summary>An agent's, a team's and an inspector's lists read their own copies, and the copies follow every change.</summary>
[Collection(AppCollection.Name)]
public sealed class EvaluationListsTests(AppFixture app)
{
    private EvaluationStore Store => app.Services.GetRequiredService<EvaluationStore>();

    private static Evaluation New(string center, int i, string agent, string team, string inspector) => new()
    {
        CenterId = center, EvaluationId = $"ev-{i}", CallId = $"call-{i}", AgentId = agent, Team = team, InspectorId = inspector,
        ScorecardId = "card", ScorecardVersion = 1, Version = 1, ChangedBy = "lead-1", ChangedAt = new DateTimeOffset(2026, 11, 19, 9, 0, 0, TimeSpan.Zero),
        Reason = "started",
    };

    [Fact]
    public async Task ListsByAgentTeamAndInspectorHoldExactlyTheirEvaluationsAfterChanges()
    {
        var center = AppFixture.NewCenterId();
        var all = new[]
        {
            New(center, 1, "a1", "t1", "qa-1"), New(center, 2, "a1", "t1", "qa-2"), New(center, 3, "a2", "t1", "qa-1"),
            New(center, 4, "a3", "t/2", "qa-2"), New(center, 5, "a10", "t1", "qa-1"),
        };
        foreach (var e in all) Assert.NotNull(await Store.AddAsync(e));

        // Evaluation 3 is released and handed to another inspector; its copies move and carry the new status.
        var head = (await Store.GetAsync(center, "ev-3"))!;
        var next = head.Value with { InspectorId = "qa-2", Status = EvaluationStatus.Released, Version = 2, Reason = "released" };
        Assert.NotNull(await Store.SaveAsync(head.Value, next, head.ETag, null));

        async Task<string[]> Ids(string? agent = null, string? team = null, string? inspector = null, EvaluationStatus? status = null) =>
            [.. (await Store.ListAsync(center, agent, team, inspector, status)).Select(e => e.EvaluationId).Order()];
        Assert.Equal(["ev-1", "ev-2"], await Ids(agent: "a1"));
        Assert.Equal(["ev-1", "ev-5"], await Ids(inspector: "qa-1"));
        Assert.Equal(["ev-2", "ev-3", "ev-4"], await Ids(inspector: "qa-2"));
        Assert.Equal(["ev-1", "ev-2", "ev-3", "ev-5"], await Ids(team: "t1"));
        Assert.Equal(["ev-4"], await Ids(team: "t/2"));
        Assert.Equal(["ev-3"], await Ids(team: "t1", status: EvaluationStatus.Released));
        Assert.Equal(["ev-1", "ev-2", "ev-3", "ev-4", "ev-5"], await Ids());
        Assert.Equal(EvaluationStatus.Released, (await Store.ListAsync(center, agentId: "a2")).Single().Status);
    }
}
