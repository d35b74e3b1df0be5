namespace QaServerless.Assignments;

public enum AssignmentStatus { Assigned, InProgress, Completed }

/// <summary>
/// A sampled call given to an inspector to evaluate on <see cref="Day"/> (a working day of the center).
/// <see cref="SampleDay"/> is the day the call happened and was sampled for; <see cref="Deferred"/> is true when no
/// inspector had room on the first working day after it, so the call moved to a later day (deferred, never dropped).
/// </summary>
public sealed record Assignment(
    string CenterId,
    string CallId,
    string InspectorId,
    DateOnly Day,
    DateOnly SampleDay,
    string AgentId,
    string Team,
    string BusinessType,
    string Reason,
    AssignmentStatus Status,
    bool Deferred,
    DateTimeOffset AssignedAt,
    string? ETag = null);

/// <summary>
/// The message DailySampling sends to the Service Bus queue <c>assignments</c>, one per sampled call.
/// It carries what AssignInspector needs so that assigning does not read the call again.
/// <see cref="WorkDay"/> is the first working day the sample was sized for.
/// </summary>
public sealed record AssignmentRequest(
    string CenterId,
    string CallId,
    string AgentId,
    string Team,
    string BusinessType,
    DateOnly SampleDay,
    DateOnly WorkDay,
    string Reason,
    int PlanVersion)
{
    /// <summary>The field names of a request that is missing something, for the dead-letter reason.</summary>
    public IReadOnlyList<string> MissingFields()
    {
        var missing = new List<string>();
        if (string.IsNullOrWhiteSpace(CenterId)) missing.Add("centerId");
        if (string.IsNullOrWhiteSpace(CallId)) missing.Add("callId");
        if (string.IsNullOrWhiteSpace(AgentId)) missing.Add("agentId");
        if (string.IsNullOrWhiteSpace(BusinessType)) missing.Add("businessType");
        if (SampleDay == default) missing.Add("sampleDay");
        if (WorkDay == default) missing.Add("workDay");
        return missing;
    }
}

/// <summary>A message that cannot be processed whatever the number of retries (bad shape, nobody may evaluate it).</summary>
public sealed class UnassignableException(string reason) : Exception(reason);
