using System.Net;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using QaServerless.Calls;
using QaServerless.Evaluations;
using QaServerless.ReferenceData;
using QaServerless.Search;
using QaServerless.Security;
using QaServerless.Tests.Infrastructure;

namespace QaServerless.Tests.Search;

/// <summary>Search on the real pipeline and Azurite, against the hand-counted table of <see cref="SearchScenario"/>.</summary>
[Collection(AppCollection.Name)]
public sealed class SearchApiTests(AppFixture app)
{
    [Fact]
    public async Task ThreeFiltersFindExactlyTheCallsAHandCountGives()
    {
        var s = await SearchScenario.CreateAsync(app);
        var lead = s.Ev.Lead;

        // 投诉 calls whose evaluation failed verify with an AI risk of at least 30: s01 (40), s03 (60), s06 (80, submitted).
        // Not s02 (risk 20), s09 (a draft: no failed items yet), s10 (not analysed), s12 (verify passed).
        var page = await s.SearchAsync(lead, "businessType=投诉&failedItem=verify&minRisk=30");
        Assert.Equal(["s01", "s03", "s06"], page.Results.Select(r => r.CallId).Order());
        Assert.Equal(3, page.Count);
        Assert.False(page.CountIsLowerBound);
        Assert.Equal("failed-item", page.Index);

        Assert.Equal(["s01", "s03"], await s.IdsAsync(lead, "tag=repeat-call"));
        Assert.Equal(["s01", "s06"], await s.IdsAsync(lead, "tag=complaint"));
        Assert.Equal(["s05", "s07"], await s.IdsAsync(lead, "sampled=true"));
        Assert.Equal(["s04", "s06", "s07", "s09"], await s.IdsAsync(lead, "minRisk=50&direction=Inbound"));
        Assert.Equal(["s05"], await s.IdsAsync(lead, "critical=Compliance"));
        Assert.Equal(["s04", "s12"], await s.IdsAsync(lead, "band=Excellent"));
        Assert.Equal(["s07", "s08", "s11"], await s.IdsAsync(lead, "status=None"));
        Assert.Equal(["s02", "s10"], await s.IdsAsync(lead, "agent=a1&status=Released&minDuration=100&maxDuration=250"));
        Assert.Equal(["s03", "s04", "s07", "s09", "s11"], await s.IdsAsync(lead, "team=T2"));
    }

    [Fact]
    public async Task SortedPagesConcatenateToTheWholeResultWithoutDuplicates()
    {
        var s = await SearchScenario.CreateAsync(app);
        foreach (var sort in new[] { "-start", "duration", "-score", "-risk" })
        {
            var whole = await s.SearchAsync(s.Ev.Lead, $"sort={sort}&pageSize=200");
            Assert.Equal(12, whole.Count);
            var pages = new List<string>();
            string? token = null;
            var turns = 0;
            do
            {
                var page = await s.SearchAsync(s.Ev.Lead, $"sort={sort}&pageSize=5" + (token is null ? "" : $"&pageToken={token}"));
                Assert.Equal(12, page.Count);
                Assert.True(page.Results.Count <= 5);
                pages.AddRange(page.Results.Select(r => r.CallId));
                token = page.NextPageToken;
            } while (token is not null && ++turns < 10);
            Assert.Equal(whole.Results.Select(r => r.CallId), pages);
            Assert.Equal(12, pages.Distinct().Count());
        }
        var byRisk = await s.SearchAsync(s.Ev.Lead, "sort=-risk&pageSize=3");
        Assert.Equal(["s07", "s06", "s04"], byRisk.Results.Select(r => r.CallId));
        var shortest = await s.SearchAsync(s.Ev.Lead, "sort=duration&pageSize=2");
        Assert.Equal(["s11", "s08"], shortest.Results.Select(r => r.CallId));
    }

    [Fact]
    public async Task ASupervisorFindsOnlyTheirTeamsCallsAndReleasedEvaluations()
    {
        var s = await SearchScenario.CreateAsync(app);

        var mine = await s.SearchAsync(s.Ev.Supervisor, "pageSize=200");
        Assert.Equal(["s01", "s02", "s05", "s06", "s08", "s10", "s12"], mine.Results.Select(r => r.CallId).Order());
        Assert.All(mine.Results, r => Assert.Equal("T1", r.Team));
        // s06 is submitted, not released: its supervisor does not see a score, nor find it by the failed item.
        Assert.Null(mine.Results.Single(r => r.CallId == "s06").EvaluationStatus);
        Assert.Equal(["s01", "s02", "s10"], await s.IdsAsync(s.Ev.Supervisor, "failedItem=verify"));
        Assert.Empty(await s.IdsAsync(s.Ev.Supervisor, "team=T2"));
        Assert.Empty(await s.IdsAsync(s.Ev.Supervisor, "agent=a2"));

        Assert.Equal(["s03", "s04", "s07", "s09", "s11"], await s.IdsAsync(s.Ev.OtherSupervisor, ""));
    }

    [Fact]
    public async Task AnAgentFindsOnlyTheirOwnCallsWithReleasedEvaluations()
    {
        var s = await SearchScenario.CreateAsync(app);

        Assert.Equal(["s03", "s04"], await s.IdsAsync(s.Ev.OtherAgent, ""));
        Assert.Equal(["s01", "s02", "s05", "s10", "s12"], await s.IdsAsync(s.Ev.Agent, ""));
        Assert.Empty(await s.IdsAsync(s.Ev.Agent, "agent=a2"));
        Assert.Empty(await s.IdsAsync(s.Ev.Agent, "status=Submitted"));
    }

