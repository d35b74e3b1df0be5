using System.Security.Cryptography;
using System.Text;

namespace QaServerless.Search;

/// <summary>
/// Sorting and page tokens. Every page of a search reads the same bounded range and sorts the matches the same way
/// (ties broken by call id), so pages concatenate to the whole result without duplicates while the data stand still.
/// A token is the offset and a fingerprint of the search it belongs to: one made for other filters is refused.
/// </summary>
public static class SearchPaging
{
    public static IReadOnlyList<SearchRow> Sort(IEnumerable<SearchRow> rows, SearchSort sort)
    {
        // Rows without the sort value (no score, no risk yet) come last either way.
        IOrderedEnumerable<SearchRow> ordered = sort switch
        {
            SearchSort.Start => rows.OrderBy(r => r.Start),
            SearchSort.StartDescending => rows.OrderByDescending(r => r.Start),
            SearchSort.Duration => rows.OrderBy(r => r.HandleSeconds),
            SearchSort.DurationDescending => rows.OrderByDescending(r => r.HandleSeconds),
            SearchSort.Score => rows.OrderBy(r => r.Score is null).ThenBy(r => r.Score),
            SearchSort.ScoreDescending => rows.OrderBy(r => r.Score is null).ThenByDescending(r => r.Score),
            SearchSort.Risk => rows.OrderBy(r => r.RiskScore is null).ThenBy(r => r.RiskScore),
            _ => rows.OrderBy(r => r.RiskScore is null).ThenByDescending(r => r.RiskScore),
        };
        return ordered.ThenBy(r => r.CallId, StringComparer.Ordinal).ToList();
    }

    public static string Token(int skip, SearchFilters filters) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"{skip}:{Hash(filters)}")).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>The offset a token names, or null when it is not a token of this search.</summary>
    public static int? Skip(string? token, SearchFilters filters)
    {
        if (string.IsNullOrEmpty(token)) return 0;
        try
        {
            var b64 = token.Replace('-', '+').Replace('_', '/');
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(b64.PadRight(b64.Length + (4 - b64.Length % 4) % 4, '=')));
            var parts = text.Split(':');
            return parts.Length == 2 && int.TryParse(parts[0], out var skip) && skip >= 0 && parts[1] == Hash(filters) ? skip : null;
        }
        catch (FormatException) { return null; }
    }

    private static string Hash(SearchFilters filters) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(filters.Fingerprint())))[..16];
}
