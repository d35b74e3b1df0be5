using System.Net;
using System.Net.Http.Json;
using QaServerless.Security;
using QaServerless.Tests.Infrastructure;

namespace QaServerless.Tests.Evaluations;

/// <summary>
/// Role × endpoint: every person of the center and of another center against every evaluation and scorecard endpoint.
/// Changes are sent with a stale If-Match ("0"): a person allowed to act gets 412 (the ETag check comes after the access
/// check), so the matrix changes nothing and still tells "allowed" (412) from "forbidden" (403) and "invisible" (404).
/// </summary>
[Collection(AppCollection.Name)]
public sealed class RoleMatrixTests(AppFixture app)
{
    private const HttpStatusCode Allowed = HttpStatusCode.PreconditionFailed;
    private const HttpStatusCode Forbidden = HttpStatusCode.Forbidden;
    private const HttpStatusCode Hidden = HttpStatusCode.NotFound;

    [Fact]
    public async Task EveryOutOfScopeRequestIsForbiddenOrNotFoundAndNothingLeaksAcrossCenters()
    {
        var s = await EvaluationScenario.CreateAsync(app);
        var released = await s.ReleasedAsync();
        var path = $"{s.Base}/evaluations/{released.EvaluationId}";
        var elsewhere = AppFixture.NewCenterId("xx");

        var people = new Dictionary<string, HttpClient>
        {
            ["admin"] = s.Admin, ["lead"] = s.Lead, ["inspector"] = s.Inspector, ["other-inspector"] = s.OtherInspector,
            ["supervisor"] = s.Supervisor, ["other-supervisor"] = s.OtherSupervisor, ["agent"] = s.Agent, ["other-agent"] = s.OtherAgent,
            // The same people and person ids, but signed in for another center.
            ["admin@other"] = app.ClientAs("admin-9", [Roles.Admin], [elsewhere]),
            ["lead@other"] = app.ClientAs("lead-9", [Roles.QaLead], [elsewhere], personId: "lead-1"),
            ["inspector@other"] = app.ClientAs("u-insp-9", [Roles.Inspector], [elsewhere], personId: "insp-1"),
            ["supervisor@other"] = app.ClientAs("u-sup-9", [Roles.Supervisor], [elsewhere], personId: "sup-1", teams: ["T1"]),
            ["agent@other"] = app.ClientAs("u-a9", [Roles.Agent], [elsewhere], personId: "a1"),
        };
        string[] center = ["admin", "lead", "inspector", "other-inspector", "supervisor", "other-supervisor", "agent", "other-agent"];

        // Expected answers per endpoint for the people of the center; everyone of another center gets 404.
        var read = Expect(ok: ["admin", "lead", "inspector", "supervisor", "agent"], hidden: ["other-inspector", "other-supervisor", "other-agent"]);
        var score = Expect(allowed: ["admin", "lead", "inspector"], forbidden: ["supervisor", "agent"], hidden: ["other-inspector", "other-supervisor", "other-agent"]);
        var respond = Expect(allowed: ["agent"], forbidden: ["admin", "lead", "inspector", "supervisor"], hidden: ["other-inspector", "other-supervisor", "other-agent"]);
        var decide = Expect(allowed: ["admin", "lead"], forbidden: ["inspector", "supervisor", "agent"], hidden: ["other-inspector", "other-supervisor", "other-agent"]);
        var coach = Expect(allowed: ["admin", "lead", "supervisor"], forbidden: ["inspector", "agent"], hidden: ["other-inspector", "other-supervisor", "other-agent"]);

        var endpoints = new (string Name, HttpMethod Method, string Path, object? Body, Dictionary<string, HttpStatusCode> Expected)[]
        {
            ("get", HttpMethod.Get, path, null, read),
            ("versions", HttpMethod.Get, $"{path}/versions", null, read),
            ("draft", HttpMethod.Put, $"{path}/draft", new { answers = Array.Empty<object>() }, score),
            ("submit", HttpMethod.Post, $"{path}/submit", null, score),
            ("release", HttpMethod.Post, $"{path}/release", null, score),
            ("acknowledge", HttpMethod.Post, $"{path}/acknowledge", null, respond),
            ("appeal", HttpMethod.Post, $"{path}/appeal", new { comment = "x" }, respond),
            ("decision", HttpMethod.Post, $"{path}/appeal/decision", new { upheld = false, comment = "x" }, decide),
            ("coaching", HttpMethod.Post, $"{path}/coaching", new { action = "x", owner = "y", followUpOn = "2030-01-01" }, coach),
        };

        var failures = new List<string>();
        foreach (var (name, method, url, body, expected) in endpoints)
        foreach (var (who, client) in people)
        {
            var want = center.Contains(who) ? expected[who] : Hidden;
            var response = method == HttpMethod.Get ? await client.GetAsync(url) : await s.SendAsync(client, method, url, body, "\"0\"");
            var text = await response.Content.ReadAsStringAsync();
            if (response.StatusCode != want) failures.Add($"{name} as {who}: {(int)response.StatusCode}, expected {(int)want}");
            if (want != HttpStatusCode.OK && text.Contains(released.EvaluationId)) failures.Add($"{name} as {who}: the answer names the evaluation");
        }

        // Lists: each sees only what is theirs; another center's people see nothing (404 for the center).
        foreach (var (who, client) in people)
        {
            var response = await client.GetAsync($"{s.Base}/evaluations");
            var text = await response.Content.ReadAsStringAsync();
            var sees = text.Contains(released.EvaluationId);
            var shouldSee = who is "admin" or "lead" or "inspector" or "supervisor" or "agent";
            if (sees != shouldSee) failures.Add($"list as {who}: sees={sees}");
            if (!center.Contains(who) && response.StatusCode != Hidden) failures.Add($"list as {who}: {(int)response.StatusCode}");
            // Asking their own center for it finds nothing either.
            if (!center.Contains(who) && (await client.GetStringAsync($"/api/centers/{elsewhere}/evaluations")).Contains(released.EvaluationId))
                failures.Add($"list of the other center as {who} shows the evaluation");
        }

        // Starting evaluations and writing scorecards.
        var call = await s.AssignAsync();
        foreach (var (who, client) in people)
        {
            var start = await client.PostAsJsonAsync($"{s.Base}/evaluations", new { callId = call, scorecardId = EvaluationScenario.ScorecardId });
            var want = !center.Contains(who) ? Hidden
                : who is "supervisor" or "other-supervisor" or "agent" or "other-agent" or "other-inspector" ? Forbidden
                : HttpStatusCode.Created;
            // Whoever may start it and comes after the first gets 409: the call has its evaluation already.
            var got = start.StatusCode == HttpStatusCode.Conflict && want == HttpStatusCode.Created ? HttpStatusCode.Created : start.StatusCode;
            if (got != want) failures.Add($"start as {who}: {(int)start.StatusCode}, expected {(int)want}");

            var card = await client.PostAsJsonAsync($"{s.Base}/scorecards", new { name = "x", sections = Array.Empty<object>() });
            var wantCard = !center.Contains(who) ? Hidden : who is "admin" or "lead" ? HttpStatusCode.BadRequest : Forbidden;
            if (card.StatusCode != wantCard) failures.Add($"create scorecard as {who}: {(int)card.StatusCode}, expected {(int)wantCard}");

            var cards = await client.GetAsync($"{s.Base}/scorecards");
            var wantCards = center.Contains(who) ? HttpStatusCode.OK : Hidden;
            if (cards.StatusCode != wantCards) failures.Add($"list scorecards as {who}: {(int)cards.StatusCode}");
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient().GetAsync(path)).StatusCode);
        Assert.Empty(failures);
    }

    private static Dictionary<string, HttpStatusCode> Expect(string[]? ok = null, string[]? allowed = null, string[]? forbidden = null, string[]? hidden = null)
    {
        var map = new Dictionary<string, HttpStatusCode>();
        foreach (var w in ok ?? []) map[w] = HttpStatusCode.OK;
        foreach (var w in allowed ?? []) map[w] = Allowed;
        foreach (var w in forbidden ?? []) map[w] = Forbidden;
        foreach (var w in hidden ?? []) map[w] = Hidden;
        return map;
    }
}
