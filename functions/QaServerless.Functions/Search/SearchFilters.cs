using System.Globalization;
using QaServerless.Calls;
using QaServerless.Evaluations;
using QaServerless.Scorecards;
using QaServerless.Scoring;

namespace QaServerless.Search;

public enum SearchSort { Start, StartDescending, Duration, DurationDescending, Score, ScoreDescending, Risk, RiskDescending }

/// <summary>The query string of a search, as sent (every value text, checked by <see cref="SearchFilters.Parse"/>).</summary>
public sealed record SearchRequest(
    string From, string To, string? Agent, string? Team, string? BusinessType, string? Direction, int? MinDuration, int? MaxDuration,
    string? Status, string? Band, string? FailedItem, string? Critical, int? MinRisk, string? Tag, bool? Sampled,
    string? Sort, int? PageSize, string? PageToken);

/// <summary>
/// A checked search: every filter combines with AND. Dates are center-local days, at most <see cref="MaxDays"/> per
/// request (the bound of the read). <see cref="NotEvaluated"/> is <c>status=None</c>; <see cref="AnyCritical"/> is
/// <c>critical=Any</c>.
/// </summary>
public sealed record SearchFilters
{
    public const int MaxDays = 31;
    public const int MaxPageSize = 200;

    public required DateOnly From { get; init; }
    public required DateOnly To { get; init; }
    public string? Agent { get; init; }
    public string? Team { get; init; }
    public string? BusinessType { get; init; }
    public CallDirection? Direction { get; init; }
    public int? MinDuration { get; init; }
    public int? MaxDuration { get; init; }
    public EvaluationStatus? Status { get; init; }
    public bool NotEvaluated { get; init; }
    public Band? Band { get; init; }
    public string? FailedItem { get; init; }
    public CriticalClass? Critical { get; init; }
    public bool AnyCritical { get; init; }
    public int? MinRisk { get; init; }
    public string? Tag { get; init; }
    public bool? Sampled { get; init; }
    public SearchSort Sort { get; init; } = SearchSort.StartDescending;
    public int PageSize { get; init; } = 50;

    public static readonly IReadOnlyDictionary<string, SearchSort> Sorts = new Dictionary<string, SearchSort>(StringComparer.OrdinalIgnoreCase)
    {
        ["start"] = SearchSort.Start, ["-start"] = SearchSort.StartDescending, ["duration"] = SearchSort.Duration, ["-duration"] = SearchSort.DurationDescending,
        ["score"] = SearchSort.Score, ["-score"] = SearchSort.ScoreDescending, ["risk"] = SearchSort.Risk, ["-risk"] = SearchSort.RiskDescending,
    };

    /// <summary>The filters, or the errors keyed by the query parameter at fault.</summary>
    public static (SearchFilters? Filters, Dictionary<string, string[]> Errors) Parse(SearchRequest q)
    {
        var errors = new Dictionary<string, string[]>();
        var from = Day(q.From, "from", errors);
        var to = Day(q.To, "to", errors);
        if (from is { } f && to is { } t && (t < f || t.DayNumber - f.DayNumber >= MaxDays))
            errors["to"] = [$"'to' must be on or after 'from', at most {MaxDays} days in all (a search reads one partition range per day)."];
        var direction = Enum<CallDirection>(q.Direction, "direction", errors);
        if (q.MinDuration is < 0) errors["minDuration"] = ["The shortest duration is 0 seconds or more."];
        if (q.MaxDuration is < 0 || q.MaxDuration < q.MinDuration) errors["maxDuration"] = ["The longest duration is at least the shortest."];
        var notEvaluated = string.Equals(q.Status, "None", StringComparison.OrdinalIgnoreCase);
        var status = notEvaluated ? null : Enum<EvaluationStatus>(q.Status, "status", errors, ", or None (not evaluated)");
        var band = Enum<Band>(q.Band, "band", errors);
        var anyCritical = string.Equals(q.Critical, "Any", StringComparison.OrdinalIgnoreCase);
        var critical = anyCritical ? null : Enum<CriticalClass>(q.Critical, "critical", errors, ", or Any");
        if (q.MinRisk is < 0 or > 100) errors["minRisk"] = ["The AI risk score is 0 to 100."];
        SearchSort sort = SearchSort.StartDescending;
        if (!string.IsNullOrEmpty(q.Sort) && !Sorts.TryGetValue(q.Sort, out sort))
            errors["sort"] = [$"Sort by one of {string.Join(", ", Sorts.Keys)} ('-' first: highest or newest first)."];
        if (q.PageSize is < 1 or > MaxPageSize) errors["pageSize"] = [$"The page size is 1 to {MaxPageSize}."];
        if (errors.Count > 0) return (null, errors);
        return (new SearchFilters
        {
            From = from!.Value, To = to!.Value, Agent = Text(q.Agent), Team = Text(q.Team), BusinessType = Text(q.BusinessType), Direction = direction,
            MinDuration = q.MinDuration, MaxDuration = q.MaxDuration, Status = status, NotEvaluated = notEvaluated, Band = band,
            FailedItem = Text(q.FailedItem), Critical = critical, AnyCritical = anyCritical, MinRisk = q.MinRisk, Tag = Text(q.Tag),
            Sampled = q.Sampled, Sort = sort, PageSize = q.PageSize ?? 50,
        }, errors);
    }

