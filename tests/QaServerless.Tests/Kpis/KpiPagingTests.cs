using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using QaServerless.Hosting;
using QaServerless.Kpis;
using QaServerless.Security;
using QaServerless.Tests.Infrastructure;

namespace QaServerless.Tests.Kpis;

/// <summary>
/// A lead with many agents reads them a page at a time: every agent once, in a stable order, worst first when asked;
/// a token only pages the query it came from; a supervisor pages their own teams' agents.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class KpiPagingTests(AppFixture app)
{
    /// <summary>23 agents in 3 teams; agent i has mean score (i × 7) mod 10 (ties on purpose), a20–a22 have no evaluation.</summary>
    private async Task<string> CenterWithAgentsAsync()
    {
        var center = AppFixture.NewCenterId("k");
        var store = app.Services.GetRequiredService<KpiStore>();
        var rows = new Dictionary<string, (Counters, Dictionary<string, object>)>();
        for (var i = 0; i < 23; i++)
        {
            var id = $"a{i:D2}";
            var c = new Counters().Add(K.Calls, 10 + i);
            if (i < 20) c.Add(K.Evaluations, 1).Add(K.ScoreHundredths, i * 7 % 10 * 100);
            rows[KpiStore.GroupRow(KpiGroup.Agent, id)] = (c, new() { ["Id"] = id, ["Team"] = $"T{i % 3}" });
        }
        await store.ApplyAsync(KpiStore.Partition(center, "202610"), rows, default);
        // As the sinks do, the same rows go to the day's partition too (a supervisor's report is built from the days).
        await store.ApplyAsync(KpiStore.DayPartition(center, new DateOnly(2026, 10, 15)), rows, default);
        return center;
    }

    private static async Task<KpiReport> ReadAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<KpiReport>(HostJson.Options))!;
    }

    private static async Task<List<KpiReport>> AllPagesAsync(HttpClient client, string url)
    {
        var pages = new List<KpiReport> { await ReadAsync(client, url) };
        while (pages[^1].Page!.ContinuationToken is { } token)
        {
            Assert.True(pages.Count < 50, "paging does not end");
            pages.Add(await ReadAsync(client, $"{url}&continuationToken={Uri.EscapeDataString(token)}"));
        }
        return pages;
    }

    [Fact]
    public async Task PagesCoverEveryAgentOnceInTheOrderOfTheWholeList()
    {
        var center = await CenterWithAgentsAsync();
        var lead = app.QaLeadOf(center);

        var pages = await AllPagesAsync(lead, $"/api/kpis/{center}?month=2026-10&groupBy=agent&top=5");

        Assert.Equal([5, 5, 5, 5, 3], pages.Select(p => p.Groups.Count));
        Assert.All(pages, p => Assert.Equal(23, p.Page!.TotalGroups));
        var ids = pages.SelectMany(p => p.Groups).Select(g => g.Group).ToList();
        Assert.Equal(Enumerable.Range(0, 23).Select(i => $"a{i:D2}"), ids);                 // default: by id, each once
        Assert.All(pages, p => Assert.Equal(p.Groups.Where(g => g.Qa.MeanScore is not null).Select(g => g.Group).Order(), p.Ranking.Select(r => r.AgentId).Order()));
        Assert.Null(pages[0].Page!.PreviousToken);
        var back = await ReadAsync(lead, $"/api/kpis/{center}?month=2026-10&groupBy=agent&top=5&continuationToken={pages[2].Page!.PreviousToken}");
        Assert.Equal(pages[1].Groups.Select(g => g.Group), back.Groups.Select(g => g.Group));
        var again = await ReadAsync(lead, $"/api/kpis/{center}?month=2026-10&groupBy=agent&top=5");
        Assert.Equal(JsonSerializer.Serialize(pages[0], HostJson.Options), JsonSerializer.Serialize(again, HostJson.Options));
    }

    [Fact]
    public async Task WorstFirstPutsTheLowestMeanScoresFirstAndAgentsWithoutEvaluationsLast()
    {
        var center = await CenterWithAgentsAsync();
        var pages = await AllPagesAsync(app.QaLeadOf(center), $"/api/kpis/{center}?month=2026-10&groupBy=agent&top=6&sort=meanScore");

        var groups = pages.SelectMany(p => p.Groups).ToList();
        Assert.Equal(23, groups.Select(g => g.Group).Distinct().Count());
        var scored = groups.Take(20).ToList();
        Assert.Equal(["a00", "a10", "a03", "a13"], scored.Take(4).Select(g => g.Group));  // scores 0, 0, 1, 1: ties by id
        for (var i = 1; i < scored.Count; i++)
        {
            var (before, after) = (scored[i - 1], scored[i]);
            Assert.True(before.Qa.MeanScore < after.Qa.MeanScore
                || (before.Qa.MeanScore == after.Qa.MeanScore && string.CompareOrdinal(before.Group, after.Group) < 0), $"{before.Group} before {after.Group}");
        }
        Assert.Equal(["a20", "a21", "a22"], groups.Skip(20).Select(g => g.Group));
        Assert.Equal("meanScore", pages[0].Page!.Sort);

        var best = await ReadAsync(app.QaLeadOf(center), $"/api/kpis/{center}?month=2026-10&groupBy=agent&top=1&sort=-meanScore");
        Assert.Equal(scored.Max(g => g.Qa.MeanScore), best.Groups.Single().Qa.MeanScore);
    }

    [Fact]
    public async Task ATokenOfAnotherQueryAndABadPageSizeOrSortAreRefusedNamingTheField()
    {
        var center = await CenterWithAgentsAsync();
        var lead = app.QaLeadOf(center);
        var token = (await ReadAsync(lead, $"/api/kpis/{center}?month=2026-10&groupBy=agent&top=5")).Page!.ContinuationToken;

        foreach (var (query, field) in new[]
        {
            ($"month=2026-10&groupBy=agent&top=5&sort=meanScore&continuationToken={token}", "continuationToken"),
            ($"month=2026-10&groupBy=team&top=5&continuationToken={token}", "continuationToken"),
            ($"month=2026-09&groupBy=agent&top=5&continuationToken={token}", "continuationToken"),
            ("month=2026-10&groupBy=agent&continuationToken=bm90LWEtdG9rZW4", "continuationToken"),
            ("month=2026-10&groupBy=agent&top=0", "top"),
            ("month=2026-10&groupBy=agent&top=501", "top"),
            ("month=2026-10&groupBy=agent&top=ten", "top"),
            ("month=2026-10&groupBy=agent&sort=name", "sort"),
        })
        {
            var response = await lead.GetAsync($"/api/kpis/{center}?{query}");
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"{query}: {problem}");
        }
        // The supervisor's list is another list: the lead's token does not page it.
        var supervisor = app.ClientAs("sup-1", [Roles.Supervisor], [center], teams: ["T1"]);
        Assert.Equal(HttpStatusCode.BadRequest,
            (await supervisor.GetAsync($"/api/kpis/{center}?month=2026-10&groupBy=agent&top=5&continuationToken={token}")).StatusCode);
    }

    [Fact]
    public async Task ASupervisorPagesOnlyTheirTeamsAgents()
    {
        var center = await CenterWithAgentsAsync();
        var supervisor = app.ClientAs("sup-1", [Roles.Supervisor], [center], teams: ["T1"]);

        var pages = await AllPagesAsync(supervisor, $"/api/kpis/{center}?month=2026-10&groupBy=agent&top=3&sort=-calls");

        var mine = Enumerable.Range(0, 23).Where(i => i % 3 == 1).Select(i => $"a{i:D2}").Reverse().ToList();   // most calls first
        Assert.Equal(mine, pages.SelectMany(p => p.Groups).Select(g => g.Group));
        Assert.All(pages, p => Assert.Equal(mine.Count, p.Page!.TotalGroups));
        Assert.All(pages.SelectMany(p => p.Ranking), r => Assert.Equal("T1", r.Team));
    }

    [Fact]
    public async Task TheApiDocumentDescribesThePagingParameters()
    {
        var document = System.Text.Json.Nodes.JsonNode.Parse(await app.CreateClient().GetStringAsync(QaServerless.Workbench.ApiDocumentation.DocumentPath))!;
        var parameters = document["paths"]!["/api/kpis/{center}"]!["get"]!["parameters"]!.AsArray().ToDictionary(p => p!["name"]!.GetValue<string>());

        Assert.Equal("integer", parameters["top"]!["schema"]!["type"]!.GetValue<string>());
        Assert.Equal(KpiPaging.MaxTop, parameters["top"]!["schema"]!["maximum"]!.GetValue<int>());
        Assert.Contains("meanScore", parameters["sort"]!["schema"]!["enum"]!.AsArray().Select(e => e!.GetValue<string>()));
        Assert.Contains("continuationToken", parameters["continuationToken"]!["description"]!.GetValue<string>());
        Assert.Contains("yyyy-MM-dd", parameters["from"]!["description"]!.GetValue<string>());
    }
}
