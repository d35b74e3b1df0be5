using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using QaServerless.Calls;
using QaServerless.Hosting;
using QaServerless.Security;
using QaServerless.Tests.Infrastructure;

namespace QaServerless.Tests.Calls;

/// <summary>The calls API on the real pipeline: lists with continuation tokens, scoping, one call, the audio link.</summary>
[Collection(AppCollection.Name)]
public sealed class CallsApiTests(AppFixture app)
{
    private CallStore Store => app.Services.GetRequiredService<CallStore>();

    private async Task<string> SeedAsync()
    {
        var center = await CallStoreTests.NewCenterAsync(app);
        var calls = Enumerable.Range(0, 9).Select(i => CallStoreTests.NewCall(center.CenterId, $"h-{i}", agent: i % 3 == 0 ? "a2" : "a1",
            businessType: i % 2 == 0 ? "order" : "inquiry", start: new DateTimeOffset(2026, 11, 18 + i % 2, 10, 0, 0, TimeSpan.FromHours(8)))
            with { AudioBlob = $"{center.CenterId}/2026/11/19/h-{i}.wav", Team = i % 3 == 0 ? "t2" : "t1" }).ToList();
        await Store.SaveBatchAsync(center, calls, default);
        return center.CenterId;
    }

    private static async Task<List<string>> AllPagesAsync(HttpClient client, string url)
    {
        var ids = new List<string>();
        string? token = null;
        do
        {
            var page = await client.GetFromJsonAsync<CallPage>(url + (token is null ? "" : "&continuation=" + Uri.EscapeDataString(token)), HostJson.Options);
            Assert.True(page!.Calls.Count <= 2);
            ids.AddRange(page.Calls.Select(c => c.CallId));
            token = page.Continuation;
        } while (token is not null);
        return ids;
    }

    [Fact]
    public async Task CallsAreListedPageByPageByDaysAgentAndBusinessType()
    {
        var center = await SeedAsync();
        var lead = app.QaLeadOf(center);
        var range = $"/api/calls?center={center}&from=2026-11-18&to=2026-11-19&pageSize=2";

        Assert.Equal(9, (await AllPagesAsync(lead, range)).Distinct().Count());
        Assert.Equal(["h-0", "h-3", "h-6"], (await AllPagesAsync(lead, range + "&agent=a2")).Order());
        Assert.Equal(["h-0", "h-2", "h-4", "h-6", "h-8"], (await AllPagesAsync(lead, range + "&businessType=order")).Order());
        Assert.Equal(["h-3"], await AllPagesAsync(lead, range + "&agent=a2&businessType=inquiry"));
    }

    [Theory]
    [InlineData("from=2026-11-18", "to")]
    [InlineData("from=18.11.2026&to=2026-11-19", "from")]
    [InlineData("from=2026-11-19&to=2026-11-18", "to")]
    [InlineData("from=2026-01-01&to=2026-12-31", "to")]
    [InlineData("from=2026-11-18&to=2026-11-19&continuation=bm9wZQ", "continuation")]
    public async Task BadListParametersAreProblemsNamingTheField(string query, string field)
    {
        var center = await SeedAsync();
        var response = await app.QaLeadOf(center).GetAsync($"/api/calls?center={center}&{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains($"\"{field}\"", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task AnotherCentersCallsAreNotFound()
    {
        var center = await SeedAsync();
        var outsider = app.QaLeadOf("elsewhere");

        Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync($"/api/calls?center={center}&from=2026-11-18&to=2026-11-19")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync($"/api/calls/{center}/h-1")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync($"/api/calls/{center}/h-1/audio-link")).StatusCode);
    }

    [Fact]
    public async Task AnAgentSeesOnlyTheirOwnCalls()
    {
        var center = await SeedAsync();
        var agent = app.ClientAs("u-a2", [Roles.Agent], [center], personId: "a2");

        Assert.Equal(["h-0", "h-3", "h-6"], (await AllPagesAsync(agent, $"/api/calls?center={center}&from=2026-11-18&to=2026-11-19&pageSize=2")).Order());
        Assert.Equal(HttpStatusCode.OK, (await agent.GetAsync($"/api/calls/{center}/h-3")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await agent.GetAsync($"/api/calls/{center}/h-1")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.GetAsync($"/api/calls?center={center}&from=2026-11-18&to=2026-11-19&agent=a1")).StatusCode);
    }

    [Fact]
    public async Task ASupervisorSeesTheCallsOfTheTeamsTheyLeadOnly()
    {
        var center = await SeedAsync();
        var supervisor = app.ClientAs("u-s2", [Roles.Supervisor], [center], teams: ["t2"]);

        Assert.Equal(["h-0", "h-3", "h-6"], (await AllPagesAsync(supervisor, $"/api/calls?center={center}&from=2026-11-18&to=2026-11-19&pageSize=2")).Order());
        Assert.Empty(await AllPagesAsync(supervisor, $"/api/calls?center={center}&from=2026-11-18&to=2026-11-19&agent=a1&pageSize=2"));
        Assert.Equal(HttpStatusCode.OK, (await supervisor.GetAsync($"/api/calls/{center}/h-3")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await supervisor.GetAsync($"/api/calls/{center}/h-1")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await supervisor.GetAsync($"/api/calls/{center}/h-1/audio-link")).StatusCode);
    }

    [Fact]
    public async Task OneCallIsReadByItsId()
    {
        var center = await SeedAsync();
        var call = await app.ClientAs("insp", [Roles.Inspector], [center]).GetFromJsonAsync<Call>($"/api/calls/{center}/h-4", HostJson.Options);

        Assert.Equal(("a1", "order"), (call!.AgentId, call.BusinessType));
        Assert.Equal(HttpStatusCode.NotFound, (await app.QaLeadOf(center).GetAsync($"/api/calls/{center}/nope")).StatusCode);
    }

    [Fact]
    public async Task TheAudioLinkIsAShortLivedReadOnlySasThatPlaysTheRecording()
    {
        var center = await SeedAsync();
        var wav = QaServerless.Tests.Ingestion.IngestionHelpers.Wav(0.5);
        await QaServerless.Tests.Ingestion.IngestionHelpers.UploadAsync(app, AudioLinks.Container, $"{center}/2026/11/19/h-2.wav", wav);

        var link = await app.ClientAs("insp", [Roles.Inspector], [center]).GetFromJsonAsync<AudioLink>($"/api/calls/{center}/h-2/audio-link", HostJson.Options);

        var query = System.Web.HttpUtility.ParseQueryString(link!.Uri.Query);
        Assert.Equal("r", query["sp"]);
        Assert.Equal("b", query["sr"]);
        Assert.Equal(app.Clock.GetUtcNow().AddMinutes(15), link.ExpiresOn);
        // The app's clock is fixed in the past; a link minted on the real clock shows that Storage accepts such a SAS.
        var live = await new AudioLinks(app.BlobService, TimeProvider.System, app.Services.GetRequiredService<IConfiguration>())
            .ReadLinkAsync(QaServerless.Security.CenterScope.OfStored(center), $"{center}/2026/11/19/h-2.wav", default);
        Assert.Equal(wav, await new HttpClient().GetByteArrayAsync(live.Uri));
        // Read-only: an otherwise valid upload through the link is refused.
        var put = new HttpRequestMessage(HttpMethod.Put, live.Uri) { Content = new ByteArrayContent([1]) };
        put.Headers.Add("x-ms-blob-type", "BlockBlob");
        Assert.Equal(HttpStatusCode.Forbidden, (await new HttpClient().SendAsync(put)).StatusCode);
    }
}
