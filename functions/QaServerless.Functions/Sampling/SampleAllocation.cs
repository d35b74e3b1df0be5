using QaServerless.Calls;

namespace QaServerless.Sampling;

/// <summary>Why a unit of the sample is there, in the order the capacity cut keeps them (lower first).</summary>
public enum SampleTier { MustInclude = 0, Floor = 1, NewHire = 2, WatchList = 3, Random = 4 }

/// <summary>A day's population of one agent × business type × channel (from the call store's count rows).</summary>
public sealed record Stratum(string AgentId, string BusinessType, int Population, string Channel = Channels.Voice);

/// <summary>What sampling needs to know of an agent on the day.</summary>
public sealed record AgentProfile(string AgentId, bool NewHire, bool OnWatchList, bool Active = true);

/// <summary>Everything the allocation depends on; the same input gives the same output.</summary>
public sealed record AllocationInput(
    string CenterId,
    DateOnly Day,
    SamplingPlan Plan,
    IReadOnlyList<Stratum> Strata,
    IReadOnlyDictionary<string, AgentProfile> Agents,
    int MustIncludeCount,
    int Capacity);

/// <summary>The allocation of one stratum: demand before the capacity cut, quota after it, and the tiers of the kept units.</summary>
public sealed record StratumAllocation(string AgentId, string BusinessType, int Population, int Demand, int Quota,
    IReadOnlyDictionary<SampleTier, int> KeptByTier, string Why, string Channel = Channels.Voice);

public sealed record Allocation(IReadOnlyList<StratumAllocation> Strata, int Demand, int Kept, int Cut, int CapacityForRandom)
{
    public int QuotaOf(string agentId) => Strata.Where(s => s.AgentId == agentId).Sum(s => s.Quota);
}

