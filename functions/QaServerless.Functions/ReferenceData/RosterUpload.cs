using System.Globalization;
using System.Text;
using System.Text.Json;
using CsvHelper;
using Microsoft.AspNetCore.Http.HttpResults;
using QaServerless.Security;

namespace QaServerless.ReferenceData;

/// <summary>How many rows an upload wrote.</summary>
public sealed record UploadResult(int Upserted);

/// <summary>
/// Roster and inspector uploads (admin or QA lead of the center): <c>PUT /api/centers/{center}/agents</c> and
/// <c>/inspectors</c> with a CSV (<c>text/csv</c>) or a JSON array. All rows are validated first; any bad row answers 400
/// with problem details naming it (<c>rows[3].hireDate</c>, the row number counting data rows from 1) and nothing is
/// written. Rows are upserted: people missing from the upload stay (send <c>active=false</c> to retire someone).
/// Columns and fields are in docs/ingest-formats.md.
/// </summary>
public static class RosterUpload
{
    public const int MaxBytes = 5 * 1024 * 1024;

    public static RouteGroupBuilder MapRosterUpload(this RouteGroupBuilder centers)
    {
        centers.MapPut("/{center}/agents", async Task<Results<Ok<UploadResult>, ValidationProblem, NotFound, ForbidHttpResult>> (string center, HttpRequest request, ReferenceDataStore store, CurrentUser user, CancellationToken ct) =>
        {
            if (!user.CanSeeCenter(center) || await store.GetCenterAsync(center, ct) is null) return TypedResults.NotFound();
            if (!user.LeadsCenter(center)) return TypedResults.Forbid();
            var (rows, errors) = await ReadRowsAsync(request, ct);
            var agents = new List<Agent>();
            for (var i = 0; i < rows.Count && errors.Count < 100; i++)
                if (ParseAgent(center, rows[i], $"rows[{i + 1}]", errors) is { } a) agents.Add(a);
            Duplicates(agents.Select(a => a.AgentId), "agentId", errors);
            if (errors.Count > 0) return TypedResults.ValidationProblem(errors, title: "Some rows of the roster are not valid; nothing was saved.");
            await store.UpsertAgentsAsync(agents, ct);
            return TypedResults.Ok(new UploadResult(agents.Count));
        }).Accepts<string>("text/csv", "application/json");

        centers.MapPut("/{center}/inspectors", async Task<Results<Ok<UploadResult>, ValidationProblem, NotFound, ForbidHttpResult>> (string center, HttpRequest request, ReferenceDataStore store, CurrentUser user, CancellationToken ct) =>
        {
            if (!user.CanSeeCenter(center) || await store.GetCenterAsync(center, ct) is null) return TypedResults.NotFound();
            if (!user.LeadsCenter(center)) return TypedResults.Forbid();
            var (rows, errors) = await ReadRowsAsync(request, ct);
            var inspectors = new List<Inspector>();
            for (var i = 0; i < rows.Count && errors.Count < 100; i++)
                if (ParseInspector(center, rows[i], $"rows[{i + 1}]", errors) is { } x) inspectors.Add(x);
            Duplicates(inspectors.Select(x => x.InspectorId), "inspectorId", errors);
            if (errors.Count > 0) return TypedResults.ValidationProblem(errors, title: "Some rows of the inspector list are not valid; nothing was saved.");
            await store.UpsertInspectorsAsync(inspectors, ct);
            return TypedResults.Ok(new UploadResult(inspectors.Count));
        }).Accepts<string>("text/csv", "application/json");

        return centers;
    }

    /// <summary>A row as field name → text (lists joined with ';'), whether it came from CSV or JSON.</summary>
    internal sealed class Row(Dictionary<string, string?> fields)
    {
        public string? this[string name] => fields.TryGetValue(name, out var v) && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;

        /// <summary>Every value of the row against the app's input rules (ids short and key-safe, text bounded).</summary>
        public void Check(string at, Dictionary<string, string[]> errors)
        {
            foreach (var (name, value) in fields)
                if (value is not null && (Hosting.InputRules.Problem(name, value) ?? StructuredProblem(name, value)) is { } problem) errors[$"{at}.{name}"] = [problem];
        }

        /// <summary>
        /// Ids, teams and business types of the roster end up on every call, KPI row and export, like the call records'
        /// own (ingestion refuses the same): no phone, id or card number in them, no label a spreadsheet would run.
        /// </summary>
        private static string? StructuredProblem(string name, string value)
        {
            if (!StructuredColumns.TryGetValue(name, out var identifier)) return null;
            return ReferenceDataStore.SplitList(value).Append(value)
                .Select(v => Privacy.StructuredFields.PersonalDataReason(v, identifier) ?? (identifier ? null : Privacy.StructuredFields.FormulaReason(v)))
                .FirstOrDefault(reason => reason is not null);
        }

        /// <summary>The structured columns, each marked whether it is an identifier (see <see cref="Privacy.StructuredFields"/>).</summary>
        private static readonly Dictionary<string, bool> StructuredColumns = new(StringComparer.OrdinalIgnoreCase)
        {
            ["agentId"] = true, ["inspectorId"] = true, ["supervisorId"] = true,
            ["team"] = false, ["businessTypes"] = false, ["skills"] = false, ["excludedTeams"] = false,
        };
    }

