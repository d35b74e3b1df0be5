using QaServerless.Calls;

namespace QaServerless.Scorecards;

/// <summary>
/// Which of a center's scorecards a contact is reviewed on: the card in force made for the contact's channel
/// (<see cref="Scorecard.Channels"/> names it), else the default card — one in force that names no channel. Among
/// several, the earliest-named (ordinal scorecard id), as before channels existed. Pure, so evaluation start and AI
/// pre-scoring choose alike.
/// </summary>
public static class ScorecardChoice
{
    public static Scorecard? For(IEnumerable<Scorecard> versions, string? channel, DateTimeOffset at)
    {
        var key = Channels.KeyOf(channel);
        var inForce = InForce(versions, at);
        return inForce.FirstOrDefault(c => c.AppliesTo(key) && c.Channels.Count > 0) ?? inForce.FirstOrDefault(c => c.Channels.Count == 0);
    }

    /// <summary>Per scorecard, the version in force at <paramref name="at"/> (latest effective date, then latest version), by id.</summary>
    public static IReadOnlyList<Scorecard> InForce(IEnumerable<Scorecard> versions, DateTimeOffset at) => versions
        .Where(s => s.IsInForce(at))
        .GroupBy(s => s.ScorecardId)
        .Select(g => g.OrderByDescending(s => s.EffectiveFrom).ThenByDescending(s => s.Version).First())
        .OrderBy(s => s.ScorecardId, StringComparer.Ordinal)
        .ToList();

    /// <summary>A request's channel list as stored: trimmed, lower case, each once; null or empty = any channel.</summary>
    public static IReadOnlyList<string> Normalise(IEnumerable<string?>? channels) =>
        (channels ?? []).Where(c => !string.IsNullOrWhiteSpace(c)).Select(c => Channels.KeyOf(c!.Trim())).Distinct().ToList();
}
