using System.Globalization;
using Cronos;
using QaServerless.LocalHost.Functions;

namespace QaServerless.LocalHost.Timers;

/// <summary>
/// A timerTrigger schedule as the host reads it: an NCRONTAB expression with six fields (seconds first) or five, or a
/// TimeSpan (<c>hh:mm:ss</c>, a constant interval); <c>%Name%</c> is replaced by the app setting of that name.
/// Times are in the host's zone: <c>WEBSITE_TIME_ZONE</c> (or TZ on Linux) when set, else UTC.
/// </summary>
public sealed class TimerSchedule
{
    private readonly CronExpression? cron;
    private readonly TimeSpan? interval;
    private readonly TimeZoneInfo zone;

    public string Expression { get; }

    private TimerSchedule(string expression, CronExpression? cron, TimeSpan? interval, TimeZoneInfo zone)
    {
        Expression = expression; this.cron = cron; this.interval = interval; this.zone = zone;
    }

    public static TimerSchedule Parse(string schedule, Func<string, string?>? settings = null, TimeZoneInfo? zone = null)
    {
        var expression = AppSettingReference.Resolve(schedule.Trim(), settings, "The timer schedule").Trim();
        zone ??= TimeZoneInfo.Utc;
        if (!expression.Contains(' ') && TimeSpan.TryParse(expression, CultureInfo.InvariantCulture, out var every) && every > TimeSpan.Zero)
            return new TimerSchedule(expression, null, every, zone);
        var fields = expression.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        var format = fields switch
        {
            6 => CronFormat.IncludeSeconds,
            5 => CronFormat.Standard,
            _ => throw new FormatException($"'{expression}' is neither a CRON expression (5 or 6 fields) nor a TimeSpan."),
        };
        return new TimerSchedule(expression, CronExpression.Parse(expression, format), null, zone);
    }

    /// <summary>The first occurrence strictly after <paramref name="after"/>.</summary>
    public DateTimeOffset? NextAfter(DateTimeOffset after) =>
        interval is { } every ? after + every : cron!.GetNextOccurrence(after, zone, inclusive: false);

    /// <summary>The host's zone: WEBSITE_TIME_ZONE, then TZ, else UTC.</summary>
    public static TimeZoneInfo HostZone(Func<string, string?> settings)
    {
        foreach (var name in new[] { "WEBSITE_TIME_ZONE", "TZ" })
            if (settings(name) is { Length: > 0 } id && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone)) return zone;
        return TimeZoneInfo.Utc;
    }
}
