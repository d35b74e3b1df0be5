namespace QaServerless.Hosting;

/// <summary>
/// The one place that knows the custom-handler envelope: a trigger function is mapped at
/// <c>POST /{FunctionName}</c>, gets the parsed <see cref="HostInvocation"/> and returns a <see cref="HostResponse"/>.
/// A thrown exception becomes a 500, which the host treats as a failed invocation (retry, poison, dead letter).
/// </summary>
public static class TriggerEndpoints
{
    public delegate Task<HostResponse> TriggerHandler(HostInvocation invocation, IServiceProvider services, CancellationToken cancellationToken);

    public static RouteHandlerBuilder MapTrigger(this IEndpointRouteBuilder app, string functionName, TriggerHandler handler) =>
        app.MapPost($"/{functionName}", async (HostInvocation invocation, HttpContext http) =>
            {
                var response = await handler(invocation, http.RequestServices, http.RequestAborted);
                return TypedResults.Json(response, HostJson.Options);
            })
            .WithName($"trigger:{functionName}")
            .ExcludeFromDescription()
            // Only the Functions host (or the local host) calls these; Easy Auth never fronts them.
            .AllowAnonymous();
}
