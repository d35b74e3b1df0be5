using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using QaServerless.Assignments;
using QaServerless.Hosting;
using QaServerless.ReferenceData;
using QaServerless.Security;
using QaServerless.Tests.Infrastructure;

namespace QaServerless.Tests.Assignments;

/// <summary>AssignInspector driven through its trigger endpoint with host-shaped Service Bus payloads, on Azurite.</summary>
[Collection(AppCollection.Name)]
public sealed class AssignInspectorTests(AppFixture app)
{
    private static readonly DateOnly Thursday = new(2026, 11, 19);
    private static readonly DateOnly Friday = new(2026, 11, 20);
    private static readonly DateOnly Monday = new(2026, 11, 23);

    private async Task<string> CenterWithAsync(params Inspector[] inspectors)
    {
        var center = AppFixture.NewCenterId();
        var put = await app.AdminOf(center).PutAsJsonAsync($"/api/centers/{center}", new { name = "Test", timeZone = "Asia/Shanghai" });
        put.EnsureSuccessStatusCode();
        await app.Services.GetRequiredService<ReferenceDataStore>().UpsertInspectorsAsync(inspectors.Select(i => i with { CenterId = center }));
        return center;
    }

    private static Inspector Inspector(string id, int cap, string[]? skills = null, string[]? excluded = null) =>
        new("", id, id, cap, skills ?? [], excluded ?? []);

    private static AssignmentRequest Request(string center, string callId, string agent = "a-1", string team = "T1", string businessType = "咨询") =>
        new(center, callId, agent, team, businessType, Thursday, Friday, "random", 0);

    private Task<HttpResponseMessage> SendAsync(AssignmentRequest request, string? messageId = null, int delivery = 1) =>
        HostPayloads.PostAsync(app.CreateClient(), AssignInspectorFunction.Name,
            HostPayloads.ServiceBus(AssignInspectorFunction.Binding, HostPayloads.Json(request), messageId ?? request.CallId, delivery));

    private AssignmentStore Store => app.Services.GetRequiredService<AssignmentStore>();

    [Fact]
    public async Task ADuplicateMessageGivesOneAssignment()
    {
        var center = await CenterWithAsync(Inspector("i-1", 10), Inspector("i-2", 10));
        var request = Request(center, "call-1");

        Assert.Equal(HttpStatusCode.OK, (await SendAsync(request)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(request, delivery: 2)).StatusCode);

        var assignment = await Store.GetByCallAsync(center, "call-1");
        Assert.NotNull(assignment);
        Assert.Equal(Friday, assignment.Day);
        var loads = await Store.GetLoadsAsync(center, Friday);
        Assert.Equal(1, loads.Values.Sum(l => l.Count));
        var worklist = await Store.ListWorklistAsync(center, assignment.InspectorId, Friday);
        Assert.Single(worklist);
    }

