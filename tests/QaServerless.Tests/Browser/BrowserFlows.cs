using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Azure.Storage.Blobs;
using QaServerless.Assignments;
using QaServerless.Calls;
using QaServerless.ReferenceData;
using QaServerless.Security;

namespace QaServerless.Tests.Browser;

/// <summary>Steps the browser tests share: seeding a center, signing in with the keyboard.</summary>
public static class BrowserFlows
{
    public static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    /// <summary>Today in the seeded centers' time zone (the browser fixture keeps the system clock).</summary>
    public static DateOnly Today => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, Shanghai).DateTime);

    public static async Task<string> SeedCenterAsync(BrowserFixture browser)
    {
        var center = Infrastructure.AppFixture.NewCenterId("b");
        var store = browser.Service<ReferenceDataStore>();
        await store.UpsertCenterAsync(new Center(center, "上海呼叫中心", "Asia/Shanghai"));
        await store.UpsertAgentsAsync([
            new Agent(center, "A001", "陈静", "T1", "S001", new DateOnly(2026, 1, 5), ["咨询"]),
            new Agent(center, "A002", "刘洋", "T1", "S001", new DateOnly(2024, 3, 1), ["投诉"]),
        ]);
        await store.UpsertInspectorsAsync([new Inspector(center, "I001", "李娜", 40, [], [])]);
        return center;
    }

    public static HttpClient AdminOf(BrowserFixture browser, string center)
    {
        var client = new HttpClient { BaseAddress = new Uri(browser.BaseUrl) };
        client.DefaultRequestHeaders.Add(ClientPrincipalHandler.DevHeader, ClientPrincipalHandler.Encode("admin-1", [Roles.Admin], [center]));
        return client;
    }

    public static HttpClient AgentOf(BrowserFixture browser, string center, string agent)
    {
        var client = new HttpClient { BaseAddress = new Uri(browser.BaseUrl) };
        client.DefaultRequestHeaders.Add(ClientPrincipalHandler.DevHeader, ClientPrincipalHandler.Encode($"agent-{agent}", [Roles.Agent], [center], agent, ["T1"]));
        return client;
    }

    public static HttpClient SupervisorOf(BrowserFixture browser, string center, string team)
    {
        var client = new HttpClient { BaseAddress = new Uri(browser.BaseUrl) };
        client.DefaultRequestHeaders.Add(ClientPrincipalHandler.DevHeader, ClientPrincipalHandler.Encode($"supervisor-{team}", [Roles.Supervisor], [center], null, [team]));
        return client;
    }

    /// <summary>A scorecard in force now: 4 items in 2 sections (one critical, one warning, one N/A-able); the guidance is
    /// what the fake model matches transcript lines against.</summary>
    public static async Task SeedScorecardAsync(BrowserFixture browser, string center)
    {
        var admin = AdminOf(browser, center);
        var created = await admin.PostAsJsonAsync($"/api/centers/{center}/scorecards", new
        {
            scorecardId = "standard", name = "标准质检表",
            sections = new object[]
            {
                new { sectionId = "open", title = "开场", items = new object[]
                {
                    new { itemId = "greet", text = "接通 2 秒内问候", guidance = "如：您好，很高兴为您服务；请问有什么可以帮您", weight = 2, answerType = "YesNo" },
                    new { itemId = "verify", text = "核实客户身份", guidance = "为了核实身份，请您提供手机号或身份证后四位", weight = 3, answerType = "YesNo", critical = "Compliance" },
                } },
                new { sectionId = "solve", title = "解决问题", items = new object[]
                {
                    new { itemId = "solve", text = "一次解决客户问题", guidance = "已为您查到、预计送达、工作日内到账", weight = 5, answerType = "YesNo", notApplicableAllowed = true },
                    new { itemId = "jargon", text = "避免使用专业术语", weight = 1, answerType = "YesNo", warning = true },
                } },
            },
        });
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        var publish = new HttpRequestMessage(HttpMethod.Post, $"/api/centers/{center}/scorecards/standard/versions/1/publish")
        {
            Content = JsonContent.Create(new { effectiveFrom = DateTimeOffset.UtcNow.AddSeconds(1), reason = "browser test: in force at once" }),
        };
        publish.Headers.TryAddWithoutValidation("If-Match", created.Headers.ETag?.ToString());
        var published = await admin.SendAsync(publish);
        Assert.True(published.IsSuccessStatusCode, await published.Content.ReadAsStringAsync());
        // The effective date may not be in the past when publishing: wait (bounded) for the second it takes effect.
        for (var i = 0; i < 50; i++)
        {
            if ((await admin.GetAsync($"/api/centers/{center}/scorecards/standard/current")).IsSuccessStatusCode) return;
            await Task.Delay(200);
        }
        Assert.Fail("The scorecard never came into force.");
    }

    /// <summary>
    /// Records a call the way ingest does, with a real stereo WAV of <paramref name="seconds"/> in the recordings container
    /// of the fixture's Azurite, so the evaluation page's short-lived link streams it from there. Returns the call's start.
    /// </summary>
    public static async Task<DateTimeOffset> SeedCallWithAudioAsync(BrowserFixture browser, string center, string callId, string agent, int seconds = 40, DateTimeOffset? start = null)
    {
        var at = start ?? DateTimeOffset.UtcNow.AddMinutes(-10);
        var blob = $"{center}/{at:yyyy/MM/dd}/{callId}.wav";
        var container = browser.Service<BlobServiceClient>().GetBlobContainerClient(AudioLinks.Container);
        await container.CreateIfNotExistsAsync();
        await container.GetBlobClient(blob).UploadAsync(BinaryData.FromBytes(Ai.WavChannelSplitterTests.StereoWav(8000, seconds)), overwrite: true);
        var stored = await browser.Service<ReferenceDataStore>().GetCenterAsync(center) ?? throw new InvalidOperationException($"Center {center} is not seeded.");
        await browser.Service<CallStore>().SaveAsync(stored, new Call
        {
            CenterId = center, CallId = callId, AgentId = agent, Team = "T1", BusinessType = "咨询", Direction = CallDirection.Inbound,
            Start = at, TalkSeconds = seconds, AudioBlob = blob,
            Audio = new AudioInfo("wav", 44 + seconds * 8000 * 4, "audio/wav", seconds, 2, 8000),
        }, CancellationToken.None);
        return at;
    }

    /// <summary>
    /// Assigns a sampled call to the center's inspector the way AssignInspector does. Returns the work day: today, or the
    /// next working day of the sampling plan when today is not one.
    /// </summary>
    public static async Task<DateOnly> AssignAsync(BrowserFixture browser, string center, string callId, string agent, string businessType, string reason)
    {
        var (assignment, _) = await browser.Service<AssignmentService>().AssignAsync(
            new AssignmentRequest(center, callId, agent, "T1", businessType, Today.AddDays(-1), Today, reason, 0));
        return assignment.Day;
    }

    /// <summary>Opens the worklist of the given day when it is not today (a weekend run of the tests).</summary>
    public static async Task ShowWorklistOfAsync(IPage page, string center, DateOnly day)
    {
        if (day != Today) await page.GotoAsync($"/api/ui/#/worklist/{center}/{day:yyyy-MM-dd}");
        await Assertions.Expect(page.Locator("main a.open").First).ToBeFocusedAsync();
    }

    /// <summary>Signs in on the local sign-in page with the keyboard only; lands on the role's home page.</summary>
    public static async Task SignInAsync(IPage page, Keyboard keys, string role, string center, string? person = null, string? team = null)
    {
        await page.GotoAsync("/api/ui/#/signin");
        await Assertions.Expect(page.Locator("select[name=role]")).ToBeFocusedAsync();
        await keys.TypeAsync(role[..2]);
        await keys.PressAsync("Tab");
        await keys.PressAsync("Control+a");
        await keys.TypeAsync(center);
        if (!string.IsNullOrEmpty(person)) { await keys.TabToAsync("input[name=personId]"); await keys.TypeAsync(person); }
        if (!string.IsNullOrEmpty(team)) { await keys.TabToAsync("input[name=team]"); await keys.PressAsync("Control+a"); await keys.TypeAsync(team); }
        await keys.PressAsync("Enter");
        await Assertions.Expect(page.Locator("#who")).ToContainTextAsync(center);
        await Assertions.Expect(page).Not.ToHaveURLAsync(new Regex("#/signin$"));
        // The landing page has finished loading (no page in flight): one that finishes late could draw over the next.
        await Assertions.Expect(page.Locator("#main[aria-busy]")).ToHaveCountAsync(0);
    }
}
