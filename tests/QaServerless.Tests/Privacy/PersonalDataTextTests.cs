using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using QaServerless.Calls;
using QaServerless.Kpis;
using QaServerless.ReferenceData;
using QaServerless.Tests.Evaluations;
using QaServerless.Tests.Infrastructure;
using Xunit.Abstractions;

namespace QaServerless.Tests.Privacy;

/// <summary>
/// The personal-data corpus in what people write (an evaluation's reasons, problems, appeal, decision, coaching) and in
/// what the exports print (teams, business types and agent ids of calls stored before ingestion refused them).
/// </summary>
[Collection(AppCollection.Name)]
public sealed class PersonalDataTextTests(AppFixture app, ITestOutputHelper output)
{
    /// <summary>The corpus in <paramref name="parts"/> sentences, each quoting a few writings as people quote numbers.</summary>
    private static IReadOnlyList<string> Sentences(int parts) => PersonalDataCorpus.Writings
        .Select((w, i) => (w, i)).GroupBy(x => x.i % parts)
        .Select(g => string.Join("；", g.Select(x => $"客户说号码是{x.w.Text}请回电"))).ToList();

    [Fact]
    public async Task WhatPeopleWriteInAnEvaluationIsStoredMasked()
    {
        using var logs = LogCapture.AttachTo(app.Services);
        var s = await EvaluationScenario.CreateAsync(app);
        var exposure = new Exposure(output);
        var text = Sentences(14);
        var callId = await s.AssignAsync();
        var (started, response) = await s.StartAsync(s.Inspector, callId);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var path = $"{s.Base}/evaluations/{started.EvaluationId}";

        var problems = Enumerable.Range(1, 6).Select(i => new { itemId = "verify", description = text[i], moment = $"00:1{i}", @class = "Common" }).ToArray();
        var draft = await s.ChangeAsync(s.Inspector, $"{path}/draft", new { answers = EvaluationScenario.FirstAnswers, problems, reason = text[0] }, started.ETag, HttpMethod.Put);
        var submitted = await s.ChangeAsync(s.Inspector, $"{path}/submit", new { reason = text[7] }, draft.ETag);
        var released = await s.ChangeAsync(s.Inspector, $"{path}/release", new { reason = text[8] }, submitted.ETag);
        var appealed = await s.ChangeAsync(s.Agent, $"{path}/appeal", new { comment = text[9] }, released.ETag);
        var decided = await s.ChangeAsync(s.Lead, $"{path}/appeal/decision", new { upheld = false, comment = text[10] }, appealed.ETag);
        var coached = await s.ChangeAsync(s.Lead, $"{path}/coaching", new { action = text[11], owner = "sup-1", followUpOn = "2026-12-01" }, decided.ETag);
        var followed = await s.ChangeAsync(s.Lead, $"{path}/coaching/{coached.Coaching.Single().CoachingId}/outcome",
            new { outcome = text[12], improved = true }, coached.ETag);
        Assert.Equal(6, followed.Problems.Count);

        // What each person reads back: the evaluation, its history and the lists.
        foreach (var (who, client) in new[] { ("lead", s.Lead), ("inspector", s.Inspector), ("agent", s.Agent), ("supervisor", s.Supervisor) })
        {
            exposure.CheckJson($"GET evaluation as {who}", await client.GetStringAsync(path));
            exposure.CheckJson($"GET versions as {who}", await client.GetStringAsync($"{path}/versions"));
            exposure.CheckJson($"GET evaluations as {who}", await client.GetStringAsync($"{s.Base}/evaluations"));
        }
        exposure.CheckLines("ILogger line", logs.Lines);
        exposure.AssertNothingInClear("evaluation text", PersonalDataCorpus.Writings.Count);
    }

    [Fact]
    public async Task ExportsShowNoNumberInClearAndStayFormulaSafe()
    {
        using var logs = LogCapture.AttachTo(app.Services);
        var center = new Center(AppFixture.NewCenterId("x"), "导出 13812345678", "Asia/Shanghai");
        await app.Services.GetRequiredService<ReferenceDataStore>().UpsertCenterAsync(center);
        var calls = app.Services.GetRequiredService<CallStore>();
        // Calls stored before ingestion refused personal data in these fields: the exports must still not print it.
        var writings = PersonalDataCorpus.Writings;
        for (var i = 0; i < writings.Count; i++)
            await calls.SaveAsync(center, Call($"old-{i}", center.CenterId, agent: $"a{i % 3}", team: writings[i].Text, type: writings[(i + 1) % writings.Count].Text), default);
        var compact = PersonalDataCorpus.Compact.ToList();
        for (var i = 0; i < compact.Count; i++) await calls.SaveAsync(center, Call($"old-agent-{i}", center.CenterId, agent: compact[i].Text, team: "t1", type: "咨询"), default);
        await calls.SaveAsync(center, Call("old-formula", center.CenterId, agent: "a002", team: "+SUM(1,2)", type: "＝1+1"), default);

        var lead = app.QaLeadOf(center.CenterId);
        Assert.Equal(HttpStatusCode.OK, (await lead.PostAsync($"/api/kpis/{center.CenterId}/exports/2026-10", null)).StatusCode);
        var exposure = new Exposure(output);
        var csv = Encoding.UTF8.GetString(await lead.GetByteArrayAsync($"/api/kpis/{center.CenterId}/exports/2026-10/kpis.csv"));
        var xlsx = PersonalDataCorpus.XlsxText(await lead.GetByteArrayAsync($"/api/kpis/{center.CenterId}/exports/2026-10/kpis.xlsx"));
        var html = PersonalDataCorpus.HtmlText(await lead.GetStringAsync($"/api/kpis/{center.CenterId}/exports/2026-10/report.html"));
        exposure.Check("kpis.csv", csv);
        exposure.Check("kpis.xlsx", xlsx);
        exposure.Check("report.html", html);
        exposure.CheckLines("ILogger line", logs.Lines);

        exposure.AssertNothingInClear("exports", writings.Count);
        // The rows are there (masked, not dropped), and a team that looks like a formula is still neutralised.
        Assert.Equal(writings.Count + 2, csv.Split('\n').Count(l => l.StartsWith("team,")));
        Assert.Contains("'+SUM(1,2)", csv);
        Assert.Contains("'＝1+1", xlsx);
    }

    private static Call Call(string id, string center, string agent, string team, string type) => new()
    {
        CenterId = center, CallId = id, AgentId = agent, Team = team, BusinessType = type, Direction = CallDirection.Inbound,
        Start = new DateTimeOffset(2026, 10, 15, 10, 0, 0, TimeSpan.FromHours(8)), TalkSeconds = 120, QueueSeconds = 5,
    };
}
