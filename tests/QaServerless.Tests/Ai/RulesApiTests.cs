using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using QaServerless.Security;
using QaServerless.Tests.Infrastructure;

namespace QaServerless.Tests.Ai;

[Collection(AppCollection.Name)]
public sealed class RulesApiTests(AppFixture app)
{
    private static readonly object ForbiddenRuleSet = new
    {
        rules = new object[]
        {
            new { id = "no-bye", name = "不许说拜拜", category = "forbidden", trigger = "WhenFound", speaker = "Agent", keywords = new[] { "拜拜" }, riskWeight = 40 },
        },
    };

    [Fact]
    public async Task ALeadSavesANewVersionAndTheDryRunUsesIt()
    {
        var center = AppFixture.NewCenterId();
        var lead = app.QaLeadOf(center);

        var before = await lead.GetFromJsonAsync<JsonElement>($"/api/ai/{center}/rules");
        Assert.Equal(0, before.GetProperty("version").GetInt32()); // built-in rules until a lead saves a set

        var put = await lead.PutAsJsonAsync($"/api/ai/{center}/rules", ForbiddenRuleSet);
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        Assert.Equal(1, (await put.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetInt32());
        var second = await lead.PutAsJsonAsync($"/api/ai/{center}/rules", ForbiddenRuleSet);
        Assert.Equal(2, (await second.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetInt32());

        var inspector = app.ClientAs("insp-1", [Roles.Inspector], [center]);
        var dry = await inspector.PostAsJsonAsync($"/api/ai/{center}/rules/dry-run", new
        {
            transcript = new { segments = new object[] { new { speaker = "Agent", start = 3.0, end = 5.0, text = "好的拜拜，有事打13812345678" } } },
        });
        Assert.Equal(HttpStatusCode.OK, dry.StatusCode);
        var result = await dry.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(2, result.GetProperty("ruleSetVersion").GetInt32());
        var tag = Assert.Single(result.GetProperty("tags").EnumerateArray());
        Assert.Equal("no-bye", tag.GetProperty("ruleId").GetString());
        Assert.Equal(40, result.GetProperty("riskScore").GetInt32());
        // Evidence is masked like everything else the app shows.
        Assert.Equal("好的拜拜，有事打138****5678", tag.GetProperty("evidence")[0].GetProperty("quote").GetString());

        // Old versions stay readable.
        Assert.Equal(HttpStatusCode.OK, (await inspector.GetAsync($"/api/ai/{center}/rules/1")).StatusCode);
    }

    [Fact]
    public async Task TheDryRunCanTryRulesThatAreNotSaved()
    {
        var center = AppFixture.NewCenterId();
        var dry = await app.QaLeadOf(center).PostAsJsonAsync($"/api/ai/{center}/rules/dry-run", new
        {
            transcript = new { durationSeconds = 40.0, segments = new object[] { new { speaker = "Customer", start = 1.0, end = 4.0, text = "这是我第二次来电了" } } },
            rules = new object[] { new { id = "repeat", name = "重复来电", speaker = "Customer", pattern = "第[二三]次来电" } },
        });
        var result = await dry.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(JsonValueKind.Null, result.GetProperty("ruleSetVersion").ValueKind);
        Assert.Equal(1.0, Assert.Single(result.GetProperty("tags").EnumerateArray()).GetProperty("evidence")[0].GetProperty("start").GetDouble());
    }

    [Fact]
    public async Task ABadPatternIsAProblemNamingTheRule()
    {
        var center = AppFixture.NewCenterId();
        var put = await app.QaLeadOf(center).PutAsJsonAsync($"/api/ai/{center}/rules", new { rules = new object[] { new { id = "x", name = "x", pattern = "([" } } });
        Assert.Equal(HttpStatusCode.BadRequest, put.StatusCode);
        Assert.Contains("rules[0].pattern", await put.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task InspectorsCannotChangeRulesAndOtherCentersCannotSeeThem()
    {
        var center = AppFixture.NewCenterId();
        Assert.Equal(HttpStatusCode.Forbidden, (await app.ClientAs("insp-1", [Roles.Inspector], [center]).PutAsJsonAsync($"/api/ai/{center}/rules", ForbiddenRuleSet)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await app.ClientAs("agent-1", [Roles.Agent], [center]).GetAsync($"/api/ai/{center}/rules")).StatusCode);
        var outsider = app.QaLeadOf("elsewhere");
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync($"/api/ai/{center}/rules")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.PutAsJsonAsync($"/api/ai/{center}/rules", ForbiddenRuleSet)).StatusCode);
    }
}
