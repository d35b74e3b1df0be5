using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using QaServerless.Ai.Analysis;
using QaServerless.ReferenceData;
using QaServerless.Sampling;
using QaServerless.Tests.Ai;
using QaServerless.Tests.Evaluations;
using QaServerless.Tests.Infrastructure;

namespace QaServerless.Tests.Security;

/// <summary>
/// One center with something of every kind, each thing named with a marker no other center has (the center id is part
/// of every id): two agents per team (a1 and a marker agent in T1; a2 and another in T2), inspectors, calls with
/// recordings in both teams, released evaluations in both teams, a calibration session, a sampling run, an AI analysis,
/// and the KPI rollups all that makes.
/// </summary>
internal sealed record IsolationSeed(EvaluationScenario Scenario, string T1Call, string T2Call, string T1Recording, string T2Recording,
    string T1Evaluation, string T2Evaluation, string Session)
{
    public static readonly DateOnly Day = new(2026, 11, 19);
    public const string SeedComment = "cm-seed";
    /// <summary>T2's call is the only thing on this day: a supervisor of T1 who gets it (a daily KPI point, say) got T2's figures.</summary>
    public const string T2OnlyDay = "2026-11-07";
    public string Center => Scenario.Center;
    public string T1MarkerAgent => $"{Center}-agt1";
    public string T2MarkerAgent => $"{Center}-agt2";

    /// <summary>Every string that gives this center's data away.</summary>
    public IReadOnlyList<string> Markers => [Center, T1Call, T2Call, T1Recording, T2Recording, T1Evaluation, T2Evaluation, Session, T1MarkerAgent, T2MarkerAgent];

    /// <summary>What a supervisor of T1 must not see: team T2's.</summary>
    public IReadOnlyList<string> T2Markers => [T2Call, T2Recording, T2Evaluation, T2MarkerAgent, T2OnlyDay];

    /// <summary>What agent a1 must not see: every other agent's (T2's and the other agent of T1).</summary>
    public IReadOnlyList<string> OtherAgentMarkers => [.. T2Markers, T1MarkerAgent];

    public static async Task<IsolationSeed> CreateAsync(AppFixture app)
    {
        var s = await EvaluationScenario.CreateAsync(app);
        var c = s.Center;
        var reference = app.Services.GetRequiredService<ReferenceDataStore>();
        await reference.UpsertAgentsAsync(
        [
            new Agent(c, $"{c}-agt1", $"{c} T1 agent", "T1", "sup-1", new DateOnly(2025, 1, 1), ["咨询"]),
            new Agent(c, $"{c}-agt2", $"{c} T2 agent", "T2", "sup-2", new DateOnly(2025, 1, 1), ["咨询"]),
        ]);
        await reference.UpsertInspectorsAsync([new Inspector(c, "insp-1", "Inspector One", 50, ["咨询"], []), new Inspector(c, "insp-2", "Inspector Two", 50, ["咨询"], [])]);

        async Task<(string, string)> CallAsync(string suffix, string agent, string team, DateTimeOffset? start = null)
        {
            var id = $"{c}-call-{suffix}";
            var blob = $"{c}/2026/11/19/{id}.wav";
            await app.BlobService.GetBlobContainerClient("recordings").GetBlobClient(blob)
                .UploadAsync(BinaryData.FromBytes(WavChannelSplitterTests.StereoWav(8000, 1)), overwrite: true);
            await StoredCalls.SaveAsync(app.Services, StoredCalls.New(c, id, blob, agent, team) with { Start = start ?? StoredCalls.Start });
            return (id, blob);
        }
        var (t1Call, t1Blob) = await CallAsync("t1", "a1", "T1");
        // T2's call is its marker agent's, so a list that shows it to T1's supervisor names the agent too; the other
        // agent of T1 has a call as well, for agent a1's lists.
        var (t2Call, t2Blob) = await CallAsync("t2", $"{c}-agt2", "T2", new DateTimeOffset(2026, 11, 7, 10, 0, 0, TimeSpan.FromHours(8)));
        await CallAsync("t1-other", $"{c}-agt1", "T1");
        // A calibration session takes 5 to 10 calls: a1's (an agent may be shown their own).
        var calibrated = new List<string> { t1Call };
        for (var i = 2; i <= 5; i++) calibrated.Add((await CallAsync($"t1-{i}", "a1", "T1")).Item1);

        var t1Evaluation = (await s.ReleasedAsync()).EvaluationId;
        var t2Evaluation = (await s.ReleasedAsync(agentId: "a2", team: "T2")).EvaluationId;
        // A comment in each evaluation's thread, so the thread operations have something to give away.
        foreach (var evaluation in new[] { t1Evaluation, t2Evaluation })
        {
            var posted = await s.Inspector.PostAsJsonAsync($"/api/centers/{c}/evaluations/{evaluation}/comments", new { commentId = SeedComment, text = $"{evaluation} @qa-lead" });
            Assert.True(posted.StatusCode == HttpStatusCode.Created, await posted.Content.ReadAsStringAsync());
        }

        var created = await s.Lead.PostAsJsonAsync($"/api/calibration/{c}/sessions", new
        {
            title = $"{c} calibration", scorecardId = EvaluationScenario.ScorecardId, scorecardVersion = 1, callIds = calibrated,
            participants = new[] { new { personId = "insp-1", role = "Inspector" }, new { personId = "insp-2", role = "Inspector" } },
        }, EvaluationScenario.Json);
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var session = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("session").GetProperty("sessionId").GetString()!;

        await app.Services.GetRequiredService<SamplingService>().RunAsync((await reference.GetCenterAsync(c))!, Day);
        var analyses = app.Services.GetRequiredService<AnalysisStore>();
        foreach (var call in new[] { t1Call, t2Call })
            await analyses.SaveAsync(new CallAnalysis { CenterId = c, CallId = call, Day = Day, Status = AnalysisStatus.Completed, Reason = $"{call} analysed", UpdatedAt = app.Clock.GetUtcNow() }, default);
        return new IsolationSeed(s, t1Call, t2Call, t1Blob, t2Blob, t1Evaluation, t2Evaluation, session);
    }

    /// <summary>What to put for a parameter or body member of this name, when a request speaks of this center's things.</summary>
    public string? ValueFor(string name) => name.ToLowerInvariant() switch
    {
        "center" or "centerid" => Center,
        "callid" or "callids" => T1Call,
        "id" or "evaluationid" => T1Evaluation,
        "sessionid" => Session,
        "commentid" or "parentid" => SeedComment,
        "audioblob" or "blob" or "blobname" or "path" => T1Recording,
        "agent" or "agentid" or "personid" => "a1",
        "inspectorid" or "participantid" or "expertid" => "insp-1",
        "team" => "T1",
        "scorecardid" => EvaluationScenario.ScorecardId,
        "version" or "scorecardversion" => "1",
        "month" => "2026-11",
        "day" => "2026-11-19",
        "from" => "2026-11-01",
        "to" => "2026-11-30",
        "file" => "kpis.csv",
        _ => null,
    };
}
