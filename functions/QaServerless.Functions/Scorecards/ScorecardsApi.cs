using Microsoft.AspNetCore.Http.HttpResults;
using QaServerless.Hosting;
using QaServerless.Scoring;
using QaServerless.Security;

namespace QaServerless.Scorecards;

/// <summary>
/// Scorecards of a center: everybody in the center reads them (agents see the standard they are held to); admins and
/// QA leads write them. Versions: draft (editable, If-Match) → published (notice period) → retired.
/// </summary>
public static class ScorecardsApi
{
    public static IServiceCollection AddScorecards(this IServiceCollection services) => services
        .AddTable(ScorecardStore.TableName)
        .AddSingleton<ScorecardStore>();

    public static IEndpointRouteBuilder MapScorecards(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/centers/{center}").WithTags("Scorecards").RequireAuthorization(Policies.Member);

        group.MapGet("/scoring-settings", async Task<Results<Ok<ScoringSettings>, NotFound>> (string center, ScorecardStore store, CurrentUser user, CancellationToken ct) =>
            user.CanSeeCenter(center) ? TypedResults.Ok(await store.GetSettingsAsync(center, ct)) : TypedResults.NotFound());

        group.MapPut("/scoring-settings", async Task<Results<Ok<ScoringSettings>, ValidationProblem, NotFound, ForbidHttpResult>> (
            string center, ScoringSettings body, ScorecardStore store, CurrentUser user, CancellationToken ct) =>
        {
            if (!user.CanSeeCenter(center)) return TypedResults.NotFound();
            if (!user.LeadsCenter(center)) return TypedResults.Forbid();
            var errors = body.Validate();
            if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
            await store.SaveSettingsAsync(center, body, ct);
            return TypedResults.Ok(body);
        });

        var cards = group.MapGroup("/scorecards");

        cards.MapGet("/", async Task<Results<Ok<IReadOnlyList<Scorecard>>, NotFound>> (string center, ScorecardStore store, CurrentUser user, CancellationToken ct) =>
            user.CanSeeCenter(center) ? TypedResults.Ok(await store.ListAsync(center, ct)) : TypedResults.NotFound());

        cards.MapPost("/", async Task<Results<Created<Scorecard>, ValidationProblem, NotFound, ForbidHttpResult, Conflict<ProblemDetailsBody>>> (
            string center, ScorecardRequest body, HttpResponse response, ScorecardStore store, CurrentUser user, CancellationToken ct) =>
        {
            if (!user.CanSeeCenter(center)) return TypedResults.NotFound();
            if (!user.LeadsCenter(center)) return TypedResults.Forbid();
            var id = string.IsNullOrWhiteSpace(body.ScorecardId) ? $"sc-{Guid.NewGuid():N}"[..11] : body.ScorecardId.Trim();
            var card = body.ToScorecard(center, id, 1);
            var errors = ScorecardValidation.Validate(card);
            if (!IsGoodId(id)) errors.Add("scorecardId", "scorecard.id-invalid", "A scorecard id is 1 to 40 letters, digits, '-' or '_'.");
            if (errors.Count > 0) return errors.ToProblem();
            if (await store.AddAsync(card, ct) is not { } saved)
                return TypedResults.Conflict(new ProblemDetailsBody("Scorecard exists", $"Scorecard '{id}' exists already; add a version to it instead."));
            Preconditions.SetETag(response, saved.ETag.ToString());
            return TypedResults.Created($"/api/centers/{center}/scorecards/{id}/versions/1", saved.Value);
        });

        // A ready-made scorecard (ScorecardTemplates) as a new draft: new centers and the demo data start from it.
        group.MapPost("/scorecard-templates/{templateId}", async Task<Results<Created<Scorecard>, NotFound, ForbidHttpResult, Conflict<ProblemDetailsBody>>> (
            string center, string templateId, HttpResponse response, ScorecardStore store, CurrentUser user, CancellationToken ct) =>
        {
            if (!user.CanSeeCenter(center) || ScorecardTemplates.ById(templateId) is not { } template) return TypedResults.NotFound();
            if (!user.LeadsCenter(center)) return TypedResults.Forbid();
            var card = template.ToScorecard(center, templateId, 1);
            if (await store.AddAsync(card, ct) is not { } saved)
                return TypedResults.Conflict(new ProblemDetailsBody("Scorecard exists", $"Scorecard '{templateId}' exists already in this center."));
            Preconditions.SetETag(response, saved.ETag.ToString());
            return TypedResults.Created($"/api/centers/{center}/scorecards/{templateId}/versions/1", saved.Value);
        });

        cards.MapGet("/{scorecardId}", async Task<Results<Ok<IReadOnlyList<Scorecard>>, NotFound>> (string center, string scorecardId, ScorecardStore store, CurrentUser user, CancellationToken ct) =>
        {
            if (!user.CanSeeCenter(center)) return TypedResults.NotFound();
            var versions = await store.ListVersionsAsync(center, scorecardId, ct);
            return versions.Count == 0 ? TypedResults.NotFound() : TypedResults.Ok<IReadOnlyList<Scorecard>>(versions.Select(v => v.Value).ToList());
        });

        cards.MapGet("/{scorecardId}/current", async Task<Results<Ok<Scorecard>, NotFound>> (string center, string scorecardId, ScorecardStore store, TimeProvider clock, CurrentUser user, CancellationToken ct) =>
            user.CanSeeCenter(center) && await store.GetInForceAsync(center, scorecardId, clock.GetUtcNow(), ct) is { } card
                ? TypedResults.Ok(card) : TypedResults.NotFound());

        cards.MapGet("/{scorecardId}/versions/{version:int}", async Task<Results<Ok<Scorecard>, NotFound>> (
            string center, string scorecardId, int version, HttpResponse response, ScorecardStore store, CurrentUser user, CancellationToken ct) =>
        {
            if (!user.CanSeeCenter(center) || await store.GetAsync(center, scorecardId, version, ct) is not { } found) return TypedResults.NotFound();
            Preconditions.SetETag(response, found.ETag.ToString());
            return TypedResults.Ok(found.Value);
        });

        // A new draft version, copied from the latest version, to edit.
        cards.MapPost("/{scorecardId}/versions", async Task<Results<Created<Scorecard>, NotFound, ForbidHttpResult, Conflict<ProblemDetailsBody>>> (
            string center, string scorecardId, HttpResponse response, ScorecardStore store, CurrentUser user, CancellationToken ct) =>
        {
            if (!user.CanSeeCenter(center)) return TypedResults.NotFound();
            if (!user.LeadsCenter(center)) return TypedResults.Forbid();
            var versions = await store.ListVersionsAsync(center, scorecardId, ct);
            if (versions.Count == 0) return TypedResults.NotFound();
            var latest = versions[^1].Value;
            if (latest.Status == ScorecardStatus.Draft)
                return TypedResults.Conflict(new ProblemDetailsBody("Draft exists", $"Version {latest.Version} is still a draft: edit it instead."));
            if (await store.AddAsync(ScorecardLifecycle.NextDraft(latest), ct) is not { } saved)
                return TypedResults.Conflict(new ProblemDetailsBody("Version exists", "Somebody added this version at the same time."));
            Preconditions.SetETag(response, saved.ETag.ToString());
            return TypedResults.Created($"/api/centers/{center}/scorecards/{scorecardId}/versions/{saved.Value.Version}", saved.Value);
        });

        cards.MapPut("/{scorecardId}/versions/{version:int}", async Task<Results<Ok<Scorecard>, ValidationProblem, NotFound, ForbidHttpResult, ProblemHttpResult>> (
            string center, string scorecardId, int version, ScorecardRequest body, HttpRequest request, HttpResponse response,
            ScorecardStore store, CurrentUser user, CancellationToken ct) =>
        {
            if (!user.CanSeeCenter(center)) return TypedResults.NotFound();
            if (!user.LeadsCenter(center)) return TypedResults.Forbid();
            if (Preconditions.IfMatch(request) is not { } etag) return Preconditions.Required();
            if (await store.GetAsync(center, scorecardId, version, ct) is not { } found) return TypedResults.NotFound();
            if (found.ETag.ToString() != etag) return Preconditions.Failed();
            if (found.Value.Status != ScorecardStatus.Draft)
                return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Version is immutable",
                    detail: $"Version {version} is {found.Value.Status}: its content never changes. Add a new version.");
            var card = body.ToScorecard(center, scorecardId, version);
            var errors = ScorecardValidation.Validate(card);
            if (errors.Count > 0) return errors.ToProblem();
            if (await store.ReplaceAsync(card, found.ETag, ct) is not { } saved) return Preconditions.Failed();
            Preconditions.SetETag(response, saved.ETag.ToString());
            return TypedResults.Ok(saved.Value);
        });

