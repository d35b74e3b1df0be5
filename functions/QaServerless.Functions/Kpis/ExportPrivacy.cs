using QaServerless.Privacy;

namespace QaServerless.Kpis;

public static class ExportPrivacy
{
    /// <summary>
    /// The export's data with every text masked (<see cref="PiiMasker"/>): group names, teams, agent and item ids, the
    /// center's name. Ingestion refuses personal data in these fields now, but calls stored before, a roster team or an
    /// agent id can still carry a number, and report.html promises "no personal data". <see cref="KpiExporter"/> builds
    /// kpis.csv, kpis.xlsx and report.html from this one copy; the formula guard then applies to each text cell.
    /// Masking is deterministic, so the same team still matches itself across tables and months.
    /// </summary>
    public static ExportData Masked(this ExportData d) => new(Masked(d.ByAgent), Masked(d.ByTeam), Masked(d.ByInspector), Masked(d.ByBusinessType))
    {
        Center = d.Center is { } c ? c with { Name = PiiMasker.Mask(c.Name) } : null,
        TeamTrend = d.TeamTrend.Select(t => t with { Team = PiiMasker.Mask(t.Team) }).ToList(),
    };

    private static KpiReport Masked(KpiReport r) => r with
    {
        Total = Masked(r.Total),
        Groups = r.Groups.Select(Masked).ToList(),
        ItemPareto = r.ItemPareto.Select(i => i with { ItemId = PiiMasker.Mask(i.ItemId) }).ToList(),
        Ranking = r.Ranking.Select(x => x with { AgentId = PiiMasker.Mask(x.AgentId), Team = PiiMasker.Mask(x.Team) }).ToList(),
    };

    private static GroupKpis Masked(GroupKpis g) => g with { Group = PiiMasker.Mask(g.Group), Team = PiiMasker.MaskOrNull(g.Team) };
}
