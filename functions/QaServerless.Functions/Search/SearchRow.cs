using Azure.Data.Tables;
using QaServerless.Ai.Analysis;
using QaServerless.Calls;
using QaServerless.Evaluations;
using QaServerless.Scorecards;
using QaServerless.Scoring;

namespace QaServerless.Search;

/// <summary>
/// What search knows of one call: the call's own fields (from ingestion), its evaluation (from every stored version),
/// its AI risk and rule tags (from a completed analysis). Stored as the call's row and as every index copy of it
/// (<see cref="SearchKeys"/>), so any index read returns whole results. <see cref="Sampled"/> is not stored: it is read
/// from the day's sample (SamplingRuns) when searching.
/// </summary>
public sealed record SearchRow
{
    public required string CallId { get; init; }
    public required DateOnly Day { get; init; }
    public required string AgentId { get; init; }
    /// <summary>The team the call counts for (<see cref="Call.OwningTeam"/>): what a supervisor's scope is checked against.</summary>
    public required string Team { get; init; }
    public required string BusinessType { get; init; }
    public required CallDirection Direction { get; init; }
    public required DateTimeOffset Start { get; init; }
    /// <summary>Talk + hold + after-call work, the duration filtered and sorted on.</summary>
    public int HandleSeconds { get; init; }
    /// <summary>The text channel (<c>chat</c>, <c>email</c> …) of a text conversation; null for a call.</summary>
    public string? Channel { get; init; }
    /// <summary>Tags the call record itself gives: <c>complaint</c>, <c>test-call</c>.</summary>
    public IReadOnlyList<string> CallTags { get; init; } = [];

    public string? EvaluationId { get; init; }
    public int? EvaluationVersion { get; init; }
    public EvaluationStatus? EvaluationStatus { get; init; }
    public string? InspectorId { get; init; }
    /// <summary>Score, band, failed items and critical classes: only once submitted (a draft's score is provisional).</summary>
    public decimal? Score { get; init; }
    public Band? Band { get; init; }
    public IReadOnlyList<string> FailedItems { get; init; } = [];
    public IReadOnlyList<CriticalClass> CriticalClasses { get; init; } = [];

    public int? RiskScore { get; init; }
    /// <summary>The ids and categories of the rules that tagged the call (<c>repeat-call</c>, <c>forbidden-words</c> …).</summary>
    public IReadOnlyList<string> RuleTags { get; init; } = [];

    public bool Sampled { get; init; }

    public bool IsReleased => EvaluationStatus >= Evaluations.EvaluationStatus.Released;

    /// <summary>Every tag a search by tag matches: the call record's and the rules'.</summary>
    public IEnumerable<string> Tags => CallTags.Concat(RuleTags).Distinct(StringComparer.Ordinal);

    /// <summary>The call's fields as ingestion stored them, keeping what the evaluation and the analysis said.</summary>
    public static SearchRow FromCall(Call call, DateOnly day, SearchRow? kept = null) => (kept ?? Empty(call.CallId, day)) with
    {
        CallId = call.CallId, Day = day, AgentId = call.AgentId, Team = call.OwningTeam, BusinessType = call.BusinessType,
        Direction = call.Direction, Start = call.Start, HandleSeconds = call.HandleSeconds, Channel = call.IsText ? call.Channel : null,
        CallTags = [.. new[] { call.Complaint ? "complaint" : null, call.TestCall ? "test-call" : null }.OfType<string>()],
    };

    private static SearchRow Empty(string callId, DateOnly day) => new()
    {
        CallId = callId, Day = day, AgentId = "", Team = "", BusinessType = "", Direction = CallDirection.Inbound, Start = default,
    };

    /// <summary>The evaluation's state as of <paramref name="e"/>; an older version than the one held changes nothing.</summary>
    public SearchRow WithEvaluation(Evaluation e)
    {
        if (EvaluationId == e.EvaluationId && EvaluationVersion > e.Version) return this;
        var scored = e.Status >= Evaluations.EvaluationStatus.Submitted ? e.Result : null;
        return this with
        {
            EvaluationId = e.EvaluationId, EvaluationVersion = e.Version, EvaluationStatus = e.Status, InspectorId = e.InspectorId,
            Score = scored?.Score, Band = scored?.Band, FailedItems = scored?.DeductedItemIds ?? [],
            CriticalClasses = scored is null ? [] : [.. scored.CriticalErrors.Where(c => c.Value > 0).Select(c => c.Key).Order()],
        };
    }

