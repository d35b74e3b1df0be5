namespace QaServerless.Ai.Agreement;

/// <summary>Why an item of the scorecard in force has no agreement figures.</summary>
public enum UnmeasuredReason
{
    /// <summary>No released evaluation answered it on a call the AI analysed, within the window.</summary>
    NoPairsYet,
    /// <summary>Released answers exist, but the AI never had a usable suggestion for it (see the causes).</summary>
    NeverPreScored,
}

/// <summary>
/// An item without figures and why. <see cref="Causes"/> counts the released answers that found no AI suggestion, by
/// cause: an evidence check that discarded the model's answer (NoEvidence, QuoteNotFound, WrongTime), NotAnswered, or
/// NotPreScored:{outcome} when pre-scoring did not finish on the call. <see cref="Warning"/>: a warning item (deducts nothing).
/// </summary>
public sealed record UnmeasuredItem(string ItemId, string Text, bool Warning, UnmeasuredReason Reason, int ReleasedAnswers, IReadOnlyDictionary<string, int> Causes);

public sealed record ScorecardItemRef(string ItemId, string Text, bool Warning);

/// <summary>The agreement page's list of items that have no figures, each with its reason. Pure.</summary>
public static class UnmeasuredItems
{
    public static IReadOnlyList<UnmeasuredItem> Explain(IEnumerable<ScorecardItemRef> items, IReadOnlySet<string> measured,
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> unpaired) =>
        items.Where(i => !measured.Contains(i.ItemId)).Select(i =>
        {
            var causes = unpaired.GetValueOrDefault(i.ItemId) ?? new Dictionary<string, int>();
            var released = causes.Values.Sum();
            return new UnmeasuredItem(i.ItemId, i.Text, i.Warning, released > 0 ? UnmeasuredReason.NeverPreScored : UnmeasuredReason.NoPairsYet, released, causes);
        }).ToList();
}
