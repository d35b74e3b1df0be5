namespace QaServerless.Security;

/// <summary>
/// The one place where a request's center is authorised, whatever the endpoint: a signed-in person who names a center
/// in the route (<c>{center}</c>) or the query (<c>?center=</c>) that they may not see gets 404 before any handler
/// runs, so an endpoint that forgets its own check still leaks nothing. Handlers keep their finer checks (roles,
/// teams, own records) and take a <see cref="CenterScope"/> from <see cref="CurrentUser.ScopeFor"/> where they build
/// blob paths or queue messages. Anonymous endpoints (health, the development sign-in) name no center; the host's
/// trigger calls carry no route center (triggers scope themselves by stored records).
/// </summary>
public static class CenterRouteGuard
{
    public const string RouteValue = "center";

    public static IApplicationBuilder UseCenterRouteGuard(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (context.User.Identity?.IsAuthenticated == true && NamedCenters(context).ToList() is { Count: > 0 } named)
        {
            var user = context.RequestServices.GetRequiredService<CurrentUser>();
            if (named.Any(center => user.ScopeFor(center) is null))
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return; // UseStatusCodePages writes the problem details, as for any other 404.
            }
        }
        await next(context);
    });

    private static IEnumerable<string> NamedCenters(HttpContext context)
    {
        if (context.GetEndpoint() is null) yield break;
        if (context.GetRouteValue(RouteValue) is string route) yield return route;
        if (context.Request.Query.TryGetValue(RouteValue, out var query))
            // An empty value is the handler's to refuse (400 naming the field), not a center.
            foreach (var value in query) if (!string.IsNullOrWhiteSpace(value)) yield return value;
    }
}
