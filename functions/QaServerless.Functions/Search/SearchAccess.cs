using QaServerless.Calls;
using QaServerless.Security;

namespace QaServerless.Search;

/// <summary>
/// Who finds what, the same rules as the calls and evaluations APIs (<see cref="CallAccess"/>, EvaluationAccess):
/// admins, QA leads and inspectors search every call of the center; a supervisor the calls of their teams; an agent their
/// own calls that have a released evaluation. The evaluation's fields show only to those who may see the evaluation
/// (a lead; its inspector; once released, the team's supervisor and the agent), so nobody learns a score they could not
/// open, and a filter on them never matches a hidden one.
/// </summary>
public static class SearchAccess
{
    /// <summary>The row as <paramref name="user"/> may see it, or null when they may not find the call at all.</summary>
    public static SearchRow? View(CurrentUser user, string center, SearchRow row)
    {
        if (!user.CanSeeCenter(center)) return null;
        var supervises = user.IsIn(Roles.Supervisor) && user.Teams.Contains(row.Team);
        var own = user.IsIn(Roles.Agent) && user.PersonId is { } me && me == row.AgentId;
        var seesEvaluation = user.LeadsCenter(center)
            || user.IsIn(Roles.Inspector) && user.PersonId is { } inspector && inspector == row.InspectorId
            || row.IsReleased && (supervises || own);
        var seesCall = CallAccess.SeesWholeCenter(user) || supervises || own && row.IsReleased;
        if (!seesCall) return null;
        return seesEvaluation || row.EvaluationId is null ? row : row with
        {
            EvaluationId = null, EvaluationVersion = null, EvaluationStatus = null, InspectorId = null, Score = null, Band = null,
            FailedItems = [], CriticalClasses = [],
        };
    }

    /// <summary>
    /// The ranges of a day partition to read: for people who see only part of the center, their own index rows (each
    /// team's <c>t|</c>, the agent's <c>a|</c>); for the rest the most selective index the filters name, else the day.
    /// </summary>
    public static (string Index, IReadOnlyList<KeyRange> Ranges) Plan(CurrentUser user, SearchFilters f)
    {
        if (!CallAccess.SeesWholeCenter(user))
        {
            var ranges = new List<KeyRange>();
            if (user.IsIn(Roles.Supervisor))
                ranges.AddRange(user.Teams.Where(t => f.Team is null || t == f.Team).Order(StringComparer.Ordinal).Select(t => SearchKeys.All(SearchKeys.TeamPrefix(t))));
            if (user.IsIn(Roles.Agent) && user.PersonId is { } me && (f.Agent is null || f.Agent == me))
                ranges.Add(SearchKeys.All(SearchKeys.AgentPrefix(me)));
            return ("scope", ranges);
        }
        if (f.FailedItem is { } item) return ("failed-item", [SearchKeys.All(SearchKeys.ItemPrefix(item))]);
        if (f.Tag is { } tag) return ("tag", [SearchKeys.All(SearchKeys.TagPrefix(tag))]);
        if (f.Agent is { } agent) return ("agent", [SearchKeys.All(SearchKeys.AgentPrefix(agent))]);
        if (f.MinRisk is { } risk) return ("risk", [SearchKeys.RiskAtLeast(risk)]);
        if (f.Team is { } team) return ("team", [SearchKeys.All(SearchKeys.TeamPrefix(team))]);
        return ("day", [SearchKeys.All(SearchKeys.CallPrefix)]);
    }
}
