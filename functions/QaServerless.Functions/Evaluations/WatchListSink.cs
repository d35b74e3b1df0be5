using QaServerless.ReferenceData;
using QaServerless.Sampling;
using QaServerless.Scorecards;

namespace QaServerless.Evaluations;

/// <summary>
/// Puts an agent on the sampling watch list when a failed or critical-error evaluation is released (or corrected to
/// one), for the center's <see cref="ScoringSettings.WatchListDays"/> from the release day (center time zone).
/// A correction to a pass does not take the agent off: the mark simply runs out (the watch list only ever extends).
/// </summary>
public sealed class WatchListSink(WatchListStore watchList, ScorecardStore scorecards, ReferenceDataStore reference) : IEvaluationFactsSink
{
    public async Task OnEvaluationFactAsync(EvaluationFact fact, CancellationToken ct)
    {
        if (fact.Kind == EvaluationFactKind.AppealRejected) return; // marked on release already
        var critical = fact.CriticalErrors.Values.Any(n => n > 0);
        if (fact.Passed && !critical) return;
        var settings = await scorecards.GetSettingsAsync(fact.CenterId, ct);
        if (settings.WatchListDays <= 0) return;
        var center = await reference.GetCenterAsync(fact.CenterId, ct);
        var day = center?.DayOf(fact.ReleasedAt) ?? DateOnly.FromDateTime(fact.ReleasedAt.UtcDateTime);
        await watchList.MarkAsync(fact.CenterId, fact.AgentId, critical ? "critical-error-evaluation" : "failed-evaluation",
            day.AddDays(settings.WatchListDays), ct);
    }
}
