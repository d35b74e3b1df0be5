using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using QaServerless.Ai.Analysis;
using QaServerless.Ai.Rules;
using QaServerless.Calls;
using QaServerless.Hosting;
using QaServerless.ReferenceData;
using QaServerless.Sampling;
using QaServerless.Search;
using QaServerless.Tests.Evaluations;
using QaServerless.Tests.Infrastructure;

namespace QaServerless.Tests.Search;

/// <summary>
/// Twelve calls over three days written through the real paths (call store with its sinks, the evaluations API as a QA
/// lead, the analysis sinks, the day's sample), so a search's answer can be checked against a hand count of this table:
/// <code>
/// call agent team type dir talk complaint evaluation            risk tags        day    sampled
/// s01  a1    T1   投诉 In  300  yes       released, verify fails  40  repeat-call  11-17
/// s02  a1    T1   投诉 In  200            released, verify fails  20               11-17
/// s03  a2    T2   投诉 Out 500            released, verify fails  60  repeat-call  11-17
/// s04  a2    T2   咨询 In  100            released, all good      70               11-17
/// s05  a1    T1   咨询 In   90            released, critical      10               11-18  yes
/// s06  a1    T1   投诉 In  400  yes       submitted, verify fails 80  forbidden    11-18
/// s07  a2    T2   投诉 In  250            —                       90               11-18  yes
/// s08  a1    T1   咨询 Out  60            —                       —                11-18
/// s09  a2    T2   投诉 In  700            draft, verify answered no 50             11-19
/// s10  a1    T1   投诉 In  120            released, verify fails  —                11-19
/// s11  a2    T2   咨询 In   30            —                       —                11-19
/// s12  a1    T1   投诉 In  330            released, all good      35               11-19
/// </code>
/// </summary>
internal sealed class SearchScenario
{
    public required EvaluationScenario Ev { get; init; }
    public string Center => Ev.Center;
    public const string Range = "from=2026-11-17&to=2026-11-19";

    private sealed record Row(string Id, string Agent, string Type, CallDirection Dir, int Talk, bool Complaint, string? Evaluation, int? Risk, string? Tag, int Day, bool Sampled = false);

    private static readonly Row[] Rows =
    [
        new("s01", "a1", "投诉", CallDirection.Inbound, 300, true, "released-first", 40, "repeat-call", 17),
        new("s02", "a1", "投诉", CallDirection.Inbound, 200, false, "released-first", 20, null, 17),
        new("s03", "a2", "投诉", CallDirection.Outbound, 500, false, "released-first", 60, "repeat-call", 17),
        new("s04", "a2", "咨询", CallDirection.Inbound, 100, false, "released-good", 70, null, 17),
        new("s05", "a1", "咨询", CallDirection.Inbound, 90, false, "released-critical", 10, null, 18, Sampled: true),
        new("s06", "a1", "投诉", CallDirection.Inbound, 400, true, "submitted-first", 80, "forbidden-words", 18),
        new("s07", "a2", "投诉", CallDirection.Inbound, 250, false, null, 90, null, 18, Sampled: true),
        new("s08", "a1", "咨询", CallDirection.Outbound, 60, false, null, null, null, 18),
        new("s09", "a2", "投诉", CallDirection.Inbound, 700, false, "draft-first", 50, null, 19),
        new("s10", "a1", "投诉", CallDirection.Inbound, 120, false, "released-first", null, null, 19),
        new("s11", "a2", "咨询", CallDirection.Inbound, 30, false, null, null, null, 19),
        new("s12", "a1", "投诉", CallDirection.Inbound, 330, false, "released-good", 35, null, 19),
    ];

    public static object[] Good =>
    [
        new { itemId = "greet", points = 1 }, new { itemId = "verify", points = 1 }, new { itemId = "solve", points = 4 },
        new { itemId = "close", notApplicable = true }, new { itemId = "disclose", points = 1 }, new { itemId = "empathy", points = 1 },
    ];

