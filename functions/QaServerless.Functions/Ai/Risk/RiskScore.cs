using QaServerless.Ai.Rules;

namespace QaServerless.Ai.Risk;

/// <summary>
/// A call's risk, 0–100: the sum of the weights of the distinct rules that fired plus, for each pre-scored item the
/// model answered as failed with verified evidence, 15 points (40 for a critical item), capped at 100.
/// Deliberately simple and explainable: the reasons list says where every point came from.
/// </summary>
public static class RiskScore
{
    public const int FailedItemPoints = 15;
    public const int FailedCriticalItemPoints = 40;

    public static int FromTags(IEnumerable<RuleTag> tags) =>
        Math.Min(100, tags.DistinctBy(t => t.RuleId).Sum(t => t.RiskWeight));

    public static (int Score, IReadOnlyList<string> Reasons) Of(IEnumerable<RuleTag> tags, IEnumerable<(string ItemId, bool Critical)> failedItems)
    {
        var reasons = new List<string>();
        var score = 0;
        foreach (var tag in tags.DistinctBy(t => t.RuleId))
        {
            score += tag.RiskWeight;
            reasons.Add($"rule:{tag.RuleId}");
        }
        foreach (var (itemId, critical) in failedItems)
        {
            score += critical ? FailedCriticalItemPoints : FailedItemPoints;
            reasons.Add(critical ? $"critical-item:{itemId}" : $"item:{itemId}");
        }
        return (Math.Min(100, score), reasons);
    }
}
