using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using QaServerless.Ai.Analysis;
using QaServerless.FakeOpenAI;
using QaServerless.Security;
using QaServerless.Tests.Ai;
using QaServerless.Tests.Infrastructure;

namespace QaServerless.Tests.Conversations;

/// <summary>A chat conversation through the real analyser, the real Azure OpenAI client and the fake endpoint.</summary>
[Collection(AppCollection.Name)]
public sealed class ChatAnalysisTests(AppFixture app) : FakeOpenAIApp(app)
{
    [Fact]
    public async Task AChatIsTaggedAndPreScoredOnItsMessagesWithoutTranscription()
    {
        var center = AppFixture.NewCenterId();
        var callId = "chat-" + Guid.NewGuid().ToString("N")[..8];
        await StoredConversations.SaveAsync(Ai.Services, StoredConversations.New(center, callId));

        var trigger = await Ai.CreateClient().PostAsJsonAsync("/AnalyzeCall", AiEndToEndTests.QueuePayload(new AnalysisRequest(center, callId)));
        Assert.True(trigger.StatusCode == HttpStatusCode.OK, await trigger.Content.ReadAsStringAsync());

        var client = Ai.CreateClient();
        client.DefaultRequestHeaders.Add(ClientPrincipalHandler.DevHeader, ClientPrincipalHandler.Encode("insp-1", [Roles.Inspector], [center]));
        var view = await client.GetFromJsonAsync<JsonElement>($"/api/ai/{center}/calls/{callId}");
        Assert.Equal("Completed", view.GetProperty("status").GetString());

        // Never transcribed: one chat completion, no audio.
        Assert.Equal([FakeOperation.Chat], Fake.Requests.Select(r => r.Operation));
        var usage = view.GetProperty("usage");
        Assert.Equal((0, 1), (usage.GetProperty("transcriptionCalls").GetInt32(), usage.GetProperty("chatCalls").GetInt32()));

        // The text rules: the first reply came 75 s after the question (#1 → #3); no greeting-2s, silence or overtalk.
        var tag = Assert.Single(view.GetProperty("tags").EnumerateArray());
        Assert.Equal("slow-first-response", tag.GetProperty("ruleId").GetString());

        // Evidence cites messages: the greeting (#3, m-3) came after the item's 2 s, so "no"; the solution is #5 and the closing #6.
        var suggestions = view.GetProperty("suggestions").EnumerateArray().Select(s => s.GetProperty("suggestion"))
            .ToDictionary(s => s.GetProperty("itemId").GetString()!);
        Assert.Equal(["greeting", "solution", "closing"], suggestions.Keys);
        var greeting = suggestions["greeting"];
        Assert.Equal("no", greeting.GetProperty("answer").GetString());
        var evidence = greeting.GetProperty("evidence")[0];
        Assert.Equal((3, "m-3", "您好，很高兴为您服务，请问您的订单号是多少？"),
            (evidence.GetProperty("messageNumber").GetInt32(), evidence.GetProperty("messageId").GetString(), evidence.GetProperty("quote").GetString()));
        Assert.Equal(5, suggestions["solution"].GetProperty("evidence")[0].GetProperty("messageNumber").GetInt32());
        Assert.Equal(6, suggestions["closing"].GetProperty("evidence")[0].GetProperty("messageNumber").GetInt32());
        // "Verify identity" found nothing to quote and "no forbidden words" cannot be quoted: both dropped, counted.
        Assert.Equal(2, view.GetProperty("discardedByReason").GetProperty("NoEvidence").GetInt32());

        // Risk: the tag (10) + the failed greeting with verified evidence (15).
        Assert.Equal(25, view.GetProperty("riskScore").GetInt32());
    }
}