    public SearchRow WithAnalysis(CallAnalysis a) => this with
    {
        RiskScore = a.RiskScore,
        RuleTags = [.. a.Tags.SelectMany(t => new[] { t.RuleId, t.Category }).Where(x => !string.IsNullOrWhiteSpace(x)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)],
    };

    /// <summary>Same content (lists compared by value): a replay that finds its row in place writes nothing.</summary>
    public bool SameAs(SearchRow? other)
    {
        if (other is null) return false;
        var (a, b) = (ToEntity("", ""), other.ToEntity("", ""));
        return a.Count == b.Count && a.All(kv => b.TryGetValue(kv.Key, out var v) && Equals(v, kv.Value));
    }

    private static string List(IEnumerable<string> values) => string.Join('|', values);
    private static string[] Split(string? text) => string.IsNullOrEmpty(text) ? [] : text.Split('|');

    public TableEntity ToEntity(string partition, string row)
    {
        var e = new TableEntity(partition, row)
        {
            ["CallId"] = CallId, ["Day"] = Day.ToString("yyyy-MM-dd"), ["AgentId"] = AgentId, ["Team"] = Team, ["BusinessType"] = BusinessType,
            ["Direction"] = Direction.ToString(), ["Start"] = Start, ["HandleSeconds"] = HandleSeconds, ["CallTags"] = List(CallTags),
            ["FailedItems"] = List(FailedItems), ["CriticalClasses"] = List(CriticalClasses.Select(c => c.ToString())), ["RuleTags"] = List(RuleTags),
        };
        // Absent values are absent columns, so a filter such as "Score ge 60" never matches a call without a score.
        if (Channel is not null) e["Channel"] = Channel;
        if (EvaluationId is not null) e["EvaluationId"] = EvaluationId;
        if (EvaluationVersion is { } v) e["EvaluationVersion"] = v;
        if (EvaluationStatus is { } s) { e["EvaluationStatus"] = s.ToString(); e["Released"] = IsReleased; }
        if (InspectorId is not null) e["InspectorId"] = InspectorId;
        if (Score is { } score) e["Score"] = (double)score;
        if (Band is { } band) e["Band"] = band.ToString();
        if (RiskScore is { } risk) e["RiskScore"] = risk;
        return e;
    }

    public static SearchRow FromEntity(TableEntity e) => new()
    {
        CallId = e.GetString("CallId") ?? "", Day = DateOnly.ParseExact(e.GetString("Day") ?? "0001-01-01", "yyyy-MM-dd"),
        AgentId = e.GetString("AgentId") ?? "", Team = e.GetString("Team") ?? "", BusinessType = e.GetString("BusinessType") ?? "",
        Direction = Enum.TryParse<CallDirection>(e.GetString("Direction"), out var d) ? d : CallDirection.Inbound,
        Start = e.GetDateTimeOffset("Start") ?? default, HandleSeconds = e.GetInt32("HandleSeconds") ?? 0, CallTags = Split(e.GetString("CallTags")),
        Channel = e.GetString("Channel"),
        EvaluationId = e.GetString("EvaluationId"), EvaluationVersion = e.GetInt32("EvaluationVersion"),
        EvaluationStatus = Enum.TryParse<EvaluationStatus>(e.GetString("EvaluationStatus"), out var s) ? s : null,
        InspectorId = e.GetString("InspectorId"), Score = e.GetDouble("Score") is { } score ? Math.Round((decimal)score, 2) : null,
        Band = Enum.TryParse<Band>(e.GetString("Band"), out var b) ? b : null,
        FailedItems = Split(e.GetString("FailedItems")),
        CriticalClasses = [.. Split(e.GetString("CriticalClasses")).Select(c => Enum.TryParse<CriticalClass>(c, out var x) ? (CriticalClass?)x : null).OfType<CriticalClass>()],
        RiskScore = e.GetInt32("RiskScore"), RuleTags = Split(e.GetString("RuleTags")),
    };
}
