using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using QaServerless.Calibration;
using QaServerless.Calls;
using QaServerless.ReferenceData;
using QaServerless.Scorecards;
using QaServerless.Scoring;
using QaServerless.Security;
using QaServerless.Tests.Infrastructure;
using static QaServerless.Tests.Calibration.CalibrationExample;

namespace QaServerless.Tests.Calibration;

/// <summary>
/// The steps of a calibration through HTTP on a host of the app (the shared one, or one with its own clock when a test
/// needs sessions to close one after another): a center with the example's scorecard and calls, a session of ana, bo and
/// cy, their scores, the lead's close.
/// </summary>
internal sealed class CalibrationHttp(WebApplicationFactory<Program> host, TimeProvider clock)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public HttpClient Lead(string center) => host.ClientAs("lead-1", [Roles.QaLead], [center]);
    public HttpClient Inspector(string center, string person) => host.ClientAs($"user-{person}", [Roles.Inspector], [center], personId: person);

    /// <summary>The center's scorecard and calls (through the real stores): calibration only takes calls the center has.</summary>
    public async Task SeedScorecardAsync(string center, params string[] callPrefixes)
    {
        await host.Services.GetRequiredService<ReferenceDataStore>().UpsertCenterAsync(new Center(center, "Calibration center", "Asia/Shanghai"));
        var calls = host.Services.GetRequiredService<CallStore>();
        var start = clock.GetUtcNow().AddDays(-3);
        await calls.SaveBatchAsync(new Center(center, "Calibration center", "Asia/Shanghai"),
            (callPrefixes.Length == 0 ? [""] : callPrefixes).SelectMany(prefix => CallIds.Select(c => new Call
            {
                CenterId = center, CallId = prefix + c, AgentId = "agent-1", Team = "t1", BusinessType = "咨询",
                Direction = CallDirection.Inbound, Start = start, TalkSeconds = 180,
            })).ToList(), CancellationToken.None);
        var store = host.Services.GetRequiredService<ScorecardStore>();
        await store.AddAsync(Card(center) with
        {
            EffectiveFrom = clock.GetUtcNow().AddDays(-30), PublishedAt = clock.GetUtcNow().AddDays(-40), PublishedBy = "lead-1",
        });
    }

    public async Task<string> CreateSessionAsync(string center, string[]? calls = null, params object[] participants)
    {
        var response = await Lead(center).PostAsJsonAsync($"/api/calibration/{center}/sessions", new
        {
            title = "November calibration", scorecardId = "sc-cal", callIds = calls ?? CallIds,
            participants = participants.Length > 0 ? participants
                : [new { personId = "ana", role = "inspector" }, new { personId = "bo", role = "inspector" }, new { personId = "cy", role = "inspector" }],
            tolerance = new { method = "proportional", limit = 5, rule = "mean" },
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<SessionView>(Json))!.Session.SessionId;
    }

    public async Task ScoreAsync(string center, string session, string person, IReadOnlyDictionary<string, IReadOnlyList<ItemAnswer>> answers)
    {
        var client = Inspector(center, person);
        foreach (var (call, items) in answers)
        {
            var put = await client.PutAsJsonAsync($"/api/calibration/{center}/sessions/{session}/scores/{call}", new { answers = items });
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }
    }

    /// <summary>The lead closes the session against the agreed standard of the calls named <c>{prefix}c1</c> … <c>{prefix}c5</c>.</summary>
    public async Task CloseAsync(string center, string session, string prefix = "")
    {
        var close = await Lead(center).PostAsJsonAsync($"/api/calibration/{center}/sessions/{session}/close", new
        {
            baseline = "standard",
            standard = Standard.Select(s => new { callId = prefix + s.Key, answers = s.Value }).ToArray(),
        });
        Assert.Equal(HttpStatusCode.OK, close.StatusCode);
    }

    /// <summary>One month's session on the calls <c>{month}-c1</c> …: ana and bo pass, cy fails (the example); returns its id.</summary>
    public async Task<string> RoundAsync(string center, string month)
    {
        var session = await CreateSessionAsync(center, CallIds.Select(c => $"{month}-{c}").ToArray());
        foreach (var (person, answers) in new[] { ("ana", Ana), ("bo", Bo), ("cy", Cy) })
            await ScoreAsync(center, session, person, answers.ToDictionary(a => $"{month}-{a.Key}", a => a.Value));
        await CloseAsync(center, session, $"{month}-");
        return session;
    }
}
