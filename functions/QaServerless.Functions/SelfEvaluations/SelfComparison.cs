using QaServerless.Evaluations;
using QaServerless.Scorecards;
using QaServerless.Scoring;

namespace QaServerless.SelfEvaluations;

/// <summary>
/// One item side by side: the inspector's answer and the agent's own, each as a share of the item's points (points ÷
/// possible; null for N/A or no answer), whether they differ, and the gap (self − inspector) when both scored it.
/// </summary>
public sealed record ItemComparison(string ItemId, string Text, ItemAnswer? Inspector, ItemAnswer? Self, decimal? InspectorShare, decimal? SelfShare,
    bool Differs, decimal? ShareGap);

/// <summary>
/// The released evaluation beside the agent's self-evaluation: both scores and every item of the inspector's card.
/// <see cref="SameScorecardVersion"/> is false when a new scorecard version came into force between the assignment and
/// the inspector's start: items are then matched by id and an item on one card only has no answer on the other side.
/// </summary>
public sealed record SelfComparison(string CenterId, string CallId, string EvaluationId, string AgentId, SelfEvaluationStatus Status,
    decimal InspectorScore, Band InspectorBand, decimal? SelfScore, Band? SelfBand, bool SameScorecardVersion, int Differences,
    IReadOnlyList<ItemComparison> Items)
{
    /// <summary>
    /// Compares a self-evaluation with the inspector's evaluation (its current answers: an upheld appeal's corrected
    /// ones). A missed self-evaluation has no answers to compare: every item shows the inspector's side alone.
    /// </summary>
    public static SelfComparison Of(Scorecard inspectorCard, Evaluation evaluation, SelfEvaluation self)
    {
        var inspector = evaluation.Answers.GroupBy(a => a.ItemId).ToDictionary(g => g.Key, g => g.Last());
        var own = self.Status == SelfEvaluationStatus.Submitted ? self.Answers.GroupBy(a => a.ItemId).ToDictionary(g => g.Key, g => g.Last()) : [];
        var items = inspectorCard.Items.Select(item =>
        {
            var i = inspector.GetValueOrDefault(item.ItemId);
            var s = own.GetValueOrDefault(item.ItemId);
            decimal? iShare = ShareOf(item, i), sShare = ShareOf(item, s);
            var differs = i is not null && s is not null && !Same(i, s);
            return new ItemComparison(item.ItemId, item.Text, i, s, iShare, sShare, differs, iShare is { } a && sShare is { } b ? b - a : null);
        }).ToList();
        var result = evaluation.Result;
        return new SelfComparison(evaluation.CenterId, evaluation.CallId, evaluation.EvaluationId, evaluation.AgentId, self.Status,
            result?.Score ?? 0, result?.Band ?? Band.Fail,
            self.Status == SelfEvaluationStatus.Submitted ? self.Result?.Score : null, self.Status == SelfEvaluationStatus.Submitted ? self.Result?.Band : null,
            self.ScorecardId == evaluation.ScorecardId && self.ScorecardVersion == evaluation.ScorecardVersion,
            items.Count(x => x.Differs), items);
    }

    /// <summary>Points ÷ possible, rounded to 4 places (a third of a scale is 0.3333); null for N/A or no answer.</summary>
    public static decimal? ShareOf(ScorecardItem item, ItemAnswer? answer) =>
        answer is { NotApplicable: false, Points: { } p } ? Math.Round((decimal)Math.Clamp(p, 0, item.Possible) / item.Possible, 4, MidpointRounding.AwayFromZero) : null;

    /// <summary>The same answer: both N/A, or the same points.</summary>
    public static bool Same(ItemAnswer a, ItemAnswer b) => a.NotApplicable == b.NotApplicable && (a.NotApplicable || a.Points == b.Points);
}
