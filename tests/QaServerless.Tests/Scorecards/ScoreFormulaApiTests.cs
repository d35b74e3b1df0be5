using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using QaServerless.Scorecards;
using QaServerless.Scoring;
using QaServerless.Tests.Evaluations;
using QaServerless.Tests.Infrastructure;
using QaServerless.Tests.Scoring;
using static QaServerless.Tests.Evaluations.EvaluationScenario;

namespace QaServerless.Tests.Scorecards;

/// <summary>The formula is part of a scorecard version: new versions take the item-share rule, old ones keep theirs.</summary>
[Collection(AppCollection.Name)]
public sealed class ScoreFormulaApiTests(AppFixture app)
{
    /// <summary>greet yes, verify no, solve 3 of 4, close N/A, disclose yes: 64.58 by item share, 70.37 by weighted points.</summary>
    private static readonly object[] SolveThree =
    [
        new { itemId = "greet", points = 1 }, new { itemId = "verify", points = 0 }, new { itemId = "solve", points = 3 },
        new { itemId = "close", notApplicable = true }, new { itemId = "disclose", points = 1 },
    ];

    private async Task<ScoreResult> PreviewAsync(HttpClient lead, string center, string id, int version)
    {
        var response = await lead.PostAsJsonAsync($"/api/centers/{center}/scorecards/{id}/versions/{version}/score", new { answers = SolveThree });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<ScoreResult>(Json))!;
    }

    [Fact]
    public async Task ANewScorecardWithoutAFormulaScoresByItemShare()
    {
        var center = AppFixture.NewCenterId("sf");
        var lead = app.QaLeadOf(center);
        var created = await lead.PostAsJsonAsync($"/api/centers/{center}/scorecards",
            new { scorecardId = "share", name = "Share", sections = ScoringExamples.Standard().Sections }, Json);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        var card = (await created.Content.ReadFromJsonAsync<Scorecard>(Json))!;
        Assert.Equal(ScoreFormula.ItemShare, card.Rules.Formula);
        Assert.Equal(64.58m, (await PreviewAsync(lead, center, "share", 1)).Score);
    }

    [Fact]
    public async Task AVersionStoredBeforeFormulasExistedKeepsTheOldRuleAndItsNextVersionTakesTheNewOne()
    {
        var center = AppFixture.NewCenterId("sf");
        var lead = app.QaLeadOf(center);
        // A published version as stored before issue 18: its JSON has no rules.formula.
        var old = ScoringExamples.Standard() with
        {
            CenterId = center, ScorecardId = "old", Status = ScorecardStatus.Published,
            EffectiveFrom = app.Clock.GetUtcNow().AddDays(-30), PublishedAt = app.Clock.GetUtcNow().AddDays(-37), PublishedBy = "lead",
        };
        var json = JsonNode.Parse(JsonSerializer.Serialize(old, ScorecardStore.Json))!.AsObject();
        var rules = json["rules"]!.AsObject();
        rules.Remove("formula");
        var table = app.Services.GetRequiredService<TableServiceClient>().GetTableClient(ScorecardStore.TableName);
        await table.AddEntityAsync(new TableEntity(center, ScorecardStore.Key("old", 1))
        {
            ["Name"] = old.Name, ["Status"] = "Published", ["EffectiveFrom"] = old.EffectiveFrom, ["Json"] = json.ToJsonString(),
        });

        var read = (await lead.GetFromJsonAsync<Scorecard>($"/api/centers/{center}/scorecards/old/versions/1", Json))!;
        Assert.Null(read.Rules.Formula);
        Assert.Equal(ScoreFormula.WeightedPoints, read.Rules.FormulaInEffect());
        Assert.Equal(70.37m, (await PreviewAsync(lead, center, "old", 1)).Score);

        var next = await lead.PostAsync($"/api/centers/{center}/scorecards/old/versions", null);
        Assert.Equal(HttpStatusCode.Created, next.StatusCode);
        Assert.Equal(ScoreFormula.ItemShare, (await next.Content.ReadFromJsonAsync<Scorecard>(Json))!.Rules.Formula);
        Assert.Equal(64.58m, (await PreviewAsync(lead, center, "old", 2)).Score);
    }

    [Fact]
    public async Task ALeadMayKeepTheOldRuleForANewVersionByNamingIt()
    {
        var center = AppFixture.NewCenterId("sf");
        var lead = app.QaLeadOf(center);
        var created = await lead.PostAsJsonAsync($"/api/centers/{center}/scorecards",
            new { scorecardId = "kept", name = "Kept", sections = ScoringExamples.Standard().Sections, rules = new { formula = "WeightedPoints" } }, Json);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(70.37m, (await PreviewAsync(lead, center, "kept", 1)).Score);
    }
}
