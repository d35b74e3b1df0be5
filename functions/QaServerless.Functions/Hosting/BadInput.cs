using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.Json;

namespace QaServerless.Hosting;

/// <summary>
/// Bad input answers 4xx problem details that name the field, in every environment, and never reaches storage:
/// <list type="bullet">
/// <item>binding failures (body, route, query, header) throw <see cref="BadHttpRequestException"/> everywhere, not only in
/// Development, and <see cref="BindingProblems"/> turns them into a validation problem keyed by the parameter (or the JSON
/// path of the body member at fault);</item>
/// <item>route and query values are checked before any handler runs (<see cref="RequestValueChecks"/>): length, valid
/// UTF-8, ids fit for a storage key;</item>
/// <item>JSON bodies refuse unknown members (a typo must not reset a setting to its default) and oversize or broken
/// strings (<see cref="BodyStringChecks"/>).</item>
/// </list>
/// Real server faults still go to <c>UseExceptionHandler</c>: a 500 problem without internals.
/// </summary>
public static class BadInput
{
    public static IServiceCollection AddBadInputHandling(this IServiceCollection services)
    {
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddExceptionHandler<BindingProblems>();
        services.Configure<JsonOptions>(o =>
        {
            var json = o.SerializerOptions;
            json.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
            json.TypeInfoResolver = BodyStringChecks.AddTo(json.TypeInfoResolver);
        });
        return services;
    }

    /// <summary>Checks route and query values; call after routing (the endpoint's route pattern names the values).</summary>
    public static IApplicationBuilder UseBadInputChecks(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        if (RequestValueChecks.Find(http) is { Count: > 0 } errors)
        {
            await WriteAsync(http, errors);
            return;
        }
        await next(http);
    });

    /// <summary>Writes a validation problem (RFC 7807, <c>application/problem+json</c>) naming the fields at fault.</summary>
    public static Task WriteAsync(HttpContext http, IDictionary<string, string[]> errors, int status = StatusCodes.Status400BadRequest)
    {
        http.Response.StatusCode = status;
        var problem = new HttpValidationProblemDetails(errors)
        {
            Status = status,
            Title = status == StatusCodes.Status400BadRequest ? "One or more values are not valid." : "The request cannot be read.",
            Type = status == StatusCodes.Status400BadRequest ? "https://tools.ietf.org/html/rfc9110#section-15.5.1" : null,
        };
        return http.Response.WriteAsJsonAsync(problem, (JsonSerializerOptions?)null, "application/problem+json", http.RequestAborted);
    }
}
