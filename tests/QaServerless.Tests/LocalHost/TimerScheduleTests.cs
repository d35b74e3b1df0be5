using QaServerless.LocalHost.Timers;

namespace QaServerless.Tests.LocalHost;

public class TimerScheduleTests
{
    private static readonly DateTimeOffset Before2Am = new(2026, 11, 20, 1, 59, 59, TimeSpan.Zero);

    [Fact]
    public void SixFieldCronStartsWithSecondsAsTheFunctionsHostReadsIt()
    {
        var schedule = TimerSchedule.Parse("0 0 2 * * *");

        Assert.Equal(new DateTimeOffset(2026, 11, 20, 2, 0, 0, TimeSpan.Zero), schedule.NextAfter(Before2Am));
    }

    [Fact]
    public void TheNextOccurrenceIsStrictlyAfterTheGivenInstant()
    {
        var schedule = TimerSchedule.Parse("0 0 2 * * *");
        var at2 = new DateTimeOffset(2026, 11, 20, 2, 0, 0, TimeSpan.Zero);

        Assert.Equal(at2.AddDays(1), schedule.NextAfter(at2));
    }

    [Fact]
    public void FiveFieldCronIsStandardMinutesFirst()
    {
        var schedule = TimerSchedule.Parse("*/15 * * * *");

        Assert.Equal(new DateTimeOffset(2026, 11, 20, 2, 0, 0, TimeSpan.Zero), schedule.NextAfter(Before2Am));
    }

    [Fact]
    public void TheHostsTimeZoneShiftsTheOccurrence()
    {
        var shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
        var schedule = TimerSchedule.Parse("0 30 1 * * *", zone: shanghai);

        // 01:30 in Shanghai is 17:30 UTC the day before.
        Assert.Equal(new DateTimeOffset(2026, 11, 20, 17, 30, 0, TimeSpan.Zero), schedule.NextAfter(Before2Am));
    }

    [Fact]
    public void ATimeSpanScheduleIsAConstantInterval()
    {
        var schedule = TimerSchedule.Parse("00:05:00");

        Assert.Equal(Before2Am.AddMinutes(5), schedule.NextAfter(Before2Am));
    }

    [Fact]
    public void APercentNameIsReadFromTheAppSettings()
    {
        var schedule = TimerSchedule.Parse("%SamplingSchedule%", name => name == "SamplingSchedule" ? "0 0 3 * * *" : null);

        Assert.Equal("0 0 3 * * *", schedule.Expression);
        Assert.Equal(new DateTimeOffset(2026, 11, 20, 3, 0, 0, TimeSpan.Zero), schedule.NextAfter(Before2Am));
    }

    [Theory]
    [InlineData("%Missing%")]
    [InlineData("every day")]
    [InlineData("0 0 2 * *  * 7")]
    public void SchedulesTheHostWouldRefuseAreRefused(string expression) =>
        Assert.ThrowsAny<FormatException>(() => TimerSchedule.Parse(expression, _ => null));
}
