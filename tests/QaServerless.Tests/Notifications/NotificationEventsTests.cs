using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using QaServerless.Evaluations;
using QaServerless.Notifications;
using QaServerless.Tests.Evaluations;
using QaServerless.Tests.Infrastructure;

namespace QaServerless.Tests.Notifications;

[Collection(AppCollection.Name)]
public sealed class NotificationEventsTests(AppFixture app)
{
    private static async Task<NotificationInbox> InboxAsync(HttpClient client, string center) =>
        (await client.GetFromJsonAsync<NotificationInbox>($"/api/centers/{center}/notifications", EvaluationScenario.Json))!;

    private static async Task UseStandInAsync(EvaluationScenario s, NotificationHarness h, params (string Recipient, string Email, bool Digest)[] contacts)
    {
        var put = await s.Lead.PutAsJsonAsync($"{s.Base}/notification-settings", new
        {
            webhookUrl = h.StandIn.WebhookUrl(s.Center).ToString(), email = true,
            contacts = contacts.Select(c => new { recipient = c.Recipient, email = c.Email, digest = c.Digest }),
        });
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
    }

    [Fact]
    public async Task ReleaseAppealAndDecisionReachTheirPeopleOnceEachAndAReplaySendsNothing()
    {
        var s = await EvaluationScenario.CreateAsync(app);
        await using var h = await NotificationHarness.StartAsync(app);
        await UseStandInAsync(s, h, ("a1", "a1@example.com", false), ("sup-1", "sup1@example.com", false), ("@qa-lead", "leads@example.com", false),
            ("insp-1", "insp1@example.com", false));

        var released = await s.ReleasedAsync();
        var agentInbox = await InboxAsync(s.Agent, s.Center);
        Assert.Equal(1, agentInbox.Unread);
        Assert.Equal(NotificationKind.EvaluationReleased, Assert.Single(agentInbox.Items).Kind);
        Assert.Equal(NotificationKind.EvaluationReleased, Assert.Single((await InboxAsync(s.Supervisor, s.Center)).Items).Kind);
        Assert.Empty((await InboxAsync(s.OtherAgent, s.Center)).Items);
        Assert.Empty((await InboxAsync(s.Inspector, s.Center)).Items);

        var path = $"{s.Base}/evaluations/{released.EvaluationId}";
        var appealed = await s.ChangeAsync(s.Agent, $"{path}/appeal", new { comment = "客户来电 13812345678 时我已核实身份" }, released.ETag);
        var leadInbox = await InboxAsync(s.Lead, s.Center);
        Assert.Equal(NotificationKind.AppealFiled, Assert.Single(leadInbox.Items).Kind);
        await s.ChangeAsync(s.Lead, $"{path}/appeal/decision", new { upheld = false, comment = "评分无误" }, appealed.ETag);
        Assert.Equal(NotificationKind.AppealDecided, Assert.Single((await InboxAsync(s.Inspector, s.Center)).Items).Kind);
        Assert.Equal(2, (await InboxAsync(s.Agent, s.Center)).Unread);

        await h.DrainAsync(s.Center);
        var mail = h.StandIn.Mail.Where(m => m.To.Any(t => t.EndsWith("@example.com"))).ToList();
        Assert.Equal(["a1@example.com", "a1@example.com", "insp1@example.com", "leads@example.com", "sup1@example.com"],
            mail.Select(m => m.To.Single()).Order());
        Assert.Contains(mail, m => m.To.Single() == "a1@example.com" && m.Subject.Contains("申诉被驳回") && m.Subject.Contains("rejected"));
        Assert.Equal(DeliveryStandInSender, mail.Select(m => m.From).Distinct().Single());
        var posts = h.StandIn.Webhooks.Where(w => w.Name == s.Center).ToList();
        Assert.Equal(5, posts.Count);
        Assert.All(posts, p => Assert.Equal("application/vnd.microsoft.card.adaptive", p.Body["attachments"]![0]!["contentType"]!.GetValue<string>()));
        Assert.Equal(5, posts.Select(p => p.IdempotencyKey).Distinct().Count());

        // Replays: the release event raised again from the stored versions, and a delivery request redelivered.
        var versions = await app.Services.GetRequiredService<EvaluationStore>().ListVersionsAsync(s.Center, released.EvaluationId);
        var replay = NotificationRules.ForEvaluationChange(versions.Single(v => v.Status == EvaluationStatus.Submitted), released, "sup-1")!;
        Assert.Equal(0, await app.Services.GetRequiredService<Notifier>().RaiseAsync(replay, default));
        var first = agentInbox.Items[0];
        await h.Queue.SendMessageAsync(System.Text.Json.JsonSerializer.Serialize(new DeliveryRequest(s.Center, "a1", first.NotificationId), QaServerless.Hosting.HostJson.Options));
        await h.DrainAsync(s.Center);
        Assert.Equal(5, h.StandIn.Mail.Count(m => m.To.Any(t => t.EndsWith("@example.com"))));
        Assert.Equal(5, h.StandIn.Webhooks.Count(w => w.Name == s.Center));
        Assert.Equal(2, (await InboxAsync(s.Agent, s.Center)).Items.Count);
    }

    private const string DeliveryStandInSender = QaServerless.LocalHost.Delivery.DeliveryStandIn.Sender;

