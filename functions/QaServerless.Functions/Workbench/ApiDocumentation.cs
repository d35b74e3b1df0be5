using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using QaServerless.Security;
using Scalar.AspNetCore;

namespace QaServerless.Workbench;

/// <summary>
/// The OpenAPI document (generated from the endpoints at run time) and its browsable reference page.
/// The transformers fill in, generically, what the linter asks of every operation (id, summary, security, the
/// 401/403 answers of protected endpoints), so an endpoint added by any feature lints clean without ceremony;
/// a feature that wants better words adds <c>.WithSummary(..)</c> and an example with <see cref="AddOpenApiExample{T}"/>.
/// </summary>
public static class ApiDocumentation
{
    public const string DocumentRoute = "/api/openapi/{documentName}.json";
    public const string DocumentPath = "/api/openapi/v1.json";
    public const string ReferencePath = "/api/reference";

    public const string DevHeaderScheme = "devSignIn";
    public const string DevCookieScheme = "devSignInCookie";
    public const string EasyAuthScheme = "easyAuth";

    public static IServiceCollection AddApiDocumentation(this IServiceCollection services)
    {
        services.AddOpenApi("v1", o =>
        {
            o.AddDocumentTransformer(DescribeDocument);
            o.AddOperationTransformer(DescribeOperation);
            o.AddSchemaTransformer(AddSchemaExample);
        });
        services.AddOpenApiExample(new Me("lead-1", "王芳", [Roles.QaLead], ["sh01"], ["T1"], "L001", true));
        services.AddOpenApiExample(new ReferenceData.Center("sh01", "上海呼叫中心", "Asia/Shanghai", 365));
        services.AddOpenApiExample(new ReferenceData.CenterRequest("上海呼叫中心", "Asia/Shanghai", 365));
        services.AddOpenApiExample(new DevSignInRequest("inspector", "sh01", "I001", null, "李娜"));
        return services;
    }

    /// <summary>Declares the example the document shows for a type, wherever the type appears (request or response).</summary>
    public static IServiceCollection AddOpenApiExample<T>(this IServiceCollection services, T example) where T : notnull =>
        services.AddSingleton(new OpenApiExampleFor(typeof(T), example));

    public static IEndpointRouteBuilder MapApiDocumentation(this IEndpointRouteBuilder app)
    {
        app.MapOpenApi(DocumentRoute).AllowAnonymous();
        app.MapScalarApiReference(ReferencePath, o => o
            .WithTitle("QaServerless API")
            .WithOpenApiRoutePattern(DocumentRoute))
            .AllowAnonymous();
        return app;
    }

    private static Task DescribeDocument(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken ct)
    {
        document.Info = new OpenApiInfo
        {
            Title = "QaServerless API",
            Version = "v1",
            Description = """
                Quality assurance for contact centers: calls, sampling and worklists, scorecards, evaluations, appeals,
                coaching, calibration and KPIs. Every endpoint is under `/api`. Errors are RFC 7807 problem details
                (`application/problem+json`); validation problems name the offending fields in `errors`. Unknown JSON members are
                refused; ids are at most 128 characters without `/ \ # ?` or control characters, free text at most 4,000.

                **Signing in.** In Azure, Easy Auth (Microsoft Entra ID) sits in front and passes the person as the
                `X-MS-CLIENT-PRINCIPAL` header. Locally (Development only, `Auth:DevelopmentSignIn=true`) send the same
                base64 JSON as `X-Dev-User`, or sign in at `/api/ui/`, which sets the `qa-dev-user` cookie.
                A person sees only the centers they belong to: another center's data answers 404; a wrong role answers 403.
                """,
            License = new OpenApiLicense { Name = "Proprietary", Identifier = "LicenseRef-Proprietary" },
        };
        // Relative: the same document serves localhost, the local host's proxy and Azure.
        document.Servers = [new OpenApiServer { Url = "/", Description = "This function app (the host proxies /api/* to it)" }];
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[EasyAuthScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey, In = ParameterLocation.Header, Name = ClientPrincipalHandler.EasyAuthHeader,
            Description = "Set by Easy Auth (Microsoft Entra ID) in Azure: base64 JSON {auth_typ, name_typ, role_typ, claims[]}. Trusted only when Auth:TrustEasyAuth is on.",
        };
        document.Components.SecuritySchemes[DevHeaderScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey, In = ParameterLocation.Header, Name = ClientPrincipalHandler.DevHeader,
            Description = "Development sign-in (Development environment only): the Easy Auth JSON shape, base64. Claims: roles, qa_center, qa_person, qa_team.",
        };
        document.Components.SecuritySchemes[DevCookieScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey, In = ParameterLocation.Cookie, Name = ClientPrincipalHandler.DevCookie,
            Description = "Development sign-in cookie, set by POST /api/dev/sign-in (the workbench's sign-in page).",
        };

        // A route group's "/" leaves a trailing slash; routing ignores it, the linter does not.
        foreach (var path in document.Paths.Keys.Where(p => p.Length > 1 && p.EndsWith('/')).ToList())
        {
            var item = document.Paths[path];
            document.Paths.Remove(path);
            document.Paths[path.TrimEnd('/')] = item;
        }

        // Every tag an operation uses is declared once, with a description.
        var used = document.Paths.Values.SelectMany(p => (IEnumerable<OpenApiOperation>?)p.Operations?.Values ?? [])
            .SelectMany(o => o.Tags ?? new HashSet<OpenApiTagReference>()).Select(t => t.Name).OfType<string>()
            .Distinct().Order(StringComparer.Ordinal).ToList();
        document.Tags = new HashSet<OpenApiTag>(used.Select(name => new OpenApiTag { Name = name, Description = $"{name} endpoints." }));
        return Task.CompletedTask;
    }

