using Microsoft.AspNetCore.Http.HttpResults;
using QaServerless.Hosting;
using QaServerless.ReferenceData;
using QaServerless.Security;

namespace QaServerless.Assignments;

/// <summary>Assignments of sampled calls to inspectors: worklists, reassignment by a QA lead, dead-lettered assignments.</summary>
public static class AssignmentsApi
{
    public static IServiceCollection AddAssignments(this IServiceCollection services) => services
        .AddTable(AssignmentStore.TableName)
        .AddTable(DeadLetterStore.TableName)
        .AddSingleton<AssignmentStore>()
        .AddSingleton<DeadLetterStore>()
        .AddSingleton<AssignmentService>();

    public static IEndpointRouteBuilder MapAssignments(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/assignments/{center}").WithTags("Assignments").RequireAuthorization(Policies.Inspector);

        group.MapGet("/worklist", GetWorklist);
        group.MapGet("/calls/{callId}", GetAssignment);
        group.MapPost("/calls/{callId}/reassign", Reassign);
        group.MapGet("/dead-letters", ListDeadLetters);

        AssignInspectorFunction.Map(app);
        AssignmentDeadLettersFunction.Map(app);
        return app;
    }

    /// <summary>An inspector's worklist for a day (default: today in the center's time zone). Inspectors see their own only.</summary>
    private static async Task<Results<Ok<Worklist>, NotFound, ForbidHttpResult, ValidationProblem>> GetWorklist(
        string center, string? inspector, DateOnly? day, CurrentUser user, AssignmentStore store, ReferenceDataStore reference,
        TimeProvider clock, CancellationToken ct)
    {
        if (!user.CanSeeCenter(center) || await reference.GetCenterAsync(center, ct) is not { } found) return TypedResults.NotFound();
        var who = inspector ?? user.PersonId;
        if (string.IsNullOrWhiteSpace(who))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["inspector"] = ["Name the inspector (your sign-in has no inspector id)."] });
        if (!user.LeadsCenter(center) && !string.Equals(who, user.PersonId, StringComparison.OrdinalIgnoreCase)) return TypedResults.Forbid();
        var date = day ?? found.DayOf(clock.GetUtcNow());
        var items = await store.ListWorklistAsync(center, who, date, ct);
        var cap = (await reference.GetInspectorAsync(center, who, ct))?.DailyCap;
        return TypedResults.Ok(new Worklist(center, who, date, cap, items.Count, items));
    }

    private static async Task<Results<Ok<Assignment>, NotFound>> GetAssignment(
        string center, string callId, CurrentUser user, AssignmentStore store, HttpContext http, CancellationToken ct)
    {
        if (!user.CanSeeCenter(center) || await store.GetByCallAsync(center, callId, ct) is not { } found) return TypedResults.NotFound();
        if (!user.LeadsCenter(center) && !string.Equals(found.InspectorId, user.PersonId, StringComparison.OrdinalIgnoreCase)) return TypedResults.NotFound();
        http.Response.Headers.ETag = found.ETag;
        return TypedResults.Ok(found);
    }

    /// <summary>A QA lead moves an assignment to another inspector. If-Match (the assignment's ETag) guards against lost updates.</summary>
    private static async Task<Results<Ok<Assignment>, NotFound, ForbidHttpResult, ValidationProblem, ProblemHttpResult>> Reassign(
        string center, string callId, ReassignRequest body, CurrentUser user, AssignmentService service, HttpContext http, CancellationToken ct)
    {
        if (!user.CanSeeCenter(center)) return TypedResults.NotFound();
        if (!user.LeadsCenter(center)) return TypedResults.Forbid();
        if (string.IsNullOrWhiteSpace(body.InspectorId))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["inspectorId"] = ["Name the inspector to take the call."] });
        var ifMatch = http.Request.Headers.IfMatch.ToString();
        var result = await service.ReassignAsync(center, callId, body.InspectorId, string.IsNullOrWhiteSpace(ifMatch) ? null : ifMatch, ct);
        switch (result)
        {
            case ReassignResult.Done done:
                http.Response.Headers.ETag = done.Assignment.ETag;
                return TypedResults.Ok(done.Assignment);
            case ReassignResult.NotFound: return TypedResults.NotFound();
            case ReassignResult.Invalid invalid:
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["inspectorId"] = [invalid.Why] });
            default:
                return TypedResults.Problem(statusCode: StatusCodes.Status412PreconditionFailed, title: "The assignment changed meanwhile",
                    detail: "Read it again (its ETag changed) and retry with the new If-Match.");
        }
    }

    private static async Task<Results<Ok<IReadOnlyList<DeadLetter>>, NotFound, ForbidHttpResult>> ListDeadLetters(
        string center, CurrentUser user, DeadLetterStore store, CancellationToken ct)
    {
        if (!user.CanSeeCenter(center)) return TypedResults.NotFound();
        if (!user.LeadsCenter(center)) return TypedResults.Forbid();
        return TypedResults.Ok(await store.ListAsync(center, ct));
    }
}

public sealed record Worklist(string CenterId, string InspectorId, DateOnly Day, int? DailyCap, int Count, IReadOnlyList<Assignment> Items);

public sealed record ReassignRequest(string? InspectorId);
