namespace QaServerless.Kpis;

/// <summary>A sheet of the export: a name, headers and rows of plain values (string, long, decimal or null).</summary>
public sealed record ExportTable(string Name, IReadOnlyList<string> Headers, IReadOnlyList<object?[]> Rows);

/// <summary>The export's tables, shared by the CSV and the XLSX so both always say the same.</summary>
public static class ExportTables
{
    private static readonly string[] GroupHeaders =
    [
        "level", "group", "team", "evaluations", "meanScore", "passRate", "excellent", "good", "pass", "fail",
        "criticalAccuracyCustomer", "criticalAccuracyBusiness", "criticalAccuracyCompliance",
        "calls", "answerRate", "serviceLevel", "ahtSeconds", "acwSeconds", "holdSeconds", "queueSeconds",
        "abandonmentRate", "csatMean", "csatSatisfied", "complaintRate", "crr", "fcr2h", "fcr24h", "fcr7d",
    ];

    public static IReadOnlyList<ExportTable> From(ExportData data)
    {
        var summary = data.Summary;
        var versions = string.Join(", ", summary.ScorecardVersions);
        return
        [
            new("summary", ["center", "month", "scorecardVersions", .. GroupHeaders[3..]],
                [[summary.CenterId, summary.Period, versions, .. Figures(summary.Total)]]),
            new("agents", GroupHeaders, data.ByAgent.Groups.Select(g => Row("agent", g)).ToList()),
            new("teams", GroupHeaders, data.ByTeam.Groups.Select(g => Row("team", g)).ToList()),
            new("business types", GroupHeaders, data.ByBusinessType.Groups.Select(g => Row("businessType", g)).ToList()),
            new("items Pareto", ["item", "kind", "count", "share", "cumulativeShare", "perEvaluation"],
                summary.ItemPareto.Select(i => new object?[] { i.ItemId, i.Kind, i.Count, i.Share, i.CumulativeShare, i.PerEvaluation }).ToList()),
            new("ranking", ["team", "rank", "agent", "meanScore", "percentile", "zScore"],
                summary.Ranking.Select(r => new object?[] { r.Team, (long)r.Rank, r.AgentId, r.MeanScore, r.Percentile, r.ZScore }).ToList()),
            new("inspectors", ["inspector", "evaluations", "meanScoreGiven", "passRateGiven", "scoringErrors", "appealsDecided", "appealsUpheldShare",
                    "itemsDisputed", "itemsUpheld", "upheldItemRate"],
                data.ByInspector.Groups.Select(g => new object?[]
                {
                    g.Group, g.Qa.Evaluations, g.Qa.MeanScore, g.Qa.PassRate.Value, g.Qa.ScoringErrors, g.Qa.AppealsUpheld.Denominator, g.Qa.AppealsUpheld.Value,
                    g.Qa.ItemsDisputed, g.Qa.ItemsUpheld, g.Qa.UpheldItemRate.Value,
                }).ToList()),
            new("calibration", ["inspector", "sessions", "passRate", "meanDeviationPercent"],
                data.ByInspector.Groups.Where(g => g.Qa.CalibrationSessions > 0).Select(g => new object?[]
                {
                    g.Group, g.Qa.CalibrationSessions, g.Qa.CalibrationPassRate.Value, g.Qa.MeanCalibrationDeviationPercent,
                }).ToList()),
        ];
    }

    /// <summary>
    /// The one rectangular table of kpis.csv (RFC 4180: one header, the same fields on every line): the center, its
    /// teams, agents and business types, one line each, told apart by <c>level</c>.
    /// </summary>
    public static ExportTable Groups(ExportData data) => new("kpis", GroupHeaders,
    [
        Row("center", data.Summary.Total with { Group = data.Summary.CenterId }),
        .. data.ByTeam.Groups.Select(g => Row("team", g)),
        .. data.ByAgent.Groups.Select(g => Row("agent", g)),
        .. data.ByBusinessType.Groups.Select(g => Row("businessType", g)),
    ]);

    private static object?[] Row(string level, GroupKpis g) => [level, g.Group, g.Team, .. Figures(g)];

    private static object?[] Figures(GroupKpis g)
    {
        var (qa, cc) = (g.Qa, g.ContactCenter);
        return
        [
            qa.Evaluations, qa.MeanScore, qa.PassRate.Value, qa.Bands["Excellent"], qa.Bands["Good"], qa.Bands["Pass"], qa.Bands["Fail"],
            qa.CriticalErrorAccuracy["Customer"].Value, qa.CriticalErrorAccuracy["Business"].Value, qa.CriticalErrorAccuracy["Compliance"].Value,
            cc.Calls, cc.AnswerRate.Value, cc.ServiceLevel.Value, cc.AverageHandleSeconds, cc.AverageAfterCallWorkSeconds, cc.AverageHoldSeconds,
            cc.AverageQueueSeconds, cc.AbandonmentRate.Value, cc.CsatMean, cc.CsatSatisfied.Value, cc.ComplaintRate.Value, cc.CallResolutionRate.Value,
            cc.FirstContactResolution["2h"].Value, cc.FirstContactResolution["24h"].Value, cc.FirstContactResolution["7d"].Value,
        ];
    }

    /// <summary>Spreadsheet formula injection: text that starts like a formula gets a leading apostrophe (<see cref="Privacy.FormulaText"/>).</summary>
    public static string Neutralise(string text) => Privacy.FormulaText.Neutralise(text);
}
