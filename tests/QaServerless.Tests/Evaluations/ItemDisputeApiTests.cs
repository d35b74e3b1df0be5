using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using QaServerless.Evaluations;
using QaServerless.Kpis;
using QaServerless.Notifications;
using QaServerless.Tests.Infrastructure;
using static QaServerless.Tests.Evaluations.EvaluationScenario;

namespace QaServerless.Tests.Evaluations;

/// <summary>
/// Item-level disputes over HTTP on Azurite: the agent disputes items, the lead decides each, the corrected score, the
/// 400/409/412 answers, a retried decision, the notifications and the inspector's KPI row.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class ItemDisputeApiTests(AppFixture app)
{
    private static async Task<JsonObject> ProblemOf(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    private static IEnumerable<string> ErrorKeys(JsonObject problem) => problem["errors"]!.AsObject().Select(kv => kv.Key).Order();

    [Fact]
    public async Task AnAgentDisputesTwoItemsAndTheLeadUpholdsOneAndRejectsTheOther()
    {
        var s = await EvaluationScenario.CreateAsync(app);
        var released = await s.ReleasedAsync();   // 70.37: verify no, solve 3 of 4, close N/A
        var path = $"{s.Base}/evaluations/{released.EvaluationId}";

        var bad = await s.SendAsync(s.Agent, HttpMethod.Post, $"{path}/appeal",
            new { items = new object[] { new { itemId = "nope", reason = "x" }, new { itemId = "verify", reason = "" }, new { itemId = "solve", reason = "a" }, new { itemId = "solve", reason = "b" } } },
            released.ETag);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(["items[0].itemId", "items[1].reason", "items[3].itemId"], ErrorKeys(await ProblemOf(bad)));

        var appealed = await s.ChangeAsync(s.Agent, $"{path}/appeal", new
        {
            comment = "两处评分有误",
            items = new[] { new { itemId = "verify", reason = "00:40 我核实了客户 13812345678 的身份" }, new { itemId = "solve", reason = "问题已完全解决" } },
        }, released.ETag);
        Assert.Equal(EvaluationStatus.Appealed, appealed.Status);
        Assert.Equal(["verify", "solve"], appealed.Appeal!.Items.Select(i => i.ItemId));
        Assert.Equal("00:40 我核实了客户 138****5678 的身份", appealed.Appeal.Items[0].Reason);   // masked before it is stored
        Assert.Equal(0, appealed.Appeal.Items[0].InspectorAnswer!.Points);
        Assert.Equal(HttpStatusCode.Conflict, (await s.SendAsync(s.Agent, HttpMethod.Post, $"{path}/appeal",
            new { items = new[] { new { itemId = "greet", reason = "again" } } }, appealed.ETag)).StatusCode);   // one appeal per evaluation
        var filed = Assert.Single((await InboxAsync(s.Lead, s.Center)).Items);
        Assert.Equal("2", filed.Facts["items"]);

        // Every disputed item in one decision: solve is missing.
        var missing = await s.SendAsync(s.Lead, HttpMethod.Post, $"{path}/appeal/decision",
            new { items = new[] { new { itemId = "verify", upheld = true, answer = new { points = 1 }, comment = "录音 00:40 已核实" } } }, appealed.ETag);
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Equal(["items[1]"], ErrorKeys(await ProblemOf(missing)));
        // A whole-evaluation decision does not decide an item-level appeal.
        var whole = await s.SendAsync(s.Lead, HttpMethod.Post, $"{path}/appeal/decision", new { upheld = false, comment = "stands" }, appealed.ETag);
        Assert.Equal(["items"], ErrorKeys(await ProblemOf(whole)));

        object decision = new
        {
            comment = "一项成立",
            items = new object[]
            {
                new { itemId = "verify", upheld = true, answer = new { points = 1 }, comment = "录音 00:40 已核实" },
                new { itemId = "solve", upheld = false, comment = "退款仍未到账" },
            },
        };
        var stale = await s.SendAsync(s.Lead, HttpMethod.Post, $"{path}/appeal/decision", decision, released.ETag);
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        var decided = await s.ChangeAsync(s.Lead, $"{path}/appeal/decision", decision, appealed.ETag);
        // verify corrected to yes: (2 + 3 + 15 + 2) ÷ 27 = 81.48, good; the released 70.37 kept.
        Assert.Equal((EvaluationStatus.AppealUpheld, 81.48m, 70.37m), (decided.Status, decided.Result!.Score, decided.OriginalResult!.Score));
        Assert.Equal("appeal partly upheld: corrected", decided.Reason);
        Assert.Equal([true, false], decided.Appeal!.Items.Select(i => i.Upheld!.Value));
        Assert.Equal((1, 1, "insp-1"), (decided.Appeal.UpheldItems, decided.Appeal.ScoringErrors, decided.ScoringErrorChargedTo));

        // A retried decision changes nothing: with the old ETag 412, with the new one 409 (no open appeal).
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await s.SendAsync(s.Lead, HttpMethod.Post, $"{path}/appeal/decision", decision, appealed.ETag)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await s.SendAsync(s.Lead, HttpMethod.Post, $"{path}/appeal/decision", decision, decided.ETag)).StatusCode);
        var head = (await s.Agent.GetFromJsonAsync<Evaluation>(path, Json))!;
        Assert.Equal((decided.Version, 81.48m), (head.Version, head.Result!.Score));
        Assert.Equal("录音 00:40 已核实", head.Appeal!.Items[0].Comment);   // the agent sees the outcome per item

        var told = Assert.Single((await InboxAsync(s.Inspector, s.Center)).Items);
        Assert.Equal(("2", "1", "81.48"), (told.Facts["items"], told.Facts["upheldItems"], told.Facts["score"]));
        Assert.Equal("Appeal on call " + decided.CallId + ": 1 of 2 disputed items upheld, score corrected to 81.48", NotificationText.Title(told).En);
        Assert.Equal($"通话 {decided.CallId} 的申诉：2 项中 1 项成立，得分改为 81.48", NotificationText.Title(told).Zh);

        // The inspector's KPI row: 1 upheld item of 2 disputed, 6 items evaluated; 1 scoring error.
        var month = TimeZoneInfo.ConvertTime(app.Clock.GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai")).ToString("yyyy-MM");
        var report = (await s.Lead.GetFromJsonAsync<KpiReport>($"/api/kpis/{s.Center}?month={month}&groupBy=inspector", Json))!;
        var qa = report.Groups.Single(g => g.Group == "insp-1").Qa;
        Assert.Equal((2L, 1L, new Ratio(1, 6), 1L), (qa.ItemsDisputed, qa.ItemsUpheld, qa.UpheldItemRate, qa.ScoringErrors));
        Assert.Equal(new Ratio(1, 1), qa.AppealsUpheld);
    }

    [Fact]
    public async Task AnUpheldCriticalItemLiftsTheFailureAndAnItemCorrectedToNotApplicableLeavesTheSums()
    {
        var s = await EvaluationScenario.CreateAsync(app);
        // disclose no (critical): raw 17 ÷ 27 = 62.96, capped to 0.
        var critical = FirstAnswers.Select((a, i) => i == 4 ? (object)new { itemId = "disclose", points = 0 } : a).ToArray();
        var released = await s.ReleasedAsync(critical);
        var path = $"{s.Base}/evaluations/{released.EvaluationId}";
        var appealed = await s.ChangeAsync(s.Agent, $"{path}/appeal", new { items = new[] { new { itemId = "disclose", reason = "01:10 已告知" } } }, released.ETag);
        var wrongAnswer = await s.SendAsync(s.Lead, HttpMethod.Post, $"{path}/appeal/decision",
            new { items = new[] { new { itemId = "disclose", upheld = true, answer = new { notApplicable = true }, comment = "x" } } }, appealed.ETag);
        Assert.Equal(["items[0].answer.notApplicable"], ErrorKeys(await ProblemOf(wrongAnswer)));   // disclose cannot be N/A
        var decided = await s.ChangeAsync(s.Lead, $"{path}/appeal/decision",
            new { items = new[] { new { itemId = "disclose", upheld = true, answer = new { points = 1 }, comment = "录音 01:10" } } }, appealed.ETag);
        Assert.Equal((0m, 70.37m, false), (decided.OriginalResult!.Score, decided.Result!.Score, decided.Result.HasCriticalError));
        Assert.Equal("appeal upheld: corrected", decided.Reason);

        // close answered no, corrected to N/A: (2 + 3 + 20 + 2) ÷ 27 = 100 from (2 + 3 + 20 + 0 + 2) ÷ 28 = 96.43.
        var closeNo = new object[]
        {
            new { itemId = "greet", points = 1 }, new { itemId = "verify", points = 1 }, new { itemId = "solve", points = 4 },
            new { itemId = "close", points = 0 }, new { itemId = "disclose", points = 1 }, new { itemId = "empathy", points = 1 },
        };
        var other = await s.ReleasedAsync(closeNo);
        Assert.Equal(96.43m, other.Result!.Score);
        var otherPath = $"{s.Base}/evaluations/{other.EvaluationId}";
        var otherAppeal = await s.ChangeAsync(s.Agent, $"{otherPath}/appeal", new { items = new[] { new { itemId = "close", reason = "客户先挂断" } } }, other.ETag);
        var na = await s.ChangeAsync(s.Lead, $"{otherPath}/appeal/decision",
            new { items = new[] { new { itemId = "close", upheld = true, answer = new { notApplicable = true }, comment = "客户先挂断，结束语不适用" } } }, otherAppeal.ETag);
        Assert.Equal((96.43m, 100m), (na.OriginalResult!.Score, na.Result!.Score));
    }

    [Fact]
    public async Task AWholeEvaluationAppealStillWorksWithoutItems()
    {
        var s = await EvaluationScenario.CreateAsync(app);
        var released = await s.ReleasedAsync();
        var path = $"{s.Base}/evaluations/{released.EvaluationId}";
        var empty = await s.SendAsync(s.Agent, HttpMethod.Post, $"{path}/appeal", new { items = Array.Empty<object>() }, released.ETag);
        Assert.Equal(["comment"], ErrorKeys(await ProblemOf(empty)));   // no items: the whole evaluation, which needs a comment
        var appealed = await s.ChangeAsync(s.Agent, $"{path}/appeal", new { comment = "unfair" }, released.ETag);
        Assert.Empty(appealed.Appeal!.Items);
        var viaItems = await s.SendAsync(s.Lead, HttpMethod.Post, $"{path}/appeal/decision",
            new { items = new[] { new { itemId = "verify", upheld = false, comment = "x" } } }, appealed.ETag);
        Assert.Equal(["items"], ErrorKeys(await ProblemOf(viaItems)));
        var rejected = await s.ChangeAsync(s.Lead, $"{path}/appeal/decision", new { upheld = false, comment = "stands" }, appealed.ETag);
        Assert.Equal(EvaluationStatus.AppealRejected, rejected.Status);
        var told = Assert.Single((await InboxAsync(s.Agent, s.Center)).Items, n => n.Kind == NotificationKind.AppealDecided);
        Assert.Equal($"Appeal on call {rejected.CallId} rejected", NotificationText.Title(told).En);
    }

    private static async Task<NotificationInbox> InboxAsync(HttpClient client, string center) =>
        (await client.GetFromJsonAsync<NotificationInbox>($"/api/centers/{center}/notifications", Json))!;
}
