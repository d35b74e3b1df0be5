using System.Security.Claims;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace QaServerless.Security;

/// <summary>
/// Reads the person from Easy Auth's <c>X-MS-CLIENT-PRINCIPAL</c> header (base64 JSON: auth_typ, name_typ, role_typ, claims).
/// The header is only trusted when the app is configured to run behind Easy Auth (<c>Auth:TrustEasyAuth</c>):
/// without Easy Auth in front anybody could send it.
/// Locally a development sign-in (<c>X-Dev-User</c> header or <c>qa-dev-user</c> cookie, same JSON shape) can be switched on
/// with <c>Auth:DevelopmentSignIn</c>; it is refused outside the Development environment.
/// </summary>
public sealed class ClientPrincipalHandler(IOptionsMonitor<ClientPrincipalOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<ClientPrincipalOptions>(options, logger, encoder)
{
    public const string SchemeName = "ClientPrincipal";
    public const string EasyAuthHeader = "X-MS-CLIENT-PRINCIPAL";
    public const string DevHeader = "X-Dev-User";
    public const string DevCookie = "qa-dev-user";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? encoded = null;
        if (Options.TrustEasyAuth && Request.Headers.TryGetValue(EasyAuthHeader, out var header)) encoded = header.ToString();
        else if (Options.DevelopmentSignIn)
        {
            encoded = Request.Headers.TryGetValue(DevHeader, out var dev) ? dev.ToString() : Request.Cookies[DevCookie];
        }
        if (string.IsNullOrWhiteSpace(encoded)) return Task.FromResult(AuthenticateResult.NoResult());

        ClientPrincipal? principal;
        try
        {
            principal = JsonSerializer.Deserialize<ClientPrincipal>(Encoding.UTF8.GetString(Convert.FromBase64String(encoded)));
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return Task.FromResult(AuthenticateResult.Fail("The client principal is not base64-encoded JSON."));
        }
        if (principal is null) return Task.FromResult(AuthenticateResult.Fail("Empty client principal."));

        var identity = new ClaimsIdentity(SchemeName, ClaimTypes.Name, ClaimTypes.Role);
        var nameType = principal.NameType ?? ClaimTypes.Name;
        var roleType = principal.RoleType ?? ClaimTypes.Role;
        foreach (var claim in principal.Claims ?? [])
        {
            if (claim.Type is null || claim.Value is null) continue;
            var type = claim.Type == nameType ? ClaimTypes.Name
                : claim.Type == roleType || claim.Type == "roles" ? ClaimTypes.Role
                : claim.Type is "http://schemas.microsoft.com/identity/claims/objectidentifier" or "oid" ? ClaimTypes.NameIdentifier
                : claim.Type;
            identity.AddClaim(new Claim(type, claim.Value));
        }
        if (!identity.HasClaim(c => c.Type == ClaimTypes.NameIdentifier) && identity.Name is { } name)
            identity.AddClaim(new Claim(ClaimTypes.NameIdentifier, name));
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    /// <summary>Builds the header value for a development sign-in (or a test): the Easy Auth shape, base64 JSON.</summary>
    public static string Encode(string id, IEnumerable<string> roles, IEnumerable<string> centers, string? personId = null, IEnumerable<string>? teams = null, string? name = null)
    {
        var claims = new List<ClientPrincipalClaim> { new(ClaimTypes.Name, name ?? id), new(ClaimTypes.NameIdentifier, id) };
        claims.AddRange(roles.Select(r => new ClientPrincipalClaim("roles", r)));
        claims.AddRange(centers.Select(c => new ClientPrincipalClaim(QaClaims.Center, c)));
        claims.AddRange((teams ?? []).Select(t => new ClientPrincipalClaim(QaClaims.Team, t)));
        if (personId is not null) claims.Add(new ClientPrincipalClaim(QaClaims.PersonId, personId));
        var json = JsonSerializer.Serialize(new ClientPrincipal("dev", ClaimTypes.Name, "roles", claims));
        return Convert.ToBase64String(Encoding.UTF8.GetBytes(json));
    }
}

public sealed class ClientPrincipalOptions : AuthenticationSchemeOptions
{
    public bool TrustEasyAuth { get; set; }
    public bool DevelopmentSignIn { get; set; }
}

public sealed record ClientPrincipal(
    [property: JsonPropertyName("auth_typ")] string? AuthType,
    [property: JsonPropertyName("name_typ")] string? NameType,
    [property: JsonPropertyName("role_typ")] string? RoleType,
    [property: JsonPropertyName("claims")] List<ClientPrincipalClaim>? Claims);

public sealed record ClientPrincipalClaim(
    [property: JsonPropertyName("typ")] string? Type,
    [property: JsonPropertyName("val")] string? Value);

public static class SecurityRegistration
{
    public static IServiceCollection AddQaSecurity(this IServiceCollection services)
    {
        services.AddAuthentication(ClientPrincipalHandler.SchemeName)
            .AddScheme<ClientPrincipalOptions, ClientPrincipalHandler>(ClientPrincipalHandler.SchemeName, _ => { });
        // Bound lazily (tests and the local host add settings late) and checked when the app starts.
        services.AddOptions<ClientPrincipalOptions>(ClientPrincipalHandler.SchemeName)
            .Configure<IConfiguration>((o, configuration) =>
            {
                o.TrustEasyAuth = configuration.GetValue("Auth:TrustEasyAuth", false);
                o.DevelopmentSignIn = configuration.GetValue("Auth:DevelopmentSignIn", false);
            })
            .Validate<IHostEnvironment>((o, environment) => !o.DevelopmentSignIn || environment.IsDevelopment(),
                "Auth:DevelopmentSignIn is only allowed in the Development environment.")
            .ValidateOnStart();
        services.AddQaPolicies();
        services.AddHttpContextAccessor();
        services.AddScoped(sp => CurrentUser.From(sp.GetRequiredService<IHttpContextAccessor>().HttpContext?.User ?? new ClaimsPrincipal()));
        return services;
    }
}