    [Fact]
    public async Task WhenNobodyHasCapacityTheCallIsDeferredToTheNextWorkingDay()
    {
        var center = await CenterWithAsync(Inspector("i-1", 1));

        await SendAsync(Request(center, "call-1"));
        var response = await SendAsync(Request(center, "call-2"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var first = await Store.GetByCallAsync(center, "call-1");
        var second = await Store.GetByCallAsync(center, "call-2");
        Assert.Equal(Friday, first!.Day);
        Assert.False(first.Deferred);
        Assert.Equal(Monday, second!.Day); // Saturday and Sunday are not working days in the default plan
        Assert.True(second.Deferred);
    }

    [Fact]
    public async Task AnInspectorNeverGetsATeamTheyMustNotEvaluateNorABusinessTypeWithoutTheSkill()
    {
        var center = await CenterWithAsync(
            Inspector("conflicted", 50, excluded: ["T1"]),
            Inspector("unskilled", 50, skills: ["订单"]),
            Inspector("right", 50, skills: ["咨询"]));

        for (var i = 0; i < 6; i++) await SendAsync(Request(center, $"call-{i}", agent: $"a-{i % 2}"));

        var loads = await Store.GetLoadsAsync(center, Friday);
        Assert.Equal(6, loads["right"].Count);
        Assert.False(loads.ContainsKey("conflicted"));
        Assert.False(loads.ContainsKey("unskilled"));
    }

    [Fact]
    public async Task AnAgentsCallsAreSpreadOverTwoInspectors()
    {
        var center = await CenterWithAsync(Inspector("i-1", 50), Inspector("i-2", 50), Inspector("i-3", 50));

        for (var i = 0; i < 4; i++) await SendAsync(Request(center, $"call-{i}", agent: "a-1"));

        var month = await Store.GetAgentMonthAsync(center, new DateOnly(2026, 11, 1), "a-1");
        Assert.True(month.Count(kv => kv.Value.Count > 0) >= 2);
        Assert.Equal(4, month.Values.Sum(c => c.Count));
    }

    [Fact]
    public async Task APoisonMessageIsDeadLetteredWithItsReasonForTheLead()
    {
        var center = await CenterWithAsync(Inspector("i-1", 10, skills: ["订单"]));
        var messageId = "poison-" + center;
        var body = HostPayloads.Json(Request(center, "call-x", businessType: "投诉"));

        // Every delivery fails (nobody has the skill), so Service Bus would dead-letter it after maxDeliveryCount.
        var failed = await HostPayloads.PostAsync(app.CreateClient(), AssignInspectorFunction.Name,
            HostPayloads.ServiceBus(AssignInspectorFunction.Binding, body, messageId, deliveryCount: 10));
        Assert.False(failed.IsSuccessStatusCode);
        Assert.Null(await Store.GetByCallAsync(center, "call-x"));

        var recorded = await HostPayloads.PostAsync(app.CreateClient(), AssignmentDeadLettersFunction.Name,
            HostPayloads.ServiceBus(AssignmentDeadLettersFunction.Binding, body, messageId, deliveryCount: 10,
                applicationProperties: new { DeadLetterReason = "MaxDeliveryCountExceeded", DeadLetterErrorDescription = "Message could not be consumed after 10 delivery attempts." },
                methodName: AssignmentDeadLettersFunction.Name));
        Assert.Equal(HttpStatusCode.OK, recorded.StatusCode);

        var letters = await app.QaLeadOf(center).GetFromJsonAsync<List<DeadLetter>>($"/api/assignments/{center}/dead-letters");
        var letter = Assert.Single(letters!);
        Assert.Equal("call-x", letter.CallId);
        Assert.Equal("MaxDeliveryCountExceeded", letter.Reason);
        Assert.Contains("skill", letter.LastError);
        Assert.Equal(HttpStatusCode.Forbidden,
            (await app.ClientAs("i-1", [Roles.Inspector], [center], personId: "i-1").GetAsync($"/api/assignments/{center}/dead-letters")).StatusCode);
    }

    [Fact]
    public async Task AMalformedBodyIsRefusedAndNoted()
    {
        var center = await CenterWithAsync(Inspector("i-1", 10));
        var body = $$"""{"centerId":"{{center}}","callId":42}""";

        var failed = await HostPayloads.PostAsync(app.CreateClient(), AssignInspectorFunction.Name,
            HostPayloads.ServiceBus(AssignInspectorFunction.Binding, body, "bad-1"));

        Assert.False(failed.IsSuccessStatusCode);
        Assert.NotNull(await app.Services.GetRequiredService<DeadLetterStore>().GetFailureNoteAsync(center, "bad-1"));
    }

    [Fact]
    public async Task AnInspectorSeesTheirWorklistAndNotAnothers()
    {
        var center = await CenterWithAsync(Inspector("i-1", 10));
        await SendAsync(Request(center, "call-1"));
        var inspector = app.ClientAs("u-i1", [Roles.Inspector], [center], personId: "i-1");

        var worklist = await inspector.GetFromJsonAsync<Worklist>($"/api/assignments/{center}/worklist?day=2026-11-20", HostJson.Options);
        Assert.Equal("call-1", Assert.Single(worklist!.Items).CallId);
        Assert.Equal(10, worklist.DailyCap);
        Assert.Equal(HttpStatusCode.Forbidden, (await inspector.GetAsync($"/api/assignments/{center}/worklist?inspector=i-2&day=2026-11-20")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound,
            (await app.ClientAs("u-x", [Roles.Inspector], ["elsewhere"], personId: "i-1").GetAsync($"/api/assignments/{center}/worklist?day=2026-11-20")).StatusCode);
    }

    [Fact]
    public async Task ALeadReassignsWithTheCurrentETagAndAStaleOneIsRefused()
    {
        var center = await CenterWithAsync(Inspector("i-1", 10), Inspector("i-2", 10, excluded: ["T9"]));
        await SendAsync(Request(center, "call-1"));
        var lead = app.QaLeadOf(center);
        var read = await lead.GetAsync($"/api/assignments/{center}/calls/call-1");
        var etag = read.Headers.ETag!.Tag;
        var current = (await read.Content.ReadFromJsonAsync<Assignment>(HostJson.Options))!;
        var other = current.InspectorId == "i-1" ? "i-2" : "i-1";

        var move = new HttpRequestMessage(HttpMethod.Post, $"/api/assignments/{center}/calls/call-1/reassign") { Content = JsonContent.Create(new { inspectorId = other }) };
        move.Headers.TryAddWithoutValidation("If-Match", etag);
        Assert.Equal(HttpStatusCode.OK, (await lead.SendAsync(move)).StatusCode);

        var stale = new HttpRequestMessage(HttpMethod.Post, $"/api/assignments/{center}/calls/call-1/reassign") { Content = JsonContent.Create(new { inspectorId = current.InspectorId }) };
        stale.Headers.TryAddWithoutValidation("If-Match", etag);
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await lead.SendAsync(stale)).StatusCode);

        Assert.Equal(other, (await Store.GetByCallAsync(center, "call-1"))!.InspectorId);
        Assert.Single(await Store.ListWorklistAsync(center, other, Friday));
        Assert.Empty(await Store.ListWorklistAsync(center, current.InspectorId, Friday));
        var loads = await Store.GetLoadsAsync(center, Friday);
        Assert.Equal(1, loads[other].Count);
        Assert.Equal(0, loads[current.InspectorId].Count);
    }
}
