using QaServerless.Hosting;
using QaServerless.Scorecards;
using QaServerless.Scoring;

namespace QaServerless.Evaluations;

/// <summary>One item an agent disputes: the reason, the inspector's answer disputed, and the QA lead's decision on it.</summary>
public sealed record DisputedItem
{
    public required string ItemId { get; init; }
    public required string Reason { get; init; }
    /// <summary>The inspector's answer when the appeal was filed: what the agent disputes, kept after a correction replaced it.</summary>
    public ItemAnswer? InspectorAnswer { get; init; }
    public bool? Upheld { get; init; }
    /// <summary>The lead's answer for the item when upheld: it replaces the inspector's in the corrected score.</summary>
    public ItemAnswer? CorrectedAnswer { get; init; }
    public string? Comment { get; init; }
}

/// <summary>An item the agent disputes, as clients send it.</summary>
public sealed record DisputeInput(string? ItemId, string? Reason);

/// <summary>The lead's decision on one disputed item, as clients send it: upheld with the corrected answer, or rejected; a comment either way.</summary>
public sealed record ItemDecisionInput(string? ItemId, bool? Upheld, CorrectedAnswerInput? Answer, string? Comment);

/// <summary>A corrected answer for one item: points (yes = 1, no = 0, or the scale's points) or N/A.</summary>
public sealed record CorrectedAnswerInput(int? Points, bool? NotApplicable);

/// <summary>
/// Item-level disputes (docs/scoring.md, "Item-level disputes"), pure: the agent disputes items of the evaluation's
/// scorecard version with a reason each; the QA lead decides every disputed item in one decision, upheld with the
/// corrected answer or rejected. The corrected score is the version's rule over the inspector's answers with the upheld
/// items' corrections; each upheld item is a scoring error of the inspector.
/// </summary>
public static class ItemDisputes
{
    /// <summary>The disputed items of an appeal, or errors keyed <c>items[i].itemId</c> / <c>items[i].reason</c>.</summary>
    public static (IReadOnlyList<DisputedItem> Items, Dictionary<string, string[]> Errors) Check(Evaluation e, Scorecard card, IReadOnlyList<DisputeInput?> inputs)
    {
        var errors = new Dictionary<string, string[]>();
        var items = new List<DisputedItem>();
        for (var i = 0; i < inputs.Count; i++)
        {
            var id = inputs[i]?.ItemId?.Trim() ?? "";
            if (id.Length == 0 || card.FindItem(id) is null) Add(errors, $"items[{i}].itemId", $"'{id}' is not an item of this evaluation's scorecard version.");
            else if (items.Any(x => x.ItemId == id)) Add(errors, $"items[{i}].itemId", $"'{id}' is disputed twice: one reason per item.");
            if (string.IsNullOrWhiteSpace(inputs[i]?.Reason)) Add(errors, $"items[{i}].reason", "Say why this item is scored wrong.");
            if (!errors.Keys.Any(k => k.StartsWith($"items[{i}]", StringComparison.Ordinal)))
                items.Add(new DisputedItem { ItemId = id, Reason = inputs[i]!.Reason!.Trim(), InspectorAnswer = e.Answers.LastOrDefault(a => a.ItemId == id) });
        }
        return (items, errors);
    }

