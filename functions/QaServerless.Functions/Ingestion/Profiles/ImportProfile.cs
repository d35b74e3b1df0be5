using System.Globalization;
using System.Text.RegularExpressions;
using QaServerless.Privacy;

namespace QaServerless.Ingestion.Profiles;

/// <summary>
/// How a center's own export reads as our call records (docs/ingest-formats.md, "Import profiles"): which of its
/// columns or JSON fields holds each of our fields, how its dates, durations, booleans and directions are written, and
/// value maps for its business types and teams. Versioned like the other settings: every save is a new version.
/// A CDR file names its profile by folder (<c>call-records/{center}/{profileId}/…</c>), else the center's profile
/// <c>default</c> applies, else the file is in our own format.
/// </summary>
public sealed partial record ImportProfile
{
    public string CenterId { get; init; } = "";
    public string ProfileId { get; init; } = "";
    public string Name { get; init; } = "";
    /// <summary>One of <see cref="Formats"/>: what the file is and how its records are read.</summary>
    public string Format { get; init; } = ImportFormats.Csv;

    /// <summary>
    /// Our field → the center's column (CSV, any case) or JSON path (<c>Agent.Username</c>, <c>Recordings.0.Location</c>).
    /// <c>A|B</c> takes the first of the two that is not empty.
    /// </summary>
    public IReadOnlyDictionary<string, string> Fields { get; init; } = new Dictionary<string, string>();
    /// <summary>Our field → the value it takes when the record leaves it empty (e.g. the agent of an abandoned call).</summary>
    public IReadOnlyDictionary<string, string> Defaults { get; init; } = new Dictionary<string, string>();

    /// <summary>.NET custom format of the start, e.g. <c>dd/MM/yyyy HH:mm</c>; null: ISO 8601.</summary>
    public string? DateTimeFormat { get; init; }
    /// <summary>IANA zone of timestamps written without an offset; null: the center's zone.</summary>
    public string? TimeZone { get; init; }
    /// <summary>One of <see cref="DurationUnits"/>.</summary>
    public string DurationUnit { get; init; } = DurationUnits.Seconds;

    /// <summary>Words for true and false besides true/false/1/0/yes/no (e.g. 是 / 否), any case.</summary>
    public IReadOnlyList<string> TrueWords { get; init; } = [];
    public IReadOnlyList<string> FalseWords { get; init; } = [];
    /// <summary>Words for the directions besides inbound/outbound (e.g. 呼入 / 呼出, INBOUND / OUTBOUND), any case.</summary>
    public IReadOnlyList<string> InboundWords { get; init; } = [];
    public IReadOnlyList<string> OutboundWords { get; init; } = [];

