using System.Net;
using System.Net.Http.Json;
using QaServerless.Tests.Infrastructure;
using QaServerless.Workbench;

namespace QaServerless.Tests.Workbench;

/// <summary>The web client is served by the app under /api/ui/ (the only prefix the host proxies), and signs in locally.</summary>
[Collection(AppCollection.Name)]
public sealed class WorkbenchServingTests(AppFixture app)
{
    [Fact]
    public async Task TheClientIsServedUnderApiUiWithAStrictContentSecurityPolicy()
    {
        var client = app.CreateClient(new() { AllowAutoRedirect = false });
        var bare = await client.GetAsync("/api/ui");
        Assert.Equal(HttpStatusCode.Redirect, bare.StatusCode);
        Assert.Equal("/api/ui/", bare.Headers.Location?.OriginalString);

        var page = await client.GetAsync("/api/ui/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("script-src 'self'", page.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Contains("lang=\"zh-CN\"", await page.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task EveryClientFileIsServedAndRevalidatedByETag()
    {
        var client = app.CreateClient();
        Assert.Contains("app.js", WorkbenchUi.FileNames);
        foreach (var name in WorkbenchUi.FileNames)
        {
            var first = await client.GetAsync($"/api/ui/{name}");
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
            var again = new HttpRequestMessage(HttpMethod.Get, $"/api/ui/{name}");
            again.Headers.IfNoneMatch.Add(first.Headers.ETag!);
            Assert.Equal(HttpStatusCode.NotModified, (await client.SendAsync(again)).StatusCode);
        }
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/ui/nothing-here.js")).StatusCode);
    }

    [Fact]
    public async Task TheDevelopmentSignInSetsTheCookieThatSignsThePersonIn()
    {
        var center = AppFixture.NewCenterId();
        var client = app.CreateClient(); // keeps cookies
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/me")).StatusCode);

        var signIn = await client.PostAsJsonAsync("/api/dev/sign-in", new { role = "supervisor", center, personId = "S001", team = "T1", name = "张伟" });
        Assert.Equal(HttpStatusCode.NoContent, signIn.StatusCode);
        var cookie = signIn.Headers.GetValues("Set-Cookie").Single();
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);

        var me = await client.GetFromJsonAsync<Me>("/api/me");
        Assert.Equal(["supervisor"], me!.Roles);
        Assert.Equal([center], me.Centers);
        Assert.Equal(["T1"], me.Teams);
        Assert.Equal("张伟", me.Name);

        await client.PostAsync("/api/dev/sign-out", null);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/me")).StatusCode);
    }

    [Fact]
    public async Task TheSessionAnswersOkSignedOutAndNamesThePersonSignedIn()
    {
        var client = app.CreateClient();
        var signedOut = await client.GetAsync("/api/session");
        Assert.Equal(HttpStatusCode.OK, signedOut.StatusCode);
        var none = await signedOut.Content.ReadFromJsonAsync<Session>();
        Assert.False(none!.SignedIn);
        Assert.Null(none.Me);

        var center = AppFixture.NewCenterId();
        var session = await app.ClientAs("u-s1", ["supervisor"], [center], teams: ["T1"]).GetFromJsonAsync<Session>("/api/session");
        Assert.True(session!.SignedIn);
        Assert.Equal([center], session.Me!.Centers);
        Assert.Equal(["T1"], session.Me.Teams);
    }

    [Fact]
    public async Task ASignInWithoutRequiredFieldsIsAProblemNamingThem()
    {
        var answer = await app.CreateClient().PostAsJsonAsync("/api/dev/sign-in", new { role = "inspector" });
        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.Equal("application/problem+json", answer.Content.Headers.ContentType?.MediaType);
        var body = await answer.Content.ReadAsStringAsync();
        Assert.Contains("\"center\"", body);
        Assert.Contains("\"personId\"", body);
    }
}
