using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using QaServerless.Calls;
using QaServerless.Hosting;
using QaServerless.Kpis;
using QaServerless.Tests.Infrastructure;
using static QaServerless.Tests.Ingestion.IngestionHelpers;

namespace QaServerless.Tests.Kpis;

/// <summary>
/// KPIs per channel, from calls and text conversations saved through the call store (the KPI sink updates the rollups):
/// first response time, resolution and CSAT of the text channels, and FCR across channels (a chat after a call of the
/// same customer key is a repeat of the call). Every figure computed by hand below.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class KpiChannelTests(AppFixture app)
{
    private static Call C(string center, string id, string start, string customer, string type, string? channel, int talk = 120,
        int? firstResponse = null, bool? resolved = null, int? csat = null, bool abandoned = false) => new()
    {
        CenterId = center, CallId = id, AgentId = "a1", Team = "t1", BusinessType = type, Direction = CallDirection.Inbound,
        Start = DateTimeOffset.Parse(start, System.Globalization.CultureInfo.InvariantCulture), TalkSeconds = abandoned ? 0 : talk,
        Abandoned = abandoned, CustomerKey = customer, Channel = channel, FirstResponseSeconds = firstResponse, Resolved = resolved, Csat = csat,
    };

    [Fact]
    public async Task TextChannelsHaveTheirFiguresAndARepeatAcrossChannelsIsNotResolvedFirstTime()
    {
        var center = await NewCenterAsync(app);
        var id = center.CenterId;
        await Store(app).SaveBatchAsync(center,
        [
            C(id, "v1", "2026-10-05T09:00:00+08:00", "sha256:k1", "咨询", null, resolved: true),                                   // a call …
            C(id, "chat1", "2026-10-05T10:00:00+08:00", "sha256:k1", "咨询", "chat", firstResponse: 45, resolved: true, csat: 5), // … the same customer an hour later, by chat
            C(id, "chat2", "2026-10-05T15:00:00+08:00", "sha256:k2", "咨询", "chat", firstResponse: 90, resolved: false, csat: 3),
            C(id, "mail1", "2026-10-06T08:30:00+08:00", "sha256:k3", "投诉", "email", firstResponse: 8130, resolved: true),
            C(id, "chat3", "2026-10-06T11:00:00+08:00", "sha256:k4", "订单", "chat", abandoned: true),                             // no agent ever wrote
        ], default);

        var response = await app.QaLeadOf(id).GetAsync($"/api/kpis/{id}?month=2026-10&groupBy=channel");
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var report = (await response.Content.ReadFromJsonAsync<KpiReport>(HostJson.Options))!;
        var by = report.Groups.ToDictionary(g => g.Group, g => g.ContactCenter);
        Assert.Equal(["chat", "email", "voice"], by.Keys.Order());

        // voice: v1 was a first contact, and chat1 (same customer, same business type, 1 h later) makes it unresolved within 2 h and 24 h.
        Assert.Equal(1, by["voice"].Calls);
        Assert.Equal(new Ratio(0, 1), by["voice"].FirstContactResolution["2h"]);
        Assert.Equal(new Ratio(0, 1), by["voice"].FirstContactResolution["24h"]);
        Assert.Equal(0, by["voice"].TextConversations);
        Assert.Null(by["voice"].AverageFirstResponseSeconds);

        // chat: 3 contacts, 2 answered; chat1 is a repeat (no first contact), chat2 a first contact resolved first time.
        var chat = by["chat"];
        Assert.Equal((3L, 2L, 1L, 2L), (chat.Calls, chat.Answered, chat.Abandoned, chat.TextConversations));
        Assert.Equal(67.5m, chat.AverageFirstResponseSeconds);                  // (45 + 90) / 2
        Assert.Equal(new Ratio(1, 2), chat.FirstResponseWithinTarget);          // 45 ≤ 60 < 90
        Assert.Equal(new Ratio(1, 2), chat.CallResolutionRate);                 // chat1 yes, chat2 no
        Assert.Equal(4.00m, chat.CsatMean);                                      // (5 + 3) / 2
        Assert.Equal(new Ratio(1, 1), chat.FirstContactResolution["24h"]);

        var mail = by["email"];
        Assert.Equal((1L, 8130.0m, new Ratio(0, 1), new Ratio(1, 1)), (mail.TextConversations, mail.AverageFirstResponseSeconds, mail.FirstResponseWithinTarget, mail.CallResolutionRate));

        // The center: first contacts v1, chat2, mail1; resolved first time chat2 and mail1.
        var total = report.Total.ContactCenter;
        Assert.Equal(new Ratio(2, 3), total.FirstContactResolution["2h"]);
        Assert.Equal((3L, 2755.0m, new Ratio(1, 3)), (total.TextConversations, total.AverageFirstResponseSeconds, total.FirstResponseWithinTarget)); // (45+90+8130)/3

        // A replay adds nothing.
        await Store(app).SaveBatchAsync(center, [C(id, "chat1", "2026-10-05T10:00:00+08:00", "sha256:k1", "咨询", "chat", firstResponse: 45, resolved: true, csat: 5)], default);
        var again = (await app.QaLeadOf(id).GetFromJsonAsync<KpiReport>($"/api/kpis/{id}?month=2026-10&groupBy=channel", HostJson.Options))!;
        Assert.Equal(2, again.Groups.Single(g => g.Group == "chat").ContactCenter.TextConversations);
    }
}
