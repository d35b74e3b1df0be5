namespace QaServerless.LocalHost.Demo;

public sealed record DemoCenter(string CenterId, string Name, string TimeZone, int RetentionDays);

public sealed record DemoAgent(string CenterId, string AgentId, string Name, string Team, string SupervisorId, DateOnly HireDate, IReadOnlyList<string> BusinessTypes);

public sealed record DemoInspector(string CenterId, string InspectorId, string Name, int DailyCap, IReadOnlyList<string> Skills, IReadOnlyList<string> ExcludedTeams);

/// <summary>One call, with the fields of a manifest / CDR row (docs/ingest-formats.md, schema version 1).</summary>
public sealed record DemoCall(
    string CenterId, string CallId, string AgentId, string Team, string BusinessType, string Direction, DateTimeOffset Start,
    int TalkSeconds, int HoldSeconds, int AfterCallWorkSeconds, int QueueSeconds, bool Abandoned, string CustomerKey,
    bool Resolved, int? Csat, bool Complaint, bool TestCall)
{
    public DateOnly Day => DateOnly.FromDateTime(Start.DateTime);
}

public sealed record DemoDataSet(
    IReadOnlyList<DemoCenter> Centers, IReadOnlyList<DemoAgent> Agents, IReadOnlyList<DemoInspector> Inspectors,
    IReadOnlyList<DemoCall> Calls, DateOnly Today)
{
    /// <summary>Yesterday's answered calls: they come as manifest + WAV through the recordings container.</summary>
    public IEnumerable<DemoCall> RecentCalls => Calls.Where(c => c.Day == Today.AddDays(-1) && !c.Abandoned);

    /// <summary>Everything else (older days, and yesterday's abandoned calls, which have no audio): CDR files.</summary>
    public IEnumerable<DemoCall> HistoryCalls => Calls.Where(c => c.Day < Today.AddDays(-1) || c.Abandoned && c.Day == Today.AddDays(-1));
}

/// <summary>
/// Deterministic demo data: the same seed and day give the same people and calls, byte for byte. Two centers in
/// China Standard Time, ~200 agents (about one in six hired in the last 90 days), 12 inspectors with caps, skills and
/// excluded teams, and a month of calls whose shapes follow the domain card: business mix, business-hours peaks,
/// log-normal talk time by business type, holds, after-call work of 30-60 s, short queues with abandons when they
/// grow, repeat customers, CSAT from about a third of callers, complaints and a few announced test calls.
/// All names are synthetic (random given names on common surnames).
/// </summary>
public static class DemoData
{
    public static readonly string[] BusinessTypes = ["咨询", "订单", "售后", "投诉"];
    private static readonly double[] BusinessMix = [0.50, 0.22, 0.20, 0.08];
    private static readonly double[] MedianTalk = [170, 230, 290, 420];
    private static readonly double[] ResolvedRate = [0.88, 0.90, 0.74, 0.58];
    // Calls by local hour, 08:00-20:59: peaks mid-morning and mid-afternoon.
    private static readonly double[] HourWeights = [3, 7, 10, 11, 8, 6, 8, 10, 10, 8, 6, 4, 3];

