using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using CsvHelper;

namespace QaServerless.Ingestion;

/// <summary>One record of a CDR file: its line number, its fields (or why it could not be read at all) and its raw text.</summary>
public sealed record CdrRecord(long Line, IRecordFields? Fields, string Raw, string? Problem)
{
    /// <summary>A text conversation's messages and their problems (formats with messages only).</summary>
    public (IReadOnlyList<Conversations.TextMessage> Messages, IReadOnlyList<FieldError> Errors)? Conversation { get; init; }
}

/// <summary>
/// Streams the records of a CDR export, row by row, without holding the file: CSV (CsvHelper, header row with the
/// manifest's field names, any case) or JSONL (one manifest-shaped JSON object a line).
/// </summary>
public static class CdrReader
{
    public static readonly string[] RequiredColumns = ["callId", "agentId", "team", "businessType", "direction", "start", "talkSeconds"];
    public const int MaxLineChars = 64 * 1024;

    public static bool IsCsv(string name) => name.EndsWith(".csv", StringComparison.OrdinalIgnoreCase);
    public static bool IsJsonl(string name) => name.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase);

    /// <summary>The CSV's missing required columns (empty when the header is fine), then its records.</summary>
    public static IAsyncEnumerable<CdrRecord> ReadCsvAsync(Stream stream, Action<IReadOnlyList<string>> missingColumns, CancellationToken ct) =>
        ReadCsvAsync(stream, header => RequiredColumns.Where(c => !header.Contains(c)).ToList(), missingColumns, ct);

    /// <summary>
    /// As above, with the required columns decided by <paramref name="missingOf"/> from the header (any case): an import
    /// profile names its own.
    /// </summary>
    public static async IAsyncEnumerable<CdrRecord> ReadCsvAsync(Stream stream, Func<IReadOnlySet<string>, IReadOnlyList<string>> missingOf,
        Action<IReadOnlyList<string>> missingColumns, [EnumeratorCancellation] CancellationToken ct)
    {
        var options = new CsvReaderOptions
        {
            Separator = ',', HasHeader = true, TrimWhitespace = true, TrackLineNumbers = true,
            // A bad row is a reject, not the end of the file: recover and let the field count check below name it.
            MalformedData = CsvMalformedDataHandling.Recover, FieldCountMismatch = CsvFieldCountHandling.Allow,
            MaxRecordSize = MaxLineChars * 4,
        };
        await using var csv = CsvReader.Create(stream, options, leaveOpen: true);
        await csv.ReadHeaderAsync(ct);
        var header = csv.Headers.Select(h => h.Trim()).ToArray();
        var missing = missingOf(header.ToHashSet(StringComparer.OrdinalIgnoreCase));
        missingColumns(missing);
        if (missing.Count > 0) yield break;

        while (await csv.ReadAsync(ct))
        {
            var raw = Encoding.UTF8.GetString(csv.RawRecord);
            var line = csv.LineNumber;
            if (csv.FieldCount != header.Length)
            {
                yield return new CdrRecord(line, null, raw, $"expected {header.Length} fields, found {csv.FieldCount}");
                continue;
            }
            // Copy the row: the reader's buffer moves on.
            var row = new Dictionary<string, string?>(header.Length, StringComparer.OrdinalIgnoreCase);
            for (var i = 0; i < header.Length; i++) row[header[i]] = csv.GetString(i);
            yield return new CdrRecord(line, new TextRecordFields(n => row.GetValueOrDefault(n)), raw, null);
        }
    }

    public static async IAsyncEnumerable<CdrRecord> ReadJsonlAsync(Stream stream, [EnumeratorCancellation] CancellationToken ct)
    {
        await foreach (var (line, root, text, problem) in ReadJsonLinesAsync(stream, 8, ct))
            yield return root is { } r ? new CdrRecord(line, new JsonRecordFields(r), text, null) : new CdrRecord(line, null, text, problem);
    }

    /// <summary>The JSON value of each line that is not blank, or why the line is not one (too long, malformed, not an object).</summary>
    public static async IAsyncEnumerable<(long Line, JsonElement? Value, string Raw, string? Problem)> ReadJsonLinesAsync(Stream stream, int maxDepth,
        [EnumeratorCancellation] CancellationToken ct, int maxLineChars = MaxLineChars)
    {
        using var reader = new StreamReader(stream);
        long line = 0;
        while (await reader.ReadLineAsync(ct) is { } text)
        {
            line++;
            if (string.IsNullOrWhiteSpace(text)) continue;
            if (text.Length > maxLineChars) { yield return (line, null, text[..200] + "…", $"line longer than {maxLineChars} characters"); continue; }
            JsonElement root = default;
            string? problem = null;
            try
            {
                using var doc = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = maxDepth });
                root = doc.RootElement.Clone();
                if (root.ValueKind != JsonValueKind.Object) problem = "not a JSON object";
            }
            catch (JsonException e)
            {
                problem = $"malformed JSON ({e.Message})";
            }
            yield return problem is null ? (line, root, text, null) : (line, null, text, problem);
        }
    }
}
