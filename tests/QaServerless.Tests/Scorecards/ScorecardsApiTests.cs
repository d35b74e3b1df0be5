using System.Text.Json.Nodes;
using System.Net;
using System.Net.Http.Json;
using QaServerless.Scorecards;
using QaServerless.Scoring;
using QaServerless.Tests.Evaluations;
using QaServerless.Tests.Infrastructure;
using QaServerless.Tests.Scoring;
using static QaServerless.Tests.Evaluations.EvaluationScenario;

namespace QaServerless.Tests.Scorecards;

[Collection(AppCollection.Name)]
public sealed class ScorecardsApiTests(AppFixture app)
{
    private static object Body(string id, string name = "Inbound") => new
    {
        scorecardId = id, name, sections = ScoringExamples.Standard().Sections, rules = ScoringExamples.Standard().Rules,
    };

    [Fact]
    public async Task ADraftIsEditedWithItsETagPublishedAfterTheNoticePeriodAndThenImmutable()
    {
        var center = AppFixture.NewCenterId("sc");
        var lead = app.QaLeadOf(center);
        var s = new EvaluationScenario { App = app, Center = center };
        var created = await lead.PostAsJsonAsync($"/api/centers/{center}/scorecards", Body("inbound"), Json);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var v1 = $"/api/centers/{center}/scorecards/inbound/versions/1";
        var etag = created.Headers.ETag!.ToString();

        var renamed = await s.SendAsync(lead, HttpMethod.Put, v1, Body("inbound", "Inbound calls"), etag);
        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await s.SendAsync(lead, HttpMethod.Put, v1, Body("inbound", "Lost update"), etag)).StatusCode);
        etag = renamed.Headers.ETag!.ToString();

        // A QA lead cannot shorten the 7-day notice.
        var now = app.Clock.GetUtcNow();
        var tooSoon = await s.SendAsync(lead, HttpMethod.Post, $"{v1}/publish", new { effectiveFrom = now.AddDays(1) }, etag);
        Assert.Equal(HttpStatusCode.BadRequest, tooSoon.StatusCode);
        Assert.Contains("effectiveFrom", await tooSoon.Content.ReadAsStringAsync());

        var published = await s.SendAsync(lead, HttpMethod.Post, $"{v1}/publish", new { }, etag);
        Assert.Equal(HttpStatusCode.OK, published.StatusCode);
        var card = (await published.Content.ReadFromJsonAsync<Scorecard>(Json))!;
        Assert.Equal((ScorecardStatus.Published, now.AddDays(7), "Inbound calls"), (card.Status, card.EffectiveFrom, card.Name));

        // Not in force before its effective date; a published version does not change.
        Assert.Equal(HttpStatusCode.NotFound, (await lead.GetAsync($"/api/centers/{center}/scorecards/inbound/current")).StatusCode);
        var edit = await s.SendAsync(lead, HttpMethod.Put, v1, Body("inbound", "Changed"), published.Headers.ETag!.ToString());
        Assert.Equal(HttpStatusCode.Conflict, edit.StatusCode);

        // A change is a new draft version copied from the latest.
        var v2 = await lead.PostAsync($"/api/centers/{center}/scorecards/inbound/versions", null);
        Assert.Equal(HttpStatusCode.Created, v2.StatusCode);
        var draft = (await v2.Content.ReadFromJsonAsync<Scorecard>(Json))!;
        Assert.Equal((2, ScorecardStatus.Draft, "Inbound calls"), (draft.Version, draft.Status, draft.Name));
    }

    [Fact]
    public async Task OnlyAnAdminShortensTheNoticeAndOnlyWithAReason()
    {
        var center = AppFixture.NewCenterId("sc");
        var admin = app.AdminOf(center);
        var s = new EvaluationScenario { App = app, Center = center };
        var created = await admin.PostAsJsonAsync($"/api/centers/{center}/scorecards", Body("urgent"), Json);
        var v1 = $"/api/centers/{center}/scorecards/urgent/versions/1";
        var now = app.Clock.GetUtcNow();

        var noReason = await s.SendAsync(admin, HttpMethod.Post, $"{v1}/publish", new { effectiveFrom = now }, created.Headers.ETag!.ToString());
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Contains("reason", await noReason.Content.ReadAsStringAsync());

        var withReason = await s.SendAsync(admin, HttpMethod.Post, $"{v1}/publish", new { effectiveFrom = now, reason = "regulator's new disclosure wording" }, created.Headers.ETag!.ToString());
        Assert.Equal(HttpStatusCode.OK, withReason.StatusCode);
        var current = (await admin.GetFromJsonAsync<Scorecard>($"/api/centers/{center}/scorecards/urgent/current", Json))!;
        Assert.Equal("regulator's new disclosure wording", current.NoticeShortenedReason);

        // Live score of answers on that version (the evaluation page's preview).
        var preview = await admin.PostAsJsonAsync($"{v1}/score", new { answers = new object[] { new { itemId = "greet", points = 1 }, new { itemId = "verify", points = 0 } } });
        var result = (await preview.Content.ReadFromJsonAsync<ScoreResult>(Json))!;
        Assert.Equal(40m, result.Score); // 2 ÷ (2 + 3)
    }

    [Fact]
    public async Task AnInvalidScorecardIsAProblemNamingEachField()
    {
        var center = AppFixture.NewCenterId("sc");
        var response = await app.QaLeadOf(center).PostAsJsonAsync($"/api/centers/{center}/scorecards", new
        {
            scorecardId = "bad", name = "Bad",
            sections = new[]
            {
                new { sectionId = "s1", title = "S", items = new object[]
                {
                    new { itemId = "a", text = "A", weight = 0 },
                    new { itemId = "b", text = "B", weight = 1, critical = "Compliance", notApplicableAllowed = true },
                } },
            },
        });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("sections[0].items[0].weight", text);
        Assert.Contains("sections[0].items[1].notApplicableAllowed", text);
    }

    [Fact]
    public async Task ALeadStartsFromTheInboundTemplateOnce()
    {
        var center = AppFixture.NewCenterId("sc");
        var lead = app.QaLeadOf(center);
        var created = await lead.PostAsync($"/api/centers/{center}/scorecard-templates/{ScorecardTemplates.InboundId}", null);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var card = (await created.Content.ReadFromJsonAsync<Scorecard>(Json))!;
        Assert.Equal((ScorecardStatus.Draft, 5), (card.Status, card.Sections.Count));
        Assert.Equal(HttpStatusCode.Conflict, (await lead.PostAsync($"/api/centers/{center}/scorecard-templates/{ScorecardTemplates.InboundId}", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await lead.PostAsync($"/api/centers/{center}/scorecard-templates/nope", null)).StatusCode);
    }

    [Fact]
    public async Task EachFieldProblemCarriesAStableCodeBesideItsMessage()
    {
        var center = AppFixture.NewCenterId("sc");
        var lead = app.QaLeadOf(center);
        var s = new EvaluationScenario { App = app, Center = center };
        var bad = await lead.PostAsJsonAsync($"/api/centers/{center}/scorecards", new
        {
            scorecardId = "coded", name = " ",
            sections = new[]
            {
                new { sectionId = "s1", title = "S1", items = new object[] { new { itemId = "a", text = "A", weight = 1 } } },
                new { sectionId = "s2", title = "S2", items = new object[] { new { itemId = "b", text = "B", weight = 0, answerType = "Scale", scaleMax = 4 } } },
            },
        });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var problem = (await bad.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("scorecard.invalid", (string)problem["code"]!);
        Assert.Equal(["sections[1].items[0].weight", "name"], problem["errors"]!.AsObject().Select(e => e.Key).Order().Reverse());
        Assert.Equal("scorecard.weight-not-positive", (string)problem["fieldCodes"]!["sections[1].items[0].weight"]![0]!);
        Assert.Equal("scorecard.name-missing", (string)problem["fieldCodes"]!["name"]![0]!);

        // Publishing inside the notice period: the effective date is named, with its code.
        var created = await lead.PostAsJsonAsync($"/api/centers/{center}/scorecards", Body("coded"), Json);
        var soon = await s.SendAsync(lead, HttpMethod.Post, $"/api/centers/{center}/scorecards/coded/versions/1/publish",
            new { effectiveFrom = app.Clock.GetUtcNow().AddDays(2) }, created.Headers.ETag!.ToString());
        Assert.Equal(HttpStatusCode.BadRequest, soon.StatusCode);
        var notice = (await soon.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("scorecard.notice-too-short", (string)notice["fieldCodes"]!["effectiveFrom"]![0]!);
    }
}
