using System.Text;
using System.Globalization;
using QaServerless.Ai.Transcripts;

namespace QaServerless.Ai.PreScoring;

/// <summary>
/// A quote that was found in the transcript near the time the model stated, or in a text conversation in the message it
/// named: then <see cref="MessageNumber"/> (#n) and <see cref="MessageId"/> (the source's id) say which.
/// </summary>
public sealed record VerifiedEvidence(string Quote, double StatedTime, int Segment, Speaker Speaker, double SegmentStart, double SegmentEnd)
{
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public int? MessageNumber { get; init; }

    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? MessageId { get; init; }
}

/// <summary>An AI suggestion for one item, with evidence that was checked. Shown to inspectors and leads only.</summary>
public sealed record Suggestion(string ItemId, string Answer, int? Points, bool Deduction, double Confidence, IReadOnlyList<VerifiedEvidence> Evidence);

/// <summary>Why an answer was dropped; <see cref="WrongMessage"/>: a text conversation's quote is in another message than the one cited.</summary>
public enum DiscardReason { NoEvidence, QuoteNotFound, WrongTime, WrongMessage }

/// <summary>An answer dropped because none of its evidence held up; counted per item and reason.</summary>
public sealed record DiscardedAnswer(string ItemId, string Answer, DiscardReason Reason);

/// <summary>
/// Checks every quote against the transcript the model was shown: the quote (ignoring spaces and punctuation) must occur
/// in one segment whose time span, widened by the tolerance, contains the stated time. An answer keeps only its verified
/// quotes; with none left it is discarded, with the reason (no evidence / quote not in the call / quote at another time).
/// In a text conversation the quote must occur in the message whose number (#n) the model cited; no time tolerance applies.
/// </summary>
public static class EvidenceVerifier
{
    public static (IReadOnlyList<Suggestion> Kept, IReadOnlyList<DiscardedAnswer> Discarded) Verify(
        IEnumerable<ModelAnswer> answers, PreScoringCard card, Transcript transcript, double toleranceSeconds)
    {
        var normalized = transcript.Segments.Select(s => Normalize(s.Text)).ToList();
        var thread = transcript.IsThread();
        var kept = new List<Suggestion>();
        var discarded = new List<DiscardedAnswer>();
        foreach (var answer in answers)
        {
            var item = card.Items.FirstOrDefault(i => i.ItemId == answer.ItemId);
            if (item is null) continue;
            var verified = new List<VerifiedEvidence>();
            var foundElsewhere = false;
            foreach (var e in answer.Evidence)
            {
                var quote = Normalize(e.Quote);
                if (quote.Length < 2) continue; // "好" proves nothing
                var matches = Enumerable.Range(0, normalized.Count).Where(i => normalized[i].Contains(quote, StringComparison.Ordinal)).ToList();
                var near = thread
                    ? matches.FirstOrDefault(i => e.Message == i + 1, -1)
                    : matches.FirstOrDefault(i => e.Time >= transcript.Segments[i].Start - toleranceSeconds && e.Time <= transcript.Segments[i].End + toleranceSeconds, -1);
                if (near < 0) { foundElsewhere |= matches.Count > 0; continue; }
                var s = transcript.Segments[near];
                verified.Add(thread
                    ? new VerifiedEvidence(e.Quote, s.Start, near, s.Speaker, s.Start, s.End) { MessageNumber = near + 1, MessageId = s.MessageId }
                    : new VerifiedEvidence(e.Quote, e.Time, near, s.Speaker, s.Start, s.End));
            }
            if (verified.Count > 0)
                kept.Add(new Suggestion(item.ItemId, answer.Answer, item.Points(answer.Answer), item.IsDeduction(answer.Answer), answer.Confidence, verified));
            else
                discarded.Add(new DiscardedAnswer(item.ItemId, answer.Answer,
                    answer.Evidence.Count == 0 ? DiscardReason.NoEvidence
                    : foundElsewhere ? (thread ? DiscardReason.WrongMessage : DiscardReason.WrongTime) : DiscardReason.QuoteNotFound));
        }
        return (kept, discarded);
    }

    /// <summary>Letters and digits only, full-width folded to ASCII, lower case: quotes survive the model's punctuation habits.</summary>
    public static string Normalize(string text)
    {
        var folded = text.Normalize(NormalizationForm.FormKC);
        var b = new StringBuilder(folded.Length);
        foreach (var c in folded)
        {
            var category = char.GetUnicodeCategory(c);
            if (char.IsLetterOrDigit(c) || c == '*' || category == UnicodeCategory.OtherLetter) b.Append(char.ToLowerInvariant(c));
        }
        return b.ToString();
    }
}