    /// <summary>Invalid UTF-8 is refused, not replaced: a roster name with U+FFFD in it would be stored as it is.</summary>
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    internal static async Task<(List<Row> Rows, Dictionary<string, string[]> Errors)> ReadRowsAsync(HttpRequest request, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (request.ContentLength > MaxBytes) { errors["body"] = [$"The upload is larger than {MaxBytes / 1024 / 1024} MB."]; return ([], errors); }
        using var reader = new StreamReader(request.Body, StrictUtf8);
        string text;
        try { text = await reader.ReadToEndAsync(ct); }
        catch (DecoderFallbackException) { errors["body"] = ["The upload is not valid UTF-8 text."]; return ([], errors); }
        var isCsv = request.ContentType?.StartsWith("text/csv", StringComparison.OrdinalIgnoreCase) == true
            || !text.TrimStart().StartsWith('[') && !text.TrimStart().StartsWith('{');
        try
        {
            var rows = isCsv ? ReadCsv(text) : ReadJson(text);
            if (rows.Count == 0) errors["body"] = ["The upload has no rows."];
            for (var i = 0; i < rows.Count && errors.Count < 100; i++) rows[i].Check($"rows[{i + 1}]", errors);
            return (rows, errors);
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
        {
            errors["body"] = [$"The upload is not a {(isCsv ? "CSV with a header row" : "JSON array of objects")}: {e.Message}"];
            return ([], errors);
        }
    }

    private static List<Row> ReadCsv(string text)
    {
        using var csv = CsvReader.FromText(text, new CsvReaderOptions { Separator = ',', HasHeader = true, TrimWhitespace = true });
        var rows = new List<Row>();
        csv.ReadHeader();
        var header = csv.Headers.Select(h => h.Trim()).ToArray();
        while (csv.Read())
        {
            var fields = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
            for (var i = 0; i < header.Length && i < csv.FieldCount; i++) fields[header[i]] = csv.GetString(i);
            rows.Add(new Row(fields));
        }
        return rows;
    }

    private static List<Row> ReadJson(string text)
    {
        using var doc = JsonDocument.Parse(text);
        if (doc.RootElement.ValueKind != JsonValueKind.Array) throw new FormatException("expected a JSON array");
        var rows = new List<Row>();
        foreach (var item in doc.RootElement.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object) throw new FormatException("every element must be an object");
            var fields = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
            foreach (var p in item.EnumerateObject())
                fields[p.Name] = p.Value.ValueKind switch
                {
                    JsonValueKind.Array => string.Join(';', p.Value.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.String ? v.GetString() : v.GetRawText())),
                    JsonValueKind.String => p.Value.GetString(),
                    JsonValueKind.Null => null,
                    _ => p.Value.GetRawText(),
                };
            rows.Add(new Row(fields));
        }
        return rows;
    }

    internal static Agent? ParseAgent(string center, Row row, string at, Dictionary<string, string[]> errors)
    {
        var before = errors.Count;
        var id = Id(row, "agentId", at, errors);
        var team = Required(row, "team", at, errors);
        DateOnly? hired = null;
        if (row["hireDate"] is { } h)
        {
            if (DateOnly.TryParseExact(h, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) hired = d;
            else errors[$"{at}.hireDate"] = ["The hire date is yyyy-MM-dd."];
        }
        var active = Bool(row, "active", at, errors) ?? true;
        if (errors.Count > before) return null;
        return new Agent(center, id!, row["name"] ?? id!, team!, row["supervisorId"], hired, List(row["businessTypes"]), active);
    }

    internal static Inspector? ParseInspector(string center, Row row, string at, Dictionary<string, string[]> errors)
    {
        var before = errors.Count;
        var id = Id(row, "inspectorId", at, errors);
        var cap = 0;
        if (row["dailyCap"] is not { } c || !int.TryParse(c, NumberStyles.None, CultureInfo.InvariantCulture, out cap) || cap is < 1 or > 500)
            errors[$"{at}.dailyCap"] = ["The daily cap is a whole number from 1 to 500."];
        var active = Bool(row, "active", at, errors) ?? true;
        if (errors.Count > before) return null;
        return new Inspector(center, id!, row["name"] ?? id!, cap, List(row["skills"]), List(row["excludedTeams"]), active);
    }

    private static string? Id(Row row, string field, string at, Dictionary<string, string[]> errors)
    {
        var id = row[field];
        if (id is null || id.Length > 64 || !id.All(ch => char.IsAsciiLetterOrDigit(ch) || ch is '-' or '_' or '.' or ':') || id.Contains(".."))
        {
            errors[$"{at}.{field}"] = ["An id of 1-64 letters, digits, '-', '_', '.' or ':' is required."];
            return null;
        }
        return id;
    }

    private static string? Required(Row row, string field, string at, Dictionary<string, string[]> errors)
    {
        var value = row[field];
        if (value is null || value.Length > 64 || value.Any(char.IsControl)) { errors[$"{at}.{field}"] = [$"'{field}' is required (at most 64 characters)."]; return null; }
        return value;
    }

    private static bool? Bool(Row row, string field, string at, Dictionary<string, string[]> errors)
    {
        switch (row[field]?.ToLowerInvariant())
        {
            case null: return null;
            case "true" or "1" or "yes" or "y": return true;
            case "false" or "0" or "no" or "n": return false;
            default: errors[$"{at}.{field}"] = [$"'{field}' is true or false."]; return null;
        }
    }

    private static IReadOnlyList<string> List(string? value) => ReferenceDataStore.SplitList(value);

    private static void Duplicates(IEnumerable<string> ids, string field, Dictionary<string, string[]> errors)
    {
        var repeated = ids.GroupBy(x => x).Where(g => g.Count() > 1).Select(g => $"'{g.Key}' appears more than once.").ToArray();
        if (repeated.Length > 0) errors[field] = repeated;
    }
}
