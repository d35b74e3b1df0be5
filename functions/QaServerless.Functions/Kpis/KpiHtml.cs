using System.Globalization;
using System.Net;
using System.Text;

namespace QaServerless.Kpis;

/// <summary>
/// report.html: one self-contained page (inline CSS and SVG, no script, nothing fetched) a center manager can hand to a
/// director: what it covers (center, period, time zone, scorecard versions), headline figures each with its definition
/// and its numerator/denominator, then the charts (score distribution, Pareto, team trends, daily trend, ranking) and
/// the definitions. Agents and inspectors appear by roster id only; nothing about customers. Bilingual (zh / en).
/// </summary>
public static class KpiHtml
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    /// <summary>Charts stay readable: at most this many teams' lines, Pareto items and teams in the ranking.</summary>
    public const int MaxTrendTeams = 8, MaxParetoItems = 12, MaxRankingTeams = 12;

    public static byte[] Write(ExportData data)
    {
        var r = data.Summary;
        var (qa, cc) = (r.Total.Qa, r.Total.ContactCenter);
        var first = DateOnly.ParseExact(r.Period + "-01", "yyyy-MM-dd", Inv);
        var centerName = data.Center?.Name is { Length: > 0 } name && name != r.CenterId ? $"{name} ({r.CenterId})" : r.CenterId;
        var period = $"{r.Period} ({first:yyyy-MM-dd} – {first.AddMonths(1).AddDays(-1):yyyy-MM-dd}, {data.Center?.TimeZone ?? "center time"})";
        var versions = r.ScorecardVersions.Count == 0 ? "— (no evaluation released)" : string.Join(", ", r.ScorecardVersions);
        var source = $"{cc.Calls.ToString("N0", Inv)} call records · {qa.Evaluations.ToString("N0", Inv)} released evaluations (month of release) · " +
                     $"{data.ByTeam.Groups.Count} teams · {data.ByAgent.Groups.Count} agents";
        var html = new StringBuilder();
        html.Append($$"""
            <!doctype html>
            <html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><link rel="icon" href="data:,">
            <title>质检与运营月报 {{E(centerName)}} {{E(r.Period)}}</title>
            <style>
            body{font-family:system-ui,"Noto Sans CJK SC","WenQuanYi Micro Hei","PingFang SC",sans-serif;margin:2rem auto;max-width:1100px;color:#1f2933;padding:0 1rem;line-height:1.45}
            h1{font-size:1.6rem;margin-bottom:.2rem} h2{font-size:1.15rem;margin-top:2.2rem;border-bottom:2px solid #e4e7eb;padding-bottom:.3rem}
            .sub,.note{color:#616e7c} .note{font-size:.85rem} dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem;margin:1rem 0}
            dl.meta dt{color:#616e7c} dl.meta dd{margin:0;font-weight:600}
            .tiles{display:grid;grid-template-columns:repeat(auto-fit,minmax(200px,1fr));gap:.8rem;margin:1.2rem 0}
            .tile{background:#f5f7fa;border-radius:8px;padding:.8rem 1rem} .tile b{display:block;font-size:1.5rem;color:#102a43}
            .tile .label{display:block;font-weight:600;font-size:.9rem} .tile small{display:block;color:#616e7c;font-size:.78rem;margin-top:.2rem}
            table{border-collapse:collapse;width:100%;font-size:.88rem} th,td{padding:.35rem .5rem;border-bottom:1px solid #e4e7eb;text-align:right} th:first-child,td:first-child{text-align:left}
            th{background:#f5f7fa} figure{margin:1rem 0} figcaption{color:#616e7c;font-size:.85rem} svg text{font-size:11px;fill:#334e68}
            dl.defs dt{font-weight:600;margin-top:.5rem} dl.defs dd{margin-left:1rem;color:#3e4c59}
            @media print{body{margin:0;max-width:none} h2{break-after:avoid} figure,table{break-inside:avoid} }
            </style></head><body>
            <h1>质检与运营月报 · Quality &amp; operations report</h1>
            <p class="sub">{{E(centerName)}} · {{E(first.ToString("MMMM yyyy", Inv))}}</p>
            <dl class="meta">
            <dt>中心 Center</dt><dd data-field="center">{{E(centerName)}}</dd>
            <dt>月份 Period</dt><dd data-field="period">{{E(period)}}</dd>
            <dt>评分表版本 Scorecard versions</dt><dd data-field="scorecard-versions">{{E(versions)}}</dd>
            <dt>数据 Source</dt><dd>{{E(source)}}</dd>
            </dl>
            <h2>核心指标 Headline figures</h2>
            <div class="tiles">
            """);
        Tile(html, "mean-score", "质检平均分 Mean QA score", F(qa.MeanScore), $"Mean of released evaluations' scores (0–100){(qa.ScoreStandardDeviation is { } sd ? $"; sd {F(sd)}" : "")}.");
        Tile(html, "pass-rate", "合格率 Pass rate", P(qa.PassRate), "Evaluations not in the Fail band ÷ evaluations.");
        Tile(html, "critical-accuracy", "合规无致命差错 Compliance accuracy", P(qa.CriticalErrorAccuracy["Compliance"]), "Evaluations without a compliance critical error ÷ evaluations.");
        Tile(html, "evaluations", "质检量 Evaluations", qa.Evaluations.ToString("N0", Inv), $"Released in the month; {(cc.Calls == 0 ? "—" : (100.0 * qa.Evaluations / cc.Calls).ToString("0.0", Inv) + " %")} of calls.");
        Tile(html, "calls", "通话量 Calls", cc.Calls.ToString("N0", Inv), $"Call records of the month; {cc.Answered.ToString("N0", Inv)} answered, {cc.Abandoned.ToString("N0", Inv)} abandoned.");
        Tile(html, "service-level", $"服务水平 Service level ({cc.ServiceLevelSeconds} s)", P(cc.ServiceLevel), $"Answered within {cc.ServiceLevelSeconds} s ÷ offered (answered + abandoned).");
        Tile(html, "answer-rate", "接通率 Answer rate", P(cc.AnswerRate), "Answered ÷ offered (answered + abandoned).");
        Tile(html, "aht", "平均处理时长 AHT", cc.AverageHandleSeconds is { } aht ? $"{F(aht)} s" : "—", "(Talk + hold + after-call work) ÷ answered calls.");
        Tile(html, "fcr", "首次解决率 FCR (24 h)", P(cc.FirstContactResolution["24h"]), "First contacts with no repeat by the same customer on the same business type within 24 h ÷ first contacts.");
        Tile(html, "csat", "满意度 CSAT", cc.CsatMean is { } csat ? $"{F(csat)} / 5" : "—", $"Mean survey answer (1–5); satisfied (≥ 4): {P(cc.CsatSatisfied)}.");
        Tile(html, "complaint-rate", "投诉率 Complaint rate", P(cc.ComplaintRate), "Calls marked as complaints ÷ answered calls.");
        html.Append("</div>");

        html.Append("<h2>分数分布 Score distribution</h2>");
        html.Append(KpiCharts.Bars("score-distribution", "Evaluations per score band (as scored)",
            qa.Bands.Select(b => (b.Key, (double)b.Value)).ToList(), "#486581"));
        html.Append(Table(["critical-error class", "accuracy", "evaluations without one"], qa.CriticalErrorAccuracy.Select(c => new[]
            { c.Key, P(c.Value), $"{c.Value.Numerator.ToString("N0", Inv)} / {c.Value.Denominator.ToString("N0", Inv)}" })));

        var pareto = r.ItemPareto.Take(MaxParetoItems).ToList();
        html.Append("<h2>扣分项帕累托 Pareto of deductions and warnings</h2>");
        html.Append(KpiCharts.Pareto(pareto));
        html.Append(Table(["item", "kind", "count", "share", "cumulative", "per evaluation"], pareto.Select(i => new[]
            { i.ItemId, i.Kind, i.Count.ToString("N0", Inv), P(i.Share), P(i.CumulativeShare), i.PerEvaluation.ToString("0.###", Inv) })));
        if (r.ItemPareto.Count > pareto.Count) html.Append(Note($"{r.ItemPareto.Count - pareto.Count} more items in kpis.xlsx (sheet “items Pareto”)."));

        AppendTeams(html, data);
        AppendDaily(html, r);
        AppendRanking(html, r);
        AppendInspectors(html, data);
        AppendDefinitions(html);
        html.Append(Note("无个人信息 No personal data: agents and inspectors appear by roster id; no customer number, name or key. " +
                         "Full figures for every agent, team and business type: kpis.xlsx and kpis.csv beside this file."));
        html.Append("</body></html>\n");
        return Encoding.UTF8.GetBytes(html.ToString());
    }

    private static void AppendTeams(StringBuilder html, ExportData data)
    {
        html.Append("<h2>班组趋势 Team trends</h2>");
        var months = data.TeamTrend.Select(t => t.Month).Distinct().Order(StringComparer.Ordinal).ToList();
        if (months.Count == 0) months = [data.Summary.Period];
        // The teams with the most evaluations this month, so the lines stay legible in a large center.
        var teams = data.ByTeam.Groups.OrderByDescending(g => g.Qa.Evaluations).ThenBy(g => g.Group, StringComparer.Ordinal)
            .Take(MaxTrendTeams).Select(g => g.Group).Order(StringComparer.Ordinal).ToList();
        var series = teams.Select((team, i) => new KpiCharts.Series(team, months.Select(m =>
            data.TeamTrend.FirstOrDefault(t => t.Month == m && t.Team == team)?.MeanScore is { } s ? (double?)(double)s : null).ToList(),
            KpiCharts.Palette[i % KpiCharts.Palette.Length])).ToList();
        html.Append(KpiCharts.Lines("team-trends", $"Mean QA score per team, {months[0]} – {months[^1]} (month of release)", months, series, scoreAxis: true));
        if (data.ByTeam.Groups.Count > teams.Count) html.Append(Note($"The {teams.Count} teams with the most evaluations; all {data.ByTeam.Groups.Count} teams in the table below."));
        html.Append(Table(["team", "evaluations", "mean", "pass rate", "calls", "service level", "AHT (s)", "FCR 24 h", "CSAT"], data.ByTeam.Groups.Select(g => new[]
        {
            g.Group, g.Qa.Evaluations.ToString("N0", Inv), F(g.Qa.MeanScore), P(g.Qa.PassRate), g.ContactCenter.Calls.ToString("N0", Inv),
            P(g.ContactCenter.ServiceLevel), F(g.ContactCenter.AverageHandleSeconds), P(g.ContactCenter.FirstContactResolution["24h"]), F(g.ContactCenter.CsatMean),
        })));
    }

    private static void AppendDaily(StringBuilder html, KpiReport r)
    {
        html.Append("<h2>每日趋势 Daily trend</h2>");
        var days = r.Daily.Select(d => d.Day.ToString("MM-dd", Inv)).ToList();
        html.Append(KpiCharts.Lines("daily-calls", "Calls per day", days,
            [new KpiCharts.Series("calls", r.Daily.Select(d => (double?)d.Calls).ToList(), "#2680c2")]));
        html.Append(KpiCharts.Lines("daily-score", "Mean QA score of the evaluations released each day", days,
            [new KpiCharts.Series("mean score", r.Daily.Select(d => d.MeanScore is { } s ? (double?)(double)s : null).ToList(), "#3ebd93")], scoreAxis: true));
    }

    private static void AppendRanking(StringBuilder html, KpiReport r)
    {
        html.Append("<h2>班组内排名 Ranking within teams</h2>");
        // Per team the best three and the last three (all when a team has six or fewer); the full list is in kpis.xlsx.
        var byTeam = r.Ranking.GroupBy(x => x.Team).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
        var shown = byTeam.Take(MaxRankingTeams).SelectMany(g => g.Count() <= 6 ? g : g.Take(3).Concat(g.TakeLast(3))).ToList();
        html.Append(KpiCharts.Ranking(shown));
        if (shown.Count < r.Ranking.Count)
            html.Append(Note($"Best and last three agents of {Math.Min(byTeam.Count, MaxRankingTeams)} of {byTeam.Count} teams; all {r.Ranking.Count} agents in kpis.xlsx (sheet “ranking”)."));
        html.Append(Table(["team", "rank", "agent", "mean", "percentile", "z"], shown.Select(x => new[]
            { x.Team, x.Rank.ToString(Inv), x.AgentId, F(x.MeanScore), F(x.Percentile), F(x.ZScore) })));
    }

    private static void AppendInspectors(StringBuilder html, ExportData data)
    {
        html.Append("<h2>质检员 Inspectors</h2>");
        html.Append(Table(["inspector", "evaluations", "mean score given", "appeals upheld", "items upheld", "calibration sessions", "calibration pass", "mean deviation %"],
            data.ByInspector.Groups.Select(g => new[]
            {
                g.Group, g.Qa.Evaluations.ToString("N0", Inv), F(g.Qa.MeanScore), $"{g.Qa.AppealsUpheld.Numerator} / {g.Qa.AppealsUpheld.Denominator}",
                $"{g.Qa.ItemsUpheld} / {g.Qa.ItemsDisputed}",
                g.Qa.CalibrationSessions.ToString(Inv), P(g.Qa.CalibrationPassRate), F(g.Qa.MeanCalibrationDeviationPercent),
            })));
    }

    private static void AppendDefinitions(StringBuilder html)
    {
        html.Append("<h2>定义 Definitions</h2><dl class=\"defs\">");
        foreach (var (term, definition) in new[]
                 {
                     ("Offered, answered, abandoned", "Every call record of the month counts once, in the center's time zone; offered = answered + abandoned."),
                     ("Service level (T)", "Answered with a queue time of at most T seconds ÷ offered (80/20: 80 % within 20 s)."),
                     ("AHT, ACW, hold", "Sums of talk + hold + after-call work (AHT), of after-call work, of hold, each ÷ answered calls."),
                     ("FCR (2 h / 24 h / 7 d)", "A contact is a repeat when the same (hashed) customer called about the same business type less than the window before. First contacts followed by no repeat within the window ÷ first contacts."),
                     ("CSAT", "Mean of the 1–5 survey answers; satisfied = answers of 4 or 5 ÷ answers."),
                     ("Mean QA score, pass rate, bands", "Over evaluations released in the month (a corrected evaluation counts with its corrected score); pass = any band but Fail."),
                     ("Critical-error accuracy", "Evaluations without a critical error of the class (customer, business, compliance) ÷ evaluations."),
                     ("Pareto", "Per scorecard item, the evaluations that deducted (or flagged, for warning items) it, largest first, with the cumulative share of all marks: the few items behind most lost points."),
                     ("Ranking", "Within a team, by mean score: rank, percentile (share of the team at or below), z-score against the team mean and standard deviation."),
                     ("Scorecard versions", "Every scorecard@version whose evaluations the figures include."),
                 })
            html.Append($"<dt>{E(term)}</dt><dd>{E(definition)}</dd>");
        html.Append("</dl>");
    }

    private static void Tile(StringBuilder html, string field, string label, string value, string definition) =>
        html.Append($"<div class=\"tile\" data-field=\"{field}\"><b>{E(value)}</b><span class=\"label\">{E(label)}</span><small>{E(definition)}</small></div>");

    private static string Note(string text) => $"<p class=\"note\">{E(text)}</p>";

    private static string Table(string[] headers, IEnumerable<string[]> rows)
    {
        var sb = new StringBuilder("<table><thead><tr>");
        foreach (var h in headers) sb.Append($"<th>{E(h)}</th>");
        sb.Append("</tr></thead><tbody>");
        foreach (var row in rows) sb.Append("<tr>").Append(string.Concat(row.Select(c => $"<td>{E(c)}</td>"))).Append("</tr>");
        return sb.Append("</tbody></table>").ToString();
    }

    private static string E(string? s) => WebUtility.HtmlEncode(s ?? "");
    private static string F(decimal? d) => d is { } v ? v.ToString("0.##", Inv) : "—";
    private static string P(Ratio r) => r.Value is { } v ? (v * 100).ToString("0.#", Inv) + " %" : "—";
    private static string P(decimal d) => (d * 100).ToString("0.#", Inv) + " %";
}
