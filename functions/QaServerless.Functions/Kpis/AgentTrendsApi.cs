using System.ComponentModel;
using Microsoft.AspNetCore.Http.HttpResults;
using QaServerless.ReferenceData;
using QaServerless.Security;

namespace QaServerless.Kpis;

/// <summary>
/// <c>GET /api/kpis/{center}/agents/trends</c>: each agent's monthly score over the last months, the average and the
/// quartile within the center. An agent gets their own figures only, a supervisor their teams' agents, a QA lead every
/// agent; the quartile is computed over the whole center but no other agent's figure leaves the server.
/// </summary>
public static class AgentTrendsApi
{
    public const int MaxMonths = 12, DefaultMonths = 6;

    public static IEndpointRouteBuilder MapAgentTrends(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/kpis/{center}/agents/trends", GetAsync).WithTags("KPIs").RequireAuthorization(Policies.Member)
            .WithSummary("Agents' monthly QA score, average and quartile in the center (an agent: their own; a supervisor: their teams')");
        return app;
    }

    private static async Task<Results<Ok<AgentTrendsReport>, ValidationProblem, NotFound, ForbidHttpResult>> GetAsync(
        string center,
        [Description("The last month, yyyy-MM (default: this month in the center's time zone).")] string? month,
        [Description("How many months up to it: 1 to 12, default 6.")] int? months,
        KpiStore store, ReferenceDataStore reference, TimeProvider clock, CurrentUser user, CancellationToken ct)
    {
        if (user.ScopeFor(center) is not { } scope) return TypedResults.NotFound();
        var lead = user.LeadsCenter(center);
        var agent = user.IsIn(Roles.Agent) && user.PersonId is not null;
        if (!lead && !user.IsIn(Roles.Supervisor) && !agent) return TypedResults.Forbid();
        var errors = new Dictionary<string, string[]>();
        var last = default(DateOnly);
        if (month is not null && !KpiService.TryParseRequestMonth(month, out last)) errors["month"] = [KpiService.RequestMonthProblem];
        if (months is < 1 or > MaxMonths) errors["months"] = [$"1 to {MaxMonths}."];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        if (month is null)
        {
            var today = (await reference.GetCenterAsync(scope.Id, ct))?.DayOf(clock.GetUtcNow()) ?? DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
            last = new DateOnly(today.Year, today.Month, 1);
        }
        var span = months ?? DefaultMonths;
        var firsts = Enumerable.Range(0, span).Select(i => last.AddMonths(i - span + 1)).ToList();
        var rows = await Task.WhenAll(firsts.Select(async m => ($"{m:yyyy-MM}", await store.ReadGroupsAsync(scope.Id, $"{m:yyyyMM}", KpiGroup.Agent, ct))));
        bool Visible(string id, string? team) =>
            lead || (user.IsIn(Roles.Supervisor) && team is not null && user.Teams.Contains(team)) || (agent && id == user.PersonId);
        return TypedResults.Ok(new AgentTrendsReport(scope.Id, $"{firsts[0]:yyyy-MM}", $"{last:yyyy-MM}", AgentTrends.Of(rows, Visible)));
    }
}
