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

    /// <summary>
    /// greet (yes/no, weight 2), verify (yes/no, weight 3), solve (scale 0..4, weight 5), close (yes/no, weight 1, N/A
    /// allowed), disclose (yes/no, weight 2, compliance-critical), empathy (warning).
    /// </summary>
    public static Scorecard Standard(ScoringRules? rules = null) => Card(rules,
        YesNo("greet", 2), YesNo("verify", 3), Scale("solve", 5, 4), YesNo("close", 1, na: true),
        YesNo("disclose", 2, critical: CriticalClass.Compliance), Warning("empathy"));
}