    public static object[] Critical =>
    [
        new { itemId = "greet", points = 1 }, new { itemId = "verify", points = 1 }, new { itemId = "solve", points = 4 },
        new { itemId = "close", notApplicable = true }, new { itemId = "disclose", points = 0 }, new { itemId = "empathy", points = 1 },
    ];

    public static async Task<SearchScenario> CreateAsync(AppFixture app)
    {
        var s = new SearchScenario { Ev = await EvaluationScenario.CreateAsync(app) };
        var services = app.Services;
        var center = (await services.GetRequiredService<ReferenceDataStore>().GetCenterAsync(s.Center))!;
        var calls = Rows.Select(Call(s.Center)).ToList();
        await services.GetRequiredService<CallStore>().SaveBatchAsync(center, calls, default);

        foreach (var r in Rows.Where(r => r.Evaluation is not null))
        {
            var (started, response) = await s.Ev.StartAsync(s.Ev.Lead, r.Id);
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            var path = $"{s.Ev.Base}/evaluations/{started.EvaluationId}";
            var answers = r.Evaluation!.EndsWith("good") ? Good : r.Evaluation.EndsWith("critical") ? Critical : EvaluationScenario.FirstAnswers;
            var e = await s.Ev.ChangeAsync(s.Ev.Lead, $"{path}/draft", new { answers }, started.ETag, HttpMethod.Put);
            if (r.Evaluation.StartsWith("draft")) continue;
            e = await s.Ev.ChangeAsync(s.Ev.Lead, $"{path}/submit", null, e.ETag);
            if (r.Evaluation.StartsWith("released")) await s.Ev.ChangeAsync(s.Ev.Lead, $"{path}/release", null, e.ETag);
        }

        foreach (var r in Rows.Where(r => r.Risk is not null)) await AnalysedAsync(app, s.Center, calls.Single(c => c.CallId == r.Id), r.Risk!.Value, r.Tag);

        var runs = services.GetRequiredService<SamplingRunStore>();
        foreach (var day in Rows.Where(r => r.Sampled).GroupBy(r => r.Day))
            await runs.WriteSampleAsync(s.Center, new DateOnly(2026, 11, day.Key),
                day.Select(r => new SampledCall(r.Id, r.Agent, r.Agent == "a1" ? "T1" : "T2", r.Type, "random")));
        return s;
    }

    private static Func<Row, int, Call> Call(string center) => (r, i) => new Call
    {
        CenterId = center, CallId = r.Id, AgentId = r.Agent, Team = r.Agent == "a1" ? "T1" : "T2", BusinessType = r.Type, Direction = r.Dir,
        Start = new DateTimeOffset(2026, 11, r.Day, 9 + i % 4, i, 0, TimeSpan.FromHours(8)), TalkSeconds = r.Talk, Complaint = r.Complaint,
    };

    /// <summary>What AnalyzeCall tells the sinks when an analysis completes.</summary>
    public static async Task AnalysedAsync(AppFixture app, string center, Call call, int risk, string? tag)
    {
        var analysis = new CallAnalysis
        {
            CenterId = center, CallId = call.CallId, Status = AnalysisStatus.Completed, Day = DateOnly.FromDateTime(call.Start.DateTime), RiskScore = risk,
            Tags = tag is null ? [] : [new RuleTag(tag, tag, tag == "forbidden-words" ? "forbidden" : tag, RuleTrigger.WhenFound, risk, [])],
        };
        foreach (var sink in app.Services.GetServices<ICallAnalyzedSink>()) await sink.OnCallAnalyzedAsync(call, analysis, default);
    }

    public async Task<SearchPage> SearchAsync(HttpClient client, string query)
    {
        var response = await client.GetAsync($"/api/search/{Center}?{Range}&{query}");
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{query}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<SearchPage>(HostJson.Options))!;
    }

    public async Task<string[]> IdsAsync(HttpClient client, string query) =>
        [.. (await SearchAsync(client, query + "&pageSize=200")).Results.Select(r => r.CallId).Order()];
}
