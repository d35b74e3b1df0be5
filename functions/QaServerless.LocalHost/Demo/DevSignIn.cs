using System.Security.Claims;
using System.Text;
using System.Text.Json;

namespace QaServerless.LocalHost.Demo;

/// <summary>
/// The development sign-in the app accepts when <c>Auth:DevelopmentSignIn</c> is on (Development only): header
/// <c>X-Dev-User</c> or cookie <c>qa-dev-user</c> holding base64 JSON in Easy Auth's client-principal shape.
/// Same shape as QaServerless.Security.ClientPrincipalHandler.Encode; a test signs in with it against the real app.
/// </summary>
public static class DevSignIn
{
    public const string Header = "X-Dev-User";
    public const string Cookie = "qa-dev-user";

    public static string Encode(string id, IEnumerable<string> roles, IEnumerable<string> centers, string? name = null, string? personId = null)
    {
        var claims = new List<object> { new { typ = ClaimTypes.Name, val = name ?? id }, new { typ = ClaimTypes.NameIdentifier, val = id } };
        claims.AddRange(roles.Select(r => new { typ = "roles", val = r }));
        claims.AddRange(centers.Select(c => new { typ = "qa_center", val = c }));
        // The roster id (agent or inspector) the app finds a person's own work by: QaClaims.PersonId.
        if (personId is not null) claims.Add(new { typ = "qa_person", val = personId });
        var json = JsonSerializer.Serialize(new { auth_typ = "dev", name_typ = ClaimTypes.Name, role_typ = "roles", claims });
        return Convert.ToBase64String(Encoding.UTF8.GetBytes(json));
    }

    /// <summary>An admin of every center (<c>*</c>): what the demo loader and the printed examples use.</summary>
    public static string DemoAdmin => Encode("demo-admin", ["admin", "qa-lead"], ["*"], "Demo Admin");

    /// <summary>A demo inspector of one center, signed in with their roster id (their worklist, their evaluations).</summary>
    public static string Inspector(string center, string inspectorId) => Encode(inspectorId, ["inspector"], [center], inspectorId, inspectorId);
}
