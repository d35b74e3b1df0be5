using QaServerless.Ai.Agreement;
using QaServerless.Ai.PreScoring;
using QaServerless.Evaluations;
using QaServerless.Scorecards;

namespace QaServerless.Ai.Integration;

/// <summary>
/// Pre-scores a call on its center's scorecard in force when the call was taken (the earliest-named scorecard when a
/// center has several in force: docs/ai.md), else on the one in force now: an evaluation is started on the scorecard in
/// force now, so a call taken before a center's first scorecard took effect is still scored (the demo's case: its
/// scorecard is published at start-up, its calls are from yesterday). Items map one to one; warning items are asked too.
/// </summary>
public sealed class ScorecardPreScoringCards(ScorecardStore scorecards, TimeProvider clock) : IPreScoringCardSource
{
    public async Task<PreScoringCard?> GetForCallAsync(string center, string callId, DateTimeOffset? callStart, CancellationToken ct, string? channel = null)
    {
        var now = clock.GetUtcNow();
        return Choose(await scorecards.ListAsync(center, ct), callStart ?? now, now, channel) is { } card ? From(card) : null;
    }

    /// <summary>
    /// The card for the call's channel (<see cref="ScorecardChoice"/>) in force at <paramref name="callStart"/>, else the
    /// one in force at <paramref name="now"/>; the earliest-named scorecard when several are.
    /// </summary>
    public static Scorecard? Choose(IEnumerable<Scorecard> versions, DateTimeOffset callStart, DateTimeOffset now, string? channel = null)
    {
        var all = versions.ToList();
        return ScorecardChoice.For(all, channel, callStart) ?? ScorecardChoice.For(all, channel, now);
    }

    public static PreScoringCard From(Scorecard card) => new(card.ScorecardId, card.Version,
        card.Items.Select(i => new PreScoringItem(i.ItemId, i.Text, i.Guidance, i.ScaleMax, i.AnswerType == AnswerType.Scale,
            i.NotApplicableAllowed, i.Critical is not null)).ToList());
}

/// <summary>
/// On release and on correction, records (AI suggestion, human answer) pairs for agreement. Idempotent per evaluation:
/// the rows are keyed by the first release instant, evaluation and item, so a correction rewrites them.
/// </summary>
public sealed class AgreementFactsSink(AgreementStore agreement, EvaluationStore evaluations, ScorecardStore scorecards, ILogger<AgreementFactsSink> log) : IEvaluationFactsSink
{
    public async Task OnEvaluationFactAsync(EvaluationFact fact, CancellationToken ct)
    {
        if (fact.Kind is not (EvaluationFactKind.Released or EvaluationFactKind.Corrected)) return;
        try { await RecordAsync(fact, ct); }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Measuring the AI must never hold up a human release; the fact stays in the scoring outbox for a catch-up.
            log.LogWarning(e, "Agreement pairs for evaluation {EvaluationId} were not recorded", fact.EvaluationId);
        }
    }

    private async Task RecordAsync(EvaluationFact fact, CancellationToken ct)
    {
        if (await evaluations.GetAsync(fact.CenterId, fact.EvaluationId, ct) is not { } stored) return;
        var card = (await scorecards.GetAsync(fact.CenterId, fact.ScorecardId, fact.ScorecardVersion, ct))?.Value;
        var possible = card?.Items.ToDictionary(i => i.ItemId, i => i.Possible) ?? [];
        var answers = stored.Value.Answers
            .Select(a => new HumanItemAnswer(a.ItemId, a.Points, a.NotApplicable, possible.GetValueOrDefault(a.ItemId, 1)))
            .ToList();
        await agreement.RecordReleasedAsync(fact.CenterId, fact.CallId, fact.EvaluationId, fact.ReleasedAt, answers, ct);
    }
}