    /// <summary>
    /// The lead decides every disputed item. Upheld if any item is upheld (the evaluation is corrected), rejected if none.
    /// Errors: an entry naming an item not disputed or decided twice (<c>items[j].itemId</c>), no <c>upheld</c>, no
    /// <c>comment</c>, an upheld item without a valid corrected answer or a rejected one with an answer (<c>items[j].answer</c>),
    /// and a disputed item left undecided (<c>items[k]</c>, k its place in the appeal).
    /// </summary>
    public static Step Decide(Evaluation e, Scorecard card, string? comment, IReadOnlyList<ItemDecisionInput?> decisions, Change change)
    {
        if (e.Status != EvaluationStatus.Appealed || e.Appeal is not { } appeal)
            return Step.NotNow(ProblemCodes.NoOpenAppeal, $"There is no open appeal; this evaluation is {e.Status}.");
        if (appeal.Items.Count == 0)
            return Step.Invalid(new() { ["items"] = ["This appeal disputes the whole evaluation, no items: decide it whole (upheld, comment, answers)."] });

        var errors = new Dictionary<string, string[]>();
        var decided = new Dictionary<string, DisputedItem>();
        for (var j = 0; j < decisions.Count; j++)
        {
            var d = decisions[j];
            var id = d?.ItemId?.Trim() ?? "";
            var disputed = appeal.Items.FirstOrDefault(x => x.ItemId == id);
            if (disputed is null) Add(errors, $"items[{j}].itemId", $"'{id}' is not an item disputed in this appeal.");
            else if (decided.ContainsKey(id)) Add(errors, $"items[{j}].itemId", $"'{id}' is decided twice.");
            if (d?.Upheld is null) Add(errors, $"items[{j}].upheld", "Say whether the item is upheld (true) or rejected (false).");
            if (string.IsNullOrWhiteSpace(d?.Comment)) Add(errors, $"items[{j}].comment", "Say why, for the agent and the inspector.");
            var corrected = d?.Upheld == true && disputed is not null ? CorrectedAnswer(card, disputed, d.Answer, $"items[{j}].answer", errors) : null;
            if (d?.Upheld == false && d.Answer is not null) Add(errors, $"items[{j}].answer", "A rejected item keeps the inspector's answer: send no answer.");
            if (disputed is not null && d?.Upheld is { } upheld && !decided.ContainsKey(id))
                decided[id] = disputed with { Upheld = upheld, CorrectedAnswer = corrected, Comment = d.Comment?.Trim() };
        }
        for (var k = 0; k < appeal.Items.Count; k++)
            if (!decided.ContainsKey(appeal.Items[k].ItemId) && !decisions.Any(d => d?.ItemId?.Trim() == appeal.Items[k].ItemId))
                Add(errors, $"items[{k}]", $"Disputed item '{appeal.Items[k].ItemId}' is not decided: every disputed item is decided in one decision.");
        if (errors.Count > 0) return Step.Invalid(errors);

        var items = appeal.Items.Select(x => decided[x.ItemId]).ToList();
        var decision = appeal with
        {
            Items = items, Upheld = items.Any(x => x.Upheld == true), DecidedBy = change.By, DecidedAt = change.At,
            DecisionComment = string.IsNullOrWhiteSpace(comment) ? null : comment.Trim(),
        };
        if (decision.Upheld != true) return Step.Ok(EvaluationFlow.Next(e, change, "appeal rejected") with { Status = EvaluationStatus.AppealRejected, Appeal = decision });

        var answers = CorrectedAnswers(e.Answers, items);
        if (ScoreCalculator.CheckAnswers(card, answers, requireAll: true) is { Count: > 0 } whole)
            return Step.Invalid(new() { ["items"] = whole.Values.SelectMany(v => v).ToArray() });
        var reason = items.All(x => x.Upheld == true) ? "appeal upheld: corrected" : "appeal partly upheld: corrected";
        return Step.Ok(EvaluationFlow.Next(e, change, reason) with
        {
            Status = EvaluationStatus.AppealUpheld, Appeal = decision, Answers = answers,
            OriginalResult = e.Result, Result = ScoreCalculator.Score(card, answers), ScoringErrorChargedTo = e.InspectorId,
        });
    }

    /// <summary>The inspector's answers with each upheld item's answer replaced by the lead's correction.</summary>
    public static IReadOnlyList<ItemAnswer> CorrectedAnswers(IReadOnlyList<ItemAnswer> answers, IEnumerable<DisputedItem> items)
    {
        var corrections = items.Where(x => x.Upheld == true && x.CorrectedAnswer is not null).ToDictionary(x => x.ItemId, x => x.CorrectedAnswer!);
        return [.. answers.Select(a => corrections.GetValueOrDefault(a.ItemId) ?? a), .. corrections.Values.Where(c => answers.All(a => a.ItemId != c.ItemId))];
    }

    /// <summary>An upheld item's answer, checked against the item's scale and N/A rule and against the inspector's answer.</summary>
    private static ItemAnswer? CorrectedAnswer(Scorecard card, DisputedItem disputed, CorrectedAnswerInput? input, string field, Dictionary<string, string[]> errors)
    {
        if (input is null || input.Points is null && input.NotApplicable != true)
        {
            Add(errors, field, "An upheld item needs the answer it should have had (points, or notApplicable).");
            return null;
        }
        var answer = new ItemAnswer(disputed.ItemId, input.Points, input.NotApplicable == true);
        var problems = ScoreCalculator.CheckAnswers(card, [answer], requireAll: false);
        foreach (var (key, messages) in problems) Add(errors, key.Replace("answers[0]", field, StringComparison.Ordinal), messages);
        if (problems.Count == 0 && answer == disputed.InspectorAnswer)
            Add(errors, field, "That is the inspector's answer: reject the item, or give the answer it should have had.");
        return problems.Count == 0 ? answer : null;
    }

    private static void Add(Dictionary<string, string[]> errors, string key, params string[] messages) =>
        errors[key] = errors.TryGetValue(key, out var had) ? [.. had, .. messages] : messages;
}
