using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace QaServerless.Ingestion.Profiles;

/// <summary>
/// Reads one record of a center's export through its <see cref="ImportProfile"/> into our own field names and
/// notations (ISO 8601 start with offset, whole seconds, true/false, inbound/outbound), which then go through the same
/// validation as a native CDR row (<see cref="CallRecordParser"/>): the same refusals of personal data and formulas.
/// Pure: no storage; the zone of naive timestamps is passed in.
/// </summary>
public static partial class ProfileMapper
{
    public static (IRecordFields Fields, List<FieldError> Errors) Map(ImportProfile profile, IRecordFields source, string centerId, TimeZoneInfo centerZone)
    {
        var errors = new List<FieldError>();
        var mapped = new Dictionary<string, string?>(StringComparer.Ordinal);
        var zone = profile.TimeZone is { } id && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var z) ? z : centerZone;
        foreach (var target in ImportProfile.Targets)
        {
            var raw = Read(profile, source, target);
            if (raw is null) continue;
            mapped[target] = target switch
            {
                "start" => Start(raw, profile.DateTimeFormat, zone, errors),
                "direction" => Direction(profile, raw),
                "team" => profile.Teams.TryGetValue(raw, out var team) ? team : raw,
                "businessType" => profile.BusinessTypes.TryGetValue(raw, out var type) ? type : raw,
                "customerKey" when profile.HashCustomerKey => HashedKey(centerId, raw),
                "channel" => raw.ToLowerInvariant(),
                _ when ImportProfile.DurationTargets.Contains(target) => Seconds(target, raw, profile.DurationUnit, errors),
                _ when ImportProfile.BoolTargets.Contains(target) => Bool(profile, raw),
                _ => raw,
            };
        }
        return (new TextRecordFields(n => mapped.GetValueOrDefault(n)), errors);
    }

    /// <summary>The source columns a CSV needs for the required fields that have no default (each alternative of <c>A|B</c> counts).</summary>
    public static IReadOnlyList<string> MissingColumns(ImportProfile profile, IReadOnlySet<string> header) =>
        ImportProfile.Required
            .Where(t => !profile.Defaults.ContainsKey(t) && profile.Fields.TryGetValue(t, out var spec) && !Alternatives(spec).Any(header.Contains))
            .Select(t => $"{profile.Fields[t]} (for {t})")
            .ToList();

    private static string[] Alternatives(string spec) => spec.Split('|', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    private static string? Read(ImportProfile profile, IRecordFields source, string target)
    {
        if (profile.Fields.TryGetValue(target, out var spec))
            foreach (var column in Alternatives(spec))
                if (source.Text(column, out _) is { } value) return value.Trim();
        return profile.Defaults.GetValueOrDefault(target);
    }

    private static string Direction(ImportProfile p, string raw) =>
        p.InboundWords.Contains(raw, StringComparer.OrdinalIgnoreCase) ? "inbound"
        : p.OutboundWords.Contains(raw, StringComparer.OrdinalIgnoreCase) ? "outbound"
        : raw;

    private static string Bool(ImportProfile p, string raw) =>
        p.TrueWords.Contains(raw, StringComparer.OrdinalIgnoreCase) ? "true"
        : p.FalseWords.Contains(raw, StringComparer.OrdinalIgnoreCase) ? "false"
        : raw;

    /// <summary>
    /// The customer's raw number or address becomes a key that is the same for every contact of that customer in the
    /// center (so repeat contacts still count) and says nothing of the number. Keyed with the center so two centers'
    /// keys of one number differ.
    /// </summary>
    public static string HashedKey(string centerId, string raw)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{centerId}\n{raw.Trim().ToLowerInvariant()}"));
        return "sha256:" + Convert.ToHexStringLower(hash);
    }

    /// <summary>Whole seconds as text, or the raw value with a reason when it is not a duration in the profile's unit.</summary>
    private static string? Seconds(string field, string raw, string unit, List<FieldError> errors)
    {
        double? seconds = unit switch
        {
            DurationUnits.Clock => Clock(raw),
            DurationUnits.Milliseconds => Number(raw) / 1000,
            _ => Number(raw),
        };
        if (seconds is { } s) return Math.Round(s, MidpointRounding.AwayFromZero).ToString(CultureInfo.InvariantCulture);
        errors.Add(new(field, unit == DurationUnits.Clock ? $"\"{raw}\" is not a duration as hh:mm:ss" : $"\"{raw}\" is not a number of {unit}"));
        return null;
    }

    private static double? Number(string raw) =>
        double.TryParse(raw, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var n) ? n : null;

    /// <summary>h:mm:ss, hh:mm:ss or mm:ss.</summary>
    private static double? Clock(string raw)
    {
        var m = ClockPattern().Match(raw);
        if (!m.Success) return null;
        var h = m.Groups[1].Success ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        return h * 3600 + int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture) * 60 + int.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The start as ISO 8601 with its offset. A value with an offset keeps it; one without (the profile's format has
    /// none, or it is ISO without offset) is a wall-clock time in the profile's zone, whose offset at that moment is used.
    /// </summary>
    private static string? Start(string raw, string? format, TimeZoneInfo zone, List<FieldError> errors)
    {
        var culture = CultureInfo.InvariantCulture;
        if (format is null)
        {
            if (OffsetPattern().IsMatch(raw)) return raw; // the native parser checks the rest
            if (DateTime.TryParse(raw, culture, DateTimeStyles.None, out var naive) && naive.Kind != DateTimeKind.Utc) return InZone(naive, zone);
        }
        else if (format.Contains('z') || format.Contains('K'))
        {
            if (DateTimeOffset.TryParseExact(raw, format, culture, DateTimeStyles.None, out var withOffset))
                return withOffset.ToString("yyyy-MM-dd'T'HH:mm:sszzz", culture);
        }
        else if (DateTime.TryParseExact(raw, format, culture, DateTimeStyles.None, out var wall))
            return InZone(wall, zone);
        errors.Add(new("start", format is null ? $"\"{raw}\" is not an ISO 8601 date and time" : $"\"{raw}\" does not match the format {format}"));
        return null;
    }

    private static string InZone(DateTime wall, TimeZoneInfo zone)
    {
        var local = DateTime.SpecifyKind(wall, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, zone.GetUtcOffset(local)).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"^(?:(\d{1,3}):)?([0-5]?\d):([0-5]\d)$")]
    private static partial Regex ClockPattern();

    [GeneratedRegex(@"(Z|[+\-]\d{2}:\d{2})$")]
    private static partial Regex OffsetPattern();
}
