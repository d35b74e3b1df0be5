using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection.Extensions;
using QaServerless.Hosting;
using QaServerless.Scoring;
using QaServerless.Security;

namespace QaServerless.Evaluations;

/// <summary>
/// Evaluations, appeals and coaching under <c>/api/centers/{center}/evaluations</c>. Every change is a POST/PUT with
/// <c>If-Match: "{version}"</c> and answers the new version with its ETag; the history is <c>GET …/{id}/versions</c>.
/// </summary>
public static class EvaluationsApi
{
    public static IServiceCollection AddEvaluations(this IServiceCollection services)
    {
        services.AddTable(EvaluationStore.TableName);
        services.AddSingleton<EvaluationStore>();
        services.AddScoped<EvaluationService>();
        services.TryAddSingleton<ICallLookup, CallStoreLookup>();
        services.AddSingleton<IEvaluationFactsSink, WatchListSink>();
        return services;
    }

    public static IEndpointRouteBuilder MapEvaluations(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/centers/{center}/evaluations").WithTags("Evaluations").RequireAuthorization(Policies.Member);

        group.MapPost("/", async (string center, StartRequest body, EvaluationService service, CurrentUser user, HttpResponse response, CancellationToken ct) =>
            ToHttp(await service.StartAsync(center, body, user, ct), response));

        group.MapGet("/", async Task<Results<Ok<IReadOnlyList<Evaluation>>, NotFound>> (string center, string? agentId, string? team, EvaluationStatus? status,
            EvaluationService service, CurrentUser user, CancellationToken ct) =>
            await service.ListAsync(center, agentId, team, status, user, ct) is { } list ? TypedResults.Ok(list) : TypedResults.NotFound());

        group.MapGet("/{id}", async (string center, string id, EvaluationService service, CurrentUser user, HttpResponse response, CancellationToken ct) =>
            ToHttp(await service.GetAsync(center, id, user, ct), response));

        group.MapGet("/{id}/versions", async Task<Results<Ok<IReadOnlyList<Evaluation>>, NotFound>> (string center, string id,
            EvaluationService service, CurrentUser user, CancellationToken ct) =>
            await service.ListVersionsAsync(center, id, user, ct) is { } list ? TypedResults.Ok(list) : TypedResults.NotFound());

        group.MapPut("/{id}/draft", (string center, string id, DraftRequest body, EvaluationService service, CurrentUser user, HttpContext http, CancellationToken ct) =>
        {
            var (problems, errors) = ProblemInput.ToRecords(body.Problems);
            if (errors.Count > 0) return Task.FromResult(ToHttp(Outcome.Invalid(errors), http.Response));
            return Change(http, service.ChangeAsync(center, id, user, Preconditions.IfMatch(http.Request), EvaluationAccess.MayScore,
                "Only the evaluation's inspector or a QA lead edits it.",
                (e, card, _, messages) => EvaluationFlow.SaveDraft(e, card, body.Answers ?? [], problems, new Change(user.Id, Now(http), body.Reason), messages), ct));
        });

        group.MapPost("/{id}/submit", (string center, string id, ReasonRequest? body, EvaluationService service, CurrentUser user, HttpContext http, CancellationToken ct) =>
            Change(http, service.ChangeAsync(center, id, user, Preconditions.IfMatch(http.Request), EvaluationAccess.MayScore,
                "Only the evaluation's inspector or a QA lead submits it.",
                (e, card, _, messages) => EvaluationFlow.Submit(e, card, new Change(user.Id, Now(http), body?.Reason), messages), ct)));

        group.MapPost("/{id}/release", (string center, string id, ReasonRequest? body, EvaluationService service, CurrentUser user, HttpContext http, CancellationToken ct) =>
            Change(http, service.ChangeAsync(center, id, user, Preconditions.IfMatch(http.Request), EvaluationAccess.MayScore,
                "Only the evaluation's inspector or a QA lead releases it.",
                (e, _, settings, _) => EvaluationFlow.Release(e, settings.AppealWindowDays, new Change(user.Id, Now(http), body?.Reason)), ct)));

        group.MapPost("/{id}/acknowledge", (string center, string id, ReasonRequest? body, EvaluationService service, CurrentUser user, HttpContext http, CancellationToken ct) =>
            Change(http, service.ChangeAsync(center, id, user, Preconditions.IfMatch(http.Request), EvaluationAccess.MayRespond,
                "Only the agent evaluated acknowledges an evaluation.",
                (e, _, _, _) => EvaluationFlow.Acknowledge(e, new Change(user.Id, Now(http), body?.Reason)), ct)));

        group.MapPost("/{id}/appeal", (string center, string id, AppealRequest body, EvaluationService service, CurrentUser user, HttpContext http, CancellationToken ct) =>
            Change(http, service.ChangeAsync(center, id, user, Preconditions.IfMatch(http.Request), EvaluationAccess.MayRespond,
                "Only the agent evaluated appeals an evaluation.",
                (e, card, _, _) => EvaluationFlow.FileAppeal(e, card, body.Comment, body.Items, new Change(user.Id, Now(http))), ct)));

        group.MapPost("/{id}/appeal/decision", (string center, string id, DecisionRequest body, EvaluationService service, CurrentUser user, HttpContext http, CancellationToken ct) =>
        {
            var (problems, errors) = ProblemInput.ToRecords(body.Problems);
            if (errors.Count > 0) return Task.FromResult(ToHttp(Outcome.Invalid(errors), http.Response));
            if (body.Upheld is null && body.Items is null)
                return Task.FromResult(ToHttp(Outcome.Invalid("upheld", "Say whether the appeal is upheld (true) or rejected (false), or decide each disputed item (items)."), http.Response));
            return Change(http, service.ChangeAsync(center, id, user, Preconditions.IfMatch(http.Request), EvaluationAccess.MayDecide,
                "Only a QA lead decides appeals.",
                (e, card, _, messages) => body.Items is { } items ? ItemDisputes.Decide(e, card, body.Comment, items, new Change(user.Id, Now(http)))
                : EvaluationFlow.DecideAppeal(e, card, body.Upheld!.Value, body.Comment, body.Answers, body.Problems is null ? null : problems,
                    new Change(user.Id, Now(http)), messages), ct));
        });

        group.MapPost("/{id}/coaching", (string center, string id, CoachingRequest body, EvaluationService service, CurrentUser user, HttpContext http, CancellationToken ct) =>
            Change(http, service.ChangeAsync(center, id, user, Preconditions.IfMatch(http.Request), EvaluationAccess.MayCoach,
                "Only the agent's supervisor or a QA lead plans coaching.",
                (e, _, _, _) => EvaluationFlow.AddCoaching(e, $"co-{Guid.NewGuid():N}"[..11], body.Action, body.Owner, body.FollowUpOn, new Change(user.Id, Now(http))), ct)));

        group.MapPost("/{id}/coaching/{coachingId}/outcome", (string center, string id, string coachingId, CoachingOutcomeRequest body,
            EvaluationService service, CurrentUser user, HttpContext http, CancellationToken ct) =>
            Change(http, service.ChangeAsync(center, id, user, Preconditions.IfMatch(http.Request), EvaluationAccess.MayCoach,
                "Only the agent's supervisor or a QA lead records coaching outcomes.",
                (e, _, _, _) => EvaluationFlow.RecordCoachingOutcome(e, coachingId, body.Outcome, body.Improved, new Change(user.Id, Now(http))), ct)));

        return app;
    }

