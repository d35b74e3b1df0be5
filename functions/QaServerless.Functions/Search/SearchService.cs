using QaServerless.Calls;
using QaServerless.Evaluations;
using QaServerless.Sampling;
using QaServerless.Scorecards;
using QaServerless.Scoring;
using QaServerless.Security;

namespace QaServerless.Search;

/// <summary>One found call, as the searcher may see it (evaluation fields null when not theirs to see). <see cref="Channel"/>: a text conversation's channel.</summary>
public sealed record SearchResult(
    string CallId, DateOnly Day, DateTimeOffset Start, string AgentId, string Team, string BusinessType, CallDirection Direction,
    int HandleSeconds, bool Sampled, string? EvaluationId, EvaluationStatus? EvaluationStatus, decimal? Score, Band? Band,
    IReadOnlyList<string> FailedItems, IReadOnlyList<CriticalClass> CriticalClasses, int? RiskScore, IReadOnlyList<string> Tags, string? Channel = null)
{
    public static SearchResult Of(SearchRow r) => new(r.CallId, r.Day, r.Start, r.AgentId, r.Team, r.BusinessType, r.Direction, r.HandleSeconds,
        r.Sampled, r.EvaluationId, r.EvaluationStatus, r.Score, r.Band, r.FailedItems, r.CriticalClasses, r.RiskScore, [.. r.Tags], r.Channel);
}

/// <summary>
/// A page of results. <see cref="Count"/> is every match of the search; exact unless the read stopped at the row bound
/// (<see cref="CountIsLowerBound"/>: there are at least that many, and the order is that of the rows read: narrow the
/// filters). <see cref="Index"/> names the index the search read; <see cref="RowsRead"/> what it cost.
/// </summary>
public sealed record SearchPage(
    IReadOnlyList<SearchResult> Results, int Count, bool CountIsLowerBound, int Skip, string? NextPageToken, string? PreviousPageToken,
    string Index, int RowsRead, int MaxRows);

/// <summary>
/// Search over the index: per day of the range, the planned ranges of that day's partition (server-side filters narrow
/// them), the day's sample joined in, each row seen as the searcher may see it, then the filters, the sort and the page.
/// The work is bounded twice: at most <see cref="SearchFilters.MaxDays"/> days, and at most <see cref="MaxRows"/> rows read.
/// </summary>
public sealed class SearchService(SearchIndexStore index, SamplingRunStore runs, IConfiguration configuration)
{
    public int MaxRows => configuration.GetValue("Search:MaxRows", 5000);

    public async Task<SearchPage> SearchAsync(CenterScope scope, CurrentUser user, SearchFilters filters, int skip, CancellationToken ct)
    {
        var (name, ranges) = SearchAccess.Plan(user, filters);
        var server = filters.ServerFilter();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var matches = new List<SearchRow>();
        var (read, capped, max) = (0, false, MaxRows);
        for (var day = filters.From; day <= filters.To && ranges.Count > 0 && !capped; day = day.AddDays(1))
        {
            var sampled = (await runs.ListSampleAsync(scope.Id, day, ct)).Select(s => s.CallId).ToHashSet(StringComparer.Ordinal);
            foreach (var range in ranges)
            {
                await foreach (var entity in index.ReadAsync(scope, day, range, server, ct))
                {
                    if (++read > max) { capped = true; read = max; break; }
                    var row = SearchRow.FromEntity(entity);
                    if (!seen.Add(row.CallId)) continue;
                    if (SearchAccess.View(user, scope.Id, row with { Sampled = sampled.Contains(row.CallId) }) is { } view && filters.Matches(view))
                        matches.Add(view);
                }
                if (capped) break;
            }
        }
        var sorted = SearchPaging.Sort(matches, filters.Sort);
        var page = sorted.Skip(skip).Take(filters.PageSize).Select(SearchResult.Of).ToList();
        return new SearchPage(page, sorted.Count, capped, skip,
            skip + filters.PageSize < sorted.Count ? SearchPaging.Token(skip + filters.PageSize, filters) : null,
            skip > 0 ? SearchPaging.Token(Math.Max(0, skip - filters.PageSize), filters) : null,
            name, read, max);
    }
}
