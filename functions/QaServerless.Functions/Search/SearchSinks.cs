using QaServerless.Ai.Analysis;
using QaServerless.Calls;
using QaServerless.Evaluations;
using QaServerless.ReferenceData;
using QaServerless.Security;

namespace QaServerless.Search;

/// <summary>
/// Ingestion into the index: new calls are merged in bulk (no read); a corrected call is rewritten with its
/// evaluation and analysis kept, and moved when its day changed. Unchanged calls (a replay) write nothing.
/// </summary>
public sealed class SearchCallsSink(SearchIndexStore index, ReferenceDataStore reference) : ICallIngestedSink
{
    public async Task OnCallsIngestedAsync(IReadOnlyList<IngestedCall> calls, CancellationToken ct)
    {
        foreach (var center in calls.GroupBy(c => c.Call.CenterId))
        {
            var scope = CenterScope.OfStored(center.Key);
            await index.MergeNewCallsAsync(scope, center.Where(c => c.Outcome == IngestOutcome.Added).Select(c => (c.Day, c.Call)), ct);
            var corrected = center.Where(c => c.Outcome == IngestOutcome.Corrected).ToList();
            if (corrected.Count == 0) continue;
            var stored = await reference.GetCenterAsync(center.Key, ct);
            foreach (var c in corrected)
            {
                var oldDay = c.Previous is { } before ? stored?.DayOf(before.Start) ?? c.Day : c.Day;
                var kept = oldDay == c.Day ? null : await index.GetAsync(scope, oldDay, c.Call.CallId, ct);
                await index.UpdateAsync(scope, c.Day, c.Call.CallId, row => SearchRow.FromCall(c.Call, c.Day, row ?? kept), ct);
                if (oldDay != c.Day) await index.RemoveAsync(scope, oldDay, c.Call.CallId, ct);
            }
        }
    }
}

/// <summary>
/// Every stored evaluation version into the index row of its call (status, score, band, failed items, critical classes).
/// A call that is not in the call records (an evaluation started with a named agent) has no day and is not indexed.
/// </summary>
public sealed class SearchEvaluationsSink(SearchIndexStore index, CallStore calls, ReferenceDataStore reference) : IEvaluationChangedSink
{
    public async Task OnEvaluationChangedAsync(Evaluation stored, CancellationToken ct)
    {
        if (await calls.GetAsync(stored.CenterId, stored.CallId, ct) is not { } call) return;
        var day = (await reference.GetCenterAsync(call.CenterId, ct))?.DayOf(call.Start) ?? DateOnly.FromDateTime(call.Start.UtcDateTime);
        await index.UpdateAsync(CenterScope.OfStored(call.CenterId), day, call.CallId,
            row => (row ?? SearchRow.FromCall(call, day)).WithEvaluation(stored), ct);
    }
}

/// <summary>A completed analysis into the index row of its call: the risk score and the rule tags.</summary>
public sealed class SearchAnalysesSink(SearchIndexStore index, ReferenceDataStore reference) : ICallAnalyzedSink
{
    public async Task OnCallAnalyzedAsync(Call call, CallAnalysis completed, CancellationToken ct)
    {
        var day = completed.Day ?? (await reference.GetCenterAsync(call.CenterId, ct))?.DayOf(call.Start) ?? DateOnly.FromDateTime(call.Start.UtcDateTime);
        await index.UpdateAsync(CenterScope.OfStored(call.CenterId), day, call.CallId,
            row => (row ?? SearchRow.FromCall(call, day)).WithAnalysis(completed), ct);
    }
}
