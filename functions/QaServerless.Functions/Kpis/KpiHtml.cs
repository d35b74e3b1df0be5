using System.Globalization;
using System.Net;
using System.Text;

namespace QaServerless.Kpis;

/// <summary>
/// report.html: one self-contained page (inline CSS and SVG, no script, no external file) a center manager can hand to
/// a director: headline figures, score distribution, the Pareto of deductions with its cumulative line, team scores,
/// the daily trend and the ranking within teams.
/// </summary>
public static class KpiHtml
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static byte[] Write(ExportData data)
    {
        var r = data.Summary;
        var (qa, cc) = (r.Total.Qa, r.Total.ContactCenter);
        var html = new StringBuilder();
        html.Append($$"""
            <!doctype html>
            <html lang="zh-CN"><head><meta charset="utf-8"><title>质检月报 {{E(r.CenterId)}} {{E(r.Period)}}</title>
            <style>
            body{font-family:system-ui,"Noto Sans CJK SC","PingFang SC",sans-serif;margin:2rem auto;max-width:1100px;color:#1f2933;padding:0 1rem}
            h1{font-size:1.6rem;margin-bottom:.2rem} h2{font-size:1.15rem;margin-top:2.2rem;border-bottom:2px solid #e4e7eb;padding-bottom:.3rem}
            .sub{color:#616e7c;margin-top:0} .tiles{display:grid;grid-template-columns:repeat(auto-fit,minmax(150px,1fr));gap:.8rem;margin:1.2rem 0}
            .tile{background:#f5f7fa;border-radius:8px;padding:.8rem 1rem} .tile b{display:block;font-size:1.5rem;color:#102a43} .tile span{color:#616e7c;font-size:.85rem}
            table{border-collapse:collapse;width:100%;font-size:.88rem} th,td{padding:.35rem .5rem;border-bottom:1px solid #e4e7eb;text-align:right} th:first-child,td:first-child{text-align:left}
            th{background:#f5f7fa} figure{margin:1rem 0} figcaption{color:#616e7c;font-size:.85rem} svg text{font-size:11px;fill:#334e68}
            </style></head><body>
            <h1>质检与运营月报 · Quality &amp; operations report</h1>
            <p class="sub">中心 Center <b>{{E(r.CenterId)}}</b> · 月份 Month <b>{{E(r.Period)}}</b> · 评分表版本 Scorecard versions: {{E(r.ScorecardVersions.Count == 0 ? "—" : string.Join(", ", r.ScorecardVersions))}}</p>
            <div class="tiles">
            """);
        Tile(html, "质检平均分 Mean QA score", F(qa.MeanScore));
        Tile(html, "合格率 Pass rate", P(qa.PassRate.Value));
        Tile(html, "质检量 Evaluations", qa.Evaluations.ToString(Inv));
        Tile(html, "通话量 Calls", cc.Calls.ToString(Inv));
        Tile(html, $"服务水平 Service level ({cc.ServiceLevelSeconds}s)", P(cc.ServiceLevel.Value));
        Tile(html, "平均处理时长 AHT (s)", F(cc.AverageHandleSeconds));
        Tile(html, "首次解决率 FCR (24h)", P(cc.FirstContactResolution["24h"].Value));
        Tile(html, "满意度 CSAT", F(cc.CsatMean));
        html.Append("</div>");

        html.Append("<h2>分数分布 Score bands</h2>");
        html.Append(Bars(qa.Bands.Select(b => (b.Key, (double)b.Value)).ToList(), "evaluations per band", "#486581"));

        html.Append("<h2>扣分项帕累托 Pareto of deductions and warnings</h2>");
        html.Append(ParetoChart(r.ItemPareto.Take(12).ToList()));
        html.Append(Table(["item", "kind", "count", "share", "cumulative"], r.ItemPareto.Take(12).Select(i => new[] { i.ItemId, i.Kind, i.Count.ToString(Inv), P(i.Share), P(i.CumulativeShare) })));

        html.Append("<h2>班组得分 Team scores</h2>");
        html.Append(Bars(data.ByTeam.Groups.Where(g => g.Qa.MeanScore is not null).Select(g => (g.Group, (double)g.Qa.MeanScore!.Value)).ToList(), "mean score", "#2680c2"));
        html.Append(Table(["team", "evaluations", "mean", "pass rate", "calls", "AHT", "FCR 24h", "CSAT"], data.ByTeam.Groups.Select(g => new[]
        {
            g.Group, g.Qa.Evaluations.ToString(Inv), F(g.Qa.MeanScore), P(g.Qa.PassRate.Value), g.ContactCenter.Calls.ToString(Inv),
            F(g.ContactCenter.AverageHandleSeconds), P(g.ContactCenter.FirstContactResolution["24h"].Value), F(g.ContactCenter.CsatMean),
        })));

        html.Append("<h2>每日趋势 Daily trend</h2>");
        html.Append(Line(r.Daily.Select(d => (d.Day.ToString("dd", Inv), (double)d.Calls)).ToList(), "calls per day"));

        html.Append("<h2>班组内排名 Ranking within teams</h2>");
        html.Append(Table(["team", "rank", "agent", "mean", "percentile", "z"], r.Ranking.Select(x => new[]
        {
            x.Team, x.Rank.ToString(Inv), x.AgentId, F(x.MeanScore), F(x.Percentile), F(x.ZScore),
        })));
        html.Append("<p class=\"sub\">定义见 docs/kpis.md · Definitions: docs/kpis.md. No personal data: agents appear by roster id.</p></body></html>\n");
        return Encoding.UTF8.GetBytes(html.ToString());
    }

    private static void Tile(StringBuilder html, string label, string value) => html.Append($"<div class=\"tile\"><b>{E(value)}</b><span>{E(label)}</span></div>");

    private static string Table(string[] headers, IEnumerable<string[]> rows)
    {
        var sb = new StringBuilder("<table><thead><tr>");
        foreach (var h in headers) sb.Append($"<th>{E(h)}</th>");
        sb.Append("</tr></thead><tbody>");
        foreach (var row in rows) sb.Append("<tr>").Append(string.Concat(row.Select(c => $"<td>{E(c)}</td>"))).Append("</tr>");
        return sb.Append("</tbody></table>").ToString();
    }

    private static string Bars(IReadOnlyList<(string Label, double Value)> bars, string title, string colour)
    {
        const int width = 900, height = 220, left = 40, bottom = 40;
        var max = Math.Max(1, bars.Count == 0 ? 1 : bars.Max(b => b.Value));
        var step = bars.Count == 0 ? 0 : (width - left) / (double)bars.Count;
        var sb = new StringBuilder($"<figure><svg role=\"img\" aria-label=\"{E(title)}\" viewBox=\"0 0 {width} {height}\" width=\"100%\">");
        for (var i = 0; i < bars.Count; i++)
        {
            var h = (height - bottom - 10) * bars[i].Value / max;
            var x = left + i * step + step * 0.15;
            sb.Append($"<rect x=\"{N(x)}\" y=\"{N(height - bottom - h)}\" width=\"{N(step * 0.7)}\" height=\"{N(h)}\" fill=\"{colour}\" rx=\"3\"/>");
            sb.Append($"<text x=\"{N(x + step * 0.35)}\" y=\"{N(height - bottom - h - 4)}\" text-anchor=\"middle\">{E(bars[i].Value.ToString("0.##", Inv))}</text>");
            sb.Append($"<text x=\"{N(x + step * 0.35)}\" y=\"{height - bottom + 16}\" text-anchor=\"middle\">{E(bars[i].Label)}</text>");
        }
        return sb.Append($"</svg><figcaption>{E(title)}</figcaption></figure>").ToString();
    }

    private static string ParetoChart(IReadOnlyList<ItemFrequency> items)
    {
        const int width = 900, height = 240, left = 40, bottom = 50;
        var max = Math.Max(1, items.Count == 0 ? 1 : items.Max(i => i.Count));
        var step = items.Count == 0 ? 0 : (width - left - 40) / (double)items.Count;
        var sb = new StringBuilder($"<figure><svg role=\"img\" aria-label=\"Pareto\" viewBox=\"0 0 {width} {height}\" width=\"100%\">");
        var points = new List<string>();
        for (var i = 0; i < items.Count; i++)
        {
            var h = (height - bottom - 10) * items[i].Count / (double)max;
            var x = left + i * step;
            sb.Append($"<rect x=\"{N(x + step * 0.1)}\" y=\"{N(height - bottom - h)}\" width=\"{N(step * 0.8)}\" height=\"{N(h)}\" fill=\"{(items[i].Kind == "warning" ? "#f0b429" : "#d64545")}\" rx=\"2\"/>");
            sb.Append($"<text x=\"{N(x + step / 2)}\" y=\"{height - bottom + 14}\" text-anchor=\"middle\">{E(items[i].ItemId)}</text>");
            points.Add($"{N(x + step / 2)},{N(height - bottom - (height - bottom - 10) * (double)items[i].CumulativeShare)}");
        }
        if (points.Count > 0) sb.Append($"<polyline points=\"{string.Join(' ', points)}\" fill=\"none\" stroke=\"#102a43\" stroke-width=\"2\"/>");
        return sb.Append("</svg><figcaption>bars: count (red deduction, amber warning); line: cumulative share</figcaption></figure>").ToString();
    }

    private static string Line(IReadOnlyList<(string Label, double Value)> points, string title)
    {
        const int width = 900, height = 200, left = 40, bottom = 30;
        var max = Math.Max(1, points.Count == 0 ? 1 : points.Max(p => p.Value));
        var step = points.Count <= 1 ? 0 : (width - left - 20) / (double)(points.Count - 1);
        var coords = points.Select((p, i) => $"{N(left + i * step)},{N(height - bottom - (height - bottom - 10) * p.Value / max)}");
        var sb = new StringBuilder($"<figure><svg role=\"img\" aria-label=\"{E(title)}\" viewBox=\"0 0 {width} {height}\" width=\"100%\">");
        if (points.Count > 0) sb.Append($"<polyline points=\"{string.Join(' ', coords)}\" fill=\"none\" stroke=\"#2680c2\" stroke-width=\"2\"/>");
        for (var i = 0; i < points.Count; i++) sb.Append($"<text x=\"{N(left + i * step)}\" y=\"{height - bottom + 16}\" text-anchor=\"middle\">{E(points[i].Label)}</text>");
        return sb.Append($"</svg><figcaption>{E(title)}</figcaption></figure>").ToString();
    }

    private static string E(string? s) => WebUtility.HtmlEncode(s ?? "");
    private static string N(double d) => d.ToString("0.#", Inv);
    private static string F(decimal? d) => d is { } v ? v.ToString("0.##", Inv) : "—";
    private static string P(decimal? d) => d is { } v ? (v * 100).ToString("0.#", Inv) + "%" : "—";
}
