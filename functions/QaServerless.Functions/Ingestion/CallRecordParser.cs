using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using QaServerless.Calls;
using QaServerless.Privacy;

namespace QaServerless.Ingestion;

/// <summary>The fields of one call record, whatever it came in: a JSON manifest, a JSONL line or a CSV row.</summary>
public interface IRecordFields
{
    /// <summary>The field's text, or null when absent or empty. <paramref name="mistyped"/> when it is not a JSON string/number/bool.</summary>
    string? Text(string name, out bool mistyped);
    /// <summary>True when the field is a JSON number (CSV: always false — everything is text there).</summary>
    bool IsJsonNumber(string name);
    bool IsJsonBool(string name);
    bool IsJsonString(string name);
    bool IsJson { get; }
}

/// <summary>A field that failed validation, named as in docs/ingest-formats.md (camelCase).</summary>
public sealed record FieldError(string Field, string Reason)
{
    public override string ToString() => $"{Field}: {Reason}";
}

/// <summary>
/// Turns record fields into a <see cref="Call"/> or a list of reasons (docs/ingest-formats.md). Pure: no storage, the
/// clock passed in. Shared by manifests (IngestCallRecord) and CDR rows (IngestCallBatch) so both accept the same thing.
/// </summary>
public static partial class CallRecordParser
{
    /// <summary>How far in the future a start may be (clocks of the recording system drift).</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);
    public const int MaxSeconds = 86_400;

    public static (Call? Call, string? AudioFile, List<FieldError> Errors) Parse(IRecordFields f, string centerId, DateTimeOffset now, bool audioRequired)
    {
        var errors = new List<FieldError>();
        var callId = Id(f, "callId", errors);
        var agentId = Id(f, "agentId", errors);
        var team = Label(f, "team", errors, required: true);
        var businessType = Label(f, "businessType", errors, required: true);

        CallDirection direction = CallDirection.Inbound;
        var dirText = Str(f, "direction", errors, required: true);
        if (dirText is not null && !Enum.TryParse(dirText, ignoreCase: true, out direction) || dirText is not null && int.TryParse(dirText, out _))
            errors.Add(new("direction", "must be \"inbound\" or \"outbound\""));

        DateTimeOffset start = default;
        var startText = Str(f, "start", errors, required: true);
        if (startText is not null)
        {
            if (!StartPattern().IsMatch(startText) || !DateTimeOffset.TryParse(startText, CultureInfo.InvariantCulture, DateTimeStyles.None, out start))
                errors.Add(new("start", "must be an ISO 8601 date and time with a UTC offset, e.g. 2026-11-19T10:02:03+08:00"));
            else if (start > now + ClockSkew)
                errors.Add(new("start", $"is in the future ({startText}; now {now:o})"));
        }

        var talk = Seconds(f, "talkSeconds", errors, required: true);
        var hold = Seconds(f, "holdSeconds", errors);
        var acw = Seconds(f, "afterCallWorkSeconds", errors);
        var queue = Seconds(f, "queueSeconds", errors);
        var abandoned = Bool(f, "abandoned", errors);
        var resolved = Bool(f, "resolved", errors);
        var complaint = Bool(f, "complaint", errors);
        var testCall = Bool(f, "testCall", errors);
        var customerKey = Str(f, "customerKey", errors);
        if (customerKey is { Length: > 128 } || customerKey is not null && customerKey.Any(char.IsControl))
            errors.Add(new("customerKey", "must be a hashed key of at most 128 characters"));
        // The center hashes the customer's number before it reaches us; a raw phone or id number here is refused.
        else if (customerKey is not null && StructuredFields.PersonalDataReason(customerKey, identifier: true) is { } raw)
            errors.Add(new("customerKey", $"must be a hashed key; {raw}"));

        var channel = Str(f, "channel", errors);
        if (channel is not null && !ChannelPattern().IsMatch(channel))
        {
            errors.Add(new("channel", "must be 1-32 letters, digits, '_' or '-' (voice, chat, email …)"));
            channel = null;
        }

        int? csat = null;
        if (Int(f, "csat", errors) is { } c)
        {
            if (c is < 1 or > 5) errors.Add(new("csat", "must be 1 to 5"));
            else csat = c;
        }

        var audioFile = Str(f, "audioFile", errors, required: audioRequired);
        if (audioFile is not null && !SafeFileName(audioFile))
            errors.Add(new("audioFile", "must be a file name in the manifest's folder (no '/', '\\', '..' or control characters)"));
        else if (audioFile is not null && StructuredFields.PersonalDataReason(audioFile, identifier: true) is { } inName)
        {
            errors.Add(new("audioFile", inName));
            audioFile = null;
        }

        if (errors.Count > 0) return (null, audioFile, errors);
        var call = new Call
        {
            CenterId = centerId, CallId = callId!, AgentId = agentId!, Team = team!, BusinessType = businessType!, Direction = direction,
            Start = start, TalkSeconds = talk ?? 0, HoldSeconds = hold ?? 0, AfterCallWorkSeconds = acw ?? 0, QueueSeconds = queue ?? 0,
            Abandoned = abandoned ?? false, CustomerKey = customerKey, Resolved = resolved, Csat = csat, Complaint = complaint ?? false,
            TestCall = testCall ?? false, Channel = channel?.ToLowerInvariant(),
        };
        return (call, audioFile, errors);
    }

    /// <summary>A file name we accept for audio: one path segment, no '..', no control or key-breaking characters.</summary>
    public static bool SafeFileName(string name) =>
        name.Length is > 0 and <= 200 && !name.Contains("..") && name.IndexOfAny(['/', '\\']) < 0 && !name.Any(char.IsControl);

