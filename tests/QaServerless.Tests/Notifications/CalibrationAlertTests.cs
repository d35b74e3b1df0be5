using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using QaServerless.Notifications;
using QaServerless.Tests.Calibration;
using QaServerless.Tests.Infrastructure;

namespace QaServerless.Tests.Notifications;

/// <summary>
/// The inspector's calibration alert: cy fails every session of the worked example (mean deviation 7.335 % against a
/// 5 % tolerance), ana and bo pass. The QA leads' shared inbox hears of cy at the second failure in a row and again at
/// the third, once per session however often the lead's close is retried.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class CalibrationAlertTests(AppFixture app)
{
    [Fact]
    public async Task TheLeadsHearOfAnInspectorAtEachFailureFromTheSecondInARowOnceEach()
    {
        // A host with its own clock: the sessions close a day apart, so the trend's order is the closing order.
        var clock = new FakeTimeProvider(app.Clock.GetUtcNow());
        await using var host = app.WithWebHostBuilder(b => b.ConfigureServices(s => s.AddSingleton<TimeProvider>(clock)));
        var http = new CalibrationHttp(host, clock);
        var center = AppFixture.NewCenterId("cala");
        await http.SeedScorecardAsync(center, "n1-", "n2-", "n3-");
        async Task<List<Notification>> AlertsAsync() =>
            (await http.Lead(center).GetFromJsonAsync<NotificationInbox>($"/api/centers/{center}/notifications", CalibrationHttp.Json))!
                .Items.Where(n => n.Kind == NotificationKind.CalibrationAlert).OrderBy(n => n.At).ToList();

        await http.RoundAsync(center, "n1");
        Assert.Empty(await AlertsAsync()); // one failure is no alert

        clock.Advance(TimeSpan.FromDays(1));
        var second = await http.RoundAsync(center, "n2");
        var alert = Assert.Single(await AlertsAsync());
        Assert.Equal((Recipients.QaLeads, $"calibration-alert|cy|{second}"), (alert.Recipient, alert.EventKey));
        Assert.Equal(("cy", "2", second), (alert.Facts["inspectorId"], alert.Facts["failures"], alert.Facts["sessionId"]));
        Assert.Equal($"#/calibration/trends/{center}?inspector=cy", alert.Link);
        Assert.Equal(clock.GetUtcNow(), alert.At);

        // The lead's close retried (the answer was lost): the results are written again, the alert is not.
        await http.CloseAsync(center, second, "n2-");
        Assert.Single(await AlertsAsync());

        clock.Advance(TimeSpan.FromDays(1));
        var third = await http.RoundAsync(center, "n3");
        await http.CloseAsync(center, third, "n3-");
        var alerts = await AlertsAsync();
        Assert.Equal([$"calibration-alert|cy|{second}", $"calibration-alert|cy|{third}"], alerts.Select(n => n.EventKey));
        Assert.Equal("3", alerts[1].Facts["failures"]);

        // Nobody else heard of it: the inspectors' own inboxes hold their invitations only.
        foreach (var person in new[] { "ana", "bo", "cy" })
        {
            var inbox = await http.Inspector(center, person).GetFromJsonAsync<NotificationInbox>($"/api/centers/{center}/notifications", CalibrationHttp.Json);
            Assert.All(inbox!.Items, n => Assert.Equal(NotificationKind.CalibrationInvited, n.Kind));
            Assert.Equal(3, inbox.Items.Count);
        }
    }
}
