using Microsoft.Extensions.DependencyInjection;
using QaServerless.Calls;
using QaServerless.Evaluations;
using QaServerless.Kpis;
using QaServerless.ReferenceData;
using QaServerless.Scorecards;
using QaServerless.Scoring;

namespace QaServerless.Tests.Kpis;

/// <summary>
/// A small hand-built month (October 2026, Asia/Shanghai) whose every KPI is worked out by hand in the tests.
/// Customer h1 calls at 09:00, 10:00 (a repeat within 2 h) and the next day at 12:00 (26 h later: a repeat only within
/// 7 days); h4 calls twice 3 h apart (a repeat within 24 h, not within 2 h); c4 is abandoned.
/// </summary>
public static class KpiGoldenData
{
    private static readonly TimeSpan Shanghai = TimeSpan.FromHours(8);

    public static Call Call(string center, string id, string agent, string team, string type, DateTimeOffset start,
        int talk = 0, int hold = 0, int acw = 0, int queue = 0, string? customer = null, bool? resolved = null, int? csat = null,
        bool complaint = false, bool abandoned = false) => new()
    {
        CenterId = center, CallId = id, AgentId = agent, Team = team, BusinessType = type, Direction = CallDirection.Inbound, Start = start,
        TalkSeconds = talk, HoldSeconds = hold, AfterCallWorkSeconds = acw, QueueSeconds = queue, CustomerKey = customer,
        Resolved = resolved, Csat = csat, Complaint = complaint, Abandoned = abandoned,
    };

    /// <summary>A new center (Asia/Shanghai) with the golden calls stored and the golden facts released through the real sinks.</summary>
    public static async Task<string> SeedCenterAsync(IServiceProvider services)
    {
        var center = Infrastructure.AppFixture.NewCenterId("k");
        var record = new Center(center, "KPI", "Asia/Shanghai");
        await services.GetRequiredService<ReferenceDataStore>().UpsertCenterAsync(record);
        await services.GetRequiredService<CallStore>().SaveBatchAsync(record, Calls(center), default);
        var sink = services.GetServices<IEvaluationFactsSink>().OfType<KpiEvaluationSink>().Single();
        foreach (var fact in Released(center)) await sink.OnEvaluationFactAsync(fact, default);
        return center;
    }

    public static DateTimeOffset At(int day, int hour) => new(2026, 10, day, hour, 0, 0, Shanghai);

    public static IReadOnlyList<Call> Calls(string center) =>
    [
        Call(center, "c1", "a1", "T1", "咨询", At(5, 9), talk: 100, hold: 20, acw: 30, queue: 10, customer: "hash-h1", resolved: true, csat: 5),
        Call(center, "c2", "a1", "T1", "咨询", At(5, 10), talk: 200, acw: 40, queue: 25, customer: "hash-h1", resolved: false, csat: 3, complaint: true),
        Call(center, "c3", "a2", "T1", "咨询", At(6, 12), talk: 60, acw: 20, queue: 5, customer: "hash-h1", resolved: true),
        Call(center, "c4", "a2", "T1", "咨询", At(6, 13), queue: 40, customer: "hash-h2", abandoned: true),
        Call(center, "c5", "a3", "T2", "投诉", At(10, 8), talk: 300, hold: 60, acw: 60, queue: 15, customer: "hash-h3", resolved: true, csat: 4),
        Call(center, "c6", "a1", "T1", "咨询", At(7, 9), talk: 100, acw: 20, customer: "hash-h4"),
        Call(center, "c7", "a1", "T1", "咨询", At(7, 12), talk: 100, acw: 20, customer: "hash-h4"),
    ];

    public static EvaluationFact Fact(string center, string id, int version, string call, string agent, string team, decimal score, Band band,
        string[] deducted, string[]? warnings = null, int compliance = 0, bool? upheld = null, string? charged = null) => new()
    {
        Kind = version == 1 ? EvaluationFactKind.Released : EvaluationFactKind.Corrected, CenterId = center, EvaluationId = id, Version = version,
        CallId = call, AgentId = agent, Team = team, InspectorId = "i1", ScorecardId = "std", ScorecardVersion = 3,
        ReleasedAt = At(12, 10), At = At(12 + version, 10), Score = score, Band = band, Passed = band != Band.Fail,
        CriticalErrors = new Dictionary<CriticalClass, int> { [CriticalClass.Customer] = 0, [CriticalClass.Business] = 0, [CriticalClass.Compliance] = compliance },
        DeductedItemIds = deducted, WarningItemIds = warnings ?? [], AppealUpheld = upheld, ScoringErrorChargedTo = charged,
    };

    public static IReadOnlyList<EvaluationFact> Released(string center) =>
    [
        Fact(center, "e1", 1, "c1", "a1", "T1", 92.5m, Band.Excellent, ["greet"]),
        Fact(center, "e2", 1, "c3", "a2", "T1", 0m, Band.Fail, ["verify", "disclose"], ["empathy"], compliance: 1),
        Fact(center, "e3", 1, "c5", "a3", "T2", 75m, Band.Pass, ["greet"]),
    ];

    /// <summary>e2 after an upheld appeal: the critical error was wrong; the inspector is charged a scoring error.</summary>
    public static EvaluationFact Corrected(string center) =>
        Fact(center, "e2", 4, "c3", "a2", "T1", 70m, Band.Pass, ["verify"], upheld: true, charged: "i1");
}
