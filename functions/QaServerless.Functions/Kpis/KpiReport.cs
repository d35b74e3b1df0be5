namespace QaServerless.Kpis;

/// <summary>The KPIs of one group (a team, an agent …) for a period.</summary>
public sealed record GroupKpis(string Group, string? Team, ContactCenterKpis ContactCenter, QaKpis Qa);

/// <summary>
/// What the KPI API answers and the exports are made of. The exports hold every group; the API answers one page of
/// them (<see cref="Page"/>: <see cref="KpiPaging"/>) with the ranking rows of the agents on that page.
/// </summary>
public sealed record KpiReport(
    string CenterId, string Period, KpiGroup GroupBy, KpiOptions Options, GroupKpis Total, IReadOnlyList<GroupKpis> Groups,
    IReadOnlyList<ItemFrequency> ItemPareto, IReadOnlyList<Ranking> Ranking, IReadOnlyList<string> ScorecardVersions,
    IReadOnlyList<DailyPoint> Daily, GroupPage? Page = null);

/// <summary>One day of the center: calls, answer rate, evaluations and mean score (for trend charts).</summary>
public sealed record DailyPoint(DateOnly Day, long Calls, decimal? AnswerRate, long Evaluations, decimal? MeanScore);

public static class KpiReports
{
    /// <summary>Builds the report from rollup rows: pure, so the API, the export and the tests compute it the same way.</summary>
    public static KpiReport Build(string center, string period, KpiGroup groupBy, KpiOptions options, Counters total,
        IReadOnlyList<(string Id, string? Team, Counters Counters)> groups, IReadOnlyList<(DateOnly Day, Counters Counters)> days)
    {
        GroupKpis Of(string id, string? team, Counters c) => new(id, team, ContactCenterKpis.From(c, options), QaKpis.From(c));
        var rows = groups.OrderBy(g => g.Id, StringComparer.Ordinal).Select(g => Of(g.Id, g.Team, g.Counters)).ToList();
        var ranking = groupBy == KpiGroup.Agent
            ? Rankings.Within(rows.Where(r => r.Qa.MeanScore is not null).Select(r => (r.Group, r.Team ?? "", r.Qa.MeanScore!.Value)))
            : [];
        var daily = days.OrderBy(d => d.Day).Select(d =>
        {
            var cc = ContactCenterKpis.From(d.Counters, options);
            var qa = QaKpis.From(d.Counters);
            return new DailyPoint(d.Day, cc.Calls, cc.AnswerRate.Value, qa.Evaluations, qa.MeanScore);
        }).ToList();
        return new KpiReport(center, period, groupBy, options, Of("", null, total), rows, Pareto.Of(total), ranking,
            QaKpis.From(total).ScorecardVersions, daily);
    }
}
