using System.Security.Claims;

namespace QaServerless.Security;

/// <summary>The five roles of the domain, as they appear in role claims (Entra app roles) and policies.</summary>
public static class Roles
{
    public const string Admin = "admin";
    public const string QaLead = "qa-lead";
    public const string Inspector = "inspector";
    public const string Supervisor = "supervisor";
    public const string Agent = "agent";

    public static readonly IReadOnlyList<string> All = [Admin, QaLead, Inspector, Supervisor, Agent];
}

/// <summary>Authorization policies: each names the roles that may pass. Center scope is checked per request.</summary>
public static class Policies
{
    public const string Admin = "admin";
    /// <summary>Admins and QA leads: scorecards, sampling plans, appeals, calibration, rosters.</summary>
    public const string QaLead = "qa-lead";
    /// <summary>Anyone who scores calls: inspectors and QA leads.</summary>
    public const string Inspector = "inspector";
    /// <summary>Any signed-in person of any role; the handler narrows what they see.</summary>
    public const string Member = "member";

    public static IServiceCollection AddQaPolicies(this IServiceCollection services)
    {
        services.AddAuthorizationBuilder()
            .AddPolicy(Admin, p => p.RequireRole(Roles.Admin))
            .AddPolicy(QaLead, p => p.RequireRole(Roles.Admin, Roles.QaLead))
            .AddPolicy(Inspector, p => p.RequireRole(Roles.Admin, Roles.QaLead, Roles.Inspector))
            .AddPolicy(Member, p => p.RequireRole([.. Roles.All]));
        return services;
    }
}

/// <summary>Claim types of our own, carried in the client principal (Easy Auth) or the development sign-in.</summary>
public static class QaClaims
{
    /// <summary>A center the person belongs to; one claim per center. <c>*</c> means every center (a platform admin).</summary>
    public const string Center = "qa_center";
    /// <summary>The agent or inspector id of the person in the roster (an agent sees their own evaluations by it).</summary>
    public const string PersonId = "qa_person";
    /// <summary>A team the person leads (supervisor) or belongs to.</summary>
    public const string Team = "qa_team";
}

/// <summary>The signed-in person as the features see them.</summary>
public sealed record CurrentUser(string Id, string Name, IReadOnlySet<string> Roles, IReadOnlySet<string> Centers, IReadOnlySet<string> Teams, string? PersonId)
{
    public bool IsIn(string role) => Roles.Contains(role);

    public bool CanSeeCenter(string center) => Centers.Contains("*") || Centers.Contains(center);

    /// <summary>The center as a scope this person may work in, or null when they may not see it (<see cref="CenterScope"/>).</summary>
    public CenterScope? ScopeFor(string? center) => CenterScope.Authorize(this, center);

    /// <summary>Admins and QA leads of the center manage it.</summary>
    public bool LeadsCenter(string center) => CanSeeCenter(center) && (IsIn(Security.Roles.Admin) || IsIn(Security.Roles.QaLead));

    public static CurrentUser From(ClaimsPrincipal principal)
    {
        var id = principal.FindFirstValue(ClaimTypes.NameIdentifier) ?? principal.Identity?.Name ?? "anonymous";
        return new CurrentUser(
            id,
            principal.Identity?.Name ?? id,
            principal.FindAll(ClaimTypes.Role).Select(c => c.Value).ToHashSet(StringComparer.OrdinalIgnoreCase),
            principal.FindAll(QaClaims.Center).SelectMany(c => c.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToHashSet(StringComparer.OrdinalIgnoreCase),
            principal.FindAll(QaClaims.Team).Select(c => c.Value).ToHashSet(StringComparer.OrdinalIgnoreCase),
            principal.FindFirstValue(QaClaims.PersonId));
    }
}
