using System.Globalization;

namespace QaServerless.Kpis;

/// <summary>The length of a trend's periods: calendar months, or weeks Monday to Sunday (center time zone).</summary>
public enum TrendGrain { Month, Week }

/// <summary>One period of a trend: its days, and the figures of the group over them (each ratio with its counts).</summary>
public sealed record TrendPoint(
    string Period, DateOnly From, DateOnly To, long Calls, long Evaluations, decimal? MeanScore, Ratio PassRate,
    Ratio FirstContactResolution, decimal? AverageHandleSeconds, Ratio CriticalErrorRate);

/// <summary>A group's trend over consecutive periods, oldest first, with the center's targets to draw against.</summary>
public sealed record KpiTrend(string CenterId, TrendGrain Grain, KpiGroup GroupBy, string? Group, IReadOnlyList<TrendPoint> Points, KpiTargets Targets);

/// <summary>The periods of a trend and the figures of one period: pure, so tests work them out by hand.</summary>
public static class TrendPeriods
{
    /// <summary>Most periods one trend reads: two years of months, half a year of weeks (docs/kpis.md says what that costs).</summary>
    public const int MaxMonths = 24, MaxWeeks = 26, DefaultPeriods = 12;

    /// <summary>The <paramref name="count"/> periods that end with the one holding <paramref name="last"/>, oldest first.</summary>
    public static IReadOnlyList<(string Name, DateOnly From, DateOnly To)> Ending(TrendGrain grain, DateOnly last, int count)
    {
        if (grain == TrendGrain.Month)
        {
            var month = new DateOnly(last.Year, last.Month, 1);
            return Enumerable.Range(0, count).Select(i => month.AddMonths(i - count + 1))
                .Select(m => (m.ToString("yyyy-MM", CultureInfo.InvariantCulture), m, m.AddMonths(1).AddDays(-1))).ToList();
        }
        // ISO weeks: Monday first; named by ISO year and week number (2026-W41).
        var monday = last.AddDays(-(((int)last.DayOfWeek + 6) % 7));
        return Enumerable.Range(0, count).Select(i => monday.AddDays(7 * (i - count + 1)))
            .Select(m => (WeekName(m), m, m.AddDays(6))).ToList();
    }

    public static string WeekName(DateOnly monday)
    {
        var date = monday.ToDateTime(TimeOnly.MinValue);
        return $"{ISOWeek.GetYear(date)}-W{ISOWeek.GetWeekOfYear(date):D2}";
    }

    /// <summary>The trend figures of a period's summed rollup counters (definitions as in the monthly report).</summary>
    public static TrendPoint Point(string name, DateOnly from, DateOnly to, Counters c, KpiOptions options)
    {
        var cc = ContactCenterKpis.From(c, options);
        var qa = QaKpis.From(c);
        return new TrendPoint(name, from, to, cc.Calls, qa.Evaluations, qa.MeanScore, qa.PassRate,
            cc.FirstContactResolution[options.RepeatWindow], cc.AverageHandleSeconds, qa.CriticalErrorRate);
    }
}
