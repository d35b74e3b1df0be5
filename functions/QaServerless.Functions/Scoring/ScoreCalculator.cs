using QaServerless.Scorecards;

namespace QaServerless.Scoring;

public enum Band { Fail, Pass, Good, Excellent }

/// <summary>
/// The inspector's answer to one item: <see cref="Points"/> earned (yes/no: 1 = yes, 0 = no; scale: 0..n), or
/// <see cref="NotApplicable"/>. An item with neither is unanswered.
/// </summary>
public sealed record ItemAnswer(string ItemId, int? Points = null, bool NotApplicable = false)
{
    public static ItemAnswer Yes(string itemId) => new(itemId, 1);
    public static ItemAnswer No(string itemId) => new(itemId, 0);
    public static ItemAnswer NA(string itemId) => new(itemId, null, true);
    public static ItemAnswer Scale(string itemId, int points) => new(itemId, points);

    public bool IsAnswered => NotApplicable || Points is not null;
}

/// <summary>The outcome of scoring one set of answers on one scorecard version.</summary>
public sealed record ScoreResult
{
    /// <summary><see cref="EarnedPoints"/> ÷ <see cref="PossiblePoints"/> × 100 before any critical-error cap, rounded to 2 decimals.</summary>
    public required decimal RawScore { get; init; }
    /// <summary>The score that counts: <see cref="RawScore"/>, capped by the scorecard's rule when there is a critical error.</summary>
    public required decimal Score { get; init; }
    public required Band Band { get; init; }
    public bool Passed => Band != Band.Fail;
    /// <summary>
    /// The numerator of the formula: Σ(points × weight) under <see cref="ScoreFormula.WeightedPoints"/>; under
    /// <see cref="ScoreFormula.ItemShare"/> the weight earned, Σ(weight × points ÷ possible) (section shares when sections are weighted).
    /// </summary>
    public required decimal EarnedPoints { get; init; }
    /// <summary>The denominator: Σ(possible × weight), or under <see cref="ScoreFormula.ItemShare"/> Σ(weight) of the applicable items (or sections).</summary>
    public required decimal PossiblePoints { get; init; }
    /// <summary>Critical errors per class (every class present, 0 when none).</summary>
    public required IReadOnlyDictionary<CriticalClass, int> CriticalErrors { get; init; }
    public required IReadOnlyList<string> CriticalItemIds { get; init; }
    public required IReadOnlyList<string> WarningItemIds { get; init; }
    /// <summary>Scoring items that lost points (the deductions, for the monthly publication of deduction frequency).</summary>
    public required IReadOnlyList<string> DeductedItemIds { get; init; }
    public bool HasCriticalError => CriticalItemIds.Count > 0;
    public int Warnings => WarningItemIds.Count;
}

