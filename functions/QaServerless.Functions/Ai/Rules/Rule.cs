using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using QaServerless.Ai.Transcripts;

namespace QaServerless.Ai.Rules;

[JsonConverter(typeof(JsonStringEnumConverter<RuleKind>))]
public enum RuleKind
{
    /// <summary>Keywords or a regular expression, said by a speaker inside a time window.</summary>
    Phrase,
    /// <summary>A gap with nobody speaking, at least <see cref="Rule.MinSeconds"/> long.</summary>
    Silence,
    /// <summary>Agent and customer speaking at once for at least <see cref="Rule.MinSeconds"/>.</summary>
    Overtalk,
    /// <summary>
    /// Text conversations: the customer's first message waited at least <see cref="Rule.MinSeconds"/> for the agent's
    /// first reply (or got none). The text counterpart of silence; calls skip it.
    /// </summary>
    FirstResponse,
}

/// <summary>Which conversations a rule runs on; a rule without one runs on both.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RuleChannel>))]
public enum RuleChannel
{
    /// <summary>Calls (speech with times from pickup).</summary>
    Voice,
    /// <summary>Text conversations (chat, IM, e-mail …: messages with sent times).</summary>
    Text,
}

[JsonConverter(typeof(JsonStringEnumConverter<RuleTrigger>))]
public enum RuleTrigger
{
    /// <summary>Tag the call when the phrase is said (forbidden words, repeat-call phrases).</summary>
    WhenFound,
    /// <summary>Tag the call when the phrase is NOT said in the window (greeting, required disclosure).</summary>
    WhenMissing,
}

/// <summary>
/// One tagging rule of a center's rule set. Times are seconds from pickup; <see cref="FromEnd"/> measures the window
/// back from the end of the call instead (closing phrases). A phrase matches a segment when one keyword occurs in it
/// or the pattern matches it; the segment counts as inside the window when it starts inside it. In a text conversation
/// times are seconds after the first message, and a segment is a message.
/// </summary>
public sealed record Rule
{
    public string Id { get; init; } = "";
    public string Name { get; init; } = "";
    /// <summary>greeting, disclosure, forbidden, repeat-call, silence, overtalk … free text, shown and counted.</summary>
    public string Category { get; init; } = "custom";
    public RuleKind Kind { get; init; } = RuleKind.Phrase;
    public RuleTrigger Trigger { get; init; } = RuleTrigger.WhenFound;
    /// <summary>Who must say it; null means either.</summary>
    public Speaker? Speaker { get; init; }
    public IReadOnlyList<string>? Keywords { get; init; }
    public string? Pattern { get; init; }
    public double? WindowStart { get; init; }
    public double? WindowEnd { get; init; }
    public bool FromEnd { get; init; }
    /// <summary>Voice or text only; null (left out of the JSON) runs on both. Silence and overtalk never run on text, first response never on voice.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public RuleChannel? Channel { get; init; }
    public double MinSeconds { get; init; }
    /// <summary>What a tag of this rule adds to the call's risk score (0–100).</summary>
    public int RiskWeight { get; init; } = 10;

    public static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(200);

    public Regex? CompiledPattern() => string.IsNullOrEmpty(Pattern) ? null : new Regex(Pattern, RegexOptions.CultureInvariant | RegexOptions.IgnoreCase, MatchTimeout);

    /// <summary>Validation errors keyed like the request body (<c>rules[2].pattern</c>).</summary>
    public IEnumerable<(string Field, string Message)> Validate(string prefix)
    {
        if (string.IsNullOrWhiteSpace(Id) || Id.Length > 64) yield return ($"{prefix}.id", "A rule needs an id of at most 64 characters.");
        if (string.IsNullOrWhiteSpace(Name)) yield return ($"{prefix}.name", "A rule needs a name.");
        if (RiskWeight is < 0 or > 100) yield return ($"{prefix}.riskWeight", "The risk weight is 0 to 100.");
        if (WindowStart is < 0 || WindowEnd is < 0 || WindowStart > WindowEnd)
            yield return ($"{prefix}.windowEnd", "The window is two non-negative times, start before end.");
        if (Kind == RuleKind.Phrase)
        {
            var keywords = Keywords?.Where(k => !string.IsNullOrWhiteSpace(k)).ToList() ?? [];
            if (keywords.Count == 0 && string.IsNullOrEmpty(Pattern))
                yield return ($"{prefix}.keywords", "A phrase rule needs keywords or a pattern.");
            string? patternError = null;
            if (!string.IsNullOrEmpty(Pattern))
            {
                try { _ = CompiledPattern(); } catch (ArgumentException e) { patternError = e.Message; }
            }
            if (patternError is not null) yield return ($"{prefix}.pattern", $"Not a valid regular expression: {patternError}");
        }
        else if (MinSeconds <= 0) yield return ($"{prefix}.minSeconds", "Silence, overtalk and first-response rules need a minimum duration above 0 s.");
        if (!Enum.IsDefined(Kind)) yield return ($"{prefix}.kind", "The kind is Phrase, Silence, Overtalk or FirstResponse.");
    }
}

/// <summary>Where a tag was seen: the segment (index in the transcript), who, when, and what was said (masked).</summary>
public sealed record TagEvidence(int? Segment, Speaker? Speaker, double Start, double End, string? Quote);

/// <summary>A rule that fired on a call, with its evidence. A "when missing" tag carries the window it looked in and
/// any match found outside it (a greeting said at 4 s instead of within 2 s).</summary>
public sealed record RuleTag(string RuleId, string Name, string Category, RuleTrigger Trigger, int RiskWeight, IReadOnlyList<TagEvidence> Evidence);

/// <summary>A center's rules, versioned: a change makes a new version, a version never changes.</summary>
public sealed record RuleSet(string CenterId, int Version, IReadOnlyList<Rule> Rules, string CreatedBy, DateTimeOffset CreatedAt);
