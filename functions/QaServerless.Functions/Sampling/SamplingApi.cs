using Microsoft.AspNetCore.Http.HttpResults;
using QaServerless.Hosting;
using QaServerless.Security;

namespace QaServerless.Sampling;

/// <summary>Sampling: the plan (versioned, a QA lead's), the DailySampling timer, its run records and coverage.</summary>
public static class SamplingApi
{
    public static IServiceCollection AddSampling(this IServiceCollection services) => services
        .AddTable(SamplingPlanStore.TableName)
        .AddTable(WatchListStore.TableName)
        .AddSingleton<SamplingPlanStore>()
        .AddSingleton<WatchListStore>();

    public static IEndpointRouteBuilder MapSampling(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/sampling/{center}").WithTags("Sampling").RequireAuthorization(Policies.Member);

        group.MapGet("/plan", GetPlan);
        group.MapPut("/plan", PutPlan);
        return app;
    }

    /// <summary>The current plan (or <c>?version=n</c>). Its ETag goes in If-Match when the lead saves a change.</summary>
    private static async Task<Results<Ok<SamplingPlan>, NotFound>> GetPlan(string center, int? version, CurrentUser user,
        SamplingPlanStore plans, HttpContext http, CancellationToken ct)
    {
        if (!user.CanSeeCenter(center) || user.IsIn(Roles.Agent) && !user.LeadsCenter(center)) return TypedResults.NotFound();
        var plan = version is { } v ? await plans.GetVersionAsync(center, v, ct) : await plans.GetCurrentAsync(center, ct);
        if (plan is null) return TypedResults.NotFound();
        if (plan.ETag is { } etag) http.Response.Headers.ETag = etag;
        return TypedResults.Ok(plan);
    }

    /// <summary>A QA lead saves a new version of the plan. Runs already made keep the version they used.</summary>
    private static async Task<Results<Ok<SamplingPlan>, NotFound, ForbidHttpResult, ValidationProblem, ProblemHttpResult>> PutPlan(
        string center, SamplingPlan body, CurrentUser user, SamplingPlanStore plans, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        if (!user.CanSeeCenter(center)) return TypedResults.NotFound();
        if (!user.LeadsCenter(center)) return TypedResults.Forbid();
        var errors = body.Validate();
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        var ifMatch = http.Request.Headers.IfMatch.ToString();
        var saved = await plans.SaveAsync(body with { CenterId = center, ChangedBy = user.Id, ChangedAt = clock.GetUtcNow() },
            string.IsNullOrWhiteSpace(ifMatch) ? null : ifMatch, ct);
        if (saved is null)
            return TypedResults.Problem(statusCode: StatusCodes.Status412PreconditionFailed, title: "The plan changed meanwhile",
                detail: "Another version was saved since you read it: read the plan again and reapply your change.");
        http.Response.Headers.ETag = saved.ETag;
        return TypedResults.Ok(saved);
    }
}
