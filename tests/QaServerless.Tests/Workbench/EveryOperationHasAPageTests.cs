using System.Text.Json.Nodes;
using QaServerless.Tests.Infrastructure;
using QaServerless.Workbench;
using Xunit.Abstractions;

namespace QaServerless.Tests.Workbench;

/// <summary>
/// Issue 15's "done when": every operation a person uses is reachable from a page. Read from the app's OpenAPI document
/// (so an endpoint added tomorrow is checked too) against the paths the workbench's modules build
/// (<see cref="WorkbenchApiReferences"/>). What no person uses (the development sign-in, the host's probes and documents)
/// is left out by <see cref="NotForPeople"/>; an operation without a page on purpose is in <see cref="NoPageOnPurpose"/>
/// with its reason. Everything else needs a module that calls it.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class EveryOperationHasAPageTests(AppFixture app, ITestOutputHelper output)
{
    /// <summary>Path prefixes no person works with in the workbench, and why.</summary>
    public static readonly IReadOnlyDictionary<string, string> NotForPeople = new Dictionary<string, string>
    {
        ["/api/dev/"] = "the development sign-in (Development only; in Azure, Easy Auth signs people in)",
        ["/api/health"] = "the host's and the load balancer's probe",
        ["/api/openapi"] = "the API document itself (the workbench links the reference page)",
        ["/api/reference"] = "the API reference page (linked from the bar as it is)",
        ["/api/ui"] = "the workbench's own files",
    };

    /// <summary>Operations a person could call that have no page on purpose, and why. Keep it short.</summary>
    public static readonly IReadOnlyDictionary<string, string> NoPageOnPurpose = new Dictionary<string, string>
    {
        ["GET /api/me"] = "the caller's identity for API clients; the workbench reads GET /api/session, which answers the signed out without a 401",
        ["GET /api/calls"] = "a day's call list for API clients; people find calls with the search page (GET /api/search/{center}), which filters and pages the same calls",
        ["POST /api/centers/{center}/scorecards/{scorecardId}/versions/{version}/score"] = "the builder's preview scores in the browser with scoring.js, held equal to this operation by LiveScoreParityTests",
    };

    /// <summary>
    /// Operations still without a page, each with who builds it or what page it needs. Not a place to park new endpoints:
    /// an entry goes as soon as a module calls the operation (the test says so), and after merging issue 15's branches
    /// what is left here is what the workbench still lacks.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> WithoutAPageYet = new Dictionary<string, string>
    {
    };

    private static string UiFolder(string repoRoot) => Path.Combine(repoRoot, "functions", "QaServerless.Functions", "Workbench", "ui");

    [Fact]
    public async Task EveryOperationAPersonUsesIsCalledByAWorkbenchModule()
    {
        var document = JsonNode.Parse(await app.CreateClient().GetStringAsync(ApiDocumentation.DocumentPath))!;
        var operations = document["paths"]!.AsObject()
            .SelectMany(p => p.Value!.AsObject().Where(m => m.Key is "get" or "post" or "put" or "delete" or "patch").Select(m => (Method: m.Key.ToUpperInvariant(), Path: p.Key)))
            .Where(o => !NotForPeople.Keys.Any(prefix => o.Path.StartsWith(prefix, StringComparison.Ordinal)))
            .ToList();
        var references = WorkbenchApiReferences.Read(UiFolder(app.RepoRoot));
        var key = ((string Method, string Path) o) => $"{o.Method} {o.Path}";

        var called = operations.ToDictionary(key, o => references.Where(r => r.Calls(o.Method, o.Path)).Select(r => r.Module).Distinct().ToList());
        var listed = NoPageOnPurpose.Concat(WithoutAPageYet).ToDictionary();
        var missing = operations.Where(o => called[key(o)].Count == 0 && !listed.ContainsKey(key(o))).Select(key).Order(StringComparer.Ordinal).ToList();
        var stale = listed.Keys.Where(k => !called.ContainsKey(k) || called[k].Count > 0).Order(StringComparer.Ordinal).ToList();

        output.WriteLine($"{operations.Count} operations a person may use; {called.Count(c => c.Value.Count > 0)} called by a module, {listed.Count} listed without a page:");
        foreach (var (op, modules) in called.OrderBy(c => c.Key, StringComparer.Ordinal))
            output.WriteLine($"  {op}: {(modules.Count > 0 ? string.Join(", ", modules) : listed.TryGetValue(op, out var why) ? "no page: " + why : "NO PAGE")}");
        Assert.True(missing.Count == 0 && stale.Count == 0,
            (missing.Count == 0 ? "" : $"{missing.Count} operations a person uses are called by no workbench module (Workbench/ui/*.js). Give each a page, " +
                $"or add it to {nameof(NoPageOnPurpose)} with the reason it has none:\n  {string.Join("\n  ", missing)}\n") +
            (stale.Count == 0 ? "" : $"{nameof(NoPageOnPurpose)}/{nameof(WithoutAPageYet)} entries that a module calls now or that the document no longer has (remove them):\n  {string.Join("\n  ", stale)}"));
    }

    [Fact]
    public void TheScannerReadsPathsThroughTheModulesOwnHelpersWithTheirMethods()
    {
        const string module = """
            // a comment with a quote ' and a path '/api/not/this'
            const c = encodeURIComponent;
            const base = center => `/api/sampling/${c(center)}`;
            const bad = /'(ev-[^']+)'/;
            export const plan = center => get(`${base(center)}/plan`);
            export const save = (center, body) => api('PUT', `${base(center)}/plan?x=${body ? `1` : `2`}`, body);
            export const act = (center, id, action) => post(`/api/centers/${c(center)}/evaluations/${c(id)}/${action}`);
            """;
        var references = WorkbenchApiReferences.ReadModule("m.js", module).ToList();

        bool Calls(string method, string path) => references.Any(r => r.Calls(method, path));
        Assert.True(Calls("GET", "/api/sampling/{center}/plan"), string.Join("; ", references));
        Assert.True(Calls("PUT", "/api/sampling/{center}/plan"), string.Join("; ", references));
        Assert.False(Calls("POST", "/api/sampling/{center}/plan"), string.Join("; ", references));
        Assert.True(Calls("POST", "/api/centers/{center}/evaluations/{id}/appeal/decision"));
        Assert.False(Calls("GET", "/api/centers/{center}/evaluations/{id}/versions"));
        Assert.False(Calls("GET", "/api/not/this"));
        // The helper alone is a path for any method, but only its own: not the coverage beside it.
        Assert.False(Calls("GET", "/api/sampling/{center}/coverage"));
    }
}