    [Fact]
    public async Task AnInspectorFindsEveryCallButOnlyTheEvaluationsTheyScore()
    {
        var s = await SearchScenario.CreateAsync(app);

        var all = await s.SearchAsync(s.Ev.Inspector, "pageSize=200");
        Assert.Equal(12, all.Count);
        Assert.All(all.Results, r => Assert.Null(r.Score)); // the lead scored them all
        Assert.Empty(await s.IdsAsync(s.Ev.Inspector, "failedItem=verify"));
        Assert.Equal(12, (await s.SearchAsync(s.Ev.Inspector, "status=None&pageSize=200")).Count);
    }

    [Fact]
    public async Task AnotherCentersPeopleFindNothingThere()
    {
        var s = await SearchScenario.CreateAsync(app);
        var response = await app.QaLeadOf("elsewhere").GetAsync($"/api/search/{s.Center}?{SearchScenario.Range}");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData("from=2026-10-01&to=2026-11-19", "to")]
    [InlineData("from=2026-11-19&to=2026-11-18", "to")]
    [InlineData("to=2026-11-19", "from")]
    [InlineData("from=2026-11-17&to=2026-11-19&status=Lost", "status")]
    [InlineData("from=2026-11-17&to=2026-11-19&minRisk=101", "minRisk")]
    [InlineData("from=2026-11-17&to=2026-11-19&minDuration=60&maxDuration=30", "maxDuration")]
    [InlineData("from=2026-11-17&to=2026-11-19&sort=name", "sort")]
    [InlineData("from=2026-11-17&to=2026-11-19&pageToken=bm9wZQ", "pageToken")]
    public async Task BadSearchesAreProblemsNamingTheField(string query, string field)
    {
        var center = AppFixture.NewCenterId("se");
        var response = await app.QaLeadOf(center).GetAsync($"/api/search/{center}?{query}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        // A missing required value is named by the binder as the parameter is spelt ("From"); the workbench matches case-blind.
        Assert.Contains($"\"{field}\"", await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task APageTokenOfAnotherSearchIsRefused()
    {
        var s = await SearchScenario.CreateAsync(app);
        var token = (await s.SearchAsync(s.Ev.Lead, "pageSize=5")).NextPageToken;
        var response = await s.Ev.Lead.GetAsync($"/api/search/{s.Center}?{SearchScenario.Range}&pageSize=5&team=T1&pageToken={token}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("search.page-token", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ReplayedIngestEvaluationAndAnalysisChangeNothing()
    {
        var s = await SearchScenario.CreateAsync(app);
        var before = await SnapshotAsync(s.Center);
        var center = (await app.Services.GetRequiredService<ReferenceDataStore>().GetCenterAsync(s.Center))!;
        var calls = app.Services.GetRequiredService<CallStore>();
        var s01 = (await calls.GetAsync(s.Center, "s01", default))!;

        await calls.SaveBatchAsync(center, [s01], default);
        await SearchScenario.AnalysedAsync(app, s.Center, s01, 40, "repeat-call");
        var evaluations = app.Services.GetRequiredService<EvaluationStore>();
        var evaluation = (await evaluations.GetAsync(s.Center, (await evaluations.GetIdByCallAsync(s.Center, "s01"))!))!.Value;
        foreach (var sink in app.Services.GetServices<IEvaluationChangedSink>()) await sink.OnEvaluationChangedAsync(evaluation, default);
        // An older version arriving late (a retried sink) does not roll the row back.
        foreach (var sink in app.Services.GetServices<IEvaluationChangedSink>())
            await sink.OnEvaluationChangedAsync(evaluation with { Version = 1, Status = EvaluationStatus.Draft }, default);

        Assert.Equal(before, await SnapshotAsync(s.Center));
    }

    [Fact]
    public async Task ACorrectedCallMovesItsIndexRowsKeepingItsEvaluation()
    {
        var s = await SearchScenario.CreateAsync(app);
        var center = (await app.Services.GetRequiredService<ReferenceDataStore>().GetCenterAsync(s.Center))!;
        var calls = app.Services.GetRequiredService<CallStore>();
        var s02 = (await calls.GetAsync(s.Center, "s02", default))!;

        await calls.SaveAsync(center, s02 with { Start = s02.Start.AddDays(2), AgentId = "a2", Team = "T2" }, default);

        Assert.Equal(["s02", "s03", "s04", "s07", "s09", "s11"], await s.IdsAsync(s.Ev.Lead, "agent=a2"));
        var moved = (await s.SearchAsync(s.Ev.Lead, "team=T2&failedItem=verify&pageSize=200")).Results.Single(r => r.CallId == "s02");
        Assert.Equal(new DateOnly(2026, 11, 19), moved.Day);
        Assert.Equal(EvaluationStatus.Released, moved.EvaluationStatus);
        Assert.DoesNotContain("s02", await s.IdsAsync(s.Ev.Lead, "agent=a1"));
        Assert.Equal(12, (await s.SearchAsync(s.Ev.Lead, "pageSize=200")).Count);
    }

    /// <summary>Every index row of the center's three days with its ETag: a write that changed nothing leaves them all alone.</summary>
    private async Task<string> SnapshotAsync(string center)
    {
        var table = app.TableService.GetTableClient(SearchIndexStore.TableName);
        var rows = new List<string>();
        foreach (var day in new[] { "20261117", "20261118", "20261119" })
            await foreach (var e in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {CallKeys.Join(center, day)}")))
                rows.Add($"{e.PartitionKey} {e.RowKey} {e.ETag}");
        return string.Join('\n', rows.Order(StringComparer.Ordinal));
    }
}
