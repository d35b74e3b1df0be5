namespace QaServerless.Ai.PreScoring;

/// <summary>
/// A scorecard item as the pre-scorer needs it: its wording, how it is answered and whether it is critical.
/// Built from the scoring feature's scorecard version (see ScorecardSource), so the model is asked
/// exactly the questions the inspector answers.
/// </summary>
public sealed record PreScoringItem(string ItemId, string Text, string? Guidance, int ScaleMax, bool IsScale, bool NotApplicableAllowed, bool Critical)
{
    /// <summary>The labels the model may answer: yes/no or 0..n, plus na when the item allows it.</summary>
    public IReadOnlyList<string> Answers =>
        [.. IsScale ? Enumerable.Range(0, ScaleMax + 1).Select(i => i.ToString()) : ["yes", "no"], .. NotApplicableAllowed ? new[] { "na" } : []];

    /// <summary>Points for an answer label; null for na.</summary>
    public int? Points(string answer) => answer switch
    {
        "na" => null,
        "yes" => 1,
        "no" => 0,
        _ => int.Parse(answer),
    };

    /// <summary>Whether an answer deducts (the "problem found" class that precision and recall are about).</summary>
    public bool IsDeduction(string answer) => Points(answer) is { } p && p < (IsScale ? ScaleMax : 1);
}

public sealed record PreScoringCard(string ScorecardId, int Version, IReadOnlyList<PreScoringItem> Items);

/// <summary>Agreement labels: points as text, or "na". Human answers and model answers meet in this vocabulary.</summary>
public static class AnswerLabels
{
    public static string FromPoints(int? points, bool notApplicable) => notApplicable || points is null ? "na" : points.Value.ToString();

    public static string FromModel(PreScoringItem item, string answer) => item.Points(answer) is { } p ? p.ToString() : "na";
}
