using QaServerless.Calibration;

namespace QaServerless.Tests.Calibration;

public sealed class InspectorTrendTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 31, 18, 0, 0, TimeSpan.Zero);

    private static SessionOutcome[] Outcomes(params bool[] passed) =>
        passed.Select((p, i) => new SessionOutcome($"s{i + 1}", Start.AddMonths(i), p ? 2 : 7, p ? 1.5 : 6, p)).ToArray();

    [Fact]
    public void TwoFailuresInARowRaiseAnAlertAtTheSecond()
    {
        var trend = InspectorTrend.From("insp-1", Outcomes(true, false, false, false, true, false));
        Assert.Equal(["s3", "s4"], trend.AlertSessions);
        Assert.Equal(1, trend.ConsecutiveFailures);
        Assert.False(trend.AlertActive);
        Assert.Equal(100.0 * 2 / 6, trend.PassRate!.Value, 9);
    }

    [Fact]
    public void TheAlertIsActiveWhileTheLatestTwoSessionsFailed()
    {
        // Given out of order: the trend sorts by closing time.
        var trend = InspectorTrend.From("insp-1", Outcomes(true, false, false).Reverse());
        Assert.Equal(["s1", "s2", "s3"], trend.Sessions.Select(s => s.SessionId));
        Assert.True(trend.AlertActive);
    }

    [Fact]
    public void FailuresSeparatedByAPassRaiseNoAlert()
    {
        var trend = InspectorTrend.From("insp-1", Outcomes(false, true, false));
        Assert.Empty(trend.AlertSessions);
        Assert.False(trend.AlertActive);
    }
}
