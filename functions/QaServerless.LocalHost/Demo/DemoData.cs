namespace QaServerless.LocalHost.Demo;

public sealed record DemoCenter(string CenterId, string Name, string TimeZone);

public sealed record DemoDataSet(IReadOnlyList<DemoCenter> Centers);

/// <summary>Deterministic demo data (seeded).</summary>
public static class DemoData
{
    public static DemoDataSet Generate(int seed, int days, DateOnly today)
    {
        _ = seed; _ = days; _ = today;
        return new DemoDataSet([new DemoCenter("sh", "上海中心", "Asia/Shanghai"), new DemoCenter("cd", "成都中心", "Asia/Shanghai")]);
    }
}
