using QaServerless.Calls;

namespace QaServerless.Ai.Analysis;

/// <summary>
/// For centers that opted in (<see cref="AiSettings.AnalyzeAllCalls"/>), every newly ingested call with audio is queued
/// for analysis, so its risk flag exists before the next day's sampling. Replays report calls as Unchanged and queue
/// nothing; a duplicate request would be harmless anyway (the analyser skips completed calls).
/// </summary>
public sealed class AnalyzeIngestedCalls(AiSettingsStore settings, AnalysisQueue queue) : ICallIngestedSink
{
    public async Task OnCallsIngestedAsync(IReadOnlyList<IngestedCall> calls, CancellationToken ct)
    {
        foreach (var center in calls.Where(c => c.Outcome == IngestOutcome.Added && c.Call.AudioBlob is not null).GroupBy(c => c.Call.CenterId))
        {
            var s = await settings.GetAsync(center.Key, ct);
            if (!s.Enabled || !s.AnalyzeAllCalls) continue;
            foreach (var c in center)
                await queue.RequestAsync(c.Call, "ingested", ct);
        }
    }
}