    /// <summary>Whether a result, as the searcher may see it, passes every filter.</summary>
    public bool Matches(SearchRow r) =>
        (Agent is null || r.AgentId == Agent) && (Team is null || r.Team == Team) && (BusinessType is null || r.BusinessType == BusinessType)
        && (Direction is null || r.Direction == Direction) && (MinDuration is null || r.HandleSeconds >= MinDuration)
        && (MaxDuration is null || r.HandleSeconds <= MaxDuration)
        && (Status is null || r.EvaluationStatus == Status) && (!NotEvaluated || r.EvaluationStatus is null)
        && (Band is null || r.Band == Band) && (FailedItem is null || r.FailedItems.Contains(FailedItem))
        && (Critical is null || r.CriticalClasses.Contains(Critical.Value)) && (!AnyCritical || r.CriticalClasses.Count > 0)
        && (MinRisk is null || r.RiskScore >= MinRisk) && (Tag is null || r.Tags.Contains(Tag)) && (Sampled is null || r.Sampled == Sampled);

    /// <summary>
    /// What the server may filter before sending rows: only conditions that hold of the stored row whenever they hold of
    /// the searcher's view of it (a view only ever hides evaluation fields), so nothing a person may see is dropped.
    /// </summary>
    public string? ServerFilter()
    {
        var parts = new List<string>();
        if (Agent is not null) parts.Add(Azure.Data.Tables.TableClient.CreateQueryFilter($"AgentId eq {Agent}"));
        if (Team is not null) parts.Add(Azure.Data.Tables.TableClient.CreateQueryFilter($"Team eq {Team}"));
        if (BusinessType is not null) parts.Add(Azure.Data.Tables.TableClient.CreateQueryFilter($"BusinessType eq {BusinessType}"));
        if (Direction is { } d) parts.Add(Azure.Data.Tables.TableClient.CreateQueryFilter($"Direction eq {d.ToString()}"));
        if (MinDuration is { } min) parts.Add(Azure.Data.Tables.TableClient.CreateQueryFilter($"HandleSeconds ge {min}"));
        if (MaxDuration is { } max) parts.Add(Azure.Data.Tables.TableClient.CreateQueryFilter($"HandleSeconds le {max}"));
        if (Status is { } s) parts.Add(Azure.Data.Tables.TableClient.CreateQueryFilter($"EvaluationStatus eq {s.ToString()}"));
        if (Band is { } b) parts.Add(Azure.Data.Tables.TableClient.CreateQueryFilter($"Band eq {b.ToString()}"));
        if (MinRisk is { } risk) parts.Add(Azure.Data.Tables.TableClient.CreateQueryFilter($"RiskScore ge {risk}"));
        return parts.Count == 0 ? null : string.Join(" and ", parts);
    }

    /// <summary>The filters and sort in one canonical text: a page token is only good for the search it came from.</summary>
    public string Fingerprint() => string.Join('\n', From, To, Agent, Team, BusinessType, Direction, MinDuration, MaxDuration, Status, NotEvaluated,
        Band, FailedItem, Critical, AnyCritical, MinRisk, Tag, Sampled, Sort);

    private static string? Text(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static DateOnly? Day(string? text, string field, Dictionary<string, string[]> errors)
    {
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)) return day;
        errors[field] = [$"'{field}' is required as a center-local date, yyyy-MM-dd."];
        return null;
    }

    private static T? Enum<T>(string? text, string field, Dictionary<string, string[]> errors, string extra = "") where T : struct, System.Enum
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (System.Enum.TryParse<T>(text.Trim(), ignoreCase: true, out var value) && System.Enum.IsDefined(value) && !int.TryParse(text, out _)) return value;
        errors[field] = [$"'{field}' is one of {string.Join(", ", System.Enum.GetNames<T>())}{extra}."];
        return null;
    }
}
