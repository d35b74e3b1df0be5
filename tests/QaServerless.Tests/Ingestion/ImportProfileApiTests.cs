using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using QaServerless.Calls;
using QaServerless.Hosting;
using QaServerless.Ingestion;
using QaServerless.Ingestion.Profiles;
using QaServerless.Tests.Infrastructure;
using static QaServerless.Tests.Ingestion.IngestionHelpers;

namespace QaServerless.Tests.Ingestion;

/// <summary>Import profiles over HTTP: saving (validation, versions, If-Match), the dry run on a file with bad rows, and a CDR read through one.</summary>
[Collection(AppCollection.Name)]
public sealed class ImportProfileApiTests(AppFixture app)
{
    /// <summary>A bank's export: its own column names, day-first dates without offset, durations as hh:mm:ss, 是/否, 呼入/呼出.</summary>
    internal static ImportProfile Foreign() => new()
    {
        Name = "银行外包 CDR", Format = ImportFormats.Csv,
        Fields = new Dictionary<string, string>
        {
            ["callId"] = "流水号", ["agentId"] = "工号", ["team"] = "班组", ["businessType"] = "业务类型", ["direction"] = "呼叫类型",
            ["start"] = "开始时间", ["talkSeconds"] = "通话时长", ["holdSeconds"] = "保持时长", ["abandoned"] = "是否放弃", ["recordingPath"] = "录音文件",
        },
        DateTimeFormat = "dd/MM/yyyy HH:mm", DurationUnit = DurationUnits.Clock,
        TrueWords = ["是"], FalseWords = ["否"], InboundWords = ["呼入"], OutboundWords = ["呼出"],
        BusinessTypes = new Dictionary<string, string> { ["信用卡咨询"] = "咨询" }, Teams = new Dictionary<string, string> { ["一组"] = "t1" },
    };

    internal const string ForeignCsv = """
        流水号,工号,班组,业务类型,呼叫类型,开始时间,通话时长,保持时长,是否放弃,录音文件
        B-1,a017,一组,信用卡咨询,呼入,19/11/2026 09:05,00:03:03,00:00:12,否,2026/11/19/B-1.wav
        B-2,a018,二组,投诉,呼出,19/11/2026 14:30,01:02:03,,是,
        """;

    private static StringContent Json(object body) => new(JsonSerializer.Serialize(body, HostJson.Options), Encoding.UTF8, "application/json");

