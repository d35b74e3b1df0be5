using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.DependencyInjection;
using QaServerless.Assignments;
using QaServerless.Evaluations;
using QaServerless.ReferenceData;
using QaServerless.Scorecards;
using QaServerless.Security;
using QaServerless.Tests.Infrastructure;
using QaServerless.Tests.Scoring;

namespace QaServerless.Tests.Evaluations;

/// <summary>
/// A fresh center with a roster (agent a1 in team T1, a2 in T2), inspectors insp-1 and insp-2, the standard example
/// scorecard published (an admin shortens the notice so it is in force now), and helpers that speak HTTP as each person.
/// </summary>
internal sealed class EvaluationScenario
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };
    public const string ScorecardId = "standard";

    public required AppFixture App { get; init; }
    public required string Center { get; init; }

    public HttpClient Admin => App.ClientAs("admin-1", [Roles.Admin], [Center]);
    public HttpClient Lead => App.ClientAs("lead-1", [Roles.QaLead], [Center], personId: "lead-1");
    public HttpClient Inspector => App.ClientAs("u-insp-1", [Roles.Inspector], [Center], personId: "insp-1");
    public HttpClient OtherInspector => App.ClientAs("u-insp-2", [Roles.Inspector], [Center], personId: "insp-2");
    public HttpClient Supervisor => App.ClientAs("u-sup-1", [Roles.Supervisor], [Center], personId: "sup-1", teams: ["T1"]);
    public HttpClient OtherSupervisor => App.ClientAs("u-sup-2", [Roles.Supervisor], [Center], personId: "sup-2", teams: ["T2"]);
    public HttpClient Agent => App.ClientAs("u-a1", [Roles.Agent], [Center], personId: "a1");
    public HttpClient OtherAgent => App.ClientAs("u-a2", [Roles.Agent], [Center], personId: "a2");

    public string Base => $"/api/centers/{Center}";

    public static async Task<EvaluationScenario> CreateAsync(AppFixture app)
    {
        var s = new EvaluationScenario { App = app, Center = AppFixture.NewCenterId("ev") };
        var put = await s.Admin.PutAsJsonAsync($"/api/centers/{s.Center}", new { name = "Test center", timeZone = "Asia/Shanghai" });
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var reference = app.Services.GetRequiredService<ReferenceDataStore>();
        await reference.UpsertAgentsAsync(
        [
            new Agent(s.Center, "a1", "Agent One", "T1", "sup-1", new DateOnly(2025, 1, 1), ["咨询"]),
            new Agent(s.Center, "a2", "Agent Two", "T2", "sup-2", new DateOnly(2025, 1, 1), ["咨询"]),
        ]);

        var created = await s.Lead.PostAsJsonAsync($"{s.Base}/scorecards", new
        {
            scorecardId = ScorecardId, name = "Standard", sections = ScoringExamples.Standard().Sections, rules = ScoringExamples.Standard().Rules,
        }, Json);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var publish = new HttpRequestMessage(HttpMethod.Post, $"{s.Base}/scorecards/{ScorecardId}/versions/1/publish")
        {
            Content = JsonContent.Create(new { effectiveFrom = app.Clock.GetUtcNow(), reason = "test center: in force at once" }),
        };
        publish.Headers.TryAddWithoutValidation("If-Match", created.Headers.ETag!.ToString());
        var published = await s.Admin.SendAsync(publish);
        Assert.Equal(HttpStatusCode.OK, published.StatusCode);
        return s;
    }

    /// <summary>Assigns a call of agent a1 to insp-1, as AssignInspector would.</summary>
    public async Task<string> AssignAsync(string inspectorId = "insp-1", string agentId = "a1", string team = "T1")
    {
        var callId = $"call-{Guid.NewGuid():N}"[..13];
        var day = DateOnly.FromDateTime(App.Clock.GetUtcNow().UtcDateTime);
        var store = App.Services.GetRequiredService<AssignmentStore>();
        var load = (await store.GetLoadsAsync(Center, day)).GetValueOrDefault(inspectorId);
        var spread = (await store.GetAgentMonthAsync(Center, new DateOnly(day.Year, day.Month, 1), agentId)).GetValueOrDefault(inspectorId);
        var outcome = await store.TryAssignAsync(
            new Assignment(Center, callId, inspectorId, day, day.AddDays(-1), agentId, team, "咨询", "random", AssignmentStatus.Assigned, false, App.Clock.GetUtcNow()),
            load, spread);
        Assert.Equal(AssignOutcome.Assigned, outcome);
        return callId;
    }

    public async Task<(Evaluation Evaluation, HttpResponseMessage Response)> StartAsync(HttpClient client, string callId, string? agentId = null)
    {
        var response = await client.PostAsJsonAsync($"{Base}/evaluations", new { callId, scorecardId = ScorecardId, agentId });
        return (response.IsSuccessStatusCode ? (await response.Content.ReadFromJsonAsync<Evaluation>(Json))! : null!, response);
    }

    public Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string path, object? body, string? ifMatch)
    {
        var request = new HttpRequestMessage(method, path) { Content = JsonContent.Create(body ?? new { }, options: Json) };
        if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return client.SendAsync(request);
    }

    /// <summary>Sends a change and expects 200; returns the new version.</summary>
    public async Task<Evaluation> ChangeAsync(HttpClient client, string path, object? body, string ifMatch, HttpMethod? method = null)
    {
        var response = await SendAsync(client, method ?? HttpMethod.Post, path, body, ifMatch);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        var e = (await response.Content.ReadFromJsonAsync<Evaluation>(Json))!;
        Assert.Equal(e.ETag, response.Headers.ETag?.ToString());
        return e;
    }

    /// <summary>Answers that score 70.37 on the standard card (see ScoreCalculatorTests): verify no, solve 3 of 4, close N/A.</summary>
    public static object[] FirstAnswers =>
    [
        new { itemId = "greet", points = 1 }, new { itemId = "verify", points = 0 }, new { itemId = "solve", points = 3 },
        new { itemId = "close", notApplicable = true }, new { itemId = "disclose", points = 1 }, new { itemId = "empathy", points = 1 },
    ];

    /// <summary>Takes an assigned call (of a1 in T1 unless told) through start, draft, submit and release as insp-1.</summary>
    public async Task<Evaluation> ReleasedAsync(object[]? answers = null, string agentId = "a1", string team = "T1")
    {
        var callId = await AssignAsync(agentId: agentId, team: team);
        var (started, response) = await StartAsync(Inspector, callId);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var path = $"{Base}/evaluations/{started.EvaluationId}";
        var draft = await ChangeAsync(Inspector, $"{path}/draft", new { answers = answers ?? FirstAnswers }, started.ETag, HttpMethod.Put);
        var submitted = await ChangeAsync(Inspector, $"{path}/submit", null, draft.ETag);
        return await ChangeAsync(Inspector, $"{path}/release", null, submitted.ETag);
    }
}
