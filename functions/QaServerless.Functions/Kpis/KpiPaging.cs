using System.Security.Cryptography;
using System.Text;

namespace QaServerless.Kpis;

/// <summary>What the group list can be sorted by.</summary>
public enum GroupSortKey { Group, MeanScore, Evaluations, Calls }

/// <summary>
/// The order of a report's groups: <c>group</c> (the id, the default), <c>meanScore</c> (worst first: who needs
/// coaching), <c>evaluations</c>, <c>calls</c>; a leading <c>-</c> reverses it. Ties go by group id, so the order is
/// total and a page boundary never splits equal groups differently on two reads. Groups without a mean score come
/// last either way: no evaluation is not a low score.
/// </summary>
public sealed record GroupSort(GroupSortKey Key, bool Descending)
{
    public static readonly GroupSort Default = new(GroupSortKey.Group, false);
    public const string Allowed = "group, meanScore, evaluations, calls; a leading - sorts descending (meanScore = worst first, -meanScore = best first)";

    public override string ToString() => (Descending ? "-" : "") + Key switch
    {
        GroupSortKey.MeanScore => "meanScore", GroupSortKey.Evaluations => "evaluations", GroupSortKey.Calls => "calls", _ => "group",
    };

    public static bool TryParse(string? text, out GroupSort sort)
    {
        sort = Default;
        if (string.IsNullOrEmpty(text)) return true;
        var descending = text.StartsWith('-');
        var name = descending ? text[1..] : text;
        var key = Enum.GetValues<GroupSortKey>().Cast<GroupSortKey?>()
            .FirstOrDefault(k => string.Equals(new GroupSort(k!.Value, false).ToString(), name, StringComparison.OrdinalIgnoreCase));
        if (key is null) return false;
        sort = new GroupSort(key.Value, descending);
        return true;
    }

    public IReadOnlyList<GroupKpis> Apply(IEnumerable<GroupKpis> groups)
    {
        var list = groups.ToList();
        int Compare(GroupKpis a, GroupKpis b)
        {
            var c = Key switch
            {
                GroupSortKey.MeanScore => (a.Qa.MeanScore, b.Qa.MeanScore) switch
                {
                    (null, null) => 0, (null, _) => 1, (_, null) => -1,
                    var (x, y) => Descending ? y!.Value.CompareTo(x!.Value) : x!.Value.CompareTo(y!.Value),
                },
                GroupSortKey.Evaluations => Directed(a.Qa.Evaluations.CompareTo(b.Qa.Evaluations)),
                GroupSortKey.Calls => Directed(a.ContactCenter.Calls.CompareTo(b.ContactCenter.Calls)),
                _ => Directed(string.CompareOrdinal(a.Group, b.Group)),
            };
            return c != 0 ? c : string.CompareOrdinal(a.Group, b.Group);
        }
        int Directed(int c) => Descending ? -c : c;
        list.Sort(Compare);
        return list;
    }
}

/// <summary>Where a page of groups sits in the whole list, and the tokens for the pages around it.</summary>
public sealed record GroupPage(int Top, string Sort, int Skip, int TotalGroups, string? ContinuationToken, string? PreviousToken);

/// <summary>
/// Paging of a report's groups. A continuation token is opaque to clients: the offset in the sorted list plus a
/// fingerprint of the query it came from (center, period, groupBy, sort, options, who sees it), so a token carried to
/// another query is refused (400) instead of silently paging something else. The page size may change between pages.
/// </summary>
public static class KpiPaging
{
    public const int DefaultTop = 50, MaxTop = 500;

    public static bool TryParseTop(string? text, out int top)
    {
        top = DefaultTop;
        if (string.IsNullOrEmpty(text)) return true;
        return int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out top) && top is >= 1 and <= MaxTop;
    }

    /// <summary>A short, stable digest of what a token belongs to.</summary>
    public static string Fingerprint(string center, string period, KpiGroup groupBy, GroupSort sort, KpiOptions options, string scope) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes($"{center}\n{period}\n{groupBy}\n{sort}\n{options}\n{scope}")), 0, 6);

    public static string Token(string fingerprint, int skip) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"{fingerprint}.{skip}")).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>The offset a token carries, when it is well formed and belongs to this query.</summary>
    public static bool TryReadToken(string? token, string fingerprint, out int skip)
    {
        skip = 0;
        if (string.IsNullOrEmpty(token)) return true;
        if (token.Length > 64) return false;
        var base64 = token.Replace('-', '+').Replace('_', '/');
        base64 += new string('=', (4 - base64.Length % 4) % 4);
        var bytes = new byte[48];
        if (!Convert.TryFromBase64String(base64, bytes, out var length)) return false;
        var parts = Encoding.UTF8.GetString(bytes, 0, length).Split('.');
        return parts.Length == 2 && parts[0] == fingerprint
            && int.TryParse(parts[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out skip);
    }

    /// <summary>
    /// One page of a report whose groups are already in <paramref name="sort"/> order: the groups from
    /// <paramref name="skip"/>, at most <paramref name="top"/>, and the ranking rows of the agents on the page.
    /// </summary>
    public static KpiReport Page(KpiReport sorted, GroupSort sort, int skip, int top, string fingerprint)
    {
        var total = sorted.Groups.Count;
        skip = Math.Clamp(skip, 0, total);
        var groups = sorted.Groups.Skip(skip).Take(top).ToList();
        var onPage = groups.Select(g => g.Group).ToHashSet(StringComparer.Ordinal);
        string? next = skip + top < total ? Token(fingerprint, skip + top) : null;
        string? previous = skip > 0 ? Token(fingerprint, Math.Max(0, skip - top)) : null;
        return sorted with
        {
            Groups = groups,
            Ranking = sorted.Ranking.Where(r => onPage.Contains(r.AgentId)).ToList(),
            Page = new GroupPage(top, sort.ToString(), skip, total, next, previous),
        };
    }
}