    private static readonly string[] Surnames = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "林", "罗", "高"];
    private static readonly string[] GivenParts = ["伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "洋", "艳", "勇", "军", "杰", "娟", "涛", "明", "超", "秀", "霞", "平", "刚", "桂", "婷", "浩", "宇", "欣", "晨", "悦", "佳", "琳"];

    public const double CallsPerAgentDay = 3.5;

    /// <summary>Today in a center's zone: "yesterday" is the centers' yesterday, not UTC's.</summary>
    public static DateOnly TodayIn(string timeZone, TimeProvider? clock = null) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime((clock ?? TimeProvider.System).GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById(timeZone)).DateTime);

    public static DemoDataSet Generate(int seed, int days, DateOnly today)
    {
        var random = new Random(seed);
        var centers = new List<DemoCenter>
        {
            new("sh", "上海客服中心", "Asia/Shanghai", 365),
            new("cd", "成都客服中心", "Asia/Shanghai", 180),
        };
        var agents = new List<DemoAgent>();
        var inspectors = new List<DemoInspector>();
        foreach (var (center, agentCount, teamCount, inspectorCount) in new[] { (centers[0], 110, 6, 7), (centers[1], 90, 5, 5) })
        {
            var teams = Enumerable.Range(1, teamCount).Select(t => $"{center.CenterId.ToUpperInvariant()}-T{t}").ToList();
            for (var i = 1; i <= agentCount; i++)
            {
                var team = teams[(i - 1) % teamCount];
                var newHire = random.NextDouble() < 0.16;
                var hired = today.AddDays(-(newHire ? random.Next(5, 90) : random.Next(120, 2500)));
                var types = BusinessTypes.Where((_, k) => k == 0 || random.NextDouble() < 0.55).ToList();
                agents.Add(new DemoAgent(center.CenterId, $"{center.CenterId}-a{i:D3}", Name(random), team,
                    $"{center.CenterId}-s{teams.IndexOf(team) + 1:D2}", hired, types));
            }
            for (var i = 1; i <= inspectorCount; i++)
            {
                var skills = random.NextDouble() < 0.3 ? new List<string>() : BusinessTypes.Where(_ => random.NextDouble() < 0.6).DefaultIfEmpty("咨询").ToList();
                var excluded = random.NextDouble() < 0.5 ? new List<string> { teams[random.Next(teamCount)] } : [];
                inspectors.Add(new DemoInspector(center.CenterId, $"{center.CenterId}-i{i:D2}", Name(random), 30 + 5 * random.Next(5), skills, excluded));
            }
        }

        var calls = new List<DemoCall>();
        foreach (var center in centers)
        {
            var zone = TimeZoneInfo.FindSystemTimeZoneById(center.TimeZone);
            var staff = agents.Where(a => a.CenterId == center.CenterId).ToList();
            var contacts = new ContactWindow();
            for (var d = days; d >= 1; d--)
            {
                var day = today.AddDays(-d);
                var weekend = day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;
                var sequence = 0;
                var dayCalls = new List<DemoCall>();
                foreach (var agent in staff.Where(a => a.HireDate <= day))
                {
                    var n = Poisson(random, CallsPerAgentDay * (weekend ? 0.6 : 1.0));
                    for (var k = 0; k < n; k++) dayCalls.Add(Call(random, center, zone, agent, day, contacts, testCall: false));
                }
                // An announced test call (明访) most days, placed with a recent hire when there is one.
                if (random.NextDouble() < 0.7)
                {
                    var newcomers = staff.Where(a => a.HireDate <= day && day.DayNumber - a.HireDate.DayNumber < 90).ToList();
                    var pool = newcomers.Count > 0 ? newcomers : staff.Where(a => a.HireDate <= day).ToList();
                    if (pool.Count > 0) dayCalls.Add(Call(random, center, zone, pool[random.Next(pool.Count)], day, contacts, testCall: true));
                }
                foreach (var call in dayCalls.OrderBy(c => c.Start).ThenBy(c => c.AgentId, StringComparer.Ordinal))
                    calls.Add(call with { CallId = $"{center.CenterId}-{day:yyyyMMdd}-{++sequence:D5}" });
            }
        }
        return new DemoDataSet(centers, agents, inspectors, calls, today);
    }

    private static DemoCall Call(Random random, DemoCenter center, TimeZoneInfo zone, DemoAgent agent, DateOnly day,
        ContactWindow contacts, bool testCall)
    {
        var type = testCall ? 0 : Pick(random, BusinessMix);
        if (!testCall && !agent.BusinessTypes.Contains(BusinessTypes[type]) && random.NextDouble() < 0.7) type = Array.IndexOf(BusinessTypes, agent.BusinessTypes[random.Next(agent.BusinessTypes.Count)]);
        var hour = 8 + Pick(random, HourWeights);
        var local = day.ToDateTime(new TimeOnly(hour, random.Next(60), random.Next(60)));
        var start = new DateTimeOffset(local, zone.GetUtcOffset(local));
        var inbound = testCall || random.NextDouble() < 0.88;
        var queue = inbound ? (int)Math.Round(-12 * Math.Log(1 - random.NextDouble())) : 0;
        var abandoned = !testCall && inbound && (random.NextDouble() < 0.03 || queue > 60 && random.NextDouble() < 0.5);
        var newHire = day.DayNumber - agent.HireDate.DayNumber < 90;
        var talk = abandoned ? 0 : (int)Math.Clamp(Math.Round(MedianTalk[type] * Math.Exp(0.5 * Gaussian(random)) * (newHire ? 1.15 : 1)), 15, 3600);
        var hold = abandoned || random.NextDouble() > 0.3 ? 0 : (int)Math.Round(-40 * Math.Log(1 - random.NextDouble())) + 5;
        var acw = abandoned ? 0 : (int)Math.Clamp(Math.Round(42 * Math.Exp(0.35 * Gaussian(random))), 10, 300);

        // Repeat contacts: about one call in five comes from a customer who called in the last week.
        var customer = $"c{random.Next(1, 6000):D5}";
        if (random.NextDouble() < 0.2 && contacts.PickWithin(random, day.AddDays(-7)) is { } earlier) { customer = earlier.Customer; type = Array.IndexOf(BusinessTypes, earlier.Type); }
        contacts.Add(day, customer, BusinessTypes[type]);
        var customerKey = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"{center.CenterId}|{customer}")))[..32];

        var resolved = !abandoned && random.NextDouble() < ResolvedRate[type] - (newHire ? 0.08 : 0);
        int? csat = abandoned || random.NextDouble() > 0.35 ? null
            : resolved ? 5 - Pick(random, [0.52, 0.30, 0.11, 0.04, 0.03]) : 5 - Pick(random, [0.12, 0.20, 0.28, 0.22, 0.18]);
        var complaint = !abandoned && (BusinessTypes[type] == "投诉" && random.NextDouble() < 0.35 || csat <= 2 && random.NextDouble() < 0.3 || random.NextDouble() < 0.01);
        return new DemoCall(center.CenterId, "", agent.AgentId, agent.Team, BusinessTypes[type], inbound ? "inbound" : "outbound", start,
            talk, hold, acw, queue, abandoned, customerKey, resolved, csat, complaint, testCall);
    }

    private static string Name(Random random) =>
        Surnames[random.Next(Surnames.Length)] + GivenParts[random.Next(GivenParts.Length)] + (random.NextDouble() < 0.6 ? GivenParts[random.Next(GivenParts.Length)] : "");

    private static int Pick(Random random, double[] weights)
    {
        var x = random.NextDouble() * weights.Sum();
        for (var i = 0; i < weights.Length; i++) { x -= weights[i]; if (x < 0) return i; }
        return weights.Length - 1;
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    private static int Poisson(Random random, double mean)
    {
        var (limit, k, p) = (Math.Exp(-mean), 0, 1.0);
        do { k++; p *= random.NextDouble(); } while (p > limit);
        return k - 1;
    }
}

/// <summary>The center's contacts in day order, to draw repeat callers from the last week in constant time.</summary>
internal sealed class ContactWindow
{
    private readonly List<(DateOnly Day, string Customer, string Type)> contacts = [];
    private int first;

    public void Add(DateOnly day, string customer, string type) => contacts.Add((day, customer, type));

    public (DateOnly Day, string Customer, string Type)? PickWithin(Random random, DateOnly since)
    {
        while (first < contacts.Count && contacts[first].Day < since) first++;
        return first < contacts.Count ? contacts[random.Next(first, contacts.Count)] : null;
    }
}
