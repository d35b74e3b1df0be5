using QaServerless.Security;

namespace QaServerless.Calls;

/// <summary>
/// Who sees which calls of a center they belong to: admins, QA leads and inspectors every call (they sample, score
/// and calibrate across teams); a supervisor the calls of the teams they lead; an agent their own. A supervisor who
/// is also an agent sees both. Calls carry the customer's voice, so the narrowest role decides.
/// </summary>
public static class CallAccess
{
    public static bool SeesWholeCenter(CurrentUser user) =>
        user.IsIn(Roles.Admin) || user.IsIn(Roles.QaLead) || user.IsIn(Roles.Inspector);

    public static bool CanSee(CurrentUser user, Call call) =>
        user.CanSeeCenter(call.CenterId)
        && (SeesWholeCenter(user)
            || user.IsIn(Roles.Supervisor) && user.Teams.Contains(call.OwningTeam)
            || user.IsIn(Roles.Agent) && user.PersonId is { } me && me == call.AgentId);

    /// <summary>People who only hold the agent role list their own calls; the list is narrowed before it is read.</summary>
    public static bool OnlyOwnCalls(CurrentUser user) =>
        user.IsIn(Roles.Agent) && !SeesWholeCenter(user) && !user.IsIn(Roles.Supervisor);
}
