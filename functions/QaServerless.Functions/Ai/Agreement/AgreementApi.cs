using Microsoft.AspNetCore.Http.HttpResults;
using QaServerless.Ai.Integration;
using QaServerless.Scorecards;
using QaServerless.Security;

namespace QaServerless.Ai.Agreement;

/// <summary>The items of the scorecard in force that the agreement table cannot show, and why.</summary>
public sealed record AgreementGaps(string? ScorecardId, int? ScorecardVersion, IReadOnlyList<UnmeasuredItem> Unmeasured);

public static class AgreementApi
{
    /// <summary><c>GET /api/ai/{center}/agreement/unmeasured?windowDays=</c>: QA leads, next to <c>…/agreement</c>.</summary>
    public static RouteGroupBuilder MapAgreementGaps(this RouteGroupBuilder ai)
    {
        ai.MapGet("/{center}/agreement/unmeasured", async Task<Results<Ok<AgreementGaps>, NotFound, ValidationProblem>> (
            string center, int? windowDays, AgreementStore store, AiSettingsStore settings, ScorecardStore scorecards, TimeProvider clock,
            CurrentUser user, CancellationToken ct) =>
        {
            if (!user.LeadsCenter(center)) return TypedResults.NotFound();
            if (windowDays is < 1 or > 365) return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["windowDays"] = ["1 to 365 days."] });
            var window = windowDays ?? (await settings.GetAsync(center, ct)).WindowDays;
            var now = clock.GetUtcNow();
            if (ScorecardPreScoringCards.Choose(await scorecards.ListAsync(center, ct), now, now) is not { } card)
                return TypedResults.Ok(new AgreementGaps(null, null, []));
            var measured = (await store.GetAsync(center, window, ct)).Select(a => a.ItemId).ToHashSet();
            var unpaired = await store.GetUnpairedAsync(center, window, ct);
            var items = card.Items.Select(i => new ScorecardItemRef(i.ItemId, i.Text, i.Warning));
            return TypedResults.Ok(new AgreementGaps(card.ScorecardId, card.Version, UnmeasuredItems.Explain(items, measured, unpaired)));
        }).RequireAuthorization(Policies.QaLead);
        return ai;
    }
}
