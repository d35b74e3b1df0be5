using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using QaServerless.Kpis;
using QaServerless.Security;
using QaServerless.Tests.Infrastructure;

namespace QaServerless.Tests.Kpis;

/// <summary>An agent's own trend and quartile, a supervisor's team: from the KPI rollups' agent rows, scoped by who asks.</summary>
[Collection(AppCollection.Name)]
public sealed class AgentTrendsApiTests(AppFixture app)
{
    /// <summary>Eight agents in October and November 2026: a1…a4 in T1, a5…a8 in T2; a1 scores 62 in October, 91 in November.</summary>
    private async Task<string> SeedAsync()
    {
        var center = AppFixture.NewCenterId();
        var store = app.Services.GetRequiredService<KpiStore>();
        foreach (var (month, bonus) in new[] { ("202610", 0), ("202611", 1) })
        {
            var rows = new Dictionary<string, (Counters, Dictionary<string, object>)>();
            for (var i = 1; i <= 8; i++)
            {
                // November: a1 91 (the best), the others 60 + 3i; October: a1 62, the others 70 + i.
                var score = i == 1 ? (bonus == 1 ? 9100 : 6200) : (bonus == 1 ? 6000 + 300 * i : 7000 + 100 * i);
                rows[KpiStore.GroupRow(KpiGroup.Agent, $"a{i}")] = (new Counters().Add(K.Evaluations, 2).Add(K.ScoreHundredths, 2 * score).Add(K.Passed, 2),
                    new() { ["Id"] = $"a{i}", ["Team"] = i <= 4 ? "T1" : "T2" });
            }
            await store.ApplyAsync(KpiStore.Partition(center, month), rows, default);
        }
        return center;
    }

    private static async Task<JsonElement> GetAsync(HttpClient client, string center, string query = "month=2026-11&months=3")
    {
        var answer = await client.GetAsync($"/api/kpis/{center}/agents/trends?{query}");
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        return await answer.Content.ReadFromJsonAsync<JsonElement>();
    }

    [Fact]
    public async Task AnAgentSeesTheirOwnTrendAverageAndQuartileButNoOtherAgentsFigures()
    {
        var center = await SeedAsync();
        var agent = app.ClientAs("u-a1", [Roles.Agent], [center], personId: "a1", teams: ["T1"]);
        var body = (await (await agent.GetAsync($"/api/kpis/{center}/agents/trends?month=2026-11&months=3")).Content.ReadAsStringAsync()).Replace(center, "{center}");
        var report = JsonDocument.Parse(body).RootElement;

        var only = Assert.Single(report.GetProperty("agents").EnumerateArray());
        Assert.Equal("a1", only.GetProperty("agentId").GetString());
        var months = only.GetProperty("months").EnumerateArray().ToList();
        Assert.Equal(["2026-09", "2026-10", "2026-11"], months.Select(m => m.GetProperty("month").GetString()));
        Assert.Equal(JsonValueKind.Null, months[0].GetProperty("meanScore").ValueKind);
        Assert.Equal(62m, months[1].GetProperty("meanScore").GetDecimal());
        Assert.Equal(91m, months[2].GetProperty("meanScore").GetDecimal());
        Assert.Equal(76.5m, only.GetProperty("average").GetDecimal());
        var standing = only.GetProperty("standing");
        Assert.Equal("2026-11", standing.GetProperty("month").GetString());
        Assert.Equal(1, standing.GetProperty("quartile").GetInt32());
        Assert.Equal(8, standing.GetProperty("rankedAgents").GetInt32());
        // Nobody else's id or mean leaves the server (a2's November mean is 66, a8's 84).
        foreach (var other in new[] { "\"a2\"", "\"a5\"", "\"a8\"", "66", "84" }) Assert.DoesNotContain(other, body);
    }

    [Fact]
    public async Task ASupervisorSeesTheirTeamsAgentsAndALeadEveryAgent()
    {
        var center = await SeedAsync();
        var team = await GetAsync(app.ClientAs("u-sup", [Roles.Supervisor], [center], personId: "sup-1", teams: ["T1"]), center);
        Assert.Equal(["a1", "a2", "a3", "a4"], team.GetProperty("agents").EnumerateArray().Select(a => a.GetProperty("agentId").GetString()));
        // a2 (66 in November) is 7th of 8: the last quarter; a4 (72) 5th: the third.
        var quartiles = team.GetProperty("agents").EnumerateArray().ToDictionary(a => a.GetProperty("agentId").GetString()!, a => a.GetProperty("standing").GetProperty("quartile").GetInt32());
        Assert.Equal(4, quartiles["a2"]);
        Assert.Equal(3, quartiles["a4"]);
        var all = await GetAsync(app.QaLeadOf(center), center);
        Assert.Equal(8, all.GetProperty("agents").GetArrayLength());
        var other = await app.ClientAs("u-a1", [Roles.Agent], ["elsewhere"], personId: "a1").GetAsync($"/api/kpis/{center}/agents/trends");
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        var inspector = await app.ClientAs("u-i", [Roles.Inspector], [center], personId: "insp-1").GetAsync($"/api/kpis/{center}/agents/trends");
        Assert.Equal(HttpStatusCode.Forbidden, inspector.StatusCode);
    }

    [Fact]
    public async Task MoreThanTwelveMonthsIsAProblemNamingTheField()
    {
        var answer = await app.QaLeadOf("c1").GetAsync("/api/kpis/c1/agents/trends?months=13&month=2026-13");
        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        var body = await answer.Content.ReadAsStringAsync();
        Assert.Contains("\"months\"", body);
        Assert.Contains("\"month\"", body);
    }

    [Theory]
    [InlineData(91, 1)]
    [InlineData(84, 1)]
    [InlineData(81, 2)]
    [InlineData(66, 4)]
    public void TheQuartileCountsTheAgentsStrictlyBetter(int mean, int quartile) =>
        Assert.Equal(quartile, AgentTrends.QuartileOf(mean, [91m, 84m, 81m, 78m, 75m, 72m, 69m, 66m]));
}
