using QaServerless.Calls;

namespace QaServerless.Kpis;

/// <summary>
/// What one call adds to the contact-center KPIs of its groups (docs/kpis.md). Durations in seconds; the queue-time
/// thresholds are fixed so that the service level can be read for any of them without going back to the calls.
/// </summary>
public static class CallContribution
{
    /// <summary>The answer-time thresholds (seconds) the service level can be asked for. Default 20 (80/20).</summary>
    public static readonly int[] ServiceLevelThresholds = [10, 15, 20, 30, 45, 60, 90, 120];

    /// <summary>The first response a text conversation should have within (the chat card's "first response within 60 s").</summary>
    public const int FirstResponseTargetSeconds = 60;

    public static Counters Of(Call call)
    {
        var c = new Counters().Add(K.Calls, 1).Add(call.Direction == CallDirection.Inbound ? K.Inbound : K.Outbound, 1);
        if (call.Abandoned) return c.Add(K.Abandoned, 1).Add(K.AbandonedQueueSeconds, call.QueueSeconds);

        c.Add(K.Answered, 1)
            .Add(K.TalkSeconds, call.TalkSeconds).Add(K.HoldSeconds, call.HoldSeconds).Add(K.AcwSeconds, call.AfterCallWorkSeconds)
            .Add(K.QueueSeconds, call.QueueSeconds);
        foreach (var t in ServiceLevelThresholds.Where(t => call.QueueSeconds <= t)) c.Add(K.AnsweredWithin(t), 1);
        if (call.Csat is { } csat) c.Add(K.CsatResponses, 1).Add(K.CsatSum, csat).Add(K.CsatSatisfied, csat >= 4 ? 1 : 0);
        if (call.Complaint) c.Add(K.Complaints, 1);
        if (call.Resolved is { } resolved) c.Add(K.ResolutionKnown, 1).Add(K.Resolved, resolved ? 1 : 0);
        // A text conversation's first response (docs/kpis.md): counted where it is known (its messages are stored).
        if (call.IsText) c.Add(K.TextConversations, 1);
        if (call.FirstResponseSeconds is { } fr)
        {
            c.Add(K.FirstResponses, 1).Add(K.FirstResponseSeconds, fr);
            if (fr <= FirstResponseTargetSeconds) c.Add(K.FirstResponsesWithinTarget, 1);
        }
        return c;
    }
}

/// <summary>Counter names. Short, stable: they are stored.</summary>
public static class K
{
    public const string Calls = "calls", Inbound = "in", Outbound = "out", Answered = "ans", Abandoned = "abn",
        AbandonedQueueSeconds = "abnQ", TalkSeconds = "talk", HoldSeconds = "hold", AcwSeconds = "acw", QueueSeconds = "queue",
        CsatResponses = "csatN", CsatSum = "csatSum", CsatSatisfied = "csatSat", Complaints = "cmp", ResolutionKnown = "resN", Resolved = "res";

    /// <summary>Answered text conversations; those with a known first response, its seconds summed, those within the target.</summary>
    public const string TextConversations = "txt", FirstResponses = "frN", FirstResponseSeconds = "frSum", FirstResponsesWithinTarget = "fr60";

    public static string AnsweredWithin(int seconds) => $"sl{seconds}";

    /// <summary>First contacts and those with no repeat contact, for a repeat window (2h, 24h, 7d).</summary>
    public static string FirstContacts(string window) => $"fc.{window}";
    public static string ResolvedFirstTime(string window) => $"fcr.{window}";

    public const string Evaluations = "ev", ScoreHundredths = "scoreH", ScoreSquaredHundredths = "score2H", Passed = "pass",
        ScoringErrors = "scErr", AppealsDecided = "apD", AppealsUpheld = "apU";

    /// <summary>Items answered, and items disputed / upheld by item-level appeals (the inspector's upheld-item rate).</summary>
    public const string ItemsEvaluated = "itE", ItemsDisputed = "itD", ItemsUpheld = "itU";

    public static string BandCount(string band) => $"band.{band}";
    public static string WithCritical(string criticalClass) => $"crit.{criticalClass}";
    /// <summary>Evaluations with a critical error of any class (the critical-error rate).</summary>
    public const string WithAnyCritical = "critAny";
    public static string Deducted(string itemId) => $"item.d.{itemId}";
    public static string Warned(string itemId) => $"item.w.{itemId}";
    public static string ScorecardVersion(string scorecardId, int version) => $"sc.{scorecardId}@{version}";

    public const string CalibrationSessions = "cal", CalibrationPassed = "calPass", CalibrationDeviationHundredths = "calDevH";
}
