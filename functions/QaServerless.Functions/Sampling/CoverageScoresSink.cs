using QaServerless.Assignments;
using QaServerless.Evaluations;
using QaServerless.ReferenceData;

namespace QaServerless.Sampling;

/// <summary>
/// Feeds coverage's margins of error: each released or corrected evaluation's score, pass and critical error are kept per agent and month of the
/// call (the sample day of its assignment; the center-local release day for an evaluation a lead started on an
/// unsampled call). Keyed by evaluation id, so a correction replaces the score and a replay changes nothing.
/// </summary>
public sealed class CoverageScoresSink(SamplingRunStore runs, AssignmentStore assignments, ReferenceDataStore reference) : IEvaluationFactsSink
{
    public async Task OnEvaluationFactAsync(EvaluationFact fact, CancellationToken ct)
    {
        var day = (await assignments.GetByCallAsync(fact.CenterId, fact.CallId, ct))?.SampleDay
            ?? (await reference.GetCenterAsync(fact.CenterId, ct))?.DayOf(fact.ReleasedAt)
            ?? DateOnly.FromDateTime(fact.ReleasedAt.UtcDateTime);
        await runs.RecordEvaluationScoreAsync(fact.CenterId, fact.AgentId, day, fact.EvaluationId, (double)fact.Score,
            fact.Passed, fact.CriticalErrors.Values.Any(n => n > 0), ct);
    }
}
