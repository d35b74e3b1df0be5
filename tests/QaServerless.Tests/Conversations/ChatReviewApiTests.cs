using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using QaServerless.Tests.Evaluations;
using QaServerless.Tests.Infrastructure;

namespace QaServerless.Tests.Conversations;

/// <summary>A chat conversation over HTTP: no audio link (409, not 500), problem records at its messages.</summary>
[Collection(AppCollection.Name)]
public sealed class ChatReviewApiTests(AppFixture app)
{
    [Fact]
    public async Task AnInspectorRecordsAProblemAtAMessageOfAnAssignedChat()
    {
        var s = await EvaluationScenario.CreateAsync(app);
        var callId = await s.AssignAsync();
        await StoredConversations.SaveAsync(app.Services, StoredConversations.New(s.Center, callId, "a1", "T1"));

        // A thread has no recording: a clear problem with a code, never a 500 or a link.
        var audio = await s.Inspector.GetAsync($"/api/calls/{s.Center}/{callId}/audio-link");
        Assert.Equal(HttpStatusCode.Conflict, audio.StatusCode);
        Assert.Equal("call.text-conversation", (await audio.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());

        var (started, response) = await s.StartAsync(s.Inspector, callId);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("chat", started.Channel);
        var path = $"{s.Base}/evaluations/{started.EvaluationId}/draft";

        var unknown = await s.SendAsync(s.Inspector, HttpMethod.Put, path,
            new { problems = new[] { new { itemId = "greet", description = "慢", messageId = "m-9", @class = "Typical" } } }, started.ETag);
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        var errors = (await unknown.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Equal(["problems[0].messageId"], errors.EnumerateObject().Select(p => p.Name));

        // No moment is sent: message #3 (m-3) was sent 75 s after the first message, and that is its moment.
        var draft = await s.ChangeAsync(s.Inspector, path,
            new { problems = new[] { new { itemId = "greet", description = "首次响应 75 秒", messageId = "m-3", @class = "Typical" } } }, started.ETag, HttpMethod.Put);
        var problem = Assert.Single(draft.Problems);
        Assert.Equal(("m-3", 75), (problem.MessageId, problem.AtSecond));
    }
}
