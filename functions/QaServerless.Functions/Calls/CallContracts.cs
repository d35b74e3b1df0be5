namespace QaServerless.Calls;

/// <summary>The population of one stratum (agent × business type) on a center-local day.</summary>
/// <summary>A day's count of one stratum: agent × business type × channel (<see cref="Channels.KeyOf"/>).</summary>
public sealed record StratumCount(string AgentId, string BusinessType, int Calls, string Channel = Channels.Voice);

public enum IngestOutcome { Added, Corrected, Unchanged }

/// <summary>What saving one call did. <see cref="Previous"/> is the content it replaced (a correction).</summary>
public sealed record IngestedCall(Call Call, DateOnly Day, IngestOutcome Outcome, Call? Previous = null);

/// <summary>
/// Told about every call that was saved, after it is stored (rollups, e.g. KPIs, hook in here; register with
/// <c>services.AddSingleton&lt;ICallIngestedSink, MySink&gt;()</c>). Delivery is at least once: a replayed blob reports its
/// calls again as <see cref="IngestOutcome.Unchanged"/>, so a sink keys its work by call id and stays idempotent.
/// </summary>
public interface ICallIngestedSink
{
    Task OnCallsIngestedAsync(IReadOnlyList<IngestedCall> calls, CancellationToken ct);

    /// <summary>
    /// The sink one bulk import (a CDR file) reports its batches to, one after another in the file's order: it may keep
    /// what it read for one batch to serve the next. By default the sink itself.
    /// </summary>
    ICallIngestedSink ForImport() => this;
}

/// <summary>A page of calls and the token for the next one (null at the end).</summary>
public sealed record CallPage(IReadOnlyList<Call> Calls, string? Continuation);

/// <summary>Counts of one bulk save.</summary>
public sealed record SaveBatchResult(int Added, int Corrected, int Unchanged)
{
    public int Total => Added + Corrected + Unchanged;
}