    /// <summary>A blob name we are willing to ingest: no '..' segment, no control characters, no backslashes.</summary>
    public static bool SafeBlobName(string name) =>
        name.Length is > 0 and <= 1024 && !name.Split('/').Any(s => s is ".." or "." or "") && !name.Contains("..")
        && !name.Any(char.IsControl) && !name.Contains('\\');

    private static string? Str(IRecordFields f, string name, List<FieldError> errors, bool required = false)
    {
        var text = f.Text(name, out var mistyped);
        if (mistyped || f.IsJson && text is not null && !f.IsJsonString(name))
        {
            errors.Add(new(name, "must be a string"));
            return null;
        }
        if (text is null && required) errors.Add(new(name, "is required"));
        return text;
    }

    /// <summary>The record's call id alone, checked as <see cref="Parse"/> checks it (a transcript names only its call).</summary>
    public static string? CallId(IRecordFields f, List<FieldError> errors) => Id(f, "callId", errors);

    private static string? Id(IRecordFields f, string name, List<FieldError> errors)
    {
        var text = Str(f, name, errors, required: true);
        if (text is not null && !IdPattern().IsMatch(text))
        {
            errors.Add(new(name, "must be 1-128 characters: letters, digits, '.', '_', ':' or '-', starting with a letter or digit"));
            return null;
        }
        return NoPersonalData(name, text, identifier: true, errors);
    }

    private static string? Label(IRecordFields f, string name, List<FieldError> errors, bool required)
    {
        var text = Str(f, name, errors, required)?.Trim();
        if (text is not null && (text.Length is 0 or > 64 || text.Any(char.IsControl)))
        {
            errors.Add(new(name, "must be 1-64 characters without control characters"));
            return null;
        }
        // Teams and business types group the KPIs and become cells of the exports: no formula, no personal data.
        if (text is not null && StructuredFields.FormulaReason(text) is { } formula)
        {
            errors.Add(new(name, formula));
            return null;
        }
        return NoPersonalData(name, text, identifier: false, errors);
    }

    /// <summary>The value, or null with the reason when it holds a phone, id or card number (named masked, never in clear).</summary>
    private static string? NoPersonalData(string name, string? text, bool identifier, List<FieldError> errors)
    {
        if (text is null || StructuredFields.PersonalDataReason(text, identifier) is not { } reason) return text;
        errors.Add(new(name, reason));
        return null;
    }

    private static int? Int(IRecordFields f, string name, List<FieldError> errors, bool required = false)
    {
        var text = f.Text(name, out var mistyped);
        if (text is null && !mistyped)
        {
            if (required) errors.Add(new(name, "is required"));
            return null;
        }
        if (mistyped || f.IsJson && !f.IsJsonNumber(name) || !int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n))
        {
            errors.Add(new(name, "must be a whole number"));
            return null;
        }
        return n;
    }

    private static int? Seconds(IRecordFields f, string name, List<FieldError> errors, bool required = false)
    {
        var n = Int(f, name, errors, required);
        if (n is < 0) { errors.Add(new(name, "must not be negative")); return null; }
        if (n > MaxSeconds) { errors.Add(new(name, $"must be at most {MaxSeconds} (one day)")); return null; }
        return n;
    }

    private static bool? Bool(IRecordFields f, string name, List<FieldError> errors)
    {
        var text = f.Text(name, out var mistyped);
        if (text is null && !mistyped) return null;
        if (!mistyped && (!f.IsJson || f.IsJsonBool(name)))
        {
            switch (text!.Trim().ToLowerInvariant())
            {
                case "true" or "1" or "yes" or "y": return true;
                case "false" or "0" or "no" or "n": return false;
            }
        }
        errors.Add(new(name, "must be true or false"));
        return null;
    }

    [GeneratedRegex(@"^[A-Za-z0-9_\-]{1,32}$")]
    private static partial Regex ChannelPattern();

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._:\-]{0,127}$")]
    private static partial Regex IdPattern();

    /// <summary>ISO 8601 with a time and an explicit offset (Z or ±hh:mm): a start without offset is ambiguous.</summary>
    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+\-]\d{2}:\d{2})$")]
    private static partial Regex StartPattern();
}

/// <summary>Fields of a JSON object (a manifest or a JSONL line).</summary>
public sealed class JsonRecordFields(JsonElement root) : IRecordFields
{
    public bool IsJson => true;

    private JsonElement? Get(string name) =>
        root.TryGetProperty(name, out var v) && v.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined) ? v : null;

    public string? Text(string name, out bool mistyped)
    {
        mistyped = false;
        if (Get(name) is not { } v) return null;
        switch (v.ValueKind)
        {
            case JsonValueKind.String: var s = v.GetString(); return string.IsNullOrWhiteSpace(s) ? null : s;
            case JsonValueKind.Number: case JsonValueKind.True: case JsonValueKind.False: return v.GetRawText();
            default: mistyped = true; return null;
        }
    }

    public bool IsJsonNumber(string name) => Get(name)?.ValueKind == JsonValueKind.Number;
    public bool IsJsonBool(string name) => Get(name)?.ValueKind is JsonValueKind.True or JsonValueKind.False;
    public bool IsJsonString(string name) => Get(name)?.ValueKind == JsonValueKind.String;
}

/// <summary>Fields of a CSV row: all text; an empty cell is an absent field.</summary>
public sealed class TextRecordFields(Func<string, string?> get) : IRecordFields
{
    public bool IsJson => false;

    public string? Text(string name, out bool mistyped)
    {
        mistyped = false;
        var s = get(name);
        return string.IsNullOrWhiteSpace(s) ? null : s.Trim();
    }

    public bool IsJsonNumber(string name) => false;
    public bool IsJsonBool(string name) => false;
    public bool IsJsonString(string name) => false;
}
