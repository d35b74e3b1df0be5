using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Azure.Data.Tables;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using QaServerless.Scorecards;
using QaServerless.Security;
using QaServerless.Tests.Infrastructure;
using QaServerless.Workbench;
using Xunit.Abstractions;

namespace QaServerless.Tests.Api;

/// <summary>
/// Bad input never gives a 5xx. Generated from the OpenAPI document, so an endpoint is covered the day it is added:
/// every operation gets wrong types, bad enums and dates, out-of-range numbers, each missing required parameter,
/// oversize values (a 6 MB id, 100 kB of text), a lone surrogate and invalid UTF-8, unknown members and bodies that are
/// not JSON, sent by an admin of the center (so authorisation does not hide the binding path), in Development and in
/// Production. Each answer must be a 4xx problem (<c>application/problem+json</c>) naming the field, and none may store
/// anything. Operations with no parameter and no body have no malformed form; they are counted, not sent.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class MalformedInputTests(AppFixture app, ITestOutputHelper output)
{
    /// <summary>
    /// Parameters required only in some cases, which OpenAPI cannot say: the KPIs (and their drill-down) take <c>month</c>,
    /// or <c>from</c> and <c>to</c>; a worklist's <c>inspector</c> defaults to the signed-in inspector (the admin here has no roster id).
    /// </summary>
    private static readonly Dictionary<string, string[]> ConditionallyRequired = new()
    {
        ["GET /api/kpis/{center}"] = ["month", "from", "to"],
        ["GET /api/assignments/{center}/worklist"] = ["inspector"],
        ["GET /api/kpis/{center}/evaluations"] = ["month", "from", "to"],
    };

    [Theory]
    [InlineData("Development")]
    [InlineData("Production")]
    public async Task NoOperationAnswersAServerFaultOrStoresAnythingForMalformedInput(string environment)
    {
        var center = AppFixture.NewCenterId("mi");
        await using var factory = Environment(environment);
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Add(environment == "Development" ? ClientPrincipalHandler.DevHeader : ClientPrincipalHandler.EasyAuthHeader,
            ClientPrincipalHandler.Encode("admin-1", [Roles.Admin], [center]));
        await SeedAsync(client, center);

        var document = JsonNode.Parse(await app.CreateClient().GetStringAsync(ApiDocumentation.DocumentPath))!;
        var requests = new MalformedRequests(document, name => name switch
        {
            "center" => center,
            "scorecardId" or "templateId" => ScorecardTemplates.InboundId,
            "version" => "1",
            "day" or "from" or "to" => "2026-11-20",
            "month" => "2026-11",
            "file" => "kpis.csv",
            _ => null,
        });

        var before = await SnapshotAsync(center);
        var operations = requests.Operations().ToList();
        var violations = new List<string>();
        int sent = 0, faults = 0, withoutForm = 0;
        var kinds = new Dictionary<string, int>();
        var edges = new List<MalformedCase>();
        async Task SendAsync(MalformedCase c)
        {
            using var request = c.Build();
            using var response = await client.SendAsync(request);
            sent++;
            var kind = Regex.Replace(c.Kind, "'.*'|%\\w+.*| \\(.*", "").Trim();
            if (kind.StartsWith(MalformedRequests.BodyEdge)) kind = MalformedRequests.BodyEdge;
            kinds[kind] = kinds.GetValueOrDefault(kind) + 1;
            if ((int)response.StatusCode >= 500) faults++;
            if (await ViolationAsync(c, response) is { } violation) violations.Add($"{c.Operation} [{c.Kind}]: {violation}");
        }
        foreach (var op in operations)
        {
            var cases = requests.CasesOf(op).ToList();
            if (cases.Count == 0) { withoutForm++; continue; }
            edges.AddRange(cases.Where(c => c.Kind.StartsWith(MalformedRequests.BodyEdge)));
            foreach (var c in cases.Where(c => !c.Kind.StartsWith(MalformedRequests.BodyEdge)))
            {
                await SendAsync(c);
            }
            violations.AddRange(await UndeclaredRequiredAsync(client, requests, op));
        }
        var after = await SnapshotAsync(center);
        violations.AddRange(Written(before, after));
        foreach (var c in edges) await SendAsync(c);

        output.WriteLine($"{environment}: {operations.Count} operations ({withoutForm} with no malformed form), {sent} malformed requests, " +
                         $"{faults} answered 5xx, {violations.Count} violations.");
        output.WriteLine("Cases by kind: " + string.Join(", ", kinds.OrderBy(k => k.Key).Select(k => $"{k.Key} {k.Value}")));
        // By what went wrong, then a sample of each: a fault on main is not hidden by a thousand unnamed fields.
        var byKind = violations.GroupBy(v => Regex.Match(v, @"(stored|is required but|answered \d+|is not problem|names no field|names \[|^\S+ \S+ \[[^\]]*\]: 5\d\d)").Value switch
        {
            "" => "other", var k when k.EndsWith(']') || k.Contains(": 5") => "5xx", var k => k,
        }).ToList();
        output.WriteLine("Violations by kind: " + string.Join(", ", byKind.Select(g => $"{g.Key} {g.Count()}")));
        foreach (var v in byKind.SelectMany(g => g.Take(15))) output.WriteLine("  " + v);
        Assert.True(violations.Count == 0, $"{violations.Count} of {sent} malformed requests were not refused properly, {faults} with 5xx:\n" + string.Join("\n", violations.Take(40)));
    }

    /// <summary>What is wrong with an answer to a malformed request, or null.</summary>
    private static async Task<string?> ViolationAsync(MalformedCase c, HttpResponseMessage response)
    {
        var status = (int)response.StatusCode;
        var text = await response.Content.ReadAsStringAsync();
        if (status >= 500) return $"{status} {Clip(text)}";
        if (c.MayBeValid) return null;
        if (status != 400 && !c.AlsoAllowed.Contains(status)) return $"answered {status}, not 400";
        if (response.Content.Headers.ContentType?.MediaType != "application/problem+json") return $"{status} is not problem details ({response.Content.Headers.ContentType})";
        if (status != 400) return null;
        var errors = (JsonNode.Parse(text)?["errors"] as JsonObject)?.Select(e => Regex.Replace(e.Key, @"\[\d+\]", "").ToLowerInvariant()).ToList() ?? [];
        if (errors.Count == 0) return $"400 names no field: {Clip(text)}";
        var field = c.Field?.ToLowerInvariant();
        if (field is not null && !errors.Any(k => k == field || k.EndsWith("." + field)))
            return $"400 names [{string.Join(", ", errors)}], not '{c.Field}': {Clip(text)}";
        return null;
    }

    /// <summary>
    /// The document must say which query parameters are required: a GET with only the required ones, all valid, must not
    /// be refused for lack of another.
    /// </summary>
    private static async Task<IEnumerable<string>> UndeclaredRequiredAsync(HttpClient client, MalformedRequests requests, MalformedRequests.Operation op)
    {
        if (op.Method != "get") return [];
        var optional = (op.Definition["parameters"]?.AsArray() ?? [])
            .Where(p => (string?)p!["in"] == "query" && p["required"]?.GetValue<bool>() != true).Select(p => (string)p!["name"]!)
            .Except(ConditionallyRequired.GetValueOrDefault(op.ToString()) ?? []).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var path = op.Path;
        foreach (var p in (op.Definition["parameters"]?.AsArray() ?? []).Where(p => (string?)p!["in"] == "path"))
            path = path.Replace("{" + p!["name"] + "}", Uri.EscapeDataString(requests.ValidValue((string)p["name"]!, requests.Resolve(p["schema"]))));
        var query = string.Join('&', (op.Definition["parameters"]?.AsArray() ?? [])
            .Where(p => (string?)p!["in"] == "query" && p["required"]?.GetValue<bool>() == true)
            .Select(p => $"{p!["name"]}={Uri.EscapeDataString(requests.ValidValue((string)p["name"]!, requests.Resolve(p["schema"])))}"));
        using var response = await client.GetAsync(query.Length == 0 ? path : $"{path}?{query}");
        if (response.StatusCode != HttpStatusCode.BadRequest) return [];
        var errors = JsonNode.Parse(await response.Content.ReadAsStringAsync())?["errors"] as JsonObject ?? [];
        return errors.Select(e => e.Key).Where(optional.Contains)
            .Select(name => $"{op}: '{name}' is required but the document says it is optional");
    }

    private WebApplicationFactory<Program> Environment(string environment) => environment == "Development"
        ? app.WithWebHostBuilder(_ => { })
        : app.WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Production");
            b.ConfigureAppConfiguration(c => c.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Auth:DevelopmentSignIn"] = "false",
                ["Auth:TrustEasyAuth"] = "true",
            }));
        });

    /// <summary>A center with a scorecard, so that handlers that look things up get past the lookup.</summary>
    private static async Task SeedAsync(HttpClient client, string center)
    {
        var put = await client.PutAsJsonAsync($"/api/centers/{center}", new { name = "Malformed input", timeZone = "Asia/Shanghai", retentionDays = 365 });
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var card = await client.PostAsync($"/api/centers/{center}/scorecard-templates/{ScorecardTemplates.InboundId}", null);
        Assert.Equal(HttpStatusCode.Created, card.StatusCode);
    }

    /// <summary>
    /// Every row and blob of the center with its ETag: a write shows as a changed ETag even when it overwrites a row
    /// (a settings body with a typo once reset the settings in place).
    /// </summary>
    private async Task<Dictionary<string, string>> SnapshotAsync(string center)
    {
        var rows = new Dictionary<string, string>();
        await foreach (var table in app.TableService.QueryAsync())
            await foreach (var row in app.TableService.GetTableClient(table.Name).QueryAsync<TableEntity>(select: ["PartitionKey", "RowKey"]))
                if (row.PartitionKey.Contains(center, StringComparison.Ordinal) || row.RowKey.Contains(center, StringComparison.Ordinal))
                    rows[$"table {table.Name}"+ $" {row.PartitionKey}/{row.RowKey}"] = row.ETag.ToString();
        await foreach (var container in app.BlobService.GetBlobContainersAsync())
            await foreach (var blob in app.BlobService.GetBlobContainerClient(container.Name).GetBlobsAsync(
                Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, center + "/", default))
                rows[$"container {container.Name} {blob.Name}"] = blob.Properties.ETag?.ToString() ?? "";
        return rows;
    }

    /// <summary>What was added, changed or removed between two snapshots, by table or container.</summary>
    private static IEnumerable<string> Written(Dictionary<string, string> before, Dictionary<string, string> after) =>
        before.Keys.Union(after.Keys)
            .Where(k => before.GetValueOrDefault(k) != after.GetValueOrDefault(k))
            .GroupBy(k => string.Join(' ', k.Split(' ').Take(2)))
            .Select(g => $"stored: {g.Count()} rows or blobs of {g.Key} were written ({g.First().Split(' ')[2]}…)");

    private static string Clip(string text) => text.Length > 300 ? text[..300] + "…" : text;
}
