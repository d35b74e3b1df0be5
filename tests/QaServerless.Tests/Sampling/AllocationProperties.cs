using FsCheck.Xunit;
using QaServerless.Assignments;
using QaServerless.ReferenceData;
using QaServerless.Sampling;

namespace QaServerless.Tests.Sampling;

/// <summary>
/// Properties of the allocation and of the inspector choice (FsCheck). Each property builds a random scenario from the
/// generated seed and sizes, so a failing case shrinks to small numbers and reproduces from them.
/// </summary>
public sealed class AllocationProperties
{
    private static readonly string[] BusinessTypes = ["咨询", "投诉", "订单", "售后"];
    private static readonly DateOnly November = new(2026, 11, 1);

    private static AllocationInput Scenario(int seed, int agents, int capacity, int must, DateOnly day, SamplingPlan? plan = null)
    {
        var random = new Random(seed);
        var strata = new List<Stratum>();
        var profiles = new Dictionary<string, AgentProfile>();
        for (var a = 0; a < agents; a++)
        {
            var id = $"a{a:D3}";
            profiles[id] = new AgentProfile(id, NewHire: random.Next(4) == 0, OnWatchList: random.Next(6) == 0, Active: random.Next(20) != 0);
            foreach (var bt in BusinessTypes.Where(_ => random.Next(3) > 0))
                strata.Add(new Stratum(id, bt, random.Next(1, 60)));
        }
        return new AllocationInput("c1", day, (plan ?? SamplingPlan.Default("c1")) with { Version = 3 }, strata, profiles, must, capacity);
    }

    private static int Size(int n, int max) => 1 + Math.Abs(n % max);

    [Property(MaxTest = 200)]
    public bool TheSameSeedGivesTheSameSampleWhateverTheInputOrder(int seed, int agents, int capacity)
    {
        var input = Scenario(seed, Size(agents, 40), Math.Abs(capacity % 200), 3, new DateOnly(2026, 11, 19));
        var shuffled = input with { Strata = input.Strata.OrderBy(s => SeededRandom.Hash64(s.AgentId + s.BusinessType + seed)).ToList() };

        var first = SampleAllocation.Allocate(input).Strata.Select(s => (s.AgentId, s.BusinessType, s.Quota, s.Why));
        var second = SampleAllocation.Allocate(shuffled).Strata.Select(s => (s.AgentId, s.BusinessType, s.Quota, s.Why));
        return first.SequenceEqual(second);
    }

    [Property(MaxTest = 200)]
    public bool TheSampleNeverExceedsCapacityNorAStratumsPopulation(int seed, int agents, int capacity, int must)
    {
        var input = Scenario(seed, Size(agents, 60), Math.Abs(capacity % 100), Math.Abs(must % 20), new DateOnly(2026, 11, 18));
        var allocation = SampleAllocation.Allocate(input);
        return allocation.Kept <= Math.Max(0, input.Capacity - input.MustIncludeCount)
            && allocation.Strata.All(s => s.Quota <= s.Population && s.Quota <= s.Demand);
    }

    [Property(MaxTest = 100)]
    public bool FloorsHoldWheneverCapacityCoversMustIncludeAndFloors(int seed, int agents, int extra)
    {
        // Over a whole month with capacity for exactly the must-include calls and the floors (plus a random bit),
        // every active agent with calls each working day gets at least floor-per-week × weeks.
        var plan = SamplingPlan.Default("c1");
        var n = Size(agents, 30);
        var totals = new Dictionary<string, int>();
        AllocationInput? any = null;
        for (var day = November; day.Month == 11; day = day.AddDays(1))
        {
            var input = Scenario(seed, n, int.MaxValue, 2, day, plan);
            any = input;
            var floors = SampleAllocation.Allocate(input).Strata.Sum(s => s.KeptByTier.GetValueOrDefault(SampleTier.Floor));
            var tight = SampleAllocation.Allocate(input with { Capacity = 2 + floors + Math.Abs(extra % 3) });
            foreach (var s in tight.Strata) totals[s.AgentId] = totals.GetValueOrDefault(s.AgentId) + s.Quota;
        }
        var weeks = plan.WorkingDaysInMonth(November) / (double)plan.WorkingDays.Count;
        var floor = (int)Math.Floor(plan.FloorPerAgentPerWeek * weeks);
        return any!.Agents.Values.Where(a => a.Active && PopulationOf(any, a.AgentId) > 0).All(a => totals.GetValueOrDefault(a.AgentId) >= floor);
    }

