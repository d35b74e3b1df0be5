using QaServerless.Calls;

namespace QaServerless.Evaluations;

/// <summary>The call records as an evaluation sees them: agent, team and the recording's length (talk + hold).</summary>
public sealed class CallStoreLookup(CallStore calls) : ICallLookup
{
    public async Task<CallFacts?> FindAsync(string centerId, string callId, CancellationToken ct) =>
        await calls.GetAsync(centerId, callId, ct) is { } call
            ? new CallFacts(call.AgentId, call.OwningTeam, call.TalkSeconds + call.HoldSeconds is > 0 and var seconds ? seconds : null, call.IsText ? call.Channel : null)
            : null;
}