    /// <summary>The center's value → ours; a value not in the map is kept as it is.</summary>
    public IReadOnlyDictionary<string, string> BusinessTypes { get; init; } = new Dictionary<string, string>();
    public IReadOnlyDictionary<string, string> Teams { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// The customer field holds the customer's raw number or address (Connect, Genesys): it is replaced by a keyed hash
    /// (<c>sha256:</c> of the center and the value) before anything else sees it, so the number is never stored.
    /// </summary>
    public bool HashCustomerKey { get; init; }

    /// <summary>The built-in profile this one started from, if any.</summary>
    public string? BasedOn { get; init; }
    /// <summary>0 for a built-in profile (never saved).</summary>
    public int Version { get; init; }
    public string? ChangedBy { get; init; }
    public DateTimeOffset? ChangedAt { get; init; }
    public string? ETag { get; init; }

    /// <summary>Our fields a profile may fill. The first seven are required (from a column or a default).</summary>
    public static readonly string[] Targets =
    [
        "callId", "agentId", "team", "businessType", "direction", "start", "talkSeconds",
        "holdSeconds", "afterCallWorkSeconds", "queueSeconds", "abandoned", "resolved", "csat", "complaint", "testCall",
        "customerKey", "channel", "recordingPath",
    ];
    public static readonly string[] Required = Targets[..7];
    public static readonly string[] DurationTargets = ["talkSeconds", "holdSeconds", "afterCallWorkSeconds", "queueSeconds"];
    public static readonly string[] BoolTargets = ["abandoned", "resolved", "complaint", "testCall"];

    public const int MaxWords = 50, MaxMapEntries = 1000, MaxSourceChars = 256;

    /// <summary>The problems of the profile, by JSON field name (<c>fields.callId</c>, <c>businessTypes[退货]</c>); empty when valid.</summary>
    public Dictionary<string, string[]> Validate()
    {
        var errors = new Dictionary<string, string[]>();
        void Add(string field, string message) => errors[field] = [message];
        if (string.IsNullOrWhiteSpace(Name) || Name.Length > 100) Add("name", "A name of 1 to 100 characters.");
        if (!ImportFormats.All.Contains(Format)) Add("format", $"One of {string.Join(", ", ImportFormats.All)}.");
        if (!DurationUnits.All.Contains(DurationUnit)) Add("durationUnit", $"One of {string.Join(", ", DurationUnits.All)}.");
        if (TimeZone is not null && !TimeZoneInfo.TryFindSystemTimeZoneById(TimeZone, out _)) Add("timeZone", "An IANA time zone, e.g. Asia/Shanghai.");
        if (DateTimeFormat is not null && !IsDateTimeFormat(DateTimeFormat))
            Add("dateTimeFormat", "A .NET date and time format with a year, month, day, hour and minute, e.g. dd/MM/yyyy HH:mm.");

        foreach (var (target, source) in Fields)
        {
            if (!Targets.Contains(target)) Add($"fields.{target}", $"Not one of our fields ({string.Join(", ", Targets)}).");
            else if (string.IsNullOrWhiteSpace(source) || source.Length > MaxSourceChars || source.Any(char.IsControl))
                Add($"fields.{target}", $"A column or JSON path of 1 to {MaxSourceChars} characters.");
        }
        foreach (var (target, value) in Defaults)
        {
            if (!Targets.Contains(target)) Add($"defaults.{target}", "Not one of our fields.");
            else if (string.IsNullOrWhiteSpace(value) || value.Length > 128) Add($"defaults.{target}", "A value of 1 to 128 characters.");
            else if (LabelProblem(value) is { } problem) Add($"defaults.{target}", problem);
        }
        // A transcript-only format takes its call from the contact record: it needs only the call id.
        foreach (var target in ImportFormats.TranscriptOnly(Format) ? Required[..1] : Required)
            if (!Fields.ContainsKey(target) && !Defaults.ContainsKey(target) && !errors.ContainsKey($"fields.{target}"))
                Add($"fields.{target}", "Required: the column that holds it, or a default value.");

        Words("trueWords", TrueWords, errors);
        Words("falseWords", FalseWords, errors);
        Words("inboundWords", InboundWords, errors);
        Words("outboundWords", OutboundWords, errors);
        if (TrueWords.Intersect(FalseWords, StringComparer.OrdinalIgnoreCase).FirstOrDefault() is { } both)
            Add("falseWords", $"\"{both}\" is a true word too.");
        if (InboundWords.Intersect(OutboundWords, StringComparer.OrdinalIgnoreCase).FirstOrDefault() is { } twice)
            Add("outboundWords", $"\"{twice}\" is an inbound word too.");
        ValueMap("businessTypes", BusinessTypes, errors);
        ValueMap("teams", Teams, errors);
        return errors;
    }

    private static void Words(string field, IReadOnlyList<string> words, Dictionary<string, string[]> errors)
    {
        if (words.Count > MaxWords) errors[field] = [$"At most {MaxWords} words."];
        else if (words.Any(w => string.IsNullOrWhiteSpace(w) || w.Length > 64 || w.Any(char.IsControl)))
            errors[field] = ["Each word 1 to 64 characters."];
    }

    /// <summary>Mapped values become teams and business types: the rules of those labels (no formula, no personal data).</summary>
    private static void ValueMap(string field, IReadOnlyDictionary<string, string> map, Dictionary<string, string[]> errors)
    {
        if (map.Count > MaxMapEntries) { errors[field] = [$"At most {MaxMapEntries} entries."]; return; }
        foreach (var (from, to) in map)
        {
            if (string.IsNullOrWhiteSpace(from) || from.Length > 128) errors[$"{field}[{from}]"] = ["The center's value, 1 to 128 characters."];
            else if (string.IsNullOrWhiteSpace(to) || to.Length > 64 || to.Any(char.IsControl)) errors[$"{field}[{from}]"] = ["Our value, 1 to 64 characters."];
            else if (LabelProblem(to) is { } problem) errors[$"{field}[{from}]"] = [problem];
        }
    }

    private static string? LabelProblem(string value) =>
        StructuredFields.FormulaReason(value) ?? StructuredFields.PersonalDataReason(value, identifier: false);

    /// <summary>A format that writes and reads back a date and time to the minute (so it names year, month, day, hour, minute).</summary>
    private static bool IsDateTimeFormat(string format)
    {
        if (format.Length > 64) return false;
        var sample = new DateTime(2026, 11, 19, 21, 47, 0);
        try
        {
            var text = sample.ToString(format, CultureInfo.InvariantCulture);
            return DateTime.TryParseExact(text, format, CultureInfo.InvariantCulture, DateTimeStyles.None, out var back)
                && back.Date == sample.Date && back.Hour == sample.Hour && back.Minute == sample.Minute;
        }
        catch (FormatException) { return false; }
    }

    /// <summary>A profile id: what the folder under the center is called.</summary>
    public static bool IsProfileId(string id) => ProfileIdPattern().IsMatch(id);

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,39}$")]
    private static partial Regex ProfileIdPattern();
}

/// <summary>What a profile reads.</summary>
public static class ImportFormats
{
    /// <summary>RFC 4180 CSV with a header row.</summary>
    public const string Csv = "csv";
    /// <summary>JSON objects, one a line or one after another; fields named by JSON path.</summary>
    public const string Json = "json";
    /// <summary>Amazon Connect contact records (one JSON object a contact).</summary>
    public const string AmazonConnect = "amazon-connect";
    /// <summary>Genesys Cloud analytics conversation details (a conversation a JSON object, or pages of them).</summary>
    public const string GenesysCloud = "genesys-cloud";
    /// <summary>Our own export of text conversations: a conversation a JSON object with its messages (one a line, or an array).</summary>
    public const string Conversations = "conversations";
    /// <summary>Amazon Connect chat transcripts as Connect writes them to S3: messages only, joined to the CHAT contact record.</summary>
    public const string AmazonConnectChat = "amazon-connect-chat";
    public static readonly string[] All = [Csv, Json, AmazonConnect, GenesysCloud, Conversations, AmazonConnectChat];

    /// <summary>A format whose records carry messages (a text conversation's transcript).</summary>
    public static bool HasMessages(string format) => format is Conversations or AmazonConnectChat;

    /// <summary>A format whose records are transcripts only: the call comes from another file (its contact record).</summary>
    public static bool TranscriptOnly(string format) => format == AmazonConnectChat;
}

public static class DurationUnits
{
    public const string Seconds = "seconds", Milliseconds = "milliseconds", Clock = "hh:mm:ss";
    public static readonly string[] All = [Seconds, Milliseconds, Clock];
}
