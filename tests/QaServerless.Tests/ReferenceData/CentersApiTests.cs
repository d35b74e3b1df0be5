using System.Net;
using System.Net.Http.Json;
using QaServerless.ReferenceData;
using QaServerless.Security;
using QaServerless.Tests.Infrastructure;

namespace QaServerless.Tests.ReferenceData;

[Collection(AppCollection.Name)]
public sealed class CentersApiTests(AppFixture app)
{
    [Fact]
    public async Task AnAdminDefinesACenterAndItsPeopleSeeIt()
    {
        var center = AppFixture.NewCenterId();
        var put = await app.AdminOf(center).PutAsJsonAsync($"/api/centers/{center}", new { name = "Shanghai", timeZone = "Asia/Shanghai", retentionDays = 180 });
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);

        var seen = await app.ClientAs("insp-1", [Roles.Inspector], [center]).GetFromJsonAsync<Center>($"/api/centers/{center}");
        Assert.Equal("Asia/Shanghai", seen!.TimeZone);
        Assert.Equal(180, seen.RetentionDays);
    }

    [Fact]
    public async Task ABadTimeZoneIsAProblemNamingTheField()
    {
        var center = AppFixture.NewCenterId();
        var put = await app.AdminOf(center).PutAsJsonAsync($"/api/centers/{center}", new { name = "X", timeZone = "Mars/Olympus" });
        Assert.Equal(HttpStatusCode.BadRequest, put.StatusCode);
        Assert.Equal("application/problem+json", put.Content.Headers.ContentType?.MediaType);
        Assert.Contains("timeZone", await put.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task AnotherCentersPeopleCannotSeeIt()
    {
        var center = AppFixture.NewCenterId();
        await app.AdminOf(center).PutAsJsonAsync($"/api/centers/{center}", new { name = "Secret", timeZone = "Asia/Shanghai" });

        var outsider = app.ClientAs("lead-x", [Roles.QaLead], ["elsewhere"]);
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync($"/api/centers/{center}")).StatusCode);
        Assert.DoesNotContain(center, await outsider.GetStringAsync("/api/centers"));
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient().GetAsync($"/api/centers/{center}")).StatusCode);
    }
}