        cards.MapPost("/{scorecardId}/versions/{version:int}/publish", async Task<Results<Ok<Scorecard>, ValidationProblem, NotFound, ForbidHttpResult, ProblemHttpResult>> (
            string center, string scorecardId, int version, PublishRequest body, HttpRequest request, HttpResponse response,
            ScorecardStore store, TimeProvider clock, CurrentUser user, CancellationToken ct) =>
        {
            if (!user.CanSeeCenter(center)) return TypedResults.NotFound();
            if (!user.LeadsCenter(center)) return TypedResults.Forbid();
            if (Preconditions.IfMatch(request) is not { } etag) return Preconditions.Required();
            if (await store.GetAsync(center, scorecardId, version, ct) is not { } found) return TypedResults.NotFound();
            if (found.ETag.ToString() != etag) return Preconditions.Failed();
            var settings = await store.GetSettingsAsync(center, ct);
            var (published, errors) = ScorecardLifecycle.Publish(found.Value, body.EffectiveFrom, body.Reason, user.IsIn(Roles.Admin), user.Id, clock.GetUtcNow(), settings);
            if (published is null) return errors.ToProblem();
            if (await store.ReplaceAsync(published, found.ETag, ct) is not { } saved) return Preconditions.Failed();
            Preconditions.SetETag(response, saved.ETag.ToString());
            return TypedResults.Ok(saved.Value);
        });

