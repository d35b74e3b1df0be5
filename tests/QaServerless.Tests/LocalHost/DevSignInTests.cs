using System.Net;
using System.Net.Http.Json;
using QaServerless.LocalHost.Demo;
using QaServerless.Tests.Infrastructure;

namespace QaServerless.Tests.LocalHost;

/// <summary>The sign-in the local host prints must be one the real app accepts.</summary>
[Collection(AppCollection.Name)]
public class DevSignInTests(AppFixture app)
{
    [Fact]
    public async Task ThePrintedAdminHeaderSignsInToEveryCenter()
    {
        var center = AppFixture.NewCenterId("lh");
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Add(DevSignIn.Header, DevSignIn.DemoAdmin);

        var put = await client.PutAsJsonAsync($"/api/centers/{center}", new { name = "演示", timeZone = "Asia/Shanghai", retentionDays = 30 });
        var get = await client.GetAsync($"/api/centers/{center}");

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
    }

    [Fact]
    public async Task WithoutTheHeaderTheApiRefuses()
    {
        var response = await app.CreateClient().GetAsync("/api/centers");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
