using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using QaServerless.ReferenceData;
using QaServerless.Security;
using QaServerless.Tests.Infrastructure;

namespace QaServerless.Tests.ReferenceData;

/// <summary>The names behind the ids, for each role only the people it may see.</summary>
[Collection(AppCollection.Name)]
public sealed class PeopleApiTests(AppFixture app)
{
    [Fact]
    public async Task EachRoleGetsTheNamesOfThePeopleItMaySeeOnly()
    {
        var center = AppFixture.NewCenterId();
        var store = app.Services.GetRequiredService<ReferenceDataStore>();
        await store.UpsertCenterAsync(new Center(center, "上海", "Asia/Shanghai"));
        await store.UpsertAgentsAsync([
            new Agent(center, "A001", "陈静", "T1", "S001", null, []),
            new Agent(center, "A002", "刘洋", "T1", "S001", null, []),
            new Agent(center, "A003", "王芳", "T2", "S002", null, []),
        ]);
        await store.UpsertInspectorsAsync([new Inspector(center, "I001", "李娜", 40, [], [])]);
        async Task<List<string>> Seen(HttpClient client) =>
            [.. (await client.GetFromJsonAsync<List<Person>>($"/api/centers/{center}/people"))!.Select(p => $"{p.Id} {p.Name} {p.Role}").Order()];

        Assert.Equal(["A001 陈静 agent", "A002 刘洋 agent", "A003 王芳 agent", "I001 李娜 inspector"], await Seen(app.QaLeadOf(center)));
        Assert.Equal(["A001 陈静 agent", "A002 刘洋 agent", "I001 李娜 inspector"], await Seen(app.ClientAs("u-s1", [Roles.Supervisor], [center], teams: ["T1"])));
        Assert.Equal(["A002 刘洋 agent", "I001 李娜 inspector"], await Seen(app.ClientAs("u-a2", [Roles.Agent], [center], personId: "A002", teams: ["T1"])));
        Assert.Equal(HttpStatusCode.NotFound, (await app.ClientAs("lead-x", [Roles.QaLead], ["elsewhere"]).GetAsync($"/api/centers/{center}/people")).StatusCode);
    }
}
