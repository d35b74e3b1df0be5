using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using QaServerless.Tests.Infrastructure;
using QaServerless.Workbench;

namespace QaServerless.Tests.Workbench;

/// <summary>
/// The OpenAPI document is generated from whatever endpoints the features map, so these checks are generic:
/// they keep holding (or fail usefully) as other features add endpoints.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class OpenApiDocumentTests(AppFixture app)
{
    [Fact]
    public async Task TheDocumentLintsCleanWithRedocly()
    {
        var document = await app.CreateClient().GetStringAsync(ApiDocumentation.DocumentPath);
        var folder = Path.Combine(app.RepoRoot, ".artifacts", "openapi");
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, "v1.json");
        await File.WriteAllTextAsync(file, document);

        var (exitCode, output) = await RedoclyLintAsync(app.RepoRoot, file);

        var report = JsonNode.Parse(output[output.IndexOf('{')..])!;
        var totals = report["totals"]!;
        var problems = string.Join("\n", (report["problems"]?.AsArray() ?? []).Select(p =>
            $"{p!["severity"]} {p["ruleId"]}: {p["message"]} at {p["location"]?[0]?["pointer"]}"));
        Assert.True(exitCode == 0 && totals["errors"]!.GetValue<int>() == 0 && totals["warnings"]!.GetValue<int>() == 0,
            $"redocly lint {file} found problems:\n{problems}");
    }

    [Fact]
    public async Task EveryApiEndpointIsDescribed()
    {
        var document = JsonNode.Parse(await app.CreateClient().GetStringAsync(ApiDocumentation.DocumentPath))!;
        var paths = document["paths"]!.AsObject().Select(p => p.Key).ToHashSet();

        var endpoints = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/") == true)
            .Where(e => e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.IExcludeFromDescriptionMetadata>()?.ExcludeFromDescription != true)
            .Where(e => e.Metadata.GetMetadata<Microsoft.AspNetCore.Http.Metadata.IAcceptsMetadata>() is not null
                        || e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>() is not null)
            .Select(e => "/" + e.RoutePattern.RawText!.Trim('/'))
            .Where(p => !p.StartsWith(ApiDocumentation.ReferencePath) && !p.StartsWith("/api/openapi"))
            .Select(p => System.Text.RegularExpressions.Regex.Replace(p, @"\{\*{0,2}([^}:=?]+)[^}]*\}", "{$1}"))
            .Distinct().ToList();

        Assert.NotEmpty(endpoints);
        Assert.All(endpoints, p => Assert.Contains(p, paths));
    }

    [Fact]
    public async Task ProtectedOperationsNameTheSignInSchemesAndAnonymousOnesSayNone()
    {
        var document = JsonNode.Parse(await app.CreateClient().GetStringAsync(ApiDocumentation.DocumentPath))!;
        var schemes = document["components"]!["securitySchemes"]!.AsObject();
        Assert.Equal("X-Dev-User", schemes[ApiDocumentation.DevHeaderScheme]!["name"]!.GetValue<string>());
        Assert.Equal("X-MS-CLIENT-PRINCIPAL", schemes[ApiDocumentation.EasyAuthScheme]!["name"]!.GetValue<string>());

        var me = document["paths"]!["/api/me"]!["get"]!;
        Assert.Contains(ApiDocumentation.DevHeaderScheme, me["security"]!.ToJsonString());
        Assert.NotNull(me["responses"]!["401"]);
        Assert.Empty(document["paths"]!["/api/health"]!["get"]!["security"]!.AsArray());
    }

    [Fact]
    public async Task SchemasCarryExamples()
    {
        var document = JsonNode.Parse(await app.CreateClient().GetStringAsync(ApiDocumentation.DocumentPath))!;
        var me = document["components"]!["schemas"]!["Me"]!;
        Assert.Equal("qa-lead", me["examples"]![0]!["roles"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task TheReferencePageIsServedWithItsScriptFromTheApp()
    {
        var client = app.CreateClient();
        var page = await client.GetAsync(ApiDocumentation.ReferencePath);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.True(html.Contains("openapi/v1.json"), html);
        // The reference page's script is bundled in the package, not fetched from a CDN the browser may not reach.
        var script = System.Text.RegularExpressions.Regex.Match(html, "src=\"([^\"]*scalar\\.js)\"").Groups[1].Value;
        Assert.False(string.IsNullOrEmpty(script), html);
        var uri = new Uri(new Uri(client.BaseAddress!, ApiDocumentation.ReferencePath + "/"), script);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(uri)).StatusCode);
    }

    [Fact]
    public void OperationIdsAreCamelCasedFromMethodAndRoute()
    {
        Assert.Equal("getCentersByCenterAgents", ApiDocumentation.OperationId("GET", "/api/centers/{center}/agents"));
        Assert.Equal("postDevSignIn", ApiDocumentation.OperationId("POST", "/api/dev/sign-in"));
    }

    private static async Task<(int ExitCode, string Output)> RedoclyLintAsync(string repoRoot, string file)
    {
        var redocly = Path.Combine(repoRoot, "node_modules", ".bin", "redocly");
        Assert.True(File.Exists(redocly), $"{redocly} is missing: run `npm ci` at the repository root (bash .ci/test does).");
        var psi = new ProcessStartInfo(redocly)
        {
            ArgumentList = { "lint", file, "--config", Path.Combine(repoRoot, ".ci", "redocly.yaml"), "--format", "json" },
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = repoRoot,
            Environment = { ["REDOCLY_TELEMETRY"] = "off", ["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true", ["NO_COLOR"] = "1" },
        };
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        var output = await stdout;
        Assert.True(output.Contains('{'), $"redocly printed no report. stderr:\n{await stderr}");
        return (process.ExitCode, output);
    }
}
