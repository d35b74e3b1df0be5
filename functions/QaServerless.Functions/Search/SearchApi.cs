using Microsoft.AspNetCore.Http.HttpResults;
using QaServerless.Calls;
using QaServerless.Evaluations;
using QaServerless.Hosting;
using QaServerless.Security;

namespace QaServerless.Search;

/// <summary>
/// Search over calls and evaluations: <c>GET /api/search/{center}?from=&amp;to=&amp;…</c>, every filter combined, sorted and
/// paged, scoped to what the caller may see (<see cref="SearchAccess"/>). Storage and bounds: docs/data-model.md, "Search".
/// </summary>
public static class SearchApi
{
    public static IServiceCollection AddSearch(this IServiceCollection services)
    {
        services.AddTable(SearchIndexStore.TableName)
            .AddSingleton<SearchIndexStore>()
            .AddSingleton<SearchService>()
            .AddSingleton<ICallIngestedSink, SearchCallsSink>()
            .AddSingleton<Ai.Analysis.ICallAnalyzedSink, SearchAnalysesSink>()
            .AddSingleton<IEvaluationChangedSink, SearchEvaluationsSink>();
        return services;
    }

    public static IEndpointRouteBuilder MapSearch(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/search").WithTags("Search").RequireAuthorization(Policies.Member)
            .MapGet("/{center}", SearchAsync)
            .WithSummary("Search calls and evaluations of a center: filters combine, sorted, paged, counted.")
            .ProducesValidationProblem();
        return app;
    }

    private static async Task<Results<Ok<SearchPage>, ValidationProblem, NotFound>> SearchAsync(
        string center, [AsParameters] SearchRequest query, SearchService search, CurrentUser user, CancellationToken ct)
    {
        if (user.ScopeFor(center) is not { } scope) return TypedResults.NotFound();
        var (filters, errors) = SearchFilters.Parse(query);
        if (filters is null) return ProblemCodes.Validation(errors, ProblemCodes.SearchFilters);
        if (SearchPaging.Skip(query.PageToken, filters) is not { } skip)
            return ProblemCodes.Validation(new Dictionary<string, string[]> { ["pageToken"] = ["The page token is not one this search handed out: start again from the first page."] },
                ProblemCodes.SearchPageToken);
        return TypedResults.Ok(await search.SearchAsync(scope, user, filters, skip, ct));
    }
}
