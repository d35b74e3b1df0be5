using Microsoft.AspNetCore.Http.HttpResults;
using QaServerless.Security;

namespace QaServerless.ReferenceData;

/// <summary>A person the workbench shows by name instead of a roster id.</summary>
public sealed record Person(string Id, string Name, string Role, string? Team);

/// <summary>
/// <c>GET /api/centers/{center}/people</c>: the names behind the ids the caller's pages show, for every role. Scorers and
/// QA leads see the whole roster and the inspectors; a supervisor their teams' agents and the inspectors; an agent
/// themselves and the inspectors (who score them). Nobody gets another team's or another agent's name by it.
/// </summary>
public static class PeopleApi
{
    public static RouteGroupBuilder MapPeople(this RouteGroupBuilder centers)
    {
        centers.MapGet("/{center}/people", async Task<Results<Ok<IReadOnlyList<Person>>, NotFound>> (string center, ReferenceDataStore store, CurrentUser user, CancellationToken ct) =>
        {
            if (user.ScopeFor(center) is not { } scope) return TypedResults.NotFound();
            var agents = await store.ListAgentsAsync(scope.Id, ct);
            var inspectors = await store.ListInspectorsAsync(scope.Id, ct);
            return TypedResults.Ok<IReadOnlyList<Person>>([
                .. agents.Where(a => MaySee(user, center, a)).Select(a => new Person(a.AgentId, a.Name, Roles.Agent, a.Team)),
                .. inspectors.Select(i => new Person(i.InspectorId, i.Name, Roles.Inspector, null))]);
        }).WithSummary("Names of the people the caller may see (id, name, role, team)");
        return centers;
    }

    private static bool MaySee(CurrentUser user, string center, Agent agent) =>
        user.LeadsCenter(center) || user.IsIn(Roles.Inspector)
        || (user.IsIn(Roles.Supervisor) && user.Teams.Contains(agent.Team))
        || (user.IsIn(Roles.Agent) && user.PersonId == agent.AgentId);
}
