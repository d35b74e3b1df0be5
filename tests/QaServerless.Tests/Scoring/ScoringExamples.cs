using QaServerless.Scorecards;
using QaServerless.Scoring;

namespace QaServerless.Tests.Scoring;

/// <summary>Scorecards for the worked examples; the arithmetic is written out in each test.</summary>
internal static class ScoringExamples
{
    public static ScorecardItem YesNo(string id, decimal weight, bool na = false, CriticalClass? critical = null) =>
        new() { ItemId = id, Text = id, Weight = weight, NotApplicableAllowed = na, Critical = critical };

    public static ScorecardItem Scale(string id, decimal weight, int max, bool na = false) =>
        new() { ItemId = id, Text = id, Weight = weight, AnswerType = AnswerType.Scale, ScaleMax = max, NotApplicableAllowed = na };

    public static ScorecardItem Warning(string id) => new() { ItemId = id, Text = id, Weight = 0, Warning = true };

    public static Scorecard Card(ScoringRules? rules = null, params ScorecardItem[] items) => new()
    {
        CenterId = "c1", ScorecardId = "sc", Name = "Example", Rules = rules ?? ScoringRules.Default,
        Sections = [new ScorecardSection { SectionId = "s1", Title = "All", Items = items }],
    };

    /// <summary>The rule before issue 18 (Σ points × weight ÷ Σ possible × weight), named, as an old stored version reads.</summary>
    public static ScoringRules WeightedPoints { get; } = new() { Formula = ScoreFormula.WeightedPoints };

    /// <summary>The rule for new versions: the weight is the item's share.</summary>
    public static ScoringRules ItemShare { get; } = new() { Formula = ScoreFormula.ItemShare };

    /// <summary>
    /// greet (yes/no, weight 2), verify (yes/no, weight 3), solve (scale 0..4, weight 5), close (yes/no, weight 1, N/A
    /// allowed), disclose (yes/no, weight 2, compliance-critical), empathy (warning).
    /// </summary>
    /// Without rules: the old rule (the examples written before issue 18 and the API tests that post this card keep it).
    public static Scorecard Standard(ScoringRules? rules = null, int solveMax = 4) => Card(rules ?? WeightedPoints,
        YesNo("greet", 2), YesNo("verify", 3), Scale("solve", 5, solveMax), YesNo("close", 1, na: true),
        YesNo("disclose", 2, critical: CriticalClass.Compliance), Warning("empathy"));

    /// <summary><see cref="Standard"/> under <see cref="ScoreFormula.ItemShare"/>.</summary>
    public static Scorecard StandardByShare(int solveMax = 4) => Standard(ItemShare, solveMax);

    public static ScorecardSection Section(string id, decimal? weight, params ScorecardItem[] items) =>
        new() { SectionId = id, Title = id, Weight = weight, Items = items };
}
