using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using QaServerless.Ai.Agreement;
using QaServerless.Ai.Analysis;
using QaServerless.Ai.PreScoring;
using QaServerless.Hosting;
using QaServerless.Scorecards;
using QaServerless.Tests.Infrastructure;
using QaServerless.Tests.Scoring;

namespace QaServerless.Tests.Ai;

/// <summary>
/// The agreement page lists only items with pairs; every other item of the scorecard in force is said why it has none:
/// no pairs yet, or never pre-scored (with the causes counted), warning items marked.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class AgreementGapsTests(AppFixture app)
{
    [Fact]
    public void EachItemWithoutPairsIsExplainedByWhatWasRecorded()
    {
        var unpaired = new Dictionary<string, IReadOnlyDictionary<string, int>>
        {
            ["empathy"] = new Dictionary<string, int> { ["NoEvidence"] = 3, ["NotPreScored:failed"] = 1 },
        };
        var gaps = UnmeasuredItems.Explain(
            [new("greet", "greet", false), new("empathy", "empathy", true), new("close", "close", false)], new HashSet<string> { "greet" }, unpaired);

        Assert.Equal(["empathy", "close"], gaps.Select(g => g.ItemId));
        Assert.Equal((UnmeasuredReason.NeverPreScored, 4, true), (gaps[0].Reason, gaps[0].ReleasedAnswers, gaps[0].Warning));
        Assert.Equal((UnmeasuredReason.NoPairsYet, 0, false), (gaps[1].Reason, gaps[1].ReleasedAnswers, gaps[1].Warning));
    }

    [Fact]
    public async Task TheApiSaysWhyEachItemOfTheScorecardInForceHasNoAgreementFigures()
    {
        var center = AppFixture.NewCenterId("ag");
        var now = app.Clock.GetUtcNow();
        var card = ScoringExamples.StandardByShare() with
        {
            CenterId = center, ScorecardId = "std", Status = ScorecardStatus.Published, EffectiveFrom = now.AddDays(-1), PublishedAt = now.AddDays(-8),
        };
        await app.Services.GetRequiredService<ScorecardStore>().AddAsync(card);
        // The AI suggested greet and verify; its "disclose" answer had no evidence and was discarded; it said nothing on the rest.
        await app.Services.GetRequiredService<AnalysisStore>().SaveAsync(new CallAnalysis
        {
            CenterId = center, CallId = "call-1", Status = AnalysisStatus.Completed, PreScoring = "done",
            Suggestions = [new Suggestion("greet", "yes", 1, false, 0.9, []), new Suggestion("verify", "no", 0, true, 0.8, [])],
            Discarded = [new DiscardedAnswer("disclose", "yes", DiscardReason.NoEvidence)],
        }, default);
        var written = await app.Services.GetRequiredService<AgreementStore>().RecordReleasedAsync(center, "call-1", "ev-1", now,
            [new("greet", 1, false, 1), new("verify", 0, false, 1), new("solve", 3, false, 4), new("disclose", 1, false, 1), new("empathy", 1, false, 1)]);
        Assert.Equal(2, written);

        var gaps = (await app.QaLeadOf(center).GetFromJsonAsync<AgreementGaps>($"/api/ai/{center}/agreement/unmeasured", HostJson.Options))!;

        Assert.Equal(("std", 1), (gaps.ScorecardId, gaps.ScorecardVersion));
        var byItem = gaps.Unmeasured.ToDictionary(g => g.ItemId);
        Assert.Equal(["close", "disclose", "empathy", "solve"], gaps.Unmeasured.Select(g => g.ItemId).Order(StringComparer.Ordinal));
        Assert.Equal(UnmeasuredReason.NeverPreScored, byItem["disclose"].Reason);
        Assert.Equal(1, byItem["disclose"].Causes["NoEvidence"]);
        Assert.Equal(1, byItem["solve"].Causes[AgreementStore.NotAnswered]);
        Assert.Equal(UnmeasuredReason.NoPairsYet, byItem["close"].Reason);        // N/A-able, never answered on an analysed call
        Assert.True(byItem["empathy"].Warning);
        Assert.Equal(UnmeasuredReason.NeverPreScored, byItem["empathy"].Reason);
    }
}
