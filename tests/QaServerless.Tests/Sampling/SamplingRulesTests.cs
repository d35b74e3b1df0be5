using QaServerless.Sampling;

namespace QaServerless.Tests.Sampling;

/// <summary>Worked examples of the plan's calendar, the allocation and the coverage statistics.</summary>
public sealed class SamplingRulesTests
{
    private static readonly SamplingPlan Plan = SamplingPlan.Default("c1");

    [Fact]
    public void TheNextWorkingDayOfAFridayIsMondayAndHolidaysAreSkipped()
    {
        Assert.Equal(new DateOnly(2026, 11, 23), Plan.NextWorkingDay(new DateOnly(2026, 11, 20)));
        var withHoliday = Plan with { Holidays = [new DateOnly(2026, 11, 23)] };
        Assert.Equal(new DateOnly(2026, 11, 24), withHoliday.NextWorkingDay(new DateOnly(2026, 11, 20)));
        Assert.Equal(21, Plan.WorkingDaysInMonth(new DateOnly(2026, 11, 5)));
        Assert.Equal(0, Plan.WorkingDayIndex(new DateOnly(2026, 11, 1))); // a Sunday
        Assert.Equal(1, Plan.WorkingDayIndex(new DateOnly(2026, 11, 2)));
    }

    [Fact]
    public void ANewHireIsDueTwiceTheBaseAndAWatchedNewHireThreeTimes()
    {
        Assert.Equal(8, SampleAllocation.ExpectedPerMonth(Plan, new AgentProfile("a", false, false)));
        Assert.Equal(16, SampleAllocation.ExpectedPerMonth(Plan, new AgentProfile("a", true, false)));
        Assert.Equal(24, SampleAllocation.ExpectedPerMonth(Plan, new AgentProfile("a", true, true)));
    }

    [Fact]
    public void WhenCapacityIsShortRandomPicksGoFirstThenWatchListThenNewHiresButFloorsStay()
    {
        // Four agents with plenty of calls, a day when each is due several calls; capacity for only a few.
        var plan = Plan with { BaseTargetPerAgentPerMonth = 42, FloorPerAgentPerWeek = 5 }; // 2 a day each, 1 of them floor
        var strata = new[] { "tenured", "watched", "newhire", "both" }.Select(a => new Stratum(a, "咨询", 100)).ToList();
        var agents = new Dictionary<string, AgentProfile>
        {
            ["tenured"] = new("tenured", false, false), ["watched"] = new("watched", false, true),
            ["newhire"] = new("newhire", true, false), ["both"] = new("both", true, true),
        };
        var day = new DateOnly(2026, 11, 19);
        var roomy = SampleAllocation.Allocate(new AllocationInput("c1", day, plan, strata, agents, 0, 1000));
        var tight = SampleAllocation.Allocate(new AllocationInput("c1", day, plan, strata, agents, 0, roomy.Demand - roomy.QuotaOf("tenured") + 1));

        Assert.Equal(0, roomy.Cut);
        Assert.True(roomy.QuotaOf("newhire") > roomy.QuotaOf("tenured"));
        Assert.Equal(1, tight.QuotaOf("tenured")); // its floor stays, its random picks go first
        Assert.Equal(roomy.QuotaOf("newhire"), tight.QuotaOf("newhire"));
        Assert.Equal(roomy.QuotaOf("watched"), tight.QuotaOf("watched"));
        Assert.Contains("cut (capacity)", tight.Strata.Single(s => s.AgentId == "tenured").Why);
    }

    [Fact]
    public void AComplaintStratumWeighsTwiceItsVolumeWithinTheAgent()
    {
        var strata = new List<Stratum> { new("a", "咨询", 50), new("a", "投诉", 50) };
        var picks = SampleAllocation.Split(strata, Plan, 3, 0.5);
        Assert.Equal(2, picks.Count(p => p == "投诉"));
        Assert.Equal(1, picks.Count(p => p == "咨询"));
    }

    [Fact]
    public void TheMarginOfErrorUsesTheObservedSpreadAndTheFinitePopulation()
    {
        double[] scores = [80, 90, 70, 100, 60];
        // mean 80, s = √250 = 15.811; t(0.975, 4) = 2.776; s/√5 = 7.071; FPC for N = 20: √(15/19) = 0.8885
        Assert.Equal(15.811, Coverage.StandardDeviation(scores)!.Value, 3);
        Assert.Equal(2.776 * 7.0711 * 0.88852, Coverage.MarginOfError(scores, 20)!.Value, 2);
        Assert.Equal(0, Coverage.MarginOfError(scores, 5)!.Value, 6); // every call evaluated: no sampling error
        Assert.Null(Coverage.MarginOfError([85], 100));
    }
}
