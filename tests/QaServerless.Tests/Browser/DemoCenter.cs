using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace QaServerless.Tests.Browser;

/// <summary>
/// A center as the demo has it, for the workbench sweeps: the roster, a scorecard in force, a call assigned to the
/// inspector (no evaluation yet), a draft, and released evaluations of two agents (one appealed). Built through the
/// real API, as an admin (a QA lead of every center) would.
/// </summary>
public sealed record DemoCenter(string Center, string DraftId, string ReleasedA001, string AppealedA001, string ReleasedA002, DateOnly WorkDay)
{
    public static readonly string[] Roles = ["inspector", "agent", "supervisor", "qa-lead", "admin"];

    public static async Task<DemoCenter> SeedAsync(BrowserFixture browser)
    {
        var center = await BrowserFlows.SeedCenterAsync(browser);
        await BrowserFlows.SeedScorecardAsync(browser, center);
        var admin = BrowserFlows.AdminOf(browser, center);
        var day = await BrowserFlows.AssignAsync(browser, center, "C5000", "A001", "咨询", "new-hire");
        var draft = await StartAsync(admin, center, "C5001", "A001");
        var released = await ReleaseAsync(admin, center, "C5002", "A001", ["y", "y", "n", "y"]);
        var appealed = await ReleaseAsync(admin, center, "C5003", "A001", ["y", "n", "y", "y"]);
        await ActAsync(BrowserFlows.AgentOf(browser, center, "A001"), center, appealed, "appeal", new { comment = "客户问题已解决" });
        var other = await ReleaseAsync(admin, center, "C5004", "A002", ["y", "y", "y", "n"]);
        return new(center, (string)draft["evaluationId"]!, released, appealed, other, day);
    }

    /// <summary>Every route of the workbench, with the evaluations of this center.</summary>
    public IEnumerable<string> Routes() =>
    [
        "#/worklist", $"#/worklist/{Center}/{WorkDay:yyyy-MM-dd}", "#/my", "#/team", "#/appeals", "#/calibration", "#/coverage", "#/kpi", "#/agreement",
        "#/settings", $"#/settings/{Center}/roster", $"#/settings/{Center}/runs", "#/quarantine",
        $"#/evaluation/{Center}/{DraftId}", $"#/evaluation/{Center}/{ReleasedA001}", $"#/evaluation/{Center}/{AppealedA001}", $"#/evaluation/{Center}/{ReleasedA002}",
        "#/scorecards", $"#/scorecards/{Center}/standard/1",
        "#/trends", $"#/trends/{Center}/week/team/T1", "#/self", $"#/drill/{Center}/{BrowserFlows.Today:yyyy-MM}/center/-/verify",
    ];

    private static async Task<JsonObject> StartAsync(HttpClient admin, string center, string callId, string agent)
    {
        var started = await admin.PostAsJsonAsync($"/api/centers/{center}/evaluations", new { callId, scorecardId = "standard", agentId = agent });
        Assert.True(started.IsSuccessStatusCode, await started.Content.ReadAsStringAsync());
        return (await started.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    internal static async Task<string> ReleaseAsync(HttpClient admin, string center, string callId, string agent, string[] answers)
    {
        var e = await StartAsync(admin, center, callId, agent);
        var id = (string)e["evaluationId"]!;
        string[] items = ["greet", "verify", "solve", "jargon"];
        e = await ActAsync(admin, center, e, "draft", new
        {
            answers = items.Select((item, i) => new { itemId = item, points = answers[i] == "y" ? 1 : 0, notApplicable = false }),
            problems = Array.Empty<object>(),
        }, HttpMethod.Put);
        e = await ActAsync(admin, center, e, "submit", new { });
        await ActAsync(admin, center, e, "release", new { });
        return id;
    }

    internal static async Task<JsonObject> ActAsync(HttpClient client, string center, string evaluationId, string action, object body)
    {
        var current = await client.GetFromJsonAsync<JsonObject>($"/api/centers/{center}/evaluations/{evaluationId}");
        return await ActAsync(client, center, current!, action, body);
    }

    private static async Task<JsonObject> ActAsync(HttpClient client, string center, JsonObject e, string action, object body, HttpMethod? method = null)
    {
        var request = new HttpRequestMessage(method ?? HttpMethod.Post, $"/api/centers/{center}/evaluations/{e["evaluationId"]}/{action}") { Content = JsonContent.Create(body) };
        request.Headers.TryAddWithoutValidation("If-Match", $"\"{e["version"]}\"");
        var answer = await client.SendAsync(request);
        Assert.True(answer.IsSuccessStatusCode, $"{action}: {await answer.Content.ReadAsStringAsync()}");
        return (await answer.Content.ReadFromJsonAsync<JsonObject>())!;
    }
}
