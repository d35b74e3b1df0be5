using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using QaServerless.Tests.Evaluations;
using QaServerless.Tests.Infrastructure;

namespace QaServerless.Tests.Security;

/// <summary>
/// Findings 5 and 6 of issue 14: a supervisor's view is their roster teams, whatever a call record says, and their KPI
/// report is made of their teams' figures only. The scenario's roster: a1 in T1 (sup-1), a2 in T2 (sup-2).
/// </summary>
[Collection(AppCollection.Name)]
public sealed class TeamScopeTests(AppFixture app)
{
    private static async Task<JsonElement> OkJsonAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement;
    }

    private static IEnumerable<string> Groups(JsonElement report) => report.GetProperty("groups").EnumerateArray().Select(g => g.GetProperty("group").GetString()!);

    [Fact]
    public async Task ACallRecordWithAnotherTeamIsFlaggedAndLeavesTheAgentInTheirRosterTeam()
    {
        var s = await EvaluationScenario.CreateAsync(app);
        // Four calls of a2 as the roster has them, then one CDR row naming another team.
        var calls = Enumerable.Range(1, 4).Select(i => StoredCalls.New(s.Center, $"a2-{i}", agent: "a2", team: "T2"))
            .Append(StoredCalls.New(s.Center, "a2-odd", agent: "a2", team: "T9")).ToList();
        foreach (var call in calls) await StoredCalls.SaveAsync(app.Services, call);

        var odd = await OkJsonAsync(s.Lead, $"/api/calls/{s.Center}/a2-odd");
        Assert.Equal(("T9", "T2", true), (odd.GetProperty("team").GetString(), odd.GetProperty("rosterTeam").GetString(), odd.GetProperty("teamMismatch").GetBoolean()));
        Assert.False((await OkJsonAsync(s.Lead, $"/api/calls/{s.Center}/a2-1")).GetProperty("teamMismatch").GetBoolean());

        // T2's supervisor still has a2 (and only T2's agents), sees the odd call, and a2's calls count for T2.
        var agents = (await OkJsonAsync(s.OtherSupervisor, $"/api/centers/{s.Center}/agents")).EnumerateArray().Select(a => a.GetProperty("agentId").GetString()).ToList();
        Assert.Equal(["a2"], agents);
        Assert.Equal(HttpStatusCode.OK, (await s.OtherSupervisor.GetAsync($"/api/calls/{s.Center}/a2-odd")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await s.Supervisor.GetAsync($"/api/calls/{s.Center}/a2-odd")).StatusCode);

        var teams = await OkJsonAsync(s.Lead, $"/api/kpis/{s.Center}?month=2026-11&groupBy=team");
        Assert.Equal(["T2"], Groups(teams));
        Assert.Equal(5, teams.GetProperty("groups")[0].GetProperty("contactCenter").GetProperty("calls").GetInt64());
        var mine = await OkJsonAsync(s.OtherSupervisor, $"/api/kpis/{s.Center}?month=2026-11&groupBy=agent");
        var a2 = Assert.Single(mine.GetProperty("groups").EnumerateArray());
        Assert.Equal(("a2", "T2", 5L), (a2.GetProperty("group").GetString(), a2.GetProperty("team").GetString(), a2.GetProperty("contactCenter").GetProperty("calls").GetInt64()));
    }

    [Fact]
    public async Task ASupervisorsKpiReportHoldsOnlyTheirTeamsFigures()
    {
        var s = await EvaluationScenario.CreateAsync(app);
        for (var i = 0; i < 3; i++) await StoredCalls.SaveAsync(app.Services, StoredCalls.New(s.Center, $"t1-{i}", agent: "a1", team: "T1"));
        for (var i = 0; i < 5; i++) await StoredCalls.SaveAsync(app.Services, StoredCalls.New(s.Center, $"t2-{i}", agent: "a2", team: "T2"));
        await s.ReleasedAsync(); // a1 (T1): deducts verify and part of solve
        await ReleasedForT2Async(s); // a2 (T2): deducts greet only

        var lead = await OkJsonAsync(s.Lead, $"/api/kpis/{s.Center}?month=2026-11&groupBy=team");
        var t1 = lead.GetProperty("groups").EnumerateArray().Single(g => g.GetProperty("group").GetString() == "T1");
        Assert.Equal(8, lead.GetProperty("total").GetProperty("contactCenter").GetProperty("calls").GetInt64()); // the center

        foreach (var query in new[] { "month=2026-11", "month=2026-11&groupBy=team", "from=2026-11-01&to=2026-11-30&groupBy=agent" })
        {
            var report = await OkJsonAsync(s.Supervisor, $"/api/kpis/{s.Center}?{query}");
            var total = report.GetProperty("total");
            // Every part of the report is T1's: the totals equal T1's row, the days add up to it, bands and Pareto are T1's.
            Assert.Equal(t1.GetProperty("contactCenter").GetRawText(), total.GetProperty("contactCenter").GetRawText());
            Assert.Equal(t1.GetProperty("qa").GetRawText(), total.GetProperty("qa").GetRawText());
            var days = report.GetProperty("daily").EnumerateArray().ToList();
            Assert.Equal(3, days.Sum(d => d.GetProperty("calls").GetInt64()));
            Assert.Equal(1, days.Sum(d => d.GetProperty("evaluations").GetInt64()));
            var pareto = report.GetProperty("itemPareto").EnumerateArray().Select(p => p.GetProperty("itemId").GetString()).ToList();
            Assert.Contains("verify", pareto);
            Assert.DoesNotContain("greet", pareto);
            Assert.DoesNotContain("T2", Groups(report));
            Assert.DoesNotContain("a2", Groups(report));
        }
        // A grouping that exists only center-wide gives a supervisor no groups, not the center's.
        Assert.Empty(Groups(await OkJsonAsync(s.Supervisor, $"/api/kpis/{s.Center}?month=2026-11&groupBy=businessType")));
    }

    /// <summary>An evaluation of a2 (T2) that deducts greet only.</summary>
    private static Task ReleasedForT2Async(EvaluationScenario s) => s.ReleasedAsync(
    [
        new { itemId = "greet", points = 0 }, new { itemId = "verify", points = 1 }, new { itemId = "solve", points = 4 },
        new { itemId = "close", points = 1 }, new { itemId = "disclose", points = 1 }, new { itemId = "empathy", points = 1 },
    ], agentId: "a2", team: "T2");
}