/// <summary>
/// The daily allocation: how many calls to draw from each agent × business type stratum. Pure and seeded
/// (<see cref="SeededRandom.Seed"/>: center + day + plan version). Steps (docs/sampling.md):
/// <list type="number">
/// <item>Per agent, the day's expected count <c>e = base × multipliers ÷ working days of the month</c> (new hire ×2,
/// watch list ×1.5) is turned into whole calls by systematic rounding over the month's working days with an agent-month
/// offset: the month's total is ⌊E⌋ or ⌈E⌉ for <c>E = base × multipliers</c>, spread evenly, no state kept.</item>
/// <item>The floor (default one a week) is rounded the same way; an agent's first units up to the floor are floor units.</item>
/// <item>The agent's units are spread over their business types proportional to volume × business-type weight, by a
/// seeded systematic draw (proportional in expectation, never more than a stratum's population).</item>
/// <item>When demand exceeds capacity (inspectors' caps on the next working day minus must-include calls), units are
/// kept in tier order (floor, new hire, watch list, random); within a tier, everyone's first units before anyone's
/// second, ties broken by a seeded hash.</item>
/// </list>
/// A channel the plan gives a rate (<see cref="SamplingPlan.ChannelRates"/>) is drawn by that rate instead
/// (<see cref="ChannelRateUnits"/>); the steps above then run over the agent's other channels only.
/// </summary>
public static class SampleAllocation
{
    public static Allocation Allocate(AllocationInput input)
    {
        var plan = input.Plan;
        var seed = SeededRandom.Seed(input.CenterId, input.Day, plan.Version);
        var monthSeed = $"{input.CenterId}|{input.Day:yyyy-MM}";
        var workingDays = plan.WorkingDaysInMonth(input.Day);
        var index = plan.WorkingDayIndex(input.Day);
        var workingDaysPerWeek = Math.Max(1, plan.WorkingDays.Distinct().Count());

        bool Drawn(Stratum s) => s.Population > 0 && index > 0
            && (input.Agents.GetValueOrDefault(s.AgentId) ?? new AgentProfile(s.AgentId, false, false)).Active;
        var units = new List<Unit>();
        foreach (var agentStrata in input.Strata.Where(s => Drawn(s) && plan.RateOf(s.Channel) is null)
                     .GroupBy(s => s.AgentId).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var agentId = agentStrata.Key;
            var profile = input.Agents.GetValueOrDefault(agentId) ?? new AgentProfile(agentId, false, false);
            var offset = SeededRandom.Unit($"{monthSeed}|{agentId}");
            var n = DailyCount(ExpectedPerMonth(plan, profile) / workingDays, index, offset);
            var floor = DailyCount(plan.FloorPerAgentPerWeek / workingDaysPerWeek, index, offset);
            var strata = agentStrata.OrderBy(s => s.BusinessType, StringComparer.Ordinal).ThenBy(s => s.Channel, StringComparer.Ordinal).ToList();
            n = Math.Min(Math.Max(n, floor), strata.Sum(s => s.Population));
            var tier = profile.NewHire ? SampleTier.NewHire : profile.OnWatchList ? SampleTier.WatchList : SampleTier.Random;
            var split = SplitIndices(strata, plan, n, SeededRandom.Unit($"{seed}|{agentId}|split"));
            for (var k = 0; k < split.Count; k++)
                units.Add(new Unit(agentId, strata[split[k]].BusinessType, strata[split[k]].Channel, k, k < floor ? SampleTier.Floor : tier,
                    SeededRandom.Hash64($"{seed}|{agentId}|{k}")));
        }
        units.AddRange(ChannelRateUnits(input.Strata.Where(Drawn).ToList(), plan, seed));

        var room = Math.Max(0, input.Capacity - input.MustIncludeCount);
        var kept = units.OrderBy(u => u.Tier).ThenBy(u => u.Ordinal).ThenBy(u => u.Tiebreak).Take(room).ToHashSet();

        var byStratum = units.ToLookup(u => (u.AgentId, u.BusinessType, u.Channel));
        var result = new List<StratumAllocation>(input.Strata.Count);
        foreach (var s in input.Strata.OrderBy(s => s.AgentId, StringComparer.Ordinal).ThenBy(s => s.BusinessType, StringComparer.Ordinal)
                     .ThenBy(s => s.Channel, StringComparer.Ordinal))
        {
            var mine = byStratum[(s.AgentId, s.BusinessType, s.Channel)].ToList();
            var keptHere = mine.Where(kept.Contains).ToList();
            var byTier = keptHere.GroupBy(u => u.Tier).ToDictionary(g => g.Key, g => g.Count());
            result.Add(new StratumAllocation(s.AgentId, s.BusinessType, s.Population, mine.Count, keptHere.Count, byTier,
                Why(input, s, byTier, mine.Count - keptHere.Count), s.Channel));
        }
        return new Allocation(result, units.Count, kept.Count, units.Count - kept.Count, room);
    }

    /// <summary>Calls per month an agent should get under the plan: base × (new hire) × (watch list).</summary>
    public static double ExpectedPerMonth(SamplingPlan plan, AgentProfile profile) =>
        plan.BaseTargetPerAgentPerMonth * (profile.NewHire ? plan.NewHireMultiplier : 1) * (profile.OnWatchList ? plan.WatchListMultiplier : 1);

    /// <summary>
    /// Systematic rounding: the whole calls due on the <paramref name="index"/>-th working day for a rate per working day.
    /// Summed over days 1..m it is ⌊rate × m + offset⌋ − ⌊offset⌋, so a month never drifts from its target by a whole call.
    /// </summary>
    public static int DailyCount(double ratePerWorkingDay, int index, double offset) =>
        index <= 0 || ratePerWorkingDay <= 0 ? 0
            : (int)(Math.Floor(ratePerWorkingDay * index + offset) - Math.Floor(ratePerWorkingDay * (index - 1) + offset));

    /// <summary>
    /// Spreads <paramref name="n"/> units over an agent's strata proportional to population × business-type weight:
    /// points (start + k) ÷ n on the cumulative weights pick the strata (systematic sampling), a stratum never getting
    /// more units than it has calls (the excess moves to the next stratum with room). Returns the business type of each unit.
    /// </summary>
    public static IReadOnlyList<string> Split(IReadOnlyList<Stratum> strata, SamplingPlan plan, int n, double start) =>
        SplitIndices(strata, plan, n, start).Select(i => strata[i].BusinessType).ToList();

