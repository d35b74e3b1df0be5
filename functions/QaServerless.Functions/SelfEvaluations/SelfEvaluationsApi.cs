using Microsoft.AspNetCore.Http.HttpResults;
using QaServerless.Evaluations;
using QaServerless.Hosting;
using QaServerless.Scoring;
using QaServerless.Security;

namespace QaServerless.SelfEvaluations;

/// <summary>
/// Agent self-evaluations under <c>/api/self-evaluations/{center}</c> (docs/self-evaluation.md): the center's setting
/// (versioned, If-Match), the agent's list, one call's self-evaluation with its versions, answering and submitting it
/// (If-Match <c>"{version}"</c>), the side-by-side comparison after release and the self-vs-inspector gaps.
/// </summary>
public static class SelfEvaluationsApi
{
    public static IServiceCollection AddSelfEvaluations(this IServiceCollection services) => services
        .AddTable(SelfEvaluationStore.TableName)
        .AddSingleton<SelfEvaluationStore>().AddSingleton<SelfEvaluationClosing>().AddSingleton<SelfEvaluationService>()
        .AddSingleton<IEvaluationChangedSink, SelfEvaluationReleaseSink>();

    public static IEndpointRouteBuilder MapSelfEvaluations(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/self-evaluations/{center}").WithTags("Self-evaluations").RequireAuthorization(Policies.Member);
        group.MapGet("/settings", GetSettingsAsync)
            .WithSummary("The center's self-evaluation setting (on/off, share of sampled calls in %) with its version (QA leads, admins)");
        group.MapPut("/settings", PutSettingsAsync)
            .WithSummary("Sets the self-evaluation setting (QA leads, admins): If-Match with the version read; a new version each save")
            .ProducesProblem(StatusCodes.Status412PreconditionFailed).ProducesProblem(StatusCodes.Status428PreconditionRequired);
        group.MapGet("/mine", async Task<Results<Ok<IReadOnlyList<SelfEvaluation>>, ForbidHttpResult>> (string center, SelfEvaluationService service, CurrentUser user, CancellationToken ct) =>
            await service.ListMineAsync(center, user, ct) is { } list ? TypedResults.Ok(list) : TypedResults.Forbid())
            .WithSummary("The caller's own self-evaluations (agents), open ones first");
        group.MapGet("/calls/{callId}", async (string center, string callId, SelfEvaluationService service, CurrentUser user, HttpResponse response, CancellationToken ct) =>
            ToHttp(await service.GetAsync(center, callId, user, ct), response))
            .WithSummary("A call's self-evaluation: its agent always; the inspector and QA leads once the evaluation is submitted; the supervisor once released");
        group.MapGet("/calls/{callId}/versions", async Task<Results<Ok<IReadOnlyList<SelfEvaluation>>, NotFound>> (string center, string callId,
            SelfEvaluationService service, CurrentUser user, CancellationToken ct) =>
            await service.ListVersionsAsync(center, callId, user, ct) is { } list ? TypedResults.Ok(list) : TypedResults.NotFound())
            .WithSummary("Every version of a call's self-evaluation, oldest first (who may see it as above)");
        group.MapPut("/calls/{callId}/draft", (string center, string callId, SelfDraftRequest body, SelfEvaluationService service, CurrentUser user,
            HttpContext http, CancellationToken ct) => Change(http, service.ChangeAsync(center, callId, user, Preconditions.IfMatch(http.Request),
                (s, card) => SelfEvaluationFlow.SaveDraft(s, card, body.Answers ?? [], body.Note, new Change(user.Id, Now(http))), ct)))
            .WithSummary("The agent saves answers and a note while open (If-Match); 409 once the inspector's evaluation is released");
        group.MapPost("/calls/{callId}/submit", (string center, string callId, SelfEvaluationService service, CurrentUser user, HttpContext http, CancellationToken ct) =>
            Change(http, service.ChangeAsync(center, callId, user, Preconditions.IfMatch(http.Request),
                (s, card) => SelfEvaluationFlow.Submit(s, card, new Change(user.Id, Now(http))), ct)))
            .WithSummary("The agent submits (every item answered; final) (If-Match); 409 once released");
        group.MapGet("/calls/{callId}/comparison", async Task<Results<Ok<SelfComparison>, NotFound>> (string center, string callId,
            SelfEvaluationClosing closing, CurrentUser user, CancellationToken ct) =>
            await closing.ComparisonAsync(center, callId, user, ct) is { } comparison ? TypedResults.Ok(comparison) : TypedResults.NotFound())
            .WithSummary("After release: the inspector's and the agent's answers side by side per item, both scores (whoever may see the released evaluation)");
        group.MapSelfEvaluationGaps();
        return app;
    }

