using Microsoft.AspNetCore.Http.HttpResults;
using QaServerless.Ai.Agreement;
using QaServerless.Ai.PreScoring;
using QaServerless.Ai.Rules;
using QaServerless.Ai.Transcripts;
using QaServerless.Hosting;
using QaServerless.Security;

namespace QaServerless.Ai.Analysis;

/// <summary>What an inspector sees of a call's analysis: the masked transcript, tags with evidence, and the suggestions
/// of the items whose agreement with humans passes the center's gate (the others are counted in <see cref="HiddenSuggestions"/>).</summary>
public sealed record CallAnalysisView(
    string CallId, AnalysisStatus Status, string? Reason, Transcript? Transcript, IReadOnlyList<RuleTag> Tags,
    string? PreScoring, int? ScorecardVersion, IReadOnlyList<GatedSuggestion> Suggestions, int HiddenSuggestions,
    IReadOnlyDictionary<string, int> DiscardedByReason, int RiskScore, IReadOnlyList<string> RiskReasons, AiUsage Usage);

public sealed record GatedSuggestion(Suggestion Suggestion, SuggestionGate Gate);

/// <summary>HTTP: ask for an analysis, read it (inspectors and leads only: suggestions never reach agents without a
/// human), settings, usage and agreement.</summary>
public static class AnalysisApi
{
    public static RouteGroupBuilder MapAnalysis(this RouteGroupBuilder ai)
    {
        // The call must exist in the center: the message names the stored call, whose own recording is analysed (no
        // body: a client never says which blob). A call of another center, or none, is 404 and costs nothing.
        ai.MapPost("/{center}/calls/{callId}/analyze", async Task<Results<Accepted, NotFound>> (string center, string callId, Calls.CallStore calls, AnalysisQueue queue, CurrentUser user, CancellationToken ct) =>
        {
            if (user.ScopeFor(center) is not { } scope || await calls.GetAsync(scope.Id, callId, ct) is not { } call) return TypedResults.NotFound();
            await queue.RequestAsync(call, $"requested by {user.Id}", ct);
            return TypedResults.Accepted($"/api/ai/{scope.Id}/calls/{call.CallId}");
        }).RequireAuthorization(Policies.Inspector);

        ai.MapGet("/{center}/calls/{callId}", async Task<Results<Ok<CallAnalysisView>, NotFound>> (string center, string callId, AnalysisStore store, AgreementStore agreement, CurrentUser user, CancellationToken ct) =>
        {
            if (!user.CanSeeCenter(center) || await store.GetAsync(center, callId, ct) is not { } analysis) return TypedResults.NotFound();
            var gates = (await agreement.GetAsync(center, ct: ct)).ToDictionary(a => a.ItemId, a => a.Gate);
            var gated = analysis.Suggestions.Select(s => new GatedSuggestion(s, gates.GetValueOrDefault(s.ItemId, SuggestionGate.Probation))).ToList();
            var shown = gated.Where(g => g.Gate != SuggestionGate.Hidden).ToList();
            return TypedResults.Ok(new CallAnalysisView(
                callId, analysis.Status, analysis.Reason, await store.GetTranscriptAsync(center, callId, ct), analysis.Tags,
                analysis.PreScoring, analysis.ScorecardVersion, shown, gated.Count - shown.Count,
                analysis.Discarded.GroupBy(d => d.Reason.ToString()).ToDictionary(g => g.Key, g => g.Count()),
                analysis.RiskScore, analysis.RiskReasons, analysis.Usage));
        }).RequireAuthorization(Policies.Inspector);

        // The masked transcript alone (no suggestions): the evaluation page shows it to everyone who may see the call —
        // scorers of the center, the agent of the call, the supervisor of the agent's team.
        ai.MapGet("/{center}/calls/{callId}/transcript", async Task<Results<Ok<Transcript>, NotFound>> (string center, string callId, AnalysisStore store, Calls.CallStore calls, CurrentUser user, CancellationToken ct) =>
        {
            if (!user.CanSeeCenter(center)) return TypedResults.NotFound();
            if (!Calls.CallAccess.SeesWholeCenter(user) && (await calls.GetAsync(center, callId, ct) is not { } call || !Calls.CallAccess.CanSee(user, call)))
                return TypedResults.NotFound();
            return await store.GetTranscriptAsync(center, callId, ct) is { } transcript ? TypedResults.Ok(transcript) : TypedResults.NotFound();
        }).RequireAuthorization(Policies.Member);

        ai.MapGet("/{center}/settings", async Task<Results<Ok<AiSettings>, NotFound>> (string center, AiSettingsStore store, CurrentUser user, CancellationToken ct) =>
            user.LeadsCenter(center) ? TypedResults.Ok(await store.GetAsync(center, ct)) : TypedResults.NotFound())
            .RequireAuthorization(Policies.QaLead);

        ai.MapPut("/{center}/settings", async Task<Results<Ok<AiSettings>, ValidationProblem, NotFound>> (string center, AiSettings body, AiSettingsStore store, CurrentUser user, CancellationToken ct) =>
        {
            if (!user.LeadsCenter(center)) return TypedResults.NotFound();
            var errors = body.Validate();
            if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
            await store.SaveAsync(center, body, ct);
            return TypedResults.Ok(body);
        }).RequireAuthorization(Policies.QaLead);

        ai.MapGet("/{center}/usage", async Task<Results<Ok<DailyUsage>, NotFound>> (string center, DateOnly day, AnalysisStore store, CurrentUser user, CancellationToken ct) =>
            user.LeadsCenter(center) ? TypedResults.Ok(await store.GetDailyUsageAsync(center, day, ct)) : TypedResults.NotFound())
            .RequireAuthorization(Policies.QaLead);

        ai.MapGet("/{center}/agreement", async Task<Results<Ok<IReadOnlyList<ItemAgreement>>, NotFound, ValidationProblem>> (string center, int? windowDays, AgreementStore store, CurrentUser user, CancellationToken ct) =>
        {
            if (!user.LeadsCenter(center)) return TypedResults.NotFound();
            if (windowDays is < 1 or > 365) return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["windowDays"] = ["1 to 365 days."] });
            return TypedResults.Ok(await store.GetAsync(center, windowDays, ct));
        }).RequireAuthorization(Policies.QaLead);

        return ai;
    }

    /// <summary>The queue-triggered function: one message = one call. Throwing fails the invocation so the host retries.</summary>
    public static IEndpointRouteBuilder MapAnalyzeCallTrigger(this IEndpointRouteBuilder app)
    {
        app.MapTrigger("AnalyzeCall", async (invocation, services, ct) =>
        {
            var request = invocation.DataAs<AnalysisRequest>("message");
            if (request is null || string.IsNullOrWhiteSpace(request.CenterId) || string.IsNullOrWhiteSpace(request.CallId))
                return new HostResponse().Log("AnalyzeCall: a message without center and call id was dropped.");
            var status = await services.GetRequiredService<CallAnalyzer>().AnalyzeAsync(request, ct);
            return new HostResponse().Log($"AnalyzeCall {request.CenterId}/{request.CallId} (delivery {invocation.MetadataInt("DequeueCount") ?? 1}): {status}");
        });
        return app;
    }
}