    private static DateTimeOffset Now(HttpContext http) => http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();

    private static async Task<Results<Ok<Evaluation>, Created<Evaluation>, NotFound, ForbidHttpResult, ProblemHttpResult, ValidationProblem>> Change(
        HttpContext http, Task<Outcome> outcome) => ToHttp(await outcome, http.Response);

    internal static Results<Ok<Evaluation>, Created<Evaluation>, NotFound, ForbidHttpResult, ProblemHttpResult, ValidationProblem> ToHttp(Outcome o, HttpResponse response)
    {
        if (o.Value is { } value && o.Kind is OutcomeKind.Ok or OutcomeKind.Created) Preconditions.SetETag(response, value.ETag);
        return o.Kind switch
        {
            OutcomeKind.Ok => TypedResults.Ok(o.Value!),
            OutcomeKind.Created => TypedResults.Created($"/api/centers/{o.Value!.CenterId}/evaluations/{o.Value.EvaluationId}", o.Value),
            // A body with a code, not a bare 404/403: the workbench says in the reader's language what happened.
            OutcomeKind.NotFound => ProblemCodes.Problem(StatusCodes.Status404NotFound, ProblemCodes.EvaluationNotFound, "Not found",
                "No such evaluation, or not one you may see."),
            OutcomeKind.Forbidden => ProblemCodes.Problem(StatusCodes.Status403Forbidden, ProblemCodes.EvaluationForbidden, "Forbidden", o.Detail),
            OutcomeKind.PreconditionRequired => Preconditions.Required(),
            OutcomeKind.PreconditionFailed => Preconditions.Failed(),
            OutcomeKind.Conflict => ProblemCodes.Problem(StatusCodes.Status409Conflict, o.Code ?? ProblemCodes.NotNow, "Not now", o.Detail),
            _ => ProblemCodes.Validation(o.Errors ?? [], o.Code, o.Missing is { } missing ? new Dictionary<string, object?> { ["missing"] = missing } : null),
        };
    }
}

