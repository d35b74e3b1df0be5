using System.Net;
using System.Net.Http.Json;
using QaServerless.Evaluations.Threads;
using QaServerless.Notifications;
using QaServerless.Tests.Infrastructure;
using static QaServerless.Tests.Evaluations.EvaluationScenario;

namespace QaServerless.Tests.Evaluations.Threads;

/// <summary>Threads over HTTP on Azurite: post, reply, retry, edit under If-Match, withdraw, mentions and what they notify.</summary>
[Collection(AppCollection.Name)]
public sealed class ThreadApiTests(AppFixture app)
{
    private static async Task<ThreadComment> ReadAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        var comment = (await response.Content.ReadFromJsonAsync<ThreadComment>(Json))!;
        Assert.Equal(comment.ETag, response.Headers.ETag?.ToString());
        return comment;
    }

    private static async Task<IReadOnlyList<Notification>> InboxAsync(EvaluationScenario s, HttpClient client, NotificationKind kind) =>
        [.. (await client.GetFromJsonAsync<NotificationInbox>($"{s.Base}/notifications", Json))!.Items.Where(n => n.Kind == kind)];

    [Fact]
    public async Task TheAgentMentionsTheInspectorOnAnItemTheInspectorRepliesAndRetriesChangeNothing()
    {
        var s = await EvaluationScenario.CreateAsync(app);
        var e = await s.ReleasedAsync();
        var thread = $"{s.Base}/evaluations/{e.EvaluationId}/comments";
        var post = new { commentId = "cm-agent-1", itemId = "verify", text = "我在 00:40 核实了身份（客户号码13812345678），@insp-1 请复核" };

        var first = await ReadAsync(await s.Agent.PostAsJsonAsync(thread, post), HttpStatusCode.Created);
        Assert.Equal(("cm-agent-1", "verify", 1, "a1", "agent"), (first.CommentId, first.ItemId, first.Version, first.AuthorId, first.AuthorRole));
        Assert.Equal("我在 00:40 核实了身份（客户号码138****5678），@insp-1 请复核", first.Text);
        Assert.Equal(["insp-1"], first.Mentions);
        // The retry (the answer was lost on the way): the same comment, nothing new.
        var retried = await ReadAsync(await s.Agent.PostAsJsonAsync(thread, post), HttpStatusCode.OK);
        Assert.Equal((first.CommentId, first.Version, first.PostedAt), (retried.CommentId, retried.Version, retried.PostedAt));

        var mentions = await InboxAsync(s, s.Inspector, NotificationKind.Mentioned);
        var mention = Assert.Single(mentions);
        Assert.Equal($"#/evaluation/{s.Center}/{e.EvaluationId}?comment=cm-agent-1", mention.Link);
        Assert.Equal(("Agent One", "verify", e.CallId), (mention.Facts["byName"], mention.Facts["itemId"], mention.Facts["callId"]));
        Assert.Contains("138****5678", mention.Facts["excerpt"]);

        // The inspector replies without an id: derived, so the retry lands on the same reply too.
        var reply = new { parentId = "cm-agent-1", text = "已复核：00:40 确有核实，我会更正。" };
        var answered = await ReadAsync(await s.Inspector.PostAsJsonAsync(thread, reply), HttpStatusCode.Created);
        Assert.Equal(("verify", "cm-agent-1", "inspector"), (answered.ItemId, answered.ParentId, answered.AuthorRole));
        Assert.Equal(answered.CommentId, (await ReadAsync(await s.Inspector.PostAsJsonAsync(thread, reply), HttpStatusCode.OK)).CommentId);

        var replied = Assert.Single(await InboxAsync(s, s.Agent, NotificationKind.CommentReplied));
        Assert.Equal($"replied|{e.EvaluationId}|{answered.CommentId}", replied.EventKey);
        Assert.Empty(await InboxAsync(s, s.Inspector, NotificationKind.CommentReplied));

        // The thread: both comments for everyone who sees the evaluation, nothing for those who do not.
        foreach (var reader in new[] { s.Agent, s.Supervisor, s.Inspector, s.Lead, s.Admin })
        {
            var seen = (await reader.GetFromJsonAsync<EvaluationThread>(thread, Json))!;
            Assert.Equal(["cm-agent-1", answered.CommentId], seen.Comments.Select(c => c.CommentId));
        }
        var offered = (await s.Agent.GetFromJsonAsync<EvaluationThread>(thread, Json))!.Mentionable.Select(m => m.Id);
        Assert.Equal(["insp-1", "a1", "sup-1", Recipients.QaLeads], offered);
        foreach (var stranger in new[] { s.OtherAgent, s.OtherSupervisor, s.OtherInspector })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync(thread)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await stranger.PostAsJsonAsync(thread, new { text = "hello" })).StatusCode);
        }
        // Another person's post under a taken id is refused without a word of the comment.
        var taken = await s.Supervisor.PostAsJsonAsync(thread, new { commentId = "cm-agent-1", text = "我的" });
        Assert.Equal(HttpStatusCode.Conflict, taken.StatusCode);
        Assert.DoesNotContain("00:40", await taken.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task AnEditIsANewVersionUnderIfMatchAndAWithdrawnCommentKeepsItsHistory()
    {
        var s = await EvaluationScenario.CreateAsync(app);
        var e = await s.ReleasedAsync();
        var thread = $"{s.Base}/evaluations/{e.EvaluationId}/comments";
        var v1 = await ReadAsync(await s.Agent.PostAsJsonAsync(thread, new { commentId = "cm-e", text = "第一稿" }), HttpStatusCode.Created);
        var path = $"{thread}/cm-e";

        Assert.Equal(HttpStatusCode.PreconditionRequired, (await s.SendAsync(s.Agent, HttpMethod.Put, path, new { text = "第二稿" }, null)).StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await s.SendAsync(s.Agent, HttpMethod.Put, path, new { text = "第二稿" }, "\"0\"")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await s.SendAsync(s.Inspector, HttpMethod.Put, path, new { text = "改别人的" }, v1.ETag)).StatusCode);
        var v2 = await ReadAsync(await s.SendAsync(s.Agent, HttpMethod.Put, path, new { text = "第二稿 @sup-1", reason = "补充" }, v1.ETag), HttpStatusCode.OK);
        Assert.Equal((2, "第二稿 @sup-1", "补充"), (v2.Version, v2.Text, v2.Reason));
        Assert.Single(await InboxAsync(s, s.Supervisor, NotificationKind.Mentioned)); // the edit added sup-1
        // The first ETag is stale now: a second tab's edit loses nothing, it is told.
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await s.SendAsync(s.Agent, HttpMethod.Put, path, new { text = "第三稿" }, v1.ETag)).StatusCode);

        var v3 = await ReadAsync(await s.SendAsync(s.Agent, HttpMethod.Post, $"{path}/withdraw", null, v2.ETag), HttpStatusCode.OK);
        Assert.Equal((3, true, "", "withdrawn"), (v3.Version, v3.Withdrawn, v3.Text, v3.Reason));
        Assert.Equal(HttpStatusCode.Conflict, (await s.SendAsync(s.Agent, HttpMethod.Put, path, new { text = "再改" }, v3.ETag)).StatusCode);

        var versions = (await s.Supervisor.GetFromJsonAsync<List<ThreadComment>>($"{path}/versions", Json))!;
        Assert.Equal(["第一稿", "第二稿 @sup-1", ""], versions.Select(v => v.Text));
        Assert.Equal([1, 2, 3], versions.Select(v => v.Version));
        var head = Assert.Single((await s.Inspector.GetFromJsonAsync<EvaluationThread>(thread, Json))!.Comments);
        Assert.True(head.Withdrawn);
        Assert.Equal(HttpStatusCode.NotFound, (await s.Agent.GetAsync($"{thread}/cm-none/versions")).StatusCode);
    }

    [Fact]
    public async Task AMentionOfSomebodyWhoCannotSeeTheEvaluationIsRefusedAndStoresNothing()
    {
        var s = await EvaluationScenario.CreateAsync(app);
        var e = await s.ReleasedAsync();
        var thread = $"{s.Base}/evaluations/{e.EvaluationId}/comments";

        var refused = await s.Agent.PostAsJsonAsync(thread, new { commentId = "cm-x", text = "@a2 你也看看 @insp-1" });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var problem = (await refused.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>())!;
        Assert.Equal(["mentions"], problem.GetProperty("errors").EnumerateObject().Select(p => p.Name));
        Assert.Empty((await s.Agent.GetFromJsonAsync<EvaluationThread>(thread, Json))!.Comments);
        Assert.Empty(await InboxAsync(s, s.Inspector, NotificationKind.Mentioned));

        var item = await s.Agent.PostAsJsonAsync(thread, new { itemId = "no-such-item", text = "?" });
        Assert.Equal(HttpStatusCode.BadRequest, item.StatusCode);
        Assert.Contains("itemId", await item.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task BeforeReleaseTheThreadIsTheScorersAndTheirNotesStayTheirsAfterRelease()
    {
        var s = await EvaluationScenario.CreateAsync(app);
        var callId = await s.AssignAsync();
        var (started, _) = await s.StartAsync(s.Inspector, callId);
        var thread = $"{s.Base}/evaluations/{started.EvaluationId}/comments";

        Assert.Equal(HttpStatusCode.BadRequest, (await s.Inspector.PostAsJsonAsync(thread, new { text = "@a1 先别看" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await s.Agent.GetAsync(thread)).StatusCode);
        await ReadAsync(await s.Inspector.PostAsJsonAsync(thread, new { commentId = "cm-note", itemId = "verify", text = "这一项拿不准 @qa-lead" }), HttpStatusCode.Created);
        Assert.Single(await InboxAsync(s, s.Lead, NotificationKind.Mentioned)); // the leads' shared inbox

        var path = $"{s.Base}/evaluations/{started.EvaluationId}";
        var draft = await s.ChangeAsync(s.Inspector, $"{path}/draft", new { answers = FirstAnswers }, started.ETag, HttpMethod.Put);
        var submitted = await s.ChangeAsync(s.Inspector, $"{path}/submit", null, draft.ETag);
        await s.ChangeAsync(s.Inspector, $"{path}/release", null, submitted.ETag);

        Assert.Empty((await s.Agent.GetFromJsonAsync<EvaluationThread>(thread, Json))!.Comments);
        Assert.Single((await s.Lead.GetFromJsonAsync<EvaluationThread>(thread, Json))!.Comments);
        Assert.Equal(HttpStatusCode.BadRequest, (await s.Agent.PostAsJsonAsync(thread, new { parentId = "cm-note", text = "?" })).StatusCode);
    }
}