    [Fact]
    public async Task OnlyTheRecipientReadsAndMarksTheirNotifications()
    {
        var s = await EvaluationScenario.CreateAsync(app);
        await s.ReleasedAsync();
        var mine = Assert.Single((await InboxAsync(s.Agent, s.Center)).Items);

        Assert.Equal(HttpStatusCode.NotFound, (await s.OtherAgent.PostAsync($"{s.Base}/notifications/{mine.NotificationId}/read", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await s.Lead.PostAsync($"{s.Base}/notifications/{mine.NotificationId}/read", null)).StatusCode);
        Assert.Equal(1, (await InboxAsync(s.Agent, s.Center)).Unread);

        var read = await s.Agent.PostAsync($"{s.Base}/notifications/{mine.NotificationId}/read", null);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        var inbox = await InboxAsync(s.Agent, s.Center);
        Assert.Equal(0, inbox.Unread);
        Assert.True(inbox.Items.Single().Read);
        Assert.Equal(1, (await InboxAsync(s.Supervisor, s.Center)).Unread); // the supervisor's copy is theirs
    }

    [Fact]
    public async Task TheHourlyRemindersRaiseEachReminderOnceAndTheDigestComesOnceADay()
    {
        var s = await EvaluationScenario.CreateAsync(app);
        await using var h = await NotificationHarness.StartAsync(app);
        // The appeal window is 2 days, so it closes "within 2 days" the moment it is released; a1 prefers a daily digest.
        Assert.Equal(HttpStatusCode.OK, (await s.Lead.PutAsJsonAsync($"{s.Base}/scoring-settings", new { noticeDays = 7, appealWindowDays = 2, watchListDays = 30 })).StatusCode);
        await UseStandInAsync(s, h, ("a1", "a1@example.com", true), ("sup-1", "sup1@example.com", false), ("insp-1", "insp1@example.com", false));
        var released = await s.ReleasedAsync();
        var today = DateOnly.FromDateTime(app.Clock.GetUtcNow().ToOffset(TimeSpan.FromHours(8)).DateTime);
        await s.ChangeAsync(s.Supervisor, $"{s.Base}/evaluations/{released.EvaluationId}/coaching",
            new { action = "复听开场白", owner = "sup-1", followUpOn = today.ToString("yyyy-MM-dd") }, released.ETag);

        await h.RunRemindersAsync();
        await h.RunRemindersAsync(); // the next hour's run, or a replay
        var agent = await InboxAsync(s.Agent, s.Center);
        Assert.Equal([NotificationKind.EvaluationReleased, NotificationKind.AppealDeadlineSoon], agent.Items.Select(n => n.Kind).Order());
        Assert.Equal([NotificationKind.EvaluationReleased, NotificationKind.CoachingDue], (await InboxAsync(s.Supervisor, s.Center)).Items.Select(n => n.Kind).Order());
        var worklist = Assert.Single((await InboxAsync(s.Inspector, s.Center)).Items);
        Assert.Equal((NotificationKind.WorklistReady, "1"), (worklist.Kind, worklist.Facts["calls"]));

        await h.DrainAsync(s.Center);
        // a1 takes the digest: no e-mail per notification; sup-1 and insp-1 one each; the webhook gets all five.
        Assert.Equal(["insp1@example.com", "sup1@example.com", "sup1@example.com"], h.StandIn.Mail.Select(m => m.To.Single()).Order());
        Assert.Equal(5, h.StandIn.Webhooks.Count(w => w.Name == s.Center));

        using var scope = h.App.Services.CreateScope();
        var delivery = scope.ServiceProvider.GetRequiredService<QaServerless.Notifications.Delivery.NotificationDelivery>();
        Assert.Equal(1, await delivery.SendDigestsAsync(s.Center, today, default));
        Assert.Equal(0, await delivery.SendDigestsAsync(s.Center, today, default));
        var digest = Assert.Single(h.StandIn.Mail, m => m.To.Single() == "a1@example.com");
        Assert.Contains("（2 条）", digest.Subject);
        Assert.Contains($"#/evaluation/{s.Center}/{released.EvaluationId}", digest.PlainText);
    }

    [Fact]
    public async Task SettingsRefuseAWebhookThatIsNotHttpsAndBadAddressesNamingTheField()
    {
        var s = await EvaluationScenario.CreateAsync(app);
        var put = await s.Lead.PutAsJsonAsync($"{s.Base}/notification-settings", new
        {
            webhookUrl = "http://10.0.0.5/hook", email = true, contacts = new[] { new { recipient = "a1", email = "not-an-address", digest = false } },
        });
        Assert.Equal(HttpStatusCode.BadRequest, put.StatusCode);
        var problem = await put.Content.ReadAsStringAsync();
        Assert.Contains("webhookUrl", problem);
        Assert.Contains("contacts[0].email", problem);
        Assert.Contains(QaServerless.Hosting.ProblemCodes.NotificationSettingsInvalid, problem);
        // Each field's message has its code beside it, for the workbench to say in the reader's language.
        Assert.Contains($"\"fieldCodes\":{{\"webhookUrl\":[\"{NotificationsApi.WebhookNotHttps}\"],\"contacts[0].email\":[\"{NotificationsApi.EmailInvalid}\"]}}", problem);
        Assert.Equal(HttpStatusCode.Forbidden, (await s.Agent.GetAsync($"{s.Base}/notification-settings")).StatusCode);
    }
}