public sealed record ReasonRequest(string? Reason);

public sealed record DraftRequest(IReadOnlyList<ItemAnswer>? Answers, IReadOnlyList<ProblemInput>? Problems, string? Reason);

/// <summary>An appeal: <c>items</c> disputes those items (a reason each, the comment optional); without items the whole evaluation, with a comment.</summary>
public sealed record AppealRequest(string? Comment, IReadOnlyList<DisputeInput?>? Items = null);

/// <summary>A decision: <c>items</c> decides each disputed item of an item-level appeal; <c>upheld</c> (+ answers) a whole-evaluation appeal.</summary>
public sealed record DecisionRequest(bool? Upheld, string? Comment, IReadOnlyList<ItemAnswer>? Answers, IReadOnlyList<ProblemInput>? Problems,
    IReadOnlyList<ItemDecisionInput?>? Items = null);

public sealed record CoachingRequest(string? Action, string? Owner, DateOnly? FollowUpOn);

public sealed record CoachingOutcomeRequest(string? Outcome, bool? Improved);

/// <summary>
/// A problem record as clients send it: the moment as <c>mm:ss</c> (or <c>atSecond</c>); in a text conversation the
/// message's id instead (its offset is taken from the message).
/// </summary>
public sealed record ProblemInput(string? ItemId, string? Description, string? Moment, int? AtSecond, ProblemClass? Class, string? MessageId = null)
{
    public static (IReadOnlyList<ProblemRecord> Records, Dictionary<string, string[]> Errors) ToRecords(IReadOnlyList<ProblemInput>? inputs)
    {
        var errors = new Dictionary<string, string[]>();
        var records = new List<ProblemRecord>();
        for (var i = 0; i < (inputs?.Count ?? 0); i++)
        {
            var p = inputs![i];
            int? at = p.AtSecond;
            if (at is null && p.Moment is { } m)
            {
                var parts = m.Split(':');
                if (parts.Length is 2 or 3 && parts.All(x => int.TryParse(x, out var n) && n >= 0) && parts.Skip(1).All(x => int.Parse(x) < 60))
                    at = parts.Aggregate(0, (sum, x) => sum * 60 + int.Parse(x));
                else errors[$"problems[{i}].moment"] = ["The moment is mm:ss from the start of the call."];
            }
            var messageId = string.IsNullOrWhiteSpace(p.MessageId) ? null : p.MessageId.Trim();
            if (at is null && messageId is null && !errors.ContainsKey($"problems[{i}].moment")) errors[$"problems[{i}].moment"] = ["Say when in the call (mm:ss)."];
            if (p.Class is null) errors[$"problems[{i}].class"] = ["The class is Common, Typical or Serious."];
            records.Add(new ProblemRecord(p.ItemId ?? "", p.Description ?? "", at ?? 0, p.Class ?? ProblemClass.Common) { MessageId = messageId });
        }
        return (records, errors);
    }
}
