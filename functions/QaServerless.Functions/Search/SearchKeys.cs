using QaServerless.Calls;
using QaServerless.Security;

namespace QaServerless.Search;

/// <summary>
/// Keys of the <c>SearchIndex</c> table (docs/data-model.md, "Search"). One partition per center and center-local day
/// of the call, so a date range is a bounded set of partitions and all rows of a call sit in one partition (one
/// transaction). In it, the call's row <c>c|{callId}</c> and its index copies, each a prefix a daily query reads as one
/// range: <c>a|{agent}|</c>, <c>t|{team}|</c>, <c>i|{failed item}|</c>, <c>g|{tag}|</c>, <c>r|{100 − risk:D3}|</c>
/// (riskiest first, so "risk ≥ n" is one range). Segments are escaped (<see cref="CallKeys.Escape"/>).
/// </summary>
public static class SearchKeys
{
    public static string Partition(CenterScope scope, DateOnly day) => CallKeys.Join(scope.Id, CallKeys.Day(day));

    public const string CallPrefix = "c|";
    public static string CallRow(string callId) => CallPrefix + CallKeys.Escape(callId);

    public static string AgentPrefix(string agent) => Prefix("a", agent);
    public static string TeamPrefix(string team) => Prefix("t", team);
    public static string ItemPrefix(string itemId) => Prefix("i", itemId);
    public static string TagPrefix(string tag) => Prefix("g", tag);

    public static string RiskRow(int score, string callId) => $"r|{100 - Math.Clamp(score, 0, 100):D3}|{CallKeys.Escape(callId)}";

    /// <summary>Every call with a risk score of at least <paramref name="min"/>: [<c>r|000</c>, <c>r|{100 − min + 1:D3}</c>).</summary>
    public static KeyRange RiskAtLeast(int min) => new("r|", $"r|{100 - Math.Clamp(min, 0, 100) + 1:D3}");

    public static KeyRange All(string prefix) => new(prefix, CallKeys.RangeEnd(prefix));

    private static string Prefix(string kind, string value) => CallKeys.Join(kind, value) + CallKeys.Separator;

    /// <summary>The rows a call has in its day partition: its own and one per index it belongs to.</summary>
    public static IReadOnlySet<string> RowsOf(SearchRow row)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal) { CallRow(row.CallId) };
        var id = CallKeys.Escape(row.CallId);
        if (row.AgentId.Length > 0) keys.Add(AgentPrefix(row.AgentId) + id);
        if (row.Team.Length > 0) keys.Add(TeamPrefix(row.Team) + id);
        foreach (var item in row.FailedItems) keys.Add(ItemPrefix(item) + id);
        foreach (var tag in row.Tags) keys.Add(TagPrefix(tag) + id);
        if (row.RiskScore is { } risk) keys.Add(RiskRow(risk, row.CallId));
        return keys;
    }
}

/// <summary>A RowKey range [From, To) inside one partition.</summary>
public sealed record KeyRange(string From, string To);
