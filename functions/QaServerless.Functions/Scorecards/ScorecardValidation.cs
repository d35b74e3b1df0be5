namespace QaServerless.Scorecards;

/// <summary>What makes a scorecard usable, as problem-details errors keyed by the JSON path of the offending field.</summary>
public static class ScorecardValidation
{
    public const int MaxScale = 100;

    public static FieldProblems Validate(Scorecard card)
    {
        var errors = new FieldProblems();
        // Each rule has a stable code (scorecard.<rule>): the workbench words it in the reader's language.
        void Add(string field, string rule, string message) => errors.Add(field, $"scorecard.{rule}", message);

        if (string.IsNullOrWhiteSpace(card.Name)) Add("name", "name-missing", "A scorecard needs a name.");
        if (card.Sections.Count == 0) Add("sections", "sections-missing", "A scorecard needs at least one section.");
        for (var c = 0; c < card.Channels.Count; c++)
            if (card.Channels[c].Length > 40) Add($"channels[{c}]", "channel-too-long", "A channel's name has at most 40 characters.");

        var seenItems = new HashSet<string>(StringComparer.Ordinal);
        var seenSections = new HashSet<string>(StringComparer.Ordinal);
        for (var s = 0; s < card.Sections.Count; s++)
        {
            var section = card.Sections[s];
            var at = $"sections[{s}]";
            if (string.IsNullOrWhiteSpace(section.SectionId)) Add($"{at}.sectionId", "section-id-missing", "A section needs an id.");
            else if (!seenSections.Add(section.SectionId)) Add($"{at}.sectionId", "section-id-twice", $"Section id '{section.SectionId}' is used twice.");
            if (string.IsNullOrWhiteSpace(section.Title)) Add($"{at}.title", "section-title-missing", "A section needs a title.");
            if (section.Items.Count == 0) Add($"{at}.items", "section-items-missing", "A section needs at least one item.");

            for (var i = 0; i < section.Items.Count; i++)
            {
                var item = section.Items[i];
                var it = $"{at}.items[{i}]";
                if (string.IsNullOrWhiteSpace(item.ItemId)) Add($"{it}.itemId", "item-id-missing", "An item needs an id.");
                else if (item.ItemId.Length > 64 || item.ItemId.Any(c => char.IsControl(c) || c is '/' or '\\' or '#' or '?' or '|'))
                    Add($"{it}.itemId", "item-id-invalid", "An item id is at most 64 characters, without / \\ # ? | or control characters.");
                else if (!seenItems.Add(item.ItemId)) Add($"{it}.itemId", "item-id-twice", $"Item id '{item.ItemId}' is used twice.");
                if (string.IsNullOrWhiteSpace(item.Text)) Add($"{it}.text", "item-text-missing", "An item needs its measurable wording.");
                if (item.IsScoring && item.Weight <= 0) Add($"{it}.weight", "weight-not-positive", "A scoring item's weight must be greater than 0.");
                if (item.Warning && item.Weight < 0) Add($"{it}.weight", "weight-negative", "A weight cannot be negative.");
                if (item.AnswerType == AnswerType.Scale && item.ScaleMax is < 1 or > MaxScale)
                    Add($"{it}.scaleMax", "scale-out-of-range", $"A scale runs from 0 to between 1 and {MaxScale}.");
                if (item.Critical is not null && item.NotApplicableAllowed)
                    Add($"{it}.notApplicableAllowed", "critical-not-na", "A critical item must always be answered: it cannot be N/A.");
                if (item.Critical is not null && item.Warning)
                    Add($"{it}.warning", "critical-not-warning", "An item is either critical or a warning, not both.");
            }
        }
        ValidateSectionWeights(card, Add);
        if (card.Sections.Count > 0 && !card.Items.Any(i => i.IsScoring))
            Add("sections", "no-scoring-item", "A scorecard needs at least one scoring item (warnings alone cannot score).");

        var r = card.Rules;
        if (r.CriticalCap is < 0 or > 100) Add("rules.criticalCap", "cap-out-of-range", "The critical-error cap is a score from 0 to 100.");
        if (r.PassFrom is < 0 or > 100) Add("rules.passFrom", "band-out-of-range", "Band limits are scores from 0 to 100.");
        if (r.GoodFrom is < 0 or > 100) Add("rules.goodFrom", "band-out-of-range", "Band limits are scores from 0 to 100.");
        if (r.ExcellentFrom is < 0 or > 100) Add("rules.excellentFrom", "band-out-of-range", "Band limits are scores from 0 to 100.");
        if (!(r.PassFrom <= r.GoodFrom && r.GoodFrom <= r.ExcellentFrom))
            Add("rules", "bands-not-rising", "Bands must rise: passFrom ≤ goodFrom ≤ excellentFrom.");

        return errors;
    }

    /// <summary>
    /// Section weights are optional, but all or nothing: a section without one next to weighted sections would have no
    /// share. They mean a share of the card, which only <see cref="ScoreFormula.ItemShare"/> has.
    /// </summary>
    private static void ValidateSectionWeights(Scorecard card, Action<string, string, string> add)
    {
        var weighted = card.Sections.Any(s => s.Weight is not null);
        if (!weighted) return;
        for (var s = 0; s < card.Sections.Count; s++)
        {
            var section = card.Sections[s];
            var at = $"sections[{s}].weight";
            if (card.Rules.FormulaInEffect() != ScoreFormula.ItemShare)
                add(at, "section-weight-needs-item-share", "Section weights are shares of the card: they need rules.formula ItemShare.");
            else if (section.Weight is { } w && w <= 0) add(at, "section-weight-not-positive", "A section's weight must be greater than 0.");
            else if (section.Weight is null && section.Items.Any(i => i.IsScoring))
                add(at, "section-weight-all-or-none", "When one section has a weight, every section with scoring items needs one.");
        }
    }
}
