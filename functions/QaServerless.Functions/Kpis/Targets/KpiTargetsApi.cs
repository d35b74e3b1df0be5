using Microsoft.AspNetCore.Http.HttpResults;
using QaServerless.Hosting;
using QaServerless.Security;

namespace QaServerless.Kpis;

/// <summary>
/// <c>GET/PUT /api/kpis/{center}/targets</c>: the center's KPI targets, versioned like the other settings that guard
/// their updates — the answer's ETag is <c>"{version}"</c> (<c>"0"</c> before the first save), a PUT must send it in
/// If-Match (428 without, 412 when somebody saved meanwhile). QA leads and admins set them; supervisors read them.
/// </summary>
public static class KpiTargetsApi
{
    public static IServiceCollection AddKpiTargets(this IServiceCollection services) =>
        services.AddTable(KpiTargetsStore.Table).AddSingleton<KpiTargetsStore>();

    public static void MapKpiTargets(this RouteGroupBuilder kpis)
    {
        kpis.MapGet("/{center}/targets", GetAsync)
            .WithSummary("The center's KPI targets (pass rate, mean score, FCR, critical-error rate, AHT) with their version")
            .WithDescription("Each target is optional (null: none). Rates are shares 0–1. The ETag (`\"{version}\"`) goes into If-Match to change them.");
        kpis.MapPut("/{center}/targets", PutAsync)
            .WithSummary("Sets the center's KPI targets (QA leads, admins): If-Match with the version read")
            .ProducesProblem(StatusCodes.Status412PreconditionFailed).ProducesProblem(StatusCodes.Status428PreconditionRequired);
    }

    private static async Task<Results<Ok<KpiTargetsVersion>, NotFound, ForbidHttpResult>> GetAsync(
        string center, KpiTargetsStore store, CurrentUser user, HttpResponse response, CancellationToken ct)
    {
        if (!user.CanSeeCenter(center)) return TypedResults.NotFound();
        if (!user.LeadsCenter(center) && !user.IsIn(Roles.Supervisor)) return TypedResults.Forbid();
        var targets = await store.GetAsync(center, ct);
        Preconditions.SetETag(response, targets.ETag);
        return TypedResults.Ok(targets);
    }

    private static async Task<Results<Ok<KpiTargetsVersion>, ValidationProblem, ProblemHttpResult, NotFound, ForbidHttpResult>> PutAsync(
        string center, KpiTargets body, KpiTargetsStore store, CurrentUser user, TimeProvider clock, HttpRequest request, HttpResponse response, CancellationToken ct)
    {
        if (!user.CanSeeCenter(center)) return TypedResults.NotFound();
        if (!user.LeadsCenter(center)) return TypedResults.Forbid();
        var errors = body.Validate();
        if (errors.Count > 0) return ProblemCodes.Validation(errors);
        if (Preconditions.IfMatch(request) is not { } ifMatch) return Preconditions.Required();
        if (!TryReadVersion(ifMatch, out var version)) return Preconditions.Failed();
        if (await store.SaveAsync(center, version, body, user.Id, clock.GetUtcNow(), ct) is not { } saved) return Preconditions.Failed();
        Preconditions.SetETag(response, saved.ETag);
        return TypedResults.Ok(saved);
    }

    /// <summary>The version in an ETag <c>"3"</c> (or <c>W/"3"</c>); anything else matches no version.</summary>
    private static bool TryReadVersion(string etag, out int version)
    {
        var text = etag.StartsWith("W/", StringComparison.Ordinal) ? etag[2..] : etag;
        return int.TryParse(text.Trim('"'), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out version);
    }
}
