using Microsoft.AspNetCore.Http.HttpResults;
using QaServerless.Hosting;
using QaServerless.Security;

namespace QaServerless.ReferenceData;

/// <summary>Centers, the agent roster and inspectors: maintained by admins and QA leads, read by every feature.</summary>
public static class ReferenceDataApi
{
    public static IServiceCollection AddReferenceData(this IServiceCollection services) => services
        .AddTable(ReferenceDataStore.CentersTable)
        .AddTable(ReferenceDataStore.AgentsTable)
        .AddTable(ReferenceDataStore.InspectorsTable)
        .AddSingleton<ReferenceDataStore>();

    public static IEndpointRouteBuilder MapReferenceData(this IEndpointRouteBuilder app)
    {
        var centers = app.MapGroup("/api/centers").WithTags("Reference data").RequireAuthorization(Policies.Member);
        centers.MapRosterUpload();
        centers.MapPeople();

        centers.MapGet("/", async (ReferenceDataStore store, CurrentUser user, CancellationToken ct) =>
            TypedResults.Ok((await store.ListCentersAsync(ct)).Where(c => user.CanSeeCenter(c.CenterId)).ToList()));

        centers.MapGet("/{center}", async Task<Results<Ok<Center>, NotFound>> (string center, ReferenceDataStore store, CurrentUser user, CancellationToken ct) =>
            user.CanSeeCenter(center) && await store.GetCenterAsync(center, ct) is { } found ? TypedResults.Ok(found) : TypedResults.NotFound());

        centers.MapPut("/{center}", async Task<Results<Ok<Center>, ValidationProblem, ForbidHttpResult>> (string center, CenterRequest body, ReferenceDataStore store, CurrentUser user, CancellationToken ct) =>
        {
            if (!(user.IsIn(Roles.Admin) && user.CanSeeCenter(center))) return TypedResults.Forbid();
            var errors = body.Validate();
            if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
            var saved = new Center(center, body.Name!, body.TimeZone!, body.RetentionDays ?? 365);
            await store.UpsertCenterAsync(saved, ct);
            return TypedResults.Ok(saved);
        });

        // From the roster, never from call records: a supervisor sees the agents the roster puts in their teams, whatever
        // team a call record names (calls with another team are flagged, docs/ingest-formats.md); scorers see everyone.
        centers.MapGet("/{center}/agents", async Task<Results<Ok<IReadOnlyList<Agent>>, NotFound>> (string center, ReferenceDataStore store, CurrentUser user, CancellationToken ct) =>
        {
            if (user.ScopeFor(center) is not { } scope) return TypedResults.NotFound();
            var wholeCenter = user.LeadsCenter(center) || user.IsIn(Roles.Inspector);
            if (!wholeCenter && !user.IsIn(Roles.Supervisor)) return TypedResults.NotFound();
            var roster = await store.ListAgentsAsync(scope.Id, ct);
            return TypedResults.Ok<IReadOnlyList<Agent>>(wholeCenter ? roster : [.. roster.Where(a => user.Teams.Contains(a.Team))]);
        });

        centers.MapGet("/{center}/inspectors", async Task<Results<Ok<IReadOnlyList<Inspector>>, NotFound>> (string center, ReferenceDataStore store, CurrentUser user, CancellationToken ct) =>
            user.LeadsCenter(center) ? TypedResults.Ok(await store.ListInspectorsAsync(center, ct)) : TypedResults.NotFound());

        return app;
    }
}

public sealed record CenterRequest(string? Name, string? TimeZone, int? RetentionDays)
{
    public Dictionary<string, string[]> Validate()
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(Name)) errors["name"] = ["A center needs a name."];
        if (string.IsNullOrWhiteSpace(TimeZone) || !TimeZoneInfo.TryFindSystemTimeZoneById(TimeZone, out _))
            errors["timeZone"] = ["An IANA time zone such as Asia/Shanghai is required."];
        if (RetentionDays is < 1 or > 3650) errors["retentionDays"] = ["Retention is 1 to 3650 days."];
        return errors;
    }
}