    /// <summary>
    /// A channel's rate: its strata in a fixed order (agent, business type) take <c>rate × population</c> calls by
    /// systematic rounding over the channel's running total with a seeded offset, so the day's total for the channel is
    /// ⌊rate × N⌋ or ⌈rate × N⌉ and a stratum whose share is a whole number gets exactly it. Units are of the random tier.
    /// </summary>
    public static IEnumerable<Unit> ChannelRateUnits(IReadOnlyList<Stratum> strata, SamplingPlan plan, string seed)
    {
        foreach (var channel in strata.Where(s => plan.RateOf(s.Channel) is not null).GroupBy(s => s.Channel).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var rate = plan.RateOf(channel.Key)!.Value;
            var offset = SeededRandom.Unit($"{seed}|{channel.Key}|rate");
            var before = 0;
            foreach (var s in channel.OrderBy(s => s.AgentId, StringComparer.Ordinal).ThenBy(s => s.BusinessType, StringComparer.Ordinal))
            {
                var n = (int)(Math.Floor(rate * (before + s.Population) + offset) - Math.Floor(rate * before + offset));
                before += s.Population;
                for (var k = 0; k < Math.Min(n, s.Population); k++)
                    yield return new Unit(s.AgentId, s.BusinessType, s.Channel, k, SampleTier.Random,
                        SeededRandom.Hash64($"{seed}|{s.AgentId}|{s.BusinessType}|{s.Channel}|{k}"));
            }
        }
    }

    private static List<int> SplitIndices(IReadOnlyList<Stratum> strata, SamplingPlan plan, int n, double start)
    {
        var picks = new List<int>(n);
        if (n <= 0 || strata.Count == 0) return picks;
        var weights = strata.Select(s => s.Population * Math.Max(plan.BusinessTypeWeight(s.BusinessType), 1e-9)).ToArray();
        var total = weights.Sum();
        var taken = new int[strata.Count];
        for (var k = 0; k < n; k++)
        {
            var point = (start + k) / n * total;
            var i = 0;
            for (var cumulative = weights[0]; i < strata.Count - 1 && point >= cumulative; cumulative += weights[++i]) { }
            for (var tries = 0; taken[i] >= strata[i].Population && tries < strata.Count; tries++) i = (i + 1) % strata.Count;
            if (taken[i] >= strata[i].Population) break;
            taken[i]++;
            picks.Add(i);
        }
        return picks;
    }

    private static string Why(AllocationInput input, Stratum s, IReadOnlyDictionary<SampleTier, int> kept, int cut)
    {
        var profile = input.Agents.GetValueOrDefault(s.AgentId);
        var parts = new List<string>();
        if (profile is { Active: false }) parts.Add("agent inactive");
        if (profile?.NewHire == true) parts.Add($"new hire ×{input.Plan.NewHireMultiplier}");
        if (profile?.OnWatchList == true) parts.Add($"watch list ×{input.Plan.WatchListMultiplier}");
        var rate = input.Plan.RateOf(s.Channel);
        if (rate is { } r) parts.Add($"{s.Channel} rate {r:0.###}");
        var weight = input.Plan.BusinessTypeWeight(s.BusinessType);
        if (weight != 1 && rate is null) parts.Add($"key business type ×{weight}");
        foreach (var (tier, count) in kept.OrderBy(kv => kv.Key)) parts.Add($"{count} {tier.ToString().ToLowerInvariant()}");
        if (cut > 0) parts.Add($"{cut} cut (capacity)");
        if (!input.Plan.IsWorkingDay(input.Day)) parts.Add("not a working day: must-include only");
        return parts.Count == 0 ? "proportional share rounded to 0 today" : string.Join("; ", parts);
    }

    /// <summary>One call to draw: of which stratum, its place within the agent's (or the stratum's) units, its tier.</summary>
    public sealed record Unit(string AgentId, string BusinessType, string Channel, int Ordinal, SampleTier Tier, ulong Tiebreak);
}
