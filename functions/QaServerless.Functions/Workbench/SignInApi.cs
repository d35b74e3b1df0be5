using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using QaServerless.ReferenceData;
using QaServerless.Security;

namespace QaServerless.Workbench;

/// <summary>The signed-in person as the workbench needs them, and the development sign-in behind its local sign-in page.</summary>
public static class SignInApi
{
    public static IEndpointRouteBuilder MapSignIn(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/me", (CurrentUser user, IOptionsMonitor<ClientPrincipalOptions> options) =>
                TypedResults.Ok(Me.Of(user, DevelopmentSignIn(options))))
            .RequireAuthorization(Policies.Member)
            .WithTags("Workbench").WithSummary("Who is signed in: roles, centers, teams and roster id");

        // The workbench's first question, asked before anyone may have signed in: answering 200 either way keeps a
        // signed-out first load from logging a failed request, while /api/me stays what it says (401 when signed out).
        app.MapGet("/api/session", (HttpContext http, IOptionsMonitor<ClientPrincipalOptions> options) =>
            {
                var user = CurrentUser.From(http.User);
                var signedIn = http.User.Identity?.IsAuthenticated == true && user.Roles.Any(Roles.All.Contains);
                return TypedResults.Ok(new Session(signedIn, signedIn ? Me.Of(user, DevelopmentSignIn(options)) : null, DevelopmentSignIn(options)));
            })
            .AllowAnonymous()
            .WithTags("Workbench").WithSummary("Whether anybody is signed in, and who (200 when signed out too)");

        // Development sign-in: off by default and refused outside Development (ClientPrincipalOptions validation),
        // so these endpoints answer 404 everywhere else. The cookie is the same base64 JSON the X-Dev-User header carries.
        var dev = app.MapGroup("/api/dev").WithTags("Development sign-in").AllowAnonymous();

        dev.MapPost("/sign-in", Results<NoContent, ValidationProblem, NotFound> (DevSignInRequest body, HttpContext http, IOptionsMonitor<ClientPrincipalOptions> options) =>
        {
            if (!DevelopmentSignIn(options)) return TypedResults.NotFound();
            var errors = body.Validate();
            if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
            var value = ClientPrincipalHandler.Encode(body.PersonId ?? $"{body.Role}-{body.Center}", [body.Role!], [body.Center!],
                body.PersonId, string.IsNullOrWhiteSpace(body.Team) ? [] : [body.Team], body.Name);
            http.Response.Cookies.Append(ClientPrincipalHandler.DevCookie, value, new CookieOptions
            {
                // Strict: a development cookie that authorises writes must not ride along on another site's requests.
                HttpOnly = true, SameSite = SameSiteMode.Strict, Path = "/api", IsEssential = true,
            });
            return TypedResults.NoContent();
        }).WithSummary("Development sign-in: sets the qa-dev-user cookie (Development only)");

        dev.MapPost("/sign-out", (HttpContext http) =>
        {
            http.Response.Cookies.Delete(ClientPrincipalHandler.DevCookie, new CookieOptions { Path = "/api" });
            return TypedResults.NoContent();
        }).WithSummary("Signs out of the development sign-in");

        dev.MapGet("/directory", async Task<Results<Ok<List<DirectoryCenter>>, NotFound>> (ReferenceDataStore store, IOptionsMonitor<ClientPrincipalOptions> options, CancellationToken ct) =>
        {
            if (!DevelopmentSignIn(options)) return TypedResults.NotFound();
            var list = new List<DirectoryCenter>();
            foreach (var center in (await store.ListCentersAsync(ct)).Take(50))
            {
                var agents = await store.ListAgentsAsync(center.CenterId, ct);
                var inspectors = await store.ListInspectorsAsync(center.CenterId, ct);
                list.Add(new DirectoryCenter(center.CenterId, center.Name,
                    agents.Take(200).Select(a => new DirectoryPerson(a.AgentId, a.Name, a.Team)).ToList(),
                    inspectors.Take(200).Select(i => new DirectoryPerson(i.InspectorId, i.Name, null)).ToList(),
                    agents.Select(a => a.Team).Where(t => t.Length > 0).Distinct().Order().ToList()));
            }
            return TypedResults.Ok(list);
        }).WithSummary("Who can be picked on the development sign-in page (Development only)");
        return app;
    }

    private static bool DevelopmentSignIn(IOptionsMonitor<ClientPrincipalOptions> options) =>
        options.Get(ClientPrincipalHandler.SchemeName).DevelopmentSignIn;
}

/// <summary>The signed-in person. <see cref="DevelopmentSignIn"/> tells the client it may offer "sign in as someone else".</summary>
public sealed record Me(string Id, string Name, IReadOnlyList<string> Roles, IReadOnlyList<string> Centers, IReadOnlyList<string> Teams, string? PersonId, bool DevelopmentSignIn)
{
    public static Me Of(CurrentUser user, bool developmentSignIn) =>
        new(user.Id, user.Name, [.. user.Roles.Order()], [.. user.Centers.Order()], [.. user.Teams.Order()], user.PersonId, developmentSignIn);
}

/// <summary>The session as the workbench loads it: signed in or not, the person when signed in, and whether the local sign-in is offered.</summary>
public sealed record Session(bool SignedIn, Me? Me, bool DevelopmentSignIn);

/// <summary>Sign in locally as one person: a role in one center, optionally their roster id (agent, inspector) and team.</summary>
public sealed record DevSignInRequest(string? Role, string? Center, string? PersonId, string? Team, string? Name)
{
    public Dictionary<string, string[]> Validate()
    {
        var errors = new Dictionary<string, string[]>();
        if (Role is null || !Roles.All.Contains(Role)) errors["role"] = [$"One of: {string.Join(", ", Roles.All)}."];
        if (string.IsNullOrWhiteSpace(Center)) errors["center"] = ["A center id is required (* for every center)."];
        if (Role is Roles.Agent or Roles.Inspector && string.IsNullOrWhiteSpace(PersonId))
            errors["personId"] = ["An agent or inspector signs in as a roster id."];
        if (Role is Roles.Supervisor && string.IsNullOrWhiteSpace(Team)) errors["team"] = ["A supervisor leads a team."];
        return errors;
    }
}

public sealed record DirectoryCenter(string CenterId, string Name, List<DirectoryPerson> Agents, List<DirectoryPerson> Inspectors, List<string> Teams);

public sealed record DirectoryPerson(string Id, string Name, string? Team);
