using Microsoft.AspNetCore.Http.HttpResults;
using QaServerless.Assignments;
using QaServerless.Hosting;
using QaServerless.ReferenceData;
using QaServerless.Security;

namespace QaServerless.Sampling;

/// <summary>Sampling: the plan (versioned, a QA lead's), the DailySampling timer, its run records and coverage.</summary>
public sealed record SamplingRunReport(SamplingRun Run, IReadOnlyList<StratumRecord> Strata);

public static class SamplingApi
{
    public static IServiceCollection AddSampling(this IServiceCollection services) => services
        .AddTable(SamplingPlanStore.TableName)
        .AddTable(WatchListStore.TableName)
        .AddTable(SamplingRunStore.TableName)
        .AddSingleton<SamplingPlanStore>()
        .AddSingleton<WatchListStore>()
        .AddSingleton<SamplingRunStore>()
        .AddSingleton<IHighRiskCallSource, RiskFlagHighRiskSource>()
        .AddSingleton<ISampleSource, CallStoreSampleSource>()
        .AddSingleton<SamplingService>()
        .AddSingleton<Evaluations.IEvaluationFactsSink, CoverageScoresSink>();

    public static IEndpointRouteBuilder MapSampling(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/sampling/{center}").WithTags("Sampling").RequireAuthorization(Policies.Member);

        group.MapGet("/plan", GetPlan);
        group.MapPut("/plan", PutPlan);
        group.MapGet("/runs/{day}", GetRun);
        group.MapGet("/runs/{day}/calls", GetRunCalls);
        group.MapGet("/coverage", GetCoverage);

        DailySamplingFunction.Map(app);
        return app;
    }

    /// <summary>Leads, supervisors and inspectors of the center read runs and coverage; agents do not.</summary>
    private static bool MayRead(CurrentUser user, string center) =>
        user.LeadsCenter(center) || user.CanSeeCenter(center) && (user.IsIn(Roles.Supervisor) || user.IsIn(Roles.Inspector));

    /// <summary>A day's run: header (plan version, capacity, figures, storage reads) and every stratum with population, drawn and why.</summary>
    private static async Task<Results<Ok<SamplingRunReport>, NotFound>> GetRun(string center, DateOnly day, CurrentUser user,
        SamplingRunStore runs, CancellationToken ct)
    {
        if (!MayRead(user, center) || await runs.GetRunAsync(center, day, ct) is not { } run) return TypedResults.NotFound();
        return TypedResults.Ok(new SamplingRunReport(run, await runs.ListStrataAsync(center, day, ct)));
    }

    private static async Task<Results<Ok<IReadOnlyList<SampledCall>>, NotFound>> GetRunCalls(string center, DateOnly day, CurrentUser user,
        SamplingRunStore runs, CancellationToken ct)
    {
        if (!MayRead(user, center) || await runs.GetRunAsync(center, day, ct) is null) return TypedResults.NotFound();
        return TypedResults.Ok(await runs.ListSampleAsync(center, day, ct));
    }

    /// <summary>Coverage per agent for a month (<c>?month=yyyy-MM</c>, default this month in the center's zone).</summary>
    private static async Task<Results<Ok<CoverageReport>, NotFound, ValidationProblem>> GetCoverage(string center, string? month,
        CurrentUser user, SamplingRunStore runs, SamplingPlanStore plans, AssignmentStore assignments, ReferenceDataStore reference,
        TimeProvider clock, CancellationToken ct)
    {
        if (!MayRead(user, center) || await reference.GetCenterAsync(center, ct) is not { } found) return TypedResults.NotFound();
        DateOnly first;
        if (month is null)
        {
            var today = found.DayOf(clock.GetUtcNow());
            first = new DateOnly(today.Year, today.Month, 1);
        }
        else if (!DateOnly.TryParseExact(month + "-01", "yyyy-MM-dd", out first))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["month"] = ["A month as yyyy-MM."] });
        var plan = await plans.GetCurrentAsync(center, ct);
        var (days, scores) = await runs.ReadMonthAsync(center, first, ct);
        var assigned = await assignments.CountByAgentForMonthAsync(center, first, ct);
        return TypedResults.Ok(new CoverageReport(center, first.ToString("yyyy-MM"), plan.Version, Coverage.TrustworthyMargin,
            Coverage.Build(plan, days, scores, assigned)));
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
