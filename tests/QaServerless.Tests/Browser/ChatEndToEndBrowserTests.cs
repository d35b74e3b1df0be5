using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Playwright;
using QaServerless.Assignments;
using QaServerless.Hosting;
using QaServerless.Ingestion;
using QaServerless.Kpis;
using QaServerless.ReferenceData;
using QaServerless.Sampling;
using QaServerless.Tests.Assignments;
using QaServerless.Tests.Ingestion;

namespace QaServerless.Tests.Browser;

/// <summary>
/// Issue 17 part 3, end to end: a chat in our conversation export goes through the real blob path (BlobCreated →
/// IngestCallBatch → call-batches → ImportCallBatch), the daily sampling of its day (chat rate 1.0, voice 0), the
/// assignment function, the assigned inspector's evaluation in the browser on the center's chat card (thread, a problem
/// at message #3, score, submit, release, by keyboard), and the KPIs per channel.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ChatEndToEndBrowserTests(BrowserFixture browser)
{
    [Fact]
    public async Task AChatGoesFromTheExportFileToTheKpisThroughAReviewInTheBrowser()
    {
        var center = await BrowserFlows.SeedCenterAsync(browser);
        await BrowserFlows.SeedScorecardAsync(browser, center); // the default card, for any channel
        await PublishChatCardAsync(center);
        var day = BrowserFlows.Today.AddDays(-1);

        // 1. Ingest: the export file at its real path, through both functions as the host runs them.
        var blob = $"{center}/conversations/{day:yyyy-MM-dd}.jsonl";
        var records = browser.Service<BlobServiceClient>().GetBlobContainerClient(CallBatchIngestion.Container);
        await records.CreateIfNotExistsAsync();
        await records.GetBlobClient(blob).UploadAsync(BinaryData.FromString(Export(day)), overwrite: true);
        await PostAsync("IngestCallBatch", IngestionHelpers.EventGridPayload("IngestCallBatch", CallBatchIngestion.Container, blob));
        var queue = browser.Service<QueueServiceClient>().GetQueueClient(CallBatchQueue.Name);
        var batch = (await queue.ReceiveMessagesAsync(32)).Value
            .Single(m => JsonSerializer.Deserialize<CallBatchRequest>(m.Body.ToString(), HostJson.Options)?.Blob == blob);
        await queue.DeleteMessageAsync(batch.MessageId, batch.PopReceipt);
        var imported = await PostAsync("ImportCallBatch", IngestionHelpers.QueuePayload("ImportCallBatch", batch.Body.ToString(), batch.DequeueCount));
        Assert.Contains("read 1, ingested 1, rejected 0", imported);

        // 2. Sampling of that day: chats at 1.0, voice at 0 (every day a working day, so the test runs on any day).
        var lead = LeadOf(center);
        var plan = await lead.PutAsJsonAsync($"/api/sampling/{center}/plan", new
        {
            channelRates = new { voice = 0.0, chat = 1.0 }, workingDays = Enum.GetNames<DayOfWeek>(),
        });
        Assert.Equal(HttpStatusCode.OK, plan.StatusCode);
        var stored = await browser.Service<ReferenceDataStore>().GetCenterAsync(center);
        var sampling = await browser.Service<SamplingService>().RunAsync(stored!, day);
        var message = Assert.Single(sampling.Messages);
        Assert.Equal(("CHAT-E2E", "A001", "random"), (message.CallId, message.AgentId, message.Reason));

        // 3. Assignment: the message as Service Bus delivers it to AssignInspector.
        var assigned = await HostPayloads.PostAsync(browser.App.CreateClient(), AssignInspectorFunction.Name,
            HostPayloads.ServiceBus(AssignInspectorFunction.Binding, HostPayloads.Json(message), message.CallId));
        Assert.Equal(HttpStatusCode.OK, assigned.StatusCode);

        // 4. The inspector, by keyboard: worklist → the chat's thread on the chat card → problem at #3 → score → submit → release.
        var page = await browser.NewPageAsync();
        var signIn = new Keyboard(page);
        await BrowserFlows.SignInAsync(page, signIn, "inspector", center, "I001");
        var keys = new Keyboard(page);
        await BrowserFlows.ShowWorklistOfAsync(page, center, message.WorkDay);
        await Assertions.Expect(page.Locator("main a.open").First).ToContainTextAsync("CHAT-E2E");
        await keys.PressAsync("Enter");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex($"#/evaluation/{center}/ev-"));
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("在线客服会话 CHAT-E2E");
        await Assertions.Expect(page.Locator("#messages li")).ToHaveCountAsync(6);
        await Assertions.Expect(page.Locator("fieldset.item").First).ToHaveAttributeAsync("data-item", "first-response-60s"); // the chat card
        await keys.PressAsync("m");
        await keys.PressAsync("ArrowDown", 2);
        await Assertions.Expect(page.Locator("#msg-3")).ToBeFocusedAsync();
        await keys.PressAsync("e");
        await Assertions.Expect(page.Locator("#problem-message")).ToHaveValueAsync("m3");
        await keys.TypeAsync("首次响应 75 秒，超过 60 秒");
        await keys.PressAsync("Enter");
        await Assertions.Expect(page.Locator("#problems")).ToContainTextAsync("消息 #3");
        // First response within 60 s: no (75 s); greeting yes; closing yes. Item share: (0×3 + 1 + 1) ÷ 5 = 40.00.
        await keys.PressAsync("n");
        await keys.PressAsync("y", 2);
        await Assertions.Expect(page.Locator("#score-value")).ToContainTextAsync("40.00");
        await keys.PressAsync("Control+Enter");
        await Assertions.Expect(page.Locator("#status")).ToContainTextAsync("已提交");
        await keys.PressAsync("Control+Enter");
        await Assertions.Expect(page.Locator("#confirm-yes")).ToBeFocusedAsync();
        await keys.PressAsync("Enter");
        await Assertions.Expect(page.Locator("#status")).ToContainTextAsync("已发布");
        await browser.ScreenshotAsync(page, "24-chat-end-to-end-released");
        Assert.Equal(0, keys.Clicks + signIn.Clicks);
        browser.AssertNoScriptErrors(page);

        // 5. KPIs per channel: the chat group has the one evaluation, its score, and the first response (10:00:10 → 10:01:25).
        var report = (await lead.GetFromJsonAsync<KpiReport>($"/api/kpis/{center}?month={day:yyyy-MM}&groupBy=channel", HostJson.Options))!;
        var chat = report.Groups.Single(g => g.Group == "chat");
        Assert.Equal((1L, 40.00m), (chat.Qa.Evaluations, chat.Qa.MeanScore));
        Assert.Equal((1L, 75m), (chat.ContactCenter.TextConversations, chat.ContactCenter.AverageFirstResponseSeconds));

        // 6. Search says it is a chat (seen: the bulk import's index rows left the channel out, so no badge showed).
        var found = (await lead.GetFromJsonAsync<System.Text.Json.Nodes.JsonObject>($"/api/search/{center}?from={day:yyyy-MM-dd}&to={day:yyyy-MM-dd}"))!;
        var row = found["results"]!.AsArray().Single(r => r!["callId"]!.GetValue<string>() == "CHAT-E2E")!;
        Assert.Equal("chat", row["channel"]?.GetValue<string>());
    }

    private HttpClient LeadOf(string center)
    {
        var client = new HttpClient { BaseAddress = new Uri(browser.BaseUrl) };
        client.DefaultRequestHeaders.Add(QaServerless.Security.ClientPrincipalHandler.DevHeader,
            QaServerless.Security.ClientPrincipalHandler.Encode("lead-1", [QaServerless.Security.Roles.QaLead], [center], "L001"));
        return client;
    }

    private async Task<string> PostAsync(string function, string payload)
    {
        var response = await browser.App.CreateClient().PostAsync($"/{function}", new StringContent(payload, Encoding.UTF8, "application/json"));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{function} answered {(int)response.StatusCode}: {body}");
        return body;
    }

    /// <summary>A chat card of three yes/no items (3, 1, 1), for the chat channel, in force now.</summary>
    private async Task PublishChatCardAsync(string center)
    {
        var admin = BrowserFlows.AdminOf(browser, center);
        var created = await admin.PostAsJsonAsync($"/api/centers/{center}/scorecards", new
        {
            scorecardId = "chat-qa", name = "在线客服会话质检 Chat QA", channels = new[] { "chat" },
            sections = new[]
            {
                new
                {
                    sectionId = "chat", title = "会话 Chat",
                    items = new[]
                    {
                        new { itemId = "first-response-60s", text = "60 秒内首次回复", weight = 3 },
                        new { itemId = "greeting", text = "标准问候语", weight = 1 },
                        new { itemId = "closing", text = "标准结束语", weight = 1 },
                    },
                },
            },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var publish = new HttpRequestMessage(HttpMethod.Post, $"/api/centers/{center}/scorecards/chat-qa/versions/1/publish")
        {
            Content = JsonContent.Create(new { effectiveFrom = DateTimeOffset.UtcNow, reason = "test center: in force at once" }),
        };
        publish.Headers.TryAddWithoutValidation("If-Match", created.Headers.ETag!.ToString());
        Assert.Equal(HttpStatusCode.OK, (await admin.SendAsync(publish)).StatusCode);
    }

    /// <summary>One chat of A001 at 10:00 Shanghai: the customer writes at +10 s, the agent first answers at +85 s (75 s later).</summary>
    private static string Export(DateOnly day)
    {
        string At(string time) => $"{day:yyyy-MM-dd}T{time}+08:00";
        return JsonSerializer.Serialize(new
        {
            id = "CHAT-E2E", channel = "chat", agentId = "A001", team = "T1", businessType = "咨询", customerKey = "sha256:e2e00001",
            resolved = true, csat = 4,
            messages = new[]
            {
                new { id = "m1", from = "system", at = At("10:00:00"), text = "您好，欢迎来到在线客服。" },
                new { id = "m2", from = "customer", at = At("10:00:10"), text = "我的快递还没到" },
                new { id = "m3", from = "agent", at = At("10:01:25"), text = "您好，我是 017 号客服，我帮您查一下物流。" },
                new { id = "m4", from = "customer", at = At("10:01:40"), text = "好的" },
                new { id = "m5", from = "agent", at = At("10:02:30"), text = "包裹已到本地网点，今天送达。" },
                new { id = "m6", from = "agent", at = At("10:02:50"), text = "感谢您的咨询，再见。" },
            },
        }, new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n";
    }
}