    [Property(MaxTest = 100)]
    public bool NewHiresGetAtLeastTheirBoostedShareWhenCapacityAllows(int seed, int agents)
    {
        // Capacity for must-include, floors and new hires (the random tier may be cut): over the month each new hire gets
        // ⌊base × new-hire multiplier × (watch multiplier)⌋ at least, while tenured agents get less than new hires would.
        var plan = SamplingPlan.Default("c1");
        var n = Size(agents, 30);
        var totals = new Dictionary<string, int>();
        AllocationInput? any = null;
        for (var day = November; day.Month == 11; day = day.AddDays(1))
        {
            var input = Scenario(seed, n, int.MaxValue, 0, day, plan);
            any = input;
            var full = SampleAllocation.Allocate(input);
            var protectedUnits = full.Strata.Sum(s => s.KeptByTier.Where(kv => kv.Key <= SampleTier.NewHire).Sum(kv => kv.Value));
            var tight = SampleAllocation.Allocate(input with { Capacity = protectedUnits });
            foreach (var s in tight.Strata) totals[s.AgentId] = totals.GetValueOrDefault(s.AgentId) + s.Quota;
        }
        return any!.Agents.Values.Where(a => a.Active && a.NewHire).All(a =>
            totals.GetValueOrDefault(a.AgentId) >= Math.Floor(SampleAllocation.ExpectedPerMonth(plan, a))
            || PopulationOf(any, a.AgentId) < 3); // a day with fewer calls than the day's due cannot give them
    }

    private static int PopulationOf(AllocationInput input, string agentId) => input.Strata.Where(s => s.AgentId == agentId).Sum(s => s.Population);

    [Property(MaxTest = 300)]
    public bool DailyCountsSumToTheMonthlyTargetWithinOneCall(int seed, int target)
    {
        var plan = SamplingPlan.Default("c1");
        var expected = Math.Abs(target % 40) + (Math.Abs(seed) % 100) / 100.0;
        var offset = SeededRandom.Unit(seed.ToString());
        var days = plan.WorkingDaysInMonth(November);
        var sum = Enumerable.Range(1, days).Sum(i => SampleAllocation.DailyCount(expected / days, i, offset));
        return sum >= Math.Floor(expected) && sum <= Math.Ceiling(expected);
    }

    [Property(MaxTest = 300)]
    public bool TheSplitOverBusinessTypesNeverExceedsAStratumAndTakesWhatItCan(int seed, int k)
    {
        var random = new Random(seed);
        var strata = BusinessTypes.Select(bt => new Stratum("a", bt, random.Next(0, 5))).ToList();
        var n = Math.Abs(k % 25);
        var picks = SampleAllocation.Split(strata, SamplingPlan.Default("c1"), n, random.NextDouble());
        return picks.Count == Math.Min(n, strata.Sum(s => s.Population))
            && strata.All(s => picks.Count(p => p == s.BusinessType) <= s.Population);
    }

    [Property(MaxTest = 200)]
    public bool NoInspectorIsEverOverCapAndACallWaitsOnlyWhenEveryEligibleInspectorIsFull(int seed, int calls)
    {
        var random = new Random(seed);
        var teams = new[] { "T1", "T2", "T3" };
        var inspectors = Enumerable.Range(0, random.Next(1, 8)).Select(i => new Inspector("c1", $"i{i}", $"i{i}", random.Next(0, 6),
            BusinessTypes.Where(_ => random.Next(3) == 0).ToList(), teams.Where(_ => random.Next(4) == 0).ToList(), Active: random.Next(10) != 0)).ToList();
        var loads = new Dictionary<string, int>();
        var month = new Dictionary<string, int>();
        for (var c = 0; c < Size(calls, 120); c++)
        {
            var eligible = InspectorChoice.Eligible(inspectors, BusinessTypes[random.Next(4)], teams[random.Next(3)]);
            var chosen = InspectorChoice.Choose(eligible, loads, month, $"call-{c}");
            if (chosen is null)
            {
                if (eligible.Any(i => loads.GetValueOrDefault(i.InspectorId) < i.DailyCap)) return false;
                continue;
            }
            if (!eligible.Contains(chosen)) return false;
            loads[chosen.InspectorId] = loads.GetValueOrDefault(chosen.InspectorId) + 1;
            month[chosen.InspectorId] = month.GetValueOrDefault(chosen.InspectorId) + 1;
        }
        return inspectors.All(i => loads.GetValueOrDefault(i.InspectorId) <= i.DailyCap);
    }
}
