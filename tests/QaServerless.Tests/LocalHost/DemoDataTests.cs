using System.Buffers.Binary;
using QaServerless.LocalHost.Demo;

namespace QaServerless.Tests.LocalHost;

public class DemoDataTests
{
    private static readonly DateOnly Today = new(2026, 11, 20);
    private static readonly DemoDataSet Data = DemoData.Generate(20261120, 30, Today);

    [Fact]
    public void TheSameSeedGivesTheSameDataToTheByte()
    {
        var again = DemoData.Generate(20261120, 30, Today);

        Assert.Equal(Data.Agents, again.Agents, (a, b) => a.AgentId == b.AgentId && a.Name == b.Name && a.HireDate == b.HireDate && a.BusinessTypes.SequenceEqual(b.BusinessTypes));
        Assert.Equal(Data.Calls, again.Calls);
        Assert.Equal(DemoLoader.Cdr(Data.HistoryCalls), DemoLoader.Cdr(again.HistoryCalls));
        Assert.Equal(Data.RecentCalls.Select(DemoLoader.Manifest), again.RecentCalls.Select(DemoLoader.Manifest));
    }

    [Fact]
    public void AnotherSeedGivesOtherData() =>
        Assert.NotEqual(Data.Calls.Take(50), DemoData.Generate(7, 30, Today).Calls.Take(50));

    [Fact]
    public void TwoCentersAboutTwoHundredAgentsSomeNewAndTwelveInspectors()
    {
        Assert.Equal(["sh", "cd"], Data.Centers.Select(c => c.CenterId));
        Assert.InRange(Data.Agents.Count, 180, 220);
        Assert.InRange(Data.Agents.Count(a => Today.DayNumber - a.HireDate.DayNumber < 90), 10, 60);
        Assert.Equal(12, Data.Inspectors.Count);
        Assert.All(Data.Inspectors, i => Assert.InRange(i.DailyCap, 20, 60));
        Assert.Contains(Data.Inspectors, i => i.ExcludedTeams.Count > 0);
        Assert.Contains(Data.Inspectors, i => i.Skills.Count > 0);
        Assert.Equal(Data.Agents.Count, Data.Agents.Select(a => a.AgentId).Distinct().Count());
    }

    [Fact]
    public void AMonthOfCallsWithTheShapesOfAContactCenter()
    {
        var calls = Data.Calls;
        Assert.Equal(30, calls.Select(c => c.Day).Distinct().Count());
        Assert.True(calls.All(c => c.Day < Today), "no call today or later");
        Assert.Equal(calls.Count, calls.Select(c => c.CallId).Distinct().Count());
        Assert.Equal(DemoData.BusinessTypes.Order(), calls.Select(c => c.BusinessType).Distinct().Order());
        Assert.InRange(calls.Count(c => c.BusinessType == "咨询") / (double)calls.Count, 0.35, 0.65);

        var answered = calls.Where(c => !c.Abandoned).ToList();
        var medianTalk = answered.Select(c => c.TalkSeconds).Order().ElementAt(answered.Count / 2);
        Assert.InRange(medianTalk, 120, 400);
        Assert.InRange(answered.Average(c => c.AfterCallWorkSeconds), 30, 60);
        Assert.InRange(calls.Count(c => c.Abandoned) / (double)calls.Count, 0.02, 0.12);
        Assert.All(calls.Where(c => c.Abandoned), c => Assert.Equal(0, c.TalkSeconds));
        Assert.InRange(calls.Count(c => c.Csat is not null) / (double)answered.Count, 0.25, 0.45);
        Assert.All(calls.Where(c => c.Csat is not null), c => Assert.InRange(c.Csat!.Value, 1, 5));
        Assert.Contains(calls, c => c.Complaint);
        Assert.InRange(calls.Count(c => c.TestCall), 10, 60);
        Assert.True(calls.GroupBy(c => c.CustomerKey).Count(g => g.Count() > 1) > 100, "repeat customers");
        Assert.All(calls, c => Assert.Equal(TimeSpan.FromHours(8), c.Start.Offset));
        Assert.All(calls, c => Assert.InRange(c.Start.Hour, 8, 20));
    }

    [Fact]
    public void YesterdaysAnsweredCallsComeWithAudioAndEverythingElseAsCdrRows()
    {
        var recent = Data.RecentCalls.ToList();
        var history = Data.HistoryCalls.ToList();

        Assert.All(recent, c => Assert.Equal(Today.AddDays(-1), c.Day));
        Assert.All(recent, c => Assert.False(c.Abandoned));
        Assert.Equal(Data.Calls.Count, recent.Count + history.Count);
        var cdr = DemoLoader.Cdr(history.Take(3)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(DemoLoader.CdrHeader, cdr[0]);
        Assert.Equal(4, cdr.Length);
        Assert.All(cdr, line => Assert.Equal(16, line.Split(',').Length));
    }

    [Fact]
    public void TheSyntheticRecordingIsAStereoEightKilohertzPcmWav()
    {
        var wav = SyntheticWav.Create(42, 3);

        Assert.Equal("RIFF"u8.ToArray(), wav[..4]);
        Assert.Equal("WAVE"u8.ToArray(), wav[8..12]);
        Assert.Equal(1, BinaryPrimitives.ReadInt16LittleEndian(wav.AsSpan(20)));
        Assert.Equal(2, BinaryPrimitives.ReadInt16LittleEndian(wav.AsSpan(22)));
        Assert.Equal(8000, BinaryPrimitives.ReadInt32LittleEndian(wav.AsSpan(24)));
        Assert.Equal(3 * 8000 * 2 * 2, BinaryPrimitives.ReadInt32LittleEndian(wav.AsSpan(40)));
        Assert.Equal(44 + 3 * 8000 * 2 * 2, wav.Length);
        Assert.Equal(wav, SyntheticWav.Create(42, 3));
    }
}