/// <summary>
/// The score formula, as pure functions (docs/scoring.md), in the version's <see cref="ScoringRules.Formula"/>:
/// <see cref="ScoreFormula.ItemShare"/> score = Σ(weight × points ÷ possible) ÷ Σ(weight) × 100, with optional section
/// shares; <see cref="ScoreFormula.WeightedPoints"/> (versions recorded before formulas) Σ(points × weight) ÷
/// Σ(possible × weight) × 100. Either way over the answered scoring items, N/A items out of both sums; warnings count but
/// never deduct; a critical item answered 0 fails the evaluation: score = min(raw, cap), cap 0 by default, band Fail,
/// counted in its class. Unanswered items are left out here; <see cref="MissingAnswers"/> tells whether a submission is
/// complete.
/// </summary>
public static class ScoreCalculator
{
    public static ScoreResult Score(Scorecard card, IEnumerable<ItemAnswer> answers)
    {
        var byItem = answers.GroupBy(a => a.ItemId).ToDictionary(g => g.Key, g => g.Last());
        decimal earned = 0, possible = 0;
        var criticalByClass = Enum.GetValues<CriticalClass>().ToDictionary(c => c, _ => 0);
        var criticalItems = new List<string>();
        var warnings = new List<string>();
        var deducted = new List<string>();

        var formula = card.Rules.FormulaInEffect();
        var sectionWeighted = formula == ScoreFormula.ItemShare && card.Sections.Any(s => s.Weight is not null);
        foreach (var section in card.Sections)
        {
            decimal sectionEarned = 0, sectionPossible = 0;
            foreach (var item in section.Items)
            {
                if (!byItem.TryGetValue(item.ItemId, out var answer) || answer.NotApplicable || answer.Points is not { } raw) continue;
                var points = Math.Clamp(raw, 0, item.Possible);
                if (item.Warning)
                {
                    if (points == 0) warnings.Add(item.ItemId);
                    continue;
                }
                // The old rule weighs points; the new one gives the item its weight and earns the answered fraction of it.
                sectionEarned += formula == ScoreFormula.ItemShare ? item.Weight * points / item.Possible : points * item.Weight;
                sectionPossible += formula == ScoreFormula.ItemShare ? item.Weight : item.Possible * item.Weight;
                if (points < item.Possible) deducted.Add(item.ItemId);
                if (item.Critical is { } cls && points == 0)
                {
                    criticalByClass[cls]++;
                    criticalItems.Add(item.ItemId);
                }
            }
            // With section weights, a section with anything applicable earns its share times its items' fraction; a
            // section left wholly N/A leaves both sums, like an N/A item.
            if (!sectionWeighted) { earned += sectionEarned; possible += sectionPossible; }
            else if (sectionPossible > 0)
            {
                var share = section.Weight ?? 0;
                earned += share * sectionEarned / sectionPossible;
                possible += share;
            }
        }

        // Nothing applicable: nothing was lost. Submission refuses such an evaluation (docs/scoring.md).
        var rawScore = possible == 0 ? 100m : Math.Round(earned / possible * 100m, 2, MidpointRounding.AwayFromZero);
        var critical = criticalItems.Count > 0;
        var score = critical ? Math.Min(rawScore, card.Rules.CriticalCap) : rawScore;
        return new ScoreResult
        {
            RawScore = rawScore,
            Score = score,
            Band = critical ? Band.Fail : BandOf(score, card.Rules),
            EarnedPoints = earned,
            PossiblePoints = possible,
            CriticalErrors = criticalByClass,
            CriticalItemIds = criticalItems,
            WarningItemIds = warnings,
            DeductedItemIds = deducted,
        };
    }

    public static Band BandOf(decimal score, ScoringRules rules) =>
        score >= rules.ExcellentFrom ? Band.Excellent
        : score >= rules.GoodFrom ? Band.Good
        : score >= rules.PassFrom ? Band.Pass
        : Band.Fail;

    /// <summary>
    /// Problems with a set of answers, keyed by field: unknown items, points out of range, N/A where not allowed, and
    /// (when <paramref name="requireAll"/>, i.e. on submit) every item unanswered and a card with nothing applicable.
    /// </summary>
    public static Dictionary<string, string[]> CheckAnswers(Scorecard card, IReadOnlyList<ItemAnswer> answers, bool requireAll)
    {
        var errors = new Dictionary<string, string[]>();
        for (var i = 0; i < answers.Count; i++)
        {
            var a = answers[i];
            var item = card.FindItem(a.ItemId);
            if (item is null) { errors[$"answers[{i}].itemId"] = [$"'{a.ItemId}' is not an item of this scorecard."]; continue; }
            if (a.NotApplicable && a.Points is not null) errors[$"answers[{i}]"] = ["An answer is either points or N/A, not both."];
            else if (a.NotApplicable && !item.NotApplicableAllowed) errors[$"answers[{i}].notApplicable"] = [$"'{item.ItemId}' cannot be N/A."];
            else if (a.Points is { } p && (p < 0 || p > item.Possible))
                errors[$"answers[{i}].points"] = [$"'{item.ItemId}' takes 0 to {item.Possible} points."];
        }
        if (requireAll)
        {
            var missing = MissingAnswers(card, answers);
            if (missing.Count > 0) errors["answers"] = [$"Every item must be answered; missing: {string.Join(", ", missing)}."];
            else if (errors.Count == 0 && Score(card, answers).PossiblePoints == 0)
                errors["answers"] = ["At least one scoring item must apply (not every scoring item can be N/A)."];
        }
        return errors;
    }

    public static IReadOnlyList<string> MissingAnswers(Scorecard card, IEnumerable<ItemAnswer> answers)
    {
        var answered = answers.Where(a => a.IsAnswered).Select(a => a.ItemId).ToHashSet();
        return card.Items.Where(i => !answered.Contains(i.ItemId)).Select(i => i.ItemId).ToList();
    }
}
