using System.Text.RegularExpressions;
using QaServerless.Ai.Transcripts;

namespace QaServerless.Ai.Rules;

/// <summary>Runs a rule set over a transcript. Pure: the dry-run endpoint and the analysis pipeline share it.</summary>
public static class RuleEngine
{
    /// <summary>
    /// The tags of <paramref name="rules"/> on a call or, <paramref name="text"/> (by default: the segments are messages),
    /// a text conversation: each rule runs where it applies (<see cref="AppliesTo"/>).
    /// </summary>
    public static IReadOnlyList<RuleTag> Run(IEnumerable<Rule> rules, Transcript transcript, bool? text = null)
    {
        var isText = text ?? transcript.IsThread();
        var tags = new List<RuleTag>();
        foreach (var rule in rules.Where(r => AppliesTo(r, isText)))
        {
            var evidence = rule.Kind switch
            {
                RuleKind.Silence => Silences(rule, transcript),
                RuleKind.Overtalk => Overtalks(rule, transcript),
                RuleKind.FirstResponse => TextRules.FirstResponse(rule, transcript),
                _ => Phrase(rule, transcript),
            };
            if (evidence is not null) tags.Add(new RuleTag(rule.Id, rule.Name, rule.Category, rule.Trigger, rule.RiskWeight, evidence));
        }
        return tags;
    }

    /// <summary>
    /// Whether the rule runs on this kind of conversation: its channel if it names one; silence and overtalk are about
    /// speech (a thread has gaps between messages, not silences, and nobody talks over a message), first response about messages.
    /// </summary>
    public static bool AppliesTo(Rule rule, bool text) => rule.Kind switch
    {
        RuleKind.Silence or RuleKind.Overtalk => !text,
        RuleKind.FirstResponse => text,
        _ => rule.Channel is not { } channel || channel == (text ? RuleChannel.Text : RuleChannel.Voice),
    };

    /// <summary>The window as absolute times in this call.</summary>
    public static (double From, double To) Window(Rule rule, double duration)
    {
        var from = rule.WindowStart ?? 0;
        var to = rule.WindowEnd ?? double.MaxValue;
        if (!rule.FromEnd) return (from, to);
        return (Math.Max(0, duration - Math.Min(to, duration)), Math.Max(0, duration - from));
    }

    private static bool Inside(double t, (double From, double To) w) => t >= w.From && t <= w.To;

    /// <summary>Null when the rule does not fire; otherwise its evidence.</summary>
    private static IReadOnlyList<TagEvidence>? Phrase(Rule rule, Transcript transcript)
    {
        var regex = rule.CompiledPattern();
        var keywords = rule.Keywords?.Where(k => !string.IsNullOrWhiteSpace(k)).ToList() ?? [];
        var window = Window(rule, transcript.DurationSeconds);
        var inside = new List<TagEvidence>();
        var outside = new List<TagEvidence>();
        for (var i = 0; i < transcript.Segments.Count; i++)
        {
            var s = transcript.Segments[i];
            if (rule.Speaker is { } speaker && s.Speaker != speaker) continue;
            if (!Matches(s.Text, keywords, regex)) continue;
            var evidence = new TagEvidence(i, s.Speaker, s.Start, s.End, s.Text);
            (Inside(s.Start, window) ? inside : outside).Add(evidence);
        }
        if (rule.Trigger == RuleTrigger.WhenFound) return inside.Count > 0 ? inside : null;
        if (inside.Count > 0) return null;
        // Missing in the window: show where it was said instead, or the window that was searched.
        return outside.Count > 0 ? outside : [new TagEvidence(null, rule.Speaker, window.From, Math.Min(window.To, transcript.DurationSeconds), null)];
    }

    private static bool Matches(string text, List<string> keywords, Regex? regex)
    {
        if (keywords.Any(k => text.Contains(k, StringComparison.OrdinalIgnoreCase))) return true;
        if (regex is null) return false;
        try { return regex.IsMatch(text); }
        catch (RegexMatchTimeoutException) { return false; } // a pathological pattern must not stall the pipeline
    }

    private static IReadOnlyList<TagEvidence>? Silences(Rule rule, Transcript transcript)
    {
        var window = Window(rule, transcript.DurationSeconds);
        var found = new List<TagEvidence>();
        var speechEnd = 0.0;
        foreach (var s in transcript.Segments.OrderBy(s => s.Start))
        {
            if (s.Start - speechEnd >= rule.MinSeconds && Inside(speechEnd, window))
                found.Add(new TagEvidence(null, null, speechEnd, s.Start, null));
            speechEnd = Math.Max(speechEnd, s.End);
        }
        return found.Count > 0 ? found : null;
    }

    private static IReadOnlyList<TagEvidence>? Overtalks(Rule rule, Transcript transcript)
    {
        var window = Window(rule, transcript.DurationSeconds);
        var segments = transcript.Segments;
        var found = new List<TagEvidence>();
        for (var i = 0; i < segments.Count; i++)
        {
            for (var j = 0; j < i; j++)
            {
                var (earlier, later) = (segments[j], segments[i]);
                if (earlier.Speaker == later.Speaker || earlier.Speaker == Speaker.Unknown || later.Speaker == Speaker.Unknown) continue;
                var overlap = Math.Min(earlier.End, later.End) - later.Start;
                if (overlap >= rule.MinSeconds && Inside(later.Start, window))
                    // The evidence is the one who started talking over the other.
                    found.Add(new TagEvidence(i, later.Speaker, later.Start, later.Start + overlap, later.Text));
            }
        }
        return found.Count > 0 ? found : null;
    }
}