    private static async Task<Results<Ok<SelfEvaluationSettingsVersion>, NotFound, ForbidHttpResult>> GetSettingsAsync(
        string center, SelfEvaluationStore store, CurrentUser user, HttpResponse response, CancellationToken ct)
    {
        if (!user.CanSeeCenter(center)) return TypedResults.NotFound();
        if (!user.LeadsCenter(center)) return TypedResults.Forbid();
        var (settings, _) = await store.GetSettingsAsync(center, ct);
        Preconditions.SetETag(response, settings.ETag);
        return TypedResults.Ok(settings);
    }

    private static async Task<Results<Ok<SelfEvaluationSettingsVersion>, ValidationProblem, ProblemHttpResult, NotFound, ForbidHttpResult>> PutSettingsAsync(
        string center, SelfEvaluationSettings body, SelfEvaluationStore store, CurrentUser user, TimeProvider clock, HttpRequest request, HttpResponse response,
        CancellationToken ct)
    {
        if (!user.CanSeeCenter(center)) return TypedResults.NotFound();
        if (!user.LeadsCenter(center)) return TypedResults.Forbid();
        if (body.Validate() is { Count: > 0 } errors) return ProblemCodes.Validation(errors);
        if (Preconditions.IfMatch(request) is not { } ifMatch) return Preconditions.Required();
        var text = ifMatch.StartsWith("W/", StringComparison.Ordinal) ? ifMatch[2..] : ifMatch;
        if (!int.TryParse(text.Trim('"'), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var version)
            || await store.SaveSettingsAsync(center, version, body, user.Id, clock.GetUtcNow(), ct) is not { } saved) return Preconditions.Failed();
        Preconditions.SetETag(response, saved.ETag);
        return TypedResults.Ok(saved);
    }

    private static DateTimeOffset Now(HttpContext http) => http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();

    private static async Task<Results<Ok<SelfEvaluation>, NotFound, ForbidHttpResult, ProblemHttpResult, ValidationProblem>> Change(HttpContext http, Task<SelfOutcome> outcome) =>
        ToHttp(await outcome, http.Response);

    private static Results<Ok<SelfEvaluation>, NotFound, ForbidHttpResult, ProblemHttpResult, ValidationProblem> ToHttp(SelfOutcome o, HttpResponse response)
    {
        if (o is { Kind: SelfOutcomeKind.Ok, Value: { } value }) Preconditions.SetETag(response, value.ETag);
        return o.Kind switch
        {
            SelfOutcomeKind.Ok => TypedResults.Ok(o.Value!),
            SelfOutcomeKind.NotFound => TypedResults.NotFound(),
            SelfOutcomeKind.Forbidden => ProblemCodes.Problem(StatusCodes.Status403Forbidden, "self-evaluation.forbidden", "Forbidden", o.Detail),
            SelfOutcomeKind.PreconditionRequired => Preconditions.Required(),
            SelfOutcomeKind.PreconditionFailed => Preconditions.Failed(),
            SelfOutcomeKind.Conflict => ProblemCodes.Problem(StatusCodes.Status409Conflict, o.Code ?? SelfEvaluationFlow.Closed, "Not now", o.Detail),
            _ => ProblemCodes.Validation(o.Errors ?? [], o.Code, o.Missing is { } missing ? new Dictionary<string, object?> { ["missing"] = missing } : null),
        };
    }
}

/// <summary>The agent's answers so far and an optional note (masked before it is stored).</summary>
public sealed record SelfDraftRequest(IReadOnlyList<ItemAnswer>? Answers, string? Note);
