using QaServerless.Security;

namespace QaServerless.Evaluations;

/// <summary>
/// Who sees and does what with an evaluation, within the centers they belong to:
/// admins and QA leads everything; an inspector the evaluations they score; a supervisor their teams' evaluations
/// once released; an agent their own once released. What a person may not see answers 404 (nothing leaks, not even
/// existence); what they see but may not do answers 403.
/// </summary>
public static class EvaluationAccess
{
    public static bool IsLead(CurrentUser user, string center) => user.LeadsCenter(center);

    public static bool IsInspectorOf(CurrentUser user, Evaluation e) =>
        user.IsIn(Roles.Inspector) && user.PersonId is { } me && me == e.InspectorId;

    public static bool IsAgentOf(CurrentUser user, Evaluation e) =>
        user.IsIn(Roles.Agent) && user.PersonId is { } me && me == e.AgentId;

    public static bool IsSupervisorOf(CurrentUser user, Evaluation e) =>
        user.IsIn(Roles.Supervisor) && user.Teams.Contains(e.Team);

    public static bool CanSee(CurrentUser user, Evaluation e) =>
        user.CanSeeCenter(e.CenterId)
        && (IsLead(user, e.CenterId) || IsInspectorOf(user, e) || e.IsReleased && (IsAgentOf(user, e) || IsSupervisorOf(user, e)));

    /// <summary>Answers, problems, submission and release: the evaluation's inspector or a QA lead.</summary>
    public static bool MayScore(CurrentUser user, Evaluation e) => IsLead(user, e.CenterId) || IsInspectorOf(user, e);

    /// <summary>Acknowledging and appealing: the agent evaluated, and nobody else.</summary>
    public static bool MayRespond(CurrentUser user, Evaluation e) => IsAgentOf(user, e);

    public static bool MayDecide(CurrentUser user, Evaluation e) => IsLead(user, e.CenterId);

    public static bool MayCoach(CurrentUser user, Evaluation e) => IsLead(user, e.CenterId) || IsSupervisorOf(user, e);

    /// <summary>The versions a person may read: agents and supervisors see the history from release on, not the drafts.</summary>
    public static bool CanSeeVersion(CurrentUser user, Evaluation head, Evaluation version) =>
        MayScore(user, head) || version.IsReleased;
}
