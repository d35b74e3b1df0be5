using System.Globalization;
using System.Net;
using System.Text;

namespace QaServerless.Kpis;

/// <summary>
/// The report's charts as inline SVG (no script, nothing fetched): bars, the Pareto, lines over months or days and the
/// ranking's horizontal bars. Every chart is a <c>figure[data-chart]</c> and every mark carries its number in
/// <c>data-value</c>, so a browser test can check a chart holds the figures and a screen reader has a label.
/// </summary>
public static class KpiCharts
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    public static readonly string[] Palette = ["#2680c2", "#d64545", "#3ebd93", "#f0b429", "#8662c7", "#0e7c86", "#e12d39", "#627d98"];

    public sealed record Series(string Name, IReadOnlyList<double?> Values, string Colour);

    /// <summary>Vertical bars with their value above and label below; y axis from 0 to the largest bar.</summary>
    public static string Bars(string chart, string title, IReadOnlyList<(string Label, double Value)> bars, string colour, string unit = "")
    {
        const int width = 900, height = 240, left = 50, right = 10, top = 16, bottom = 40;
        var max = NiceMax(bars.Count == 0 ? 0 : bars.Max(b => b.Value));
        var step = bars.Count == 0 ? 0 : (width - left - right) / (double)bars.Count;
        var sb = Open(chart, title, width, height);
        Grid(sb, left, width - right, top, height - bottom, max, v => v.ToString("0.##", Inv) + unit);
        for (var i = 0; i < bars.Count; i++)
        {
            var h = (height - bottom - top) * bars[i].Value / max;
            var x = left + i * step + step * 0.15;
            sb.Append($"<rect class=\"bar\" data-label=\"{E(bars[i].Label)}\" data-value=\"{V(bars[i].Value)}\" x=\"{N(x)}\" y=\"{N(height - bottom - h)}\" width=\"{N(step * 0.7)}\" height=\"{N(h)}\" fill=\"{colour}\" rx=\"3\"><title>{E(bars[i].Label)}: {V(bars[i].Value)}{unit}</title></rect>");
            sb.Append($"<text x=\"{N(x + step * 0.35)}\" y=\"{N(height - bottom - h - 4)}\" text-anchor=\"middle\">{E(bars[i].Value.ToString("0.##", Inv))}</text>");
            sb.Append($"<text x=\"{N(x + step * 0.35)}\" y=\"{height - bottom + 16}\" text-anchor=\"middle\">{E(bars[i].Label)}</text>");
        }
        return Close(sb, title);
    }

    /// <summary>Pareto: bars of counts (deductions red, warnings amber) with the cumulative share as a line on a 0–100 % axis.</summary>
    public static string Pareto(IReadOnlyList<ItemFrequency> items)
    {
        const int width = 900, height = 280, left = 50, right = 50, top = 16, bottom = 60;
        var max = NiceMax(items.Count == 0 ? 0 : items.Max(i => i.Count));
        var step = items.Count == 0 ? 0 : (width - left - right) / (double)items.Count;
        const string title = "扣分项帕累托 Pareto: marks per item (bars, left axis) and cumulative share (line, right axis)";
        var sb = Open("pareto", title, width, height);
        Grid(sb, left, width - right, top, height - bottom, max, v => v.ToString("0", Inv));
        for (var p = 0; p <= 100; p += 25)
            sb.Append($"<text x=\"{width - right + 6}\" y=\"{N(height - bottom - (height - bottom - top) * p / 100.0 + 4)}\">{p}%</text>");
        var points = new List<string>();
        for (var i = 0; i < items.Count; i++)
        {
            var h = (height - bottom - top) * items[i].Count / max;
            var x = left + i * step;
            var colour = items[i].Kind == "warning" ? "#f0b429" : "#d64545";
            sb.Append($"<rect class=\"bar\" data-label=\"{E(items[i].ItemId)}\" data-value=\"{items[i].Count}\" x=\"{N(x + step * 0.1)}\" y=\"{N(height - bottom - h)}\" width=\"{N(step * 0.8)}\" height=\"{N(h)}\" fill=\"{colour}\" rx=\"2\"><title>{E(items[i].ItemId)} ({E(items[i].Kind)}): {items[i].Count}, cumulative {P(items[i].CumulativeShare)}</title></rect>");
            sb.Append($"<text x=\"{N(x + step / 2)}\" y=\"{height - bottom + 14}\" text-anchor=\"middle\">{E(Short(items[i].ItemId, 14))}</text>");
            points.Add($"{N(x + step / 2)},{N(height - bottom - (height - bottom - top) * (double)items[i].CumulativeShare)}");
        }
        if (points.Count > 0)
        {
            sb.Append($"<polyline class=\"cumulative\" data-values=\"{string.Join(' ', items.Select(i => V((double)i.CumulativeShare)))}\" points=\"{string.Join(' ', points)}\" fill=\"none\" stroke=\"#102a43\" stroke-width=\"2\"/>");
            foreach (var point in points) sb.Append($"<circle cx=\"{point.Split(',')[0]}\" cy=\"{point.Split(',')[1]}\" r=\"3\" fill=\"#102a43\"/>");
            var y80 = N(height - bottom - (height - bottom - top) * 0.8);
            sb.Append($"<line x1=\"{left}\" x2=\"{width - right}\" y1=\"{y80}\" y2=\"{y80}\" stroke=\"#9aa5b1\" stroke-dasharray=\"4 4\"/>");
        }
        sb.Append($"<text x=\"{left}\" y=\"{height - 8}\"><tspan fill=\"#d64545\">■</tspan> 扣分 deduction</text>");
        sb.Append($"<text x=\"{left + 150}\" y=\"{height - 8}\"><tspan fill=\"#f0b429\">■</tspan> 提醒 warning</text>");
        sb.Append($"<text x=\"{left + 290}\" y=\"{height - 8}\">— 累计占比 cumulative share (dashed: 80 %)</text>");
        return Close(sb, title);
    }

    /// <summary>Lines over a shared x axis (months or days); a missing value breaks the line. Legend under the chart.</summary>
    /// <remarks>A score axis (<paramref name="scoreAxis"/>) runs to 100 and starts at the tens below the lowest point, so that differences of a few points between teams stay visible.</remarks>
    public static string Lines(string chart, string title, IReadOnlyList<string> xLabels, IReadOnlyList<Series> series, bool scoreAxis = false, string unit = "")
    {
        const int width = 900, height = 260, left = 50, right = 40, top = 16, bottom = 50;
        var all = series.SelectMany(s => s.Values).OfType<double>().ToList();
        var min = scoreAxis && all.Count > 0 ? Math.Max(0, Math.Floor((all.Min() - 5) / 10) * 10) : 0;
        var max = scoreAxis ? 100 - min : NiceMax(all.Count == 0 ? 0 : all.Max());
        var step = xLabels.Count <= 1 ? 0 : (width - left - right) / (double)(xLabels.Count - 1);
        double X(int i) => xLabels.Count <= 1 ? (left + width - right) / 2.0 : left + i * step;
        double Y(double v) => height - bottom - (height - bottom - top) * (v - min) / max;
        var sb = Open(chart, title, width, height);
        Grid(sb, left, width - right, top, height - bottom, max, v => (v + min).ToString("0.##", Inv) + unit);
        var every = Math.Max(1, (int)Math.Ceiling(xLabels.Count / 16.0));
        for (var i = 0; i < xLabels.Count; i += every)
            sb.Append($"<text x=\"{N(X(i))}\" y=\"{height - bottom + 16}\" text-anchor=\"middle\">{E(xLabels[i])}</text>");
        for (var s = 0; s < series.Count; s++)
        {
            var (name, values, colour) = (series[s].Name, series[s].Values, series[s].Colour);
            var segment = new List<string>();
            void Flush()
            {
                if (segment.Count > 1) sb.Append($"<polyline points=\"{string.Join(' ', segment)}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\"/>");
                segment.Clear();
            }
            sb.Append($"<g class=\"series\" data-series=\"{E(name)}\" data-values=\"{string.Join(' ', values.Select(v => v is { } x ? V(x) : "-"))}\">");
            for (var i = 0; i < values.Count; i++)
            {
                if (values[i] is not { } v) { Flush(); continue; }
                segment.Add($"{N(X(i))},{N(Y(v))}");
            }
            Flush();
            for (var i = 0; i < values.Count; i++)
                if (values[i] is { } v)
                    sb.Append($"<circle class=\"point\" data-value=\"{V(v)}\" cx=\"{N(X(i))}\" cy=\"{N(Y(v))}\" r=\"3.5\" fill=\"{colour}\"><title>{E(name)} {E(xLabels[i])}: {V(v)}{unit}</title></circle>");
            sb.Append("</g>");
            sb.Append($"<text x=\"{left + s % 6 * 140}\" y=\"{height - 22 + s / 6 * 14}\"><tspan fill=\"{colour}\">●</tspan> {E(Short(name, 18))}</text>");
        }
        return Close(sb, title);
    }

    /// <summary>Horizontal bars of agents' z-scores around 0 (team mean), grouped by team; the score as the label.</summary>
    public static string Ranking(IReadOnlyList<Ranking> rows)
    {
        const int width = 900, left = 210, right = 60, rowHeight = 18, top = 20;
        var height = top + rows.Count * rowHeight + 30;
        var maxZ = Math.Max(1, rows.Count == 0 ? 1 : rows.Max(r => Math.Abs((double)(r.ZScore ?? 0))));
        var zero = left + (width - left - right) / 2.0;
        var half = (width - left - right) / 2.0;
        const string title = "班组内排名 Ranking within teams: z-score of each agent's mean score against the team (right = better)";
        var sb = Open("ranking", title, width, height);
        sb.Append($"<line x1=\"{N(zero)}\" x2=\"{N(zero)}\" y1=\"{top - 6}\" y2=\"{height - 24}\" stroke=\"#9aa5b1\"/>");
        sb.Append($"<text x=\"{N(zero)}\" y=\"{top - 8}\" text-anchor=\"middle\">team mean</text>");
        for (var i = 0; i < rows.Count; i++)
        {
            var r = rows[i];
            var z = (double)(r.ZScore ?? 0);
            var w = half * Math.Abs(z) / maxZ;
            var y = top + i * rowHeight;
            var colour = z >= 0 ? "#3ebd93" : "#d64545";
            sb.Append($"<text x=\"{left - 8}\" y=\"{y + 13}\" text-anchor=\"end\">{E(Short(r.Team, 10))} · #{r.Rank} {E(Short(r.AgentId, 12))}</text>");
            sb.Append($"<rect class=\"bar\" data-label=\"{E(r.AgentId)}\" data-value=\"{V(z)}\" x=\"{N(z >= 0 ? zero : zero - w)}\" y=\"{y + 3}\" width=\"{N(Math.Max(w, 1))}\" height=\"{rowHeight - 6}\" fill=\"{colour}\"><title>{E(r.AgentId)}: score {r.MeanScore.ToString("0.##", Inv)}, z {V(z)}, percentile {r.Percentile.ToString("0.#", Inv)}</title></rect>");
            sb.Append($"<text x=\"{N(z >= 0 ? zero + w + 4 : zero + 4)}\" y=\"{y + 13}\">{r.MeanScore.ToString("0.#", Inv)}</text>");
        }
        sb.Append($"<text x=\"{left}\" y=\"{height - 8}\">z = (agent mean − team mean) ÷ team standard deviation; the number is the agent's mean score</text>");
        return Close(sb, title);
    }

    private static StringBuilder Open(string chart, string title, int width, int height) =>
        new($"<figure data-chart=\"{chart}\"><svg role=\"img\" aria-label=\"{E(title)}\" viewBox=\"0 0 {width} {height}\" width=\"100%\" xmlns=\"http://www.w3.org/2000/svg\">");

    private static string Close(StringBuilder sb, string title) => sb.Append($"</svg><figcaption>{E(title)}</figcaption></figure>").ToString();

    /// <summary>Horizontal gridlines at quarters of the axis, labelled on the left.</summary>
    private static void Grid(StringBuilder sb, int x1, int x2, int top, int baseline, double max, Func<double, string> label)
    {
        for (var q = 0; q <= 4; q++)
        {
            var y = N(baseline - (baseline - top) * q / 4.0);
            sb.Append($"<line x1=\"{x1}\" x2=\"{x2}\" y1=\"{y}\" y2=\"{y}\" stroke=\"{(q == 0 ? "#9aa5b1" : "#e4e7eb")}\"/>");
            sb.Append($"<text x=\"{x1 - 6}\" y=\"{N(baseline - (baseline - top) * q / 4.0 + 4)}\" text-anchor=\"end\">{E(label(max * q / 4))}</text>");
        }
    }

    /// <summary>A round axis maximum at or above the largest value (1, 2, 2.5, 5 × 10ⁿ), so gridlines fall on round numbers.</summary>
    public static double NiceMax(double value)
    {
        if (value <= 0) return 1;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(value)));
        foreach (var f in new[] { 1, 2, 2.5, 5, 10 })
            if (f * magnitude >= value) return f * magnitude;
        return 10 * magnitude;
    }

    private static string Short(string s, int max) => s.Length <= max ? s : s[..(max - 1)] + "…";
    private static string E(string? s) => WebUtility.HtmlEncode(s ?? "");
    private static string N(double d) => d.ToString("0.#", Inv);
    private static string V(double d) => d.ToString("0.####", Inv);
    private static string P(decimal d) => (d * 100).ToString("0.#", Inv) + "%";
}
