using QaServerless.Kpis;

namespace QaServerless.SelfEvaluations;

/// <summary>One item's self-vs-inspector figures in a group: agreement over the pairs, the mean gap over the pairs both scored.</summary>
public sealed record ItemGap(string ItemId, long Pairs, long Agreed, decimal? AgreementRate, long ScoredPairs, decimal? MeanShareGap);

/// <summary>
/// A group's (the center, a team, an agent) self-evaluation figures for a month: how many were asked, submitted and
/// missed, the mean score gap (self − inspector, in points) over the submitted ones, and per item the gap and agreement.
/// </summary>
public sealed record GroupGaps(string Group, string? Team, long Asked, long Submitted, long Missed, decimal? MeanScoreGap, IReadOnlyList<ItemGap> Items);

public sealed record GapsReport(string CenterId, string Month, string GroupBy, IReadOnlyList<GroupGaps> Groups);

/// <summary>
/// Self-evaluation KPIs as named sums (<see cref="Counters"/>), added to the KPI rollups' center, team and agent rows of
/// the release month (prefix <c>sev|</c>), so that months and groups add up like every other KPI and a corrected
/// evaluation's contribution is replaced, not added twice. Shares are kept in ten-thousandths, score gaps in hundredths.
/// </summary>
public static class SelfEvaluationGaps
{
    public const string Prefix = "sev|";
    private const string Asked = Prefix + "asked", SubmittedCount = Prefix + "submitted", ScoreGap = Prefix + "scoreGap";
    private const string Pairs = Prefix + "pairs|", Agreed = Prefix + "agree|", Scored = Prefix + "scored|", Gap = Prefix + "gap|";

    /// <summary>What one closed self-evaluation adds: asked; and when submitted, its score gap and per item the pair, agreement and gap.</summary>
    public static Counters Contribution(SelfComparison c)
    {
        var counters = new Counters().Add(Asked, 1);
        if (c.Status != SelfEvaluationStatus.Submitted || c.SelfScore is not { } self) return counters;
        counters.Add(SubmittedCount, 1).Add(ScoreGap, Hundredths(self - c.InspectorScore));
        foreach (var item in c.Items.Where(i => i.Inspector is not null && i.Self is not null))
        {
            counters.Add(Pairs + item.ItemId, 1);
            if (!item.Differs) counters.Add(Agreed + item.ItemId, 1);
            if (item.ShareGap is { } gap) counters.Add(Scored + item.ItemId, 1).Add(Gap + item.ItemId, (long)Math.Round(gap * 10_000m, MidpointRounding.AwayFromZero));
        }
        return counters;
    }

    /// <summary>The figures of one group's counters, items in id order; a rate or mean without a count to rest on is null.</summary>
    public static GroupGaps Figures(string group, string? team, Counters c)
    {
        var pairs = c.WithPrefix(Pairs);
        var agreed = c.WithPrefix(Agreed);
        var scored = c.WithPrefix(Scored);
        var gaps = c.WithPrefix(Gap);
        var items = pairs.Keys.Union(scored.Keys).Order(StringComparer.Ordinal).Select(id =>
        {
            long n = pairs.GetValueOrDefault(id), a = agreed.GetValueOrDefault(id), s = scored.GetValueOrDefault(id);
            return new ItemGap(id, n, a, n > 0 ? Math.Round((decimal)a / n, 4, MidpointRounding.AwayFromZero) : null,
                s, s > 0 ? Math.Round(gaps.GetValueOrDefault(id) / 10_000m / s, 4, MidpointRounding.AwayFromZero) : null);
        }).ToList();
        long asked = c[Asked], submitted = c[SubmittedCount];
        return new GroupGaps(group, team, asked, submitted, asked - submitted,
            submitted > 0 ? Math.Round(c[ScoreGap] / 100m / submitted, 2, MidpointRounding.AwayFromZero) : null, items);
    }

    private static long Hundredths(decimal points) => (long)Math.Round(points * 100m, MidpointRounding.AwayFromZero);
}