        cards.MapPost("/{scorecardId}/versions/{version:int}/retire", async Task<Results<Ok<Scorecard>, ValidationProblem, NotFound, ForbidHttpResult, ProblemHttpResult>> (
            string center, string scorecardId, int version, HttpRequest request, HttpResponse response,
            ScorecardStore store, TimeProvider clock, CurrentUser user, CancellationToken ct) =>
        {
            if (!user.CanSeeCenter(center)) return TypedResults.NotFound();
            if (!user.LeadsCenter(center)) return TypedResults.Forbid();
            if (Preconditions.IfMatch(request) is not { } etag) return Preconditions.Required();
            if (await store.GetAsync(center, scorecardId, version, ct) is not { } found) return TypedResults.NotFound();
            if (found.ETag.ToString() != etag) return Preconditions.Failed();
            var (retired, errors) = ScorecardLifecycle.Retire(found.Value, clock.GetUtcNow());
            if (retired is null) return errors.ToProblem();
            if (await store.ReplaceAsync(retired, found.ETag, ct) is not { } saved) return Preconditions.Failed();
            Preconditions.SetETag(response, saved.ETag.ToString());
            return TypedResults.Ok(saved.Value);
        });

        // Scores a set of answers on a version without saving anything: the live score of the evaluation page.
        cards.MapPost("/{scorecardId}/versions/{version:int}/score", async Task<Results<Ok<ScoreResult>, ValidationProblem, NotFound>> (
            string center, string scorecardId, int version, ScoreRequest body, ScorecardStore store, CurrentUser user, CancellationToken ct) =>
        {
            if (!user.CanSeeCenter(center) || await store.GetAsync(center, scorecardId, version, ct) is not { } found) return TypedResults.NotFound();
            var answers = body.Answers ?? [];
            var errors = ScoreCalculator.CheckAnswers(found.Value, answers, requireAll: false);
            return errors.Count > 0 ? TypedResults.ValidationProblem(errors) : TypedResults.Ok(ScoreCalculator.Score(found.Value, answers));
        });

        return app;
    }

    internal static bool IsGoodId(string id) => id.Length is > 0 and <= 40 && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}

/// <summary>The editable content of a scorecard version.</summary>
/// <summary>A scorecard version as a lead writes it; <c>channels</c> (optional) the channels it is for, none = any.</summary>
public sealed record ScorecardRequest(string? ScorecardId, string? Name, IReadOnlyList<ScorecardSection>? Sections, ScoringRules? Rules,
    IReadOnlyList<string?>? Channels = null)
{
    public Scorecard ToScorecard(string center, string id, int version) => new()
    {
        CenterId = center, ScorecardId = id, Version = version, Name = Name?.Trim() ?? "",
        Sections = Sections ?? [], Rules = ScoringRules.ForNewVersion(Rules), Channels = ScorecardChoice.Normalise(Channels),
    };
}

/// <summary>When the version takes effect (default: the end of the notice period) and, if an admin shortens the notice, why.</summary>
public sealed record PublishRequest(DateTimeOffset? EffectiveFrom, string? Reason);

public sealed record ScoreRequest(IReadOnlyList<ItemAnswer>? Answers);

/// <summary>A small problem body for 409 answers (RFC 7807 fields).</summary>
public sealed record ProblemDetailsBody(string Title, string Detail, int Status = StatusCodes.Status409Conflict);
