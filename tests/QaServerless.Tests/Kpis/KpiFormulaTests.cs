using QaServerless.Kpis;

namespace QaServerless.Tests.Kpis;

/// <summary>The KPI formulas on the golden month, without storage: every expected figure is worked out by hand.</summary>
public sealed class KpiFormulaTests
{
    private static Counters GoldenCallCounters()
    {
        var calls = KpiGoldenData.Calls("x");
        var total = Counters.Sum(calls.Select(CallContribution.Of));
        var contacts = calls.Where(c => !c.Abandoned).Select(c => new Contact(c.CallId, c.Start, "202610", c.AgentId, c.Team, c.BusinessType));
        foreach (var group in contacts.GroupBy(c => (calls.First(x => x.CallId == c.CallId).CustomerKey, c.BusinessType)))
            total.Add(Counters.Sum(RepeatContacts.Contributions(group.ToList()).Values));
        return total;
    }

    [Fact]
    public void ContactCenterFiguresMatchTheHandComputation()
    {
        var kpis = ContactCenterKpis.From(GoldenCallCounters(), new KpiOptions());

        Assert.Equal(7, kpis.Calls);
        Assert.Equal(6, kpis.Answered);
        Assert.Equal(0.8571m, kpis.AnswerRate.Value);          // 6 / 7
        Assert.Equal(0.1429m, kpis.AbandonmentRate.Value);     // 1 / 7
        Assert.Equal(0.7143m, kpis.ServiceLevel.Value);        // queue ≤ 20 s: c1, c3, c5, c6, c7 of 7 offered
        Assert.Equal(188.3m, kpis.AverageHandleSeconds);       // (150 + 240 + 80 + 420 + 120 + 120) / 6
        Assert.Equal(31.7m, kpis.AverageAfterCallWorkSeconds); // 190 / 6
        Assert.Equal(13.3m, kpis.AverageHoldSeconds);          // 80 / 6
        Assert.Equal(9.2m, kpis.AverageQueueSeconds);          // 55 / 6
        Assert.Equal(4.00m, kpis.CsatMean);                    // (5 + 3 + 4) / 3
        Assert.Equal(0.6667m, kpis.CsatSatisfied.Value);       // 5 and 4 of three answers
        Assert.Equal(0.1667m, kpis.ComplaintRate.Value);       // 1 / 6 answered
        Assert.Equal(0.75m, kpis.CallResolutionRate.Value);    // 3 resolved of 4 with a known outcome
    }

    [Fact]
    public void FirstContactResolutionDependsOnTheRepeatWindow()
    {
        var fcr = ContactCenterKpis.From(GoldenCallCounters(), new KpiOptions()).FirstContactResolution;

        // 2 h: first contacts c1 c3 c5 c6 c7; c1 is followed by c2 after 1 h → 4 of 5.
        Assert.Equal(new Ratio(4, 5), fcr["2h"]);
        // 24 h: c7 becomes a repeat of c6 (3 h); first contacts c1 c3 c5 c6, resolved c3 c5 → 2 of 4.
        Assert.Equal(new Ratio(2, 4), fcr["24h"]);
        // 7 d: c3 is a repeat of c2 (26 h) too; first contacts c1 c5 c6, resolved c5 → 1 of 3.
        Assert.Equal(new Ratio(1, 3), fcr["7d"]);
    }

    [Fact]
    public void AddingAContactChangesOnlyTheNeighboursItTouches()
    {
        var h1 = KpiGoldenData.Calls("x").Where(c => c.CustomerKey == "hash-h1")
            .Select(c => new Contact(c.CallId, c.Start, "202610", c.AgentId, c.Team, c.BusinessType)).ToList();
        var allAtOnce = Counters.Sum(RepeatContacts.Contributions(h1).Values);

        // The same contacts arriving one by one, out of order, through the deltas the ingestion applies.
        var incremental = new Counters();
        var seen = new List<Contact>();
        foreach (var contact in new[] { h1[2], h1[0], h1[1] })
        {
            foreach (var delta in RepeatContacts.Delta(seen, contact, null).Values) incremental.Add(delta);
            seen.Add(contact);
        }
        Assert.Equal(allAtOnce.ToJson(), incremental.ToJson());
    }

    [Fact]
    public void ParetoOrdersCausesAndAccumulatesShares()
    {
        var counters = Counters.Sum(KpiGoldenData.Released("x").Select(EvaluationContribution.Of));
        var pareto = Pareto.Of(counters);

        Assert.Equal(["greet", "disclose", "verify", "empathy"], pareto.Select(p => p.ItemId));
        Assert.Equal(2, pareto[0].Count);
        Assert.Equal(0.4m, pareto[0].Share);            // 2 of 5 marks
        Assert.Equal(1.0m, pareto[^1].CumulativeShare);
        Assert.Equal("warning", pareto[^1].Kind);
    }

    [Fact]
    public void RankingWithinATeamGivesPercentileAndZScore()
    {
        var ranking = Rankings.Within([("a1", "T1", 92.5m), ("a2", "T1", 70m), ("a3", "T2", 75m)]);

        var a1 = ranking.Single(r => r.AgentId == "a1");
        var a2 = ranking.Single(r => r.AgentId == "a2");
        Assert.Equal((1, 100m, 1.0m), (a1.Rank, a1.Percentile, a1.ZScore!.Value)); // mean 81.25, σ 11.25
        Assert.Equal((2, 50m, -1.0m), (a2.Rank, a2.Percentile, a2.ZScore!.Value));
        Assert.Null(ranking.Single(r => r.AgentId == "a3").ZScore);                  // a team of one has no spread
    }

    [Fact]
    public void TextThatLooksLikeAFormulaIsNeutralised()
    {
        Assert.Equal("'=HYPERLINK(\"x\")", ExportTables.Neutralise("=HYPERLINK(\"x\")"));
        Assert.Equal("'@SUM(A1)", ExportTables.Neutralise("@SUM(A1)"));
        Assert.Equal("'-1+2", ExportTables.Neutralise("-1+2"));
        Assert.Equal("班组一", ExportTables.Neutralise("班组一"));
    }
}
