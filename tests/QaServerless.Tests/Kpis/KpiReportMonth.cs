using QaServerless.Calibration;
using QaServerless.Calls;
using QaServerless.Evaluations;
using QaServerless.Kpis;
using QaServerless.ReferenceData;
using QaServerless.Scorecards;
using QaServerless.Scoring;

namespace QaServerless.Tests.Kpis;

/// <summary>
/// A generated, deterministic center-quarter rich enough that every chart of the report has something to show:
/// 3 teams of 6 agents, 600 calls in October 2026 (repeat contacts, abandons, surveys, complaints), evaluations in
/// August, September and October (teams drifting apart, so the team trends move; two scorecard versions in October;
/// 14 items deducted with a long tail, so the Pareto bends), and a calibration session. Everything goes through the
/// real sinks, as ingestion and release would.
/// </summary>
public static class KpiReportMonth
{
    public static readonly DateOnly October = new(2026, 10, 1);
    public static readonly string[] Teams = ["T1", "T2", "T3"];
    public static readonly string[] Items = ["greet", "verify", "disclose", "empathy", "hold-etiquette", "solution", "recap", "close", "tone", "accuracy", "upsell", "script", "wrap-up", "transfer"];
    private static readonly TimeSpan Shanghai = TimeSpan.FromHours(8);

    public static string AgentId(int i) => $"A{i + 1:D3}";
    public static string AgentName(int i) => $"坐席姓名{i + 1:D2}";   // personal data: must never reach the report
    public static string CustomerKey(int i) => $"sha256:cust{i:D5}";

    public static async Task SeedAsync(Center center, ReferenceDataStore reference, CallStore calls,
        IEnumerable<IEvaluationFactsSink> evaluationSinks, ICalibrationClosedSink calibration)
    {
        await reference.UpsertCenterAsync(center);
        await reference.UpsertAgentsAsync(Enumerable.Range(0, 18).Select(i => new Agent(center.CenterId, AgentId(i), AgentName(i), Teams[i / 6], null, null, [])));
        await reference.UpsertInspectorsAsync([new Inspector(center.CenterId, "I001", "质检员一", 40, [], []), new Inspector(center.CenterId, "I002", "质检员二", 40, [], [])]);

        var october = Calls(center.CenterId).ToList();
        await calls.SaveBatchAsync(center, october, default);
        var sink = evaluationSinks.OfType<KpiEvaluationSink>().Single();
        foreach (var fact in Facts(center.CenterId, october)) await sink.OnEvaluationFactAsync(fact, default);
        await CalibrateAsync(center.CenterId, calibration);
    }

    private static IEnumerable<Call> Calls(string center)
    {
        var random = new Random(202610);
        string[] types = ["咨询", "投诉", "订单", "售后"];
        for (var i = 0; i < 600; i++)
        {
            var agent = random.Next(18);
            var abandoned = random.Next(100) < 6;
            var start = new DateTimeOffset(2026, 10, 1 + random.Next(31), 8 + random.Next(12), random.Next(60), 0, Shanghai);
            yield return new Call
            {
                CenterId = center, CallId = $"c{i:D4}", AgentId = AgentId(agent), Team = Teams[agent / 6], BusinessType = types[random.Next(types.Length)],
                Direction = CallDirection.Inbound, Start = start, TalkSeconds = abandoned ? 0 : 60 + random.Next(400), HoldSeconds = random.Next(4) == 0 ? random.Next(90) : 0,
                AfterCallWorkSeconds = abandoned ? 0 : 20 + random.Next(60), QueueSeconds = random.Next(45), Abandoned = abandoned,
                CustomerKey = CustomerKey(random.Next(350)), Resolved = abandoned ? null : random.Next(10) < 8,
                Csat = abandoned || random.Next(3) > 0 ? null : 2 + random.Next(4), Complaint = !abandoned && random.Next(25) == 0,
            };
        }
    }

    private static IEnumerable<EvaluationFact> Facts(string center, IReadOnlyList<Call> october)
    {
        var random = new Random(2026);
        // Team levels per month (Aug, Sep, Oct): T1 steady, T2 improving, T3 slipping.
        double[][] level = [[86, 87, 86], [72, 78, 84], [84, 79, 73]];
        var answered = october.Where(c => !c.Abandoned).ToList();
        var n = 0;
        for (var m = 0; m < 3; m++)
        {
            var count = m == 2 ? 90 : 36;
            for (var k = 0; k < count; k++, n++)
            {
                var call = m == 2 ? answered[k * 5 % answered.Count] : null;
                var agent = call is null ? random.Next(18) : int.Parse(call.AgentId[1..]) - 1;
                var team = agent / 6;
                var score = Math.Clamp(Math.Round((decimal)(level[team][m] + (agent % 6 - 2.5) * 2.5 + random.Next(-12, 13)), 1), 0, 100);
                var critical = random.Next(30) == 0;
                if (critical) score = 0;
                var band = score >= 90 ? Band.Excellent : score >= 80 ? Band.Good : score >= 60 ? Band.Pass : Band.Fail;
                var deducted = Items.Where((_, i) => random.NextDouble() < 0.6 / (i + 1) * (100 - (double)score) / 20).ToArray();
                var released = new DateTimeOffset(2026, 8 + m, 2 + random.Next(26), 10, 0, 0, Shanghai);
                yield return new EvaluationFact
                {
                    Kind = EvaluationFactKind.Released, CenterId = center, EvaluationId = $"e{n:D4}", Version = 1,
                    CallId = call?.CallId ?? $"old{n:D4}", AgentId = AgentId(agent), Team = Teams[team], InspectorId = n % 3 == 0 ? "I002" : "I001",
                    ScorecardId = "inbound", ScorecardVersion = m == 2 && k >= 60 ? 4 : 3, ReleasedAt = released, At = released,
                    Score = score, Band = band, Passed = band != Band.Fail,
                    CriticalErrors = new Dictionary<CriticalClass, int> { [CriticalClass.Customer] = 0, [CriticalClass.Business] = 0, [CriticalClass.Compliance] = critical ? 1 : 0 },
                    DeductedItemIds = deducted, WarningItemIds = random.Next(6) == 0 ? ["empathy-warning"] : [],
                };
            }
        }
    }

    private static async Task CalibrateAsync(string center, ICalibrationClosedSink sink)
    {
        var session = new CalibrationSession
        {
            CenterId = center, SessionId = "cal-oct", Title = "October", ScorecardId = "inbound", ScorecardVersion = 3, CallIds = ["c0001"],
            Participants = [new Participant("I001", ParticipantRole.Inspector), new Participant("I002", ParticipantRole.Inspector)],
            CreatedBy = "lead", CreatedAt = new DateTimeOffset(2026, 10, 20, 9, 0, 0, Shanghai), ClosedAt = new DateTimeOffset(2026, 10, 20, 11, 0, 0, Shanghai),
        };
        ParticipantOutcome Outcome(string id, double percent, bool passed) => new(id, ParticipantRole.Inspector, false,
            new ParticipantResult(id, 1, percent, percent, percent, percent, percent, passed, []));
        await sink.OnSessionClosedAsync(session, new SessionResults("cal-oct", null!, null!, [Outcome("I001", 2.5, true), Outcome("I002", 7.0, false)], [], [], null), default);
    }
}
