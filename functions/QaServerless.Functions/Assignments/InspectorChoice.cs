using QaServerless.ReferenceData;
using QaServerless.Sampling;

namespace QaServerless.Assignments;

/// <summary>
/// Who evaluates a call: plain rules, no storage.
/// <list type="number">
/// <item>Only active inspectors with the skill for the business type who may evaluate the agent's team (conflict of interest).</item>
/// <item>Only inspectors under their daily cap for the day.</item>
/// <item>Spread: while the agent has been seen by fewer than two inspectors this month, an inspector who has not seen
/// the agent yet goes first (where staffing allows: otherwise anyone with room).</item>
/// <item>Balance: the lowest utilisation (load ÷ cap) next, then fewer calls of this agent this month, then a hash of
/// call and inspector, so that equal candidates are picked the same way on a replay.</item>
/// </list>
/// </summary>
public static class InspectorChoice
{
    public const int SpreadOver = 2;

    public static IReadOnlyList<Inspector> Eligible(IEnumerable<Inspector> inspectors, string businessType, string team) =>
        inspectors.Where(i => i.Active && i.DailyCap > 0 && i.HasSkillFor(businessType) && i.MayEvaluate(team)).ToList();

    /// <param name="eligible">From <see cref="Eligible"/>.</param>
    /// <param name="loadOnDay">Calls already assigned to each inspector on the day.</param>
    /// <param name="agentMonth">Calls of this agent each inspector has this month.</param>
    /// <returns>The inspector, or null when every eligible inspector is full that day.</returns>
    public static Inspector? Choose(IReadOnlyList<Inspector> eligible, IReadOnlyDictionary<string, int> loadOnDay,
        IReadOnlyDictionary<string, int> agentMonth, string callId)
    {
        int Load(Inspector i) => loadOnDay.GetValueOrDefault(i.InspectorId);
        int Seen(Inspector i) => agentMonth.GetValueOrDefault(i.InspectorId);
        var withRoom = eligible.Where(i => Load(i) < i.DailyCap).ToList();
        if (withRoom.Count == 0) return null;
        var distinct = agentMonth.Count(kv => kv.Value > 0);
        var spreading = distinct < SpreadOver;
        return withRoom
            .OrderBy(i => spreading && Seen(i) > 0 ? 1 : 0)
            .ThenBy(i => (double)Load(i) / i.DailyCap)
            .ThenBy(i => Seen(i))
            .ThenBy(i => SeededRandom.Hash64($"{callId}|{i.InspectorId}"))
            .First();
    }
}