    private static async Task<HttpResponseMessage> PutAsync(HttpClient client, string center, string id, ImportProfile body, string? etag = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, $"/api/centers/{center}/import-profiles/{id}") { Content = Json(body) };
        if (etag is not null) request.Headers.TryAddWithoutValidation("If-Match", etag);
        return await client.SendAsync(request);
    }

    [Fact]
    public async Task AProfileIsSavedAsVersionsAndAChangeNeedsTheETagRead()
    {
        var center = (await NewCenterAsync(app)).CenterId;
        var lead = app.QaLeadOf(center);

        var first = await PutAsync(lead, center, "bank", Foreign());
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var etag = first.Headers.ETag!.ToString();
        Assert.Equal(1, (await first.Content.ReadFromJsonAsync<ImportProfile>(HostJson.Options))!.Version);

        Assert.Equal(HttpStatusCode.PreconditionRequired, (await PutAsync(lead, center, "bank", Foreign() with { Name = "v2" })).StatusCode);
        var second = await PutAsync(lead, center, "bank", Foreign() with { Name = "v2" }, etag);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await PutAsync(lead, center, "bank", Foreign() with { Name = "v3" }, etag)).StatusCode);

        var current = await lead.GetFromJsonAsync<ImportProfile>($"/api/centers/{center}/import-profiles/bank", HostJson.Options);
        Assert.Equal((2, "v2", "lead-1"), (current!.Version, current.Name, current.ChangedBy));
        var v1 = await lead.GetFromJsonAsync<ImportProfile>($"/api/centers/{center}/import-profiles/bank?version=1", HostJson.Options);
        Assert.Equal("银行外包 CDR", v1!.Name);
        // An inspector of the center may not read or write profiles; a lead of another center does not see them.
        Assert.Equal(HttpStatusCode.Forbidden, (await app.ClientAs("i-1", [QaServerless.Security.Roles.Inspector], [center]).GetAsync($"/api/centers/{center}/import-profiles")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.QaLeadOf("other").GetAsync($"/api/centers/{center}/import-profiles/bank")).StatusCode);
    }

    [Fact]
    public async Task ABadProfileAnswers400NamingEachField()
    {
        var center = (await NewCenterAsync(app)).CenterId;
        var bad = Foreign() with
        {
            Fields = new Dictionary<string, string>(Foreign().Fields.Where(f => f.Key != "callId")) { ["duration"] = "时长" },
            DateTimeFormat = "dd/MM", TimeZone = "Mars/Olympus", DurationUnit = "minutes",
            TrueWords = ["是"], FalseWords = ["是"], Teams = new Dictionary<string, string> { ["二组"] = "=HYPERLINK(\"x\")" },
        };

        var response = await PutAsync(app.QaLeadOf(center), center, "bank", bad);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("import-profile.invalid", problem.GetProperty("code").GetString());
        var fields = problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).ToHashSet();
        Assert.Superset(new HashSet<string> { "fields.callId", "fields.duration", "dateTimeFormat", "timeZone", "durationUnit", "falseWords", "teams[二组]" }, fields);
    }

    [Fact]
    public async Task TheDryRunAnswersTheFirstRowsAsStoredAndEveryRejectMaskedAndStoresNothing()
    {
        var center = (await NewCenterAsync(app)).CenterId;
        var lead = app.QaLeadOf(center);
        Assert.Equal(HttpStatusCode.OK, (await PutAsync(lead, center, "bank", Foreign())).StatusCode);
        var sample = ForeignCsv + "\n" + string.Join("\n",
            "B-3,a017,一组,信用卡咨询,呼入,2026-11-19 09:05,00:01:00,,否,",      // 3: not day-first
            "B-4,a017,一组,信用卡咨询,呼入,19/11/2026 09:06,3 minutes,,否,",      // 4: not hh:mm:ss
            "B-5,13812345678,一组,信用卡咨询,呼入,19/11/2026 09:07,00:01:00,,否,", // 5: a mobile number as the agent
            "B-6,a017,一组,信用卡咨询,横向,19/11/2026 09:08,00:01:00,,也许,",       // 6: neither direction nor boolean word
            "B-7,a017,一组,信用卡咨询,呼入,19/11/2026 09:09,00:01:00,,否,../../etc/passwd") + "\n";

        var response = await lead.PostAsync($"/api/centers/{center}/import-profiles/bank/dry-run?file=sample.csv", new StringContent(sample, Encoding.UTF8, "text/csv"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = (await response.Content.ReadFromJsonAsync<DryRunResult>(HostJson.Options))!;
        Assert.Equal((7L, 2L, 5L, 0L), (result.RecordsRead, result.Accepted, result.Rejected, result.RejectsLeftOut));
        Assert.Equal(new Call
        {
            CenterId = center, CallId = "B-1", AgentId = "a017", Team = "t1", BusinessType = "咨询", Direction = CallDirection.Inbound,
            Start = new DateTimeOffset(2026, 11, 19, 9, 5, 0, TimeSpan.FromHours(8)), TalkSeconds = 183, HoldSeconds = 12,
            AudioBlob = $"{center}/2026/11/19/B-1.wav",
        }, result.Calls[0]);
        Assert.Equal((CallDirection.Outbound, 3723, "二组", "投诉", true), (result.Calls[1].Direction, result.Calls[1].TalkSeconds, result.Calls[1].Team,
            result.Calls[1].BusinessType, result.Calls[1].Abandoned));
        var reasons = result.Rejects.ToDictionary(r => r.Line, r => r.Reason);
        Assert.StartsWith("start: \"2026-11-19 09:05\" does not match the format dd/MM/yyyy HH:mm", reasons[4]);
        Assert.StartsWith("talkSeconds: \"3 minutes\" is not a duration as hh:mm:ss", reasons[5]);
        Assert.Contains("agentId: looks like personal data (a mobile number", reasons[6]);
        Assert.DoesNotContain("13812345678", reasons[6] + result.Rejects.Single(r => r.Line == 6).Record);
        Assert.Contains("direction: must be", reasons[7]);
        Assert.Contains("abandoned: must be true or false", reasons[7]);
        Assert.StartsWith("recordingPath: must be a relative path", reasons[8]);

        // Nothing was stored: no call, no summary, no rejects file.
        Assert.Null(await Store(app).GetAsync(center, "B-1", default));
        Assert.Empty((await lead.GetFromJsonAsync<List<BatchSummary>>($"/api/call-batches?center={center}"))!);
    }

    [Fact]
    public async Task ADryRunOfAFileWithoutTheProfilesColumnsSaysWhichAreMissing()
    {
        var center = (await NewCenterAsync(app)).CenterId;
        var lead = app.QaLeadOf(center);
        await PutAsync(lead, center, "bank", Foreign());

        var result = await (await lead.PostAsync($"/api/centers/{center}/import-profiles/bank/dry-run",
            new StringContent("callId,agentId\nx,y\n", Encoding.UTF8, "text/csv"))).Content.ReadFromJsonAsync<DryRunResult>(HostJson.Options);

        Assert.StartsWith("missing columns: 流水号 (for callId), 工号 (for agentId)", result!.Problem);
        Assert.Equal(0, result.RecordsRead);
    }

    [Fact]
    public async Task ACdrInTheProfilesFolderIsReadThroughItAndTheDefaultProfileTakesTheRest()
    {
        var center = (await NewCenterAsync(app)).CenterId;
        var lead = app.QaLeadOf(center);
        await PutAsync(lead, center, "bank", Foreign());

        var response = await IngestCdrAsync(app, $"{center}/bank/2026-11-19.csv", ForeignCsv + "\n");
        Assert.Contains("read 2, ingested 2, rejected 0", Assert.Single(response.Logs));
        Assert.Equal((183, "t1", "咨询"), await Summary("B-1"));
        var batch = Assert.Single((await lead.GetFromJsonAsync<List<BatchSummary>>($"/api/call-batches?center={center}"))!);
        Assert.Equal("bank v1", batch.Profile);

        // Outside any profile's folder: our own format, until the center saves a profile called "default".
        var native = await IngestCdrAsync(app, $"{center}/other.csv", ForeignCsv.Replace("B-1", "D-1") + "\n");
        Assert.Contains("rejected", Assert.Single(native.Logs));
        await PutAsync(lead, center, "default", Foreign());
        await IngestCdrAsync(app, $"{center}/other.csv", ForeignCsv.Replace("B-1", "D-1") + "\n");
        Assert.Equal((183, "t1", "咨询"), await Summary("D-1"));

        async Task<(int, string, string)> Summary(string id) =>
            await Store(app).GetAsync(center, id, default) is { } c ? (c.TalkSeconds, c.Team, c.BusinessType) : default;
    }
}
