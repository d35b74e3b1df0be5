using QaServerless.Scorecards;
using QaServerless.Scoring;

namespace QaServerless.Calibration;

/// <summary>One call of a closed session: the baseline score and everybody's score, with the spread between them.</summary>
public sealed record CallResult(string CallId, double? Baseline, IReadOnlyDictionary<string, double> Scores, double? Lowest, double? Highest, double? Spread);

/// <summary>One participant of a closed session; <see cref="Result"/> is null for someone who scored no call (absent).</summary>
public sealed record ParticipantOutcome(string ParticipantId, ParticipantRole Role, bool IsBaseline, ParticipantResult? Result)
{
    /// <summary>Inspectors who took part and are not the expert baseline: their pass/fail counts in their KPIs and trend.</summary>
    public bool CountsForInspectorKpis => Role == ParticipantRole.Inspector && !IsBaseline && Result is not null;
}

/// <summary>One scorecard item: agreement among participants, and (with an expert or standard baseline) how often they matched it.</summary>
public sealed record ItemResult(string ItemId, string Text, ItemAgreement Agreement, double? BaselineMatchPercent);

/// <summary>Everything a closed session shows (docs/calibration.md, "Results").</summary>
public sealed record SessionResults(
    string SessionId,
    BaselineChoice Baseline,
    Tolerance Tolerance,
    IReadOnlyList<ParticipantOutcome> Participants,
    IReadOnlyList<CallResult> Calls,
    IReadOnlyList<ItemResult> Items,
    double? ScoreAlphaInterval);

/// <summary>Turns a session's scores and the lead's baseline choice into results. Pure: storage feeds it, tests call it.</summary>
public static class SessionResultsCalculator
{
    /// <param name="scores">The participants' scores (answers scored on the session's scorecard version).</param>
    /// <param name="standard">The agreed standard answers per call, for <see cref="BaselineKind.Standard"/>.</param>
    public static SessionResults Compute(CalibrationSession session, Scorecard card, BaselineChoice baseline, Tolerance tolerance,
        IReadOnlyList<ParticipantScore> scores, IReadOnlyList<StandardAnswers>? standard = null)
    {
        var calls = session.CallIds.ToHashSet(StringComparer.Ordinal);
        var invited = session.Participants.ToDictionary(p => p.PersonId, StringComparer.OrdinalIgnoreCase);
        var counted = scores.Where(s => calls.Contains(s.CallId) && invited.ContainsKey(s.ParticipantId)).ToList();
        var scoreMatrix = counted.GroupBy(s => invited[s.ParticipantId].PersonId)
            .ToDictionary(g => g.Key, g => (IReadOnlyDictionary<string, double>)g.ToDictionary(s => s.CallId, s => (double)s.Score));

        // The baseline per call, and the baseline answers per call (for item matching) where there is a fixed one.
        IReadOnlyDictionary<string, double> baselineScores;
        Dictionary<string, IReadOnlyList<ItemAnswer>>? baselineAnswers = null;
        string? expert = null;
        switch (baseline.Kind)
        {
            case BaselineKind.Expert:
                expert = baseline.ExpertId is { } id && invited.TryGetValue(id, out var p) ? p.PersonId : baseline.ExpertId;
                baselineScores = expert is not null && scoreMatrix.TryGetValue(expert, out var own) ? own : new Dictionary<string, double>();
                baselineAnswers = counted.Where(s => s.ParticipantId.Equals(expert, StringComparison.OrdinalIgnoreCase))
                    .ToDictionary(s => s.CallId, s => s.Answers);
                break;
            case BaselineKind.Standard:
                var agreed = (standard ?? []).Where(a => calls.Contains(a.CallId)).ToList();
                baselineScores = agreed.ToDictionary(a => a.CallId, a => (double)ScoreCalculator.Score(card, a.Answers).Score);
                baselineAnswers = agreed.ToDictionary(a => a.CallId, a => a.Answers);
                break;
            default:
                baselineScores = Deviation.Consensus(scoreMatrix);
                break;
        }

        var judged = scoreMatrix.Where(e => !e.Key.Equals(expert, StringComparison.OrdinalIgnoreCase)).ToDictionary(e => e.Key, e => e.Value);
        var results = Deviation.Results(judged, baselineScores, tolerance).ToDictionary(r => r.ParticipantId, StringComparer.OrdinalIgnoreCase);
        var participants = session.Participants.Select(p => new ParticipantOutcome(p.PersonId, p.Role,
            p.PersonId.Equals(expert, StringComparison.OrdinalIgnoreCase), results.GetValueOrDefault(p.PersonId))).ToList();

        var callResults = session.CallIds.Select(c =>
        {
            var byParticipant = scoreMatrix.Where(e => e.Value.ContainsKey(c)).ToDictionary(e => e.Key, e => e.Value[c]);
            double? low = byParticipant.Count == 0 ? null : byParticipant.Values.Min();
            double? high = byParticipant.Count == 0 ? null : byParticipant.Values.Max();
            return new CallResult(c, baselineScores.TryGetValue(c, out var b) ? b : null, byParticipant, low, high, high - low);
        }).ToList();

        var answersByCall = counted.GroupBy(s => s.CallId).ToDictionary(g => g.Key, g => g.Select(s => s.Answers).ToList());
        var items = card.Items.Select(item =>
        {
            var perCall = session.CallIds.Select(c => (IReadOnlyList<double?>)(answersByCall.GetValueOrDefault(c) ?? [])
                .Select(a => Answer(a, item.ItemId)).Where(a => a.answered).Select(a => a.value).ToList()).ToList();
            return new ItemResult(item.ItemId, item.Text, Agreement.ForItem(item.ItemId, perCall), BaselineMatch(item.ItemId, counted, baselineAnswers, expert));
        }).ToList();

        // Reliability of the total score itself: calls are the units, participants the observers, scores on an interval scale.
        var scoreAlpha = Krippendorff.Alpha(callResults.Select(c => (IReadOnlyList<double>)c.Scores.Values.ToList()), MeasurementLevel.Interval);
        return new SessionResults(session.SessionId, baseline with { ExpertId = expert }, tolerance, participants, callResults, items, scoreAlpha);
    }

    private static (bool answered, double? value) Answer(IReadOnlyList<ItemAnswer> answers, string itemId) =>
        answers.LastOrDefault(a => a.ItemId == itemId) is { IsAnswered: true } a ? (true, a.NotApplicable ? null : a.Points) : (false, null);

    /// <summary>Share of participants' answers to the item equal to the baseline's answer on the same call (N/A equals N/A).</summary>
    private static double? BaselineMatch(string itemId, IReadOnlyList<ParticipantScore> scores, Dictionary<string, IReadOnlyList<ItemAnswer>>? baseline, string? expert)
    {
        if (baseline is null) return null;
        int compared = 0, matched = 0;
        foreach (var s in scores)
        {
            if (s.ParticipantId.Equals(expert, StringComparison.OrdinalIgnoreCase) || !baseline.TryGetValue(s.CallId, out var reference)) continue;
            var mine = Answer(s.Answers, itemId);
            var theirs = Answer(reference, itemId);
            if (!mine.answered || !theirs.answered) continue;
            compared++;
            if (mine.value == theirs.value) matched++;
        }
        return compared == 0 ? null : 100.0 * matched / compared;
    }
}
