using Microsoft.AspNetCore.Http.HttpResults;
using QaServerless.Hosting;
using QaServerless.Security;

namespace QaServerless.Evaluations.Threads;

/// <summary>
/// An evaluation's thread under <c>/api/centers/{center}/evaluations/{id}/comments</c>: read it, post (idempotent by
/// <c>commentId</c>), edit and withdraw under <c>If-Match: "{version}"</c>, read a comment's versions. See docs/threads.md.
/// </summary>
public static class ThreadsApi
{
    public static IServiceCollection AddThreads(this IServiceCollection services)
    {
        services.AddTable(ThreadStore.TableName);
        services.AddSingleton<ThreadStore>();
        services.AddScoped<ThreadService>();
        return services;
    }

    public static IEndpointRouteBuilder MapThreads(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/centers/{center}/evaluations/{id}/comments").WithTags("Evaluation threads").RequireAuthorization(Policies.Member);

        group.MapGet("/", async Task<Results<Ok<EvaluationThread>, ProblemHttpResult>> (string center, string id, ThreadService service, CurrentUser user, CancellationToken ct) =>
            await service.ListAsync(center, id, user, ct) is { } thread ? TypedResults.Ok(thread) : EvaluationNotFound())
            .WithSummary("The thread: the comments the caller may read, and whom they may mention");

        group.MapPost("/", async (string center, string id, CommentRequest body, ThreadService service, CurrentUser user, HttpResponse response, CancellationToken ct) =>
            ToHttp(await service.PostAsync(center, id, body, user, ct), response))
            .WithSummary("Posts a comment on the evaluation, an item (itemId) or a reply (parentId); a retry with the same commentId answers the stored one");

        group.MapPut("/{commentId}", async (string center, string id, string commentId, CommentEditRequest body, ThreadService service, CurrentUser user,
            HttpContext http, CancellationToken ct) =>
            ToHttp(await service.EditAsync(center, id, commentId, body, user, Preconditions.IfMatch(http.Request), ct), http.Response))
            .WithSummary("Edits a comment (its author): the next version");

        group.MapPost("/{commentId}/withdraw", async (string center, string id, string commentId, ReasonRequest? body, ThreadService service, CurrentUser user,
            HttpContext http, CancellationToken ct) =>
            ToHttp(await service.WithdrawAsync(center, id, commentId, body?.Reason, user, Preconditions.IfMatch(http.Request), ct), http.Response))
            .WithSummary("Withdraws a comment (its author, or a QA lead): the next version, without the text; the versions before keep it");

        group.MapGet("/{commentId}/versions", async Task<Results<Ok<IReadOnlyList<ThreadComment>>, ProblemHttpResult>> (string center, string id, string commentId,
            ThreadService service, CurrentUser user, CancellationToken ct) =>
            await service.ListVersionsAsync(center, id, commentId, user, ct) is { } versions ? TypedResults.Ok(versions) : CommentNotFound())
            .WithSummary("Every version of a comment, oldest first");
        return app;
    }

    private static ProblemHttpResult EvaluationNotFound() =>
        ProblemCodes.Problem(StatusCodes.Status404NotFound, ProblemCodes.EvaluationNotFound, "Not found", "No such evaluation, or not one you may see.");

    private static ProblemHttpResult CommentNotFound() =>
        ProblemCodes.Problem(StatusCodes.Status404NotFound, ProblemCodes.CommentNotFound, "Not found", "No such comment in this thread, or not one you may read.");

    private static Results<Ok<ThreadComment>, Created<ThreadComment>, ProblemHttpResult, ValidationProblem> ToHttp(ThreadOutcome o, HttpResponse response)
    {
        if (o.Value is { } value && o.Kind is OutcomeKind.Ok or OutcomeKind.Created) Preconditions.SetETag(response, value.ETag);
        return o.Kind switch
        {
            OutcomeKind.Ok => TypedResults.Ok(o.Value!),
            OutcomeKind.Created => TypedResults.Created(
                $"/api/centers/{Uri.EscapeDataString(o.Value!.CenterId)}/evaluations/{Uri.EscapeDataString(o.Value.EvaluationId)}/comments/{Uri.EscapeDataString(o.Value.CommentId)}/versions", o.Value),
            OutcomeKind.NotFound => o.Code == ProblemCodes.CommentNotFound ? CommentNotFound() : EvaluationNotFound(),
            OutcomeKind.Forbidden => ProblemCodes.Problem(StatusCodes.Status403Forbidden, ProblemCodes.CommentForbidden, "Forbidden", o.Detail),
            OutcomeKind.PreconditionRequired => Preconditions.Required(),
            OutcomeKind.PreconditionFailed => Preconditions.Failed(),
            OutcomeKind.Conflict => ProblemCodes.Problem(StatusCodes.Status409Conflict, o.Code ?? ProblemCodes.NotNow, "Not now", o.Detail),
            _ => ProblemCodes.Validation(o.Errors ?? []),
        };
    }
}
