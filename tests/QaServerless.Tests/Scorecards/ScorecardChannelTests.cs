using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using QaServerless.Calls;
using QaServerless.ReferenceData;
using QaServerless.Scorecards;
using QaServerless.Tests.Evaluations;
using QaServerless.Tests.Infrastructure;

namespace QaServerless.Tests.Scorecards;

/// <summary>Scorecards for a channel: an evaluation started without naming a card gets the card for the call's channel, else the default.</summary>
[Collection(AppCollection.Name)]
public sealed class ScorecardChannelTests(AppFixture app)
{
    [Fact]
    public async Task AChatGetsTheChatCardAndAVoiceCallTheDefault()
    {
        var s = await EvaluationScenario.CreateAsync(app); // "standard" in force, for any channel: the default card
        var template = await s.Lead.PostAsync($"{s.Base}/scorecard-templates/{ScorecardTemplates.ChatId}", null);
        Assert.Equal(HttpStatusCode.Created, template.StatusCode);
        var chatCard = await template.Content.ReadFromJsonAsync<Scorecard>(EvaluationScenario.Json);
        Assert.Equal(["chat"], chatCard!.Channels);
        Assert.Equal("在线客服会话质检 Chat QA", chatCard.Name);
        Assert.Contains(chatCard.Items, i => i.ItemId == "first-response-60s");
        var publish = new HttpRequestMessage(HttpMethod.Post, $"{s.Base}/scorecards/{ScorecardTemplates.ChatId}/versions/1/publish")
        {
            Content = JsonContent.Create(new { effectiveFrom = app.Clock.GetUtcNow(), reason = "test center: in force at once" }),
        };
        publish.Headers.TryAddWithoutValidation("If-Match", template.Headers.ETag!.ToString());
        Assert.Equal(HttpStatusCode.OK, (await s.Admin.SendAsync(publish)).StatusCode);

        var center = (await s.Admin.GetFromJsonAsync<Center>($"/api/centers/{s.Center}", EvaluationScenario.Json))!;
        Call Make(string id, string? channel) => new()
        {
            CenterId = s.Center, CallId = id, AgentId = "a1", Team = "T1", BusinessType = "咨询", Direction = CallDirection.Inbound,
            Start = app.Clock.GetUtcNow().AddHours(-3), TalkSeconds = 90, Channel = channel,
        };
        await app.Services.GetRequiredService<CallStore>().SaveBatchAsync(center, [Make("voice-1", null), Make("chat-1", "chat")], CancellationToken.None);

        Assert.Equal(ScorecardTemplates.ChatId, await StartedOnAsync(s, "chat-1"));
        Assert.Equal(EvaluationScenario.ScorecardId, await StartedOnAsync(s, "voice-1"));
    }

    [Fact]
    public void WithoutADefaultCardAVoiceCallHasNoneAndOldVersionsAreForAnyChannel()
    {
        var now = DateTimeOffset.Parse("2026-11-20T08:00:00+08:00");
        Scorecard Card(string id, params string[] channels) => new()
        {
            CenterId = "c1", ScorecardId = id, Name = id, Status = ScorecardStatus.Published, EffectiveFrom = now.AddDays(-1), Channels = channels,
        };
        var chatOnly = new[] { Card("chat-service", "chat"), Card("mail", "email") };
        Assert.Null(ScorecardChoice.For(chatOnly, null, now));
        Assert.Equal("mail", ScorecardChoice.For(chatOnly, "EMAIL", now)!.ScorecardId);
        Assert.Equal("a-default", ScorecardChoice.For([.. chatOnly, Card("a-default")], "sms", now)!.ScorecardId);
        Assert.Equal(["chat", "email"], ScorecardChoice.Normalise([" Chat", "email", "chat", "", null]));
    }

    private static async Task<string> StartedOnAsync(EvaluationScenario s, string callId)
    {
        var started = await s.Lead.PostAsJsonAsync($"{s.Base}/evaluations", new { callId });
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        using var doc = JsonDocument.Parse(await started.Content.ReadAsStringAsync());
        return doc.RootElement.GetProperty("scorecardId").GetString()!;
    }
}
