using System.ComponentModel;
using Microsoft.AspNetCore.Http.HttpResults;
using QaServerless.Kpis;
using QaServerless.ReferenceData;
using QaServerless.Security;

namespace QaServerless.SelfEvaluations;

/// <summary>
/// <c>GET /api/self-evaluations/{center}/gaps?month=&amp;groupBy=</c>: the month's self-vs-inspector figures per item, read
/// from the KPI rollups' group rows of the release month (one range of one partition). An agent gets their own row, a
/// supervisor their teams and their teams' agents, a QA lead or admin every group; a group nobody asked is left out.
/// </summary>
public static class SelfEvaluationGapsApi
{
    private static readonly Dictionary<string, KpiGroup> Groups = new(StringComparer.OrdinalIgnoreCase)
    {
        ["center"] = KpiGroup.Center, ["team"] = KpiGroup.Team, ["agent"] = KpiGroup.Agent,
    };

    public static void MapSelfEvaluationGaps(this RouteGroupBuilder group) =>
        group.MapGet("/gaps", GetAsync)
            .WithSummary("Self-vs-inspector gap per item (mean of self − inspector points share, agreement rate, the counts) per center, team or agent for a month");

    private static async Task<Results<Ok<GapsReport>, ValidationProblem, NotFound, ForbidHttpResult>> GetAsync(
        string center,
        [Description("The release month, yyyy-MM (default: this month in the center's time zone).")] string? month,
        [Description("center, team or agent (default: center for a QA lead, team for a supervisor, agent for an agent).")] string? groupBy,
        KpiStore kpis, ReferenceDataStore reference, TimeProvider clock, CurrentUser user, CancellationToken ct)
    {
        if (user.ScopeFor(center) is not { } scope) return TypedResults.NotFound();
        var lead = user.LeadsCenter(center);
        var supervisor = user.IsIn(Roles.Supervisor);
        var agent = user.IsIn(Roles.Agent) && user.PersonId is not null;
        if (!lead && !supervisor && !agent) return TypedResults.Forbid();
        var errors = new Dictionary<string, string[]>();
        var first = default(DateOnly);
        if (month is not null && !KpiService.TryParseRequestMonth(month, out first)) errors["month"] = [KpiService.RequestMonthProblem];
        var by = groupBy ?? (lead ? "center" : supervisor ? "team" : "agent");
        if (!Groups.TryGetValue(by, out var kind)) errors["groupBy"] = ["center, team or agent."];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        // A supervisor has no center figure (other teams are in it), an agent only their own row.
        if (!lead && (kind == KpiGroup.Center || kind == KpiGroup.Team && !supervisor)) return TypedResults.Forbid();
        if (month is null)
        {
            var today = (await reference.GetCenterAsync(scope.Id, ct))?.DayOf(clock.GetUtcNow()) ?? DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
            first = new DateOnly(today.Year, today.Month, 1);
        }
        bool Visible(string id, string? team) => lead
            || supervisor && (kind == KpiGroup.Team ? user.Teams.Contains(id) : team is not null && user.Teams.Contains(team))
            || agent && kind == KpiGroup.Agent && id == user.PersonId;
        var rows = await kpis.ReadGroupsAsync(scope.Id, $"{first:yyyyMM}", kind, ct);
        var groups = rows.Where(r => r.Counters[SelfEvaluationGaps.Prefix + "asked"] > 0 && Visible(r.Id, r.Team))
            .Select(r => SelfEvaluationGaps.Figures(r.Id, r.Team, r.Counters)).OrderBy(g => g.Group, StringComparer.Ordinal).ToList();
        return TypedResults.Ok(new GapsReport(scope.Id, $"{first:yyyy-MM}", kind.ToString().ToLowerInvariant(), groups));
    }
}
