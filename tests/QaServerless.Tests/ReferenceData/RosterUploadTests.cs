using System.Net;
using System.Net.Http.Json;
using System.Text;
using QaServerless.ReferenceData;
using QaServerless.Security;
using QaServerless.Tests.Infrastructure;

namespace QaServerless.Tests.ReferenceData;

/// <summary>Roster and inspector uploads as CSV or JSON, with row-level validation.</summary>
[Collection(AppCollection.Name)]
public sealed class RosterUploadTests(AppFixture app)
{
    private async Task<string> NewCenterAsync()
    {
        var center = AppFixture.NewCenterId();
        (await app.AdminOf(center).PutAsJsonAsync($"/api/centers/{center}", new { name = "C", timeZone = "Asia/Shanghai" })).EnsureSuccessStatusCode();
        return center;
    }

    private static StringContent Csv(string text) => new(text, Encoding.UTF8, "text/csv");

    [Fact]
    public async Task ARosterUploadedAsCsvIsListed()
    {
        var center = await NewCenterAsync();
        var csv = "agentId,name,team,supervisorId,hireDate,businessTypes,active\n" +
                  "a1,Li Lei,t1,s1,2026-10-01,order;inquiry,true\n" +
                  "a2,Han Meimei,t2,,2024-03-15,,\n";

        var response = await app.QaLeadOf(center).PutAsync($"/api/centers/{center}/agents", Csv(csv));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var agents = await app.QaLeadOf(center).GetFromJsonAsync<List<Agent>>($"/api/centers/{center}/agents");
        var a1 = Assert.Single(agents!, a => a.AgentId == "a1");
        Assert.Equal(new DateOnly(2026, 10, 1), a1.HireDate);
        Assert.Equal(["order", "inquiry"], a1.BusinessTypes);
        Assert.True(a1.IsNewHire(new DateOnly(2026, 11, 20)));
        Assert.Null(agents!.Single(a => a.AgentId == "a2").SupervisorId);
    }

    [Fact]
    public async Task InspectorsUploadedAsJsonAreListed()
    {
        var center = await NewCenterAsync();
        var body = new object[]
        {
            new { inspectorId = "i1", name = "Zhang", dailyCap = 40, skills = new[] { "order" }, excludedTeams = new[] { "t1" } },
            new { inspectorId = "i2", dailyCap = 50 },
        };

        var response = await app.AdminOf(center).PutAsJsonAsync($"/api/centers/{center}/inspectors", body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var inspectors = await app.QaLeadOf(center).GetFromJsonAsync<List<Inspector>>($"/api/centers/{center}/inspectors");
        var i1 = Assert.Single(inspectors!, i => i.InspectorId == "i1");
        Assert.False(i1.MayEvaluate("t1"));
        Assert.Equal(40, i1.DailyCap);
    }

    [Fact]
    public async Task BadRowsAreNamedAndNothingIsSaved()
    {
        var center = await NewCenterAsync();
        var csv = "agentId,name,team,hireDate\n" +
                  "a1,Ok,t1,2026-01-01\n" +
                  "a2,Bad date,t1,01/02/2026\n" +
                  "../x,Bad id,,\n";

        var response = await app.QaLeadOf(center).PutAsync($"/api/centers/{center}/agents", Csv(csv));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("rows[2].hireDate", text);
        Assert.Contains("rows[3].agentId", text);
        Assert.Contains("rows[3].team", text);
        Assert.Empty((await app.QaLeadOf(center).GetFromJsonAsync<List<Agent>>($"/api/centers/{center}/agents"))!);
    }

    [Fact]
    public async Task InvalidUtf8AndOversizeValuesAreRefusedNotStoredMangled()
    {
        var center = await NewCenterAsync();
        var lead = app.QaLeadOf(center);
        // "Li \xFF" would have been stored as "Li \uFFFD" by a lenient reader.
        byte[] invalid = [.. "agentId,name,team\na1,Li "u8.ToArray(), 0xFF, .. ",t1\n"u8.ToArray()];
        var content = new ByteArrayContent(invalid);
        content.Headers.ContentType = new("text/csv");
        var broken = await lead.PutAsync($"/api/centers/{center}/agents", content);
        var oversize = await lead.PutAsync($"/api/centers/{center}/agents", Csv($"agentId,name,team\na1,{new string('n', 100_000)},t1\n"));

        Assert.Equal(HttpStatusCode.BadRequest, broken.StatusCode);
        Assert.Contains("\"body\"", await broken.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, oversize.StatusCode);
        Assert.Contains("rows[1].name", await oversize.Content.ReadAsStringAsync());
        Assert.Empty((await lead.GetFromJsonAsync<List<Agent>>($"/api/centers/{center}/agents"))!);
    }

    [Fact]
    public async Task ATeamOrBusinessTypeHoldingAPhoneNumberOrAFormulaIsRefusedWithTheValueMasked()
    {
        var center = await NewCenterAsync();
        var lead = app.QaLeadOf(center);
        // Synthetic numbers: a mobile (13812345678) and a Luhn-valid card (6222021234567890128).
        var response = await lead.PutAsync($"/api/centers/{center}/agents", Csv(
            "agentId,name,team,businessTypes\na1,Li,回拨13812345678,咨询\na2,Wang,T1,咨询;卡6222021234567890128\na3,Zhao,\"+SUM(1,2)\",咨询\na4,Qian,T1,＝1+1\n"));
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        foreach (var field in new[] { "rows[1].team", "rows[2].businessTypes", "rows[3].team", "rows[4].businessTypes" }) Assert.Contains(field, text);
        Assert.Contains("looks like personal data", text);
        Assert.Contains("looks like a spreadsheet formula", text);
        Assert.DoesNotContain("13812345678", text);
        Assert.DoesNotContain("6222021234567890128", text);
        Assert.Empty((await lead.GetFromJsonAsync<List<Agent>>($"/api/centers/{center}/agents"))!);
    }

    [Fact]
    public async Task OnlyTheCentersLeadsMayUpload()
    {
        var center = await NewCenterAsync();
        var csv = Csv("inspectorId,dailyCap\ni1,10\n");

        Assert.Equal(HttpStatusCode.Forbidden, (await app.ClientAs("insp", [Roles.Inspector], [center]).PutAsync($"/api/centers/{center}/inspectors", csv)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.QaLeadOf("elsewhere").PutAsync($"/api/centers/{center}/inspectors", csv)).StatusCode);
    }
}