    private static Task DescribeOperation(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        var description = context.Description;
        var method = description.HttpMethod ?? "GET";
        var route = "/" + (description.RelativePath ?? "").TrimEnd('/');
        operation.OperationId ??= OperationId(method, route);
        operation.Summary ??= $"{method.ToUpperInvariant()} {route}";

        // Bad input answers 400 problem details naming the field, whatever the endpoint (Hosting/BadInput.cs).
        if (operation.Parameters is { Count: > 0 } || operation.RequestBody is not null)
        {
            operation.Responses ??= new OpenApiResponses();
            operation.Responses.TryAdd("400", new OpenApiResponse { Description = "A value is not valid: problem details whose `errors` name the field." });
        }

        var metadata = description.ActionDescriptor.EndpointMetadata;
        var anonymous = metadata.OfType<IAllowAnonymous>().Any() || !metadata.OfType<IAuthorizeData>().Any();
        if (anonymous)
        {
            operation.Security = [];
            return Task.CompletedTask;
        }
        var document = context.Document;
        operation.Security =
        [
            new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(EasyAuthScheme, document)] = [] },
            new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(DevHeaderScheme, document)] = [] },
            new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(DevCookieScheme, document)] = [] },
        ];
        operation.Responses ??= new OpenApiResponses();
        operation.Responses.TryAdd("401", new OpenApiResponse { Description = "Not signed in." });
        operation.Responses.TryAdd("403", new OpenApiResponse { Description = "Signed in, but the role may not do this." });
        return Task.CompletedTask;
    }

    /// <summary><c>GET /api/centers/{center}/agents</c> → <c>getCentersByCenterAgents</c>: stable and unique per route and method.</summary>
    internal static string OperationId(string method, string route)
    {
        var words = new List<string> { method.ToLowerInvariant() };
        foreach (var segment in route.Split('/', StringSplitOptions.RemoveEmptyEntries).Skip(route.StartsWith("/api/") ? 1 : 0))
        {
            var parameter = segment.StartsWith('{');
            var name = segment.Trim('{', '}', '*').Split(':', '=', '?')[0];
            var parts = name.Split(['-', '_', '.', '$'], StringSplitOptions.RemoveEmptyEntries);
            var word = string.Concat(parts.Select(p => char.ToUpperInvariant(p[0]) + p[1..]));
            words.Add(parameter ? "By" + word : word);
        }
        return string.Concat(words);
    }

    private static Task AddSchemaExample(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken ct)
    {
        var type = context.JsonTypeInfo.Type;
        var example = context.ApplicationServices.GetServices<OpenApiExampleFor>().LastOrDefault(e => e.Type == type);
        if (example is null || schema.Examples is { Count: > 0 }) return Task.CompletedTask;
        var json = context.ApplicationServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        schema.Examples = [JsonSerializer.SerializeToNode(example.Value, type, json)!];
        return Task.CompletedTask;
    }
}

public sealed record OpenApiExampleFor(Type Type, object Value);
