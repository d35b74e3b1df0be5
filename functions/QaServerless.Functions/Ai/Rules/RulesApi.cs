using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using QaServerless.Ai.Transcripts;
using QaServerless.Hosting;
using QaServerless.Security;

namespace QaServerless.Ai.Rules;

public sealed record RuleSetRequest(IReadOnlyList<Rule>? Rules);

/// <summary>A transcript to try rules on; the rules default to the center's current set.</summary>
public sealed record DryRunRequest(DryRunTranscript? Transcript, IReadOnlyList<Rule>? Rules);

public sealed record DryRunTranscript(double? DurationSeconds, IReadOnlyList<TranscriptSegment>? Segments);

public sealed record DryRunResult(int? RuleSetVersion, IReadOnlyList<RuleTag> Tags, int RiskScore);

/// <summary>Rule sets per center (versioned) and the dry run that shows what a set would tag on a given transcript.</summary>
public static class RulesApi
{
    private const int MaxRulesJson = 30_000; // a table string property holds 32 K characters

    public static RouteGroupBuilder MapRules(this RouteGroupBuilder ai)
    {
        ai.MapGet("/{center}/rules", async Task<Results<Ok<RuleSet>, NotFound>> (string center, RuleSetStore store, CurrentUser user, CancellationToken ct) =>
            user.CanSeeCenter(center) ? TypedResults.Ok(await store.GetCurrentAsync(center, ct)) : TypedResults.NotFound())
            .RequireAuthorization(Policies.Inspector);

        ai.MapGet("/{center}/rules/{version:int}", async Task<Results<Ok<RuleSet>, NotFound>> (string center, int version, RuleSetStore store, CurrentUser user, CancellationToken ct) =>
            user.CanSeeCenter(center) && await store.GetAsync(center, version, ct) is { } set ? TypedResults.Ok(set) : TypedResults.NotFound())
            .RequireAuthorization(Policies.Inspector);

        ai.MapPut("/{center}/rules", async Task<Results<Created<RuleSet>, ValidationProblem, NotFound>> (string center, RuleSetRequest body, RuleSetStore store, CurrentUser user, CancellationToken ct) =>
        {
            if (!user.LeadsCenter(center)) return TypedResults.NotFound();
            var errors = Validate(body.Rules, "rules");
            if (body.Rules is { } rules && JsonSerializer.Serialize(rules, HostJson.Options).Length > MaxRulesJson)
                errors["rules"] = [$"A rule set is at most {MaxRulesJson} characters of JSON."];
            if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
            var saved = await store.SaveNewVersionAsync(center, body.Rules!, user.Id, ct);
            return TypedResults.Created($"/api/ai/{center}/rules/{saved.Version}", saved);
        }).RequireAuthorization(Policies.QaLead);

        ai.MapPost("/{center}/rules/dry-run", async Task<Results<Ok<DryRunResult>, ValidationProblem, NotFound>> (string center, DryRunRequest body, RuleSetStore store, CurrentUser user, CancellationToken ct) =>
        {
            if (!user.CanSeeCenter(center)) return TypedResults.NotFound();
            var errors = body.Rules is null ? new Dictionary<string, string[]>() : Validate(body.Rules, "rules");
            if (body.Transcript?.Segments is not { Count: > 0 } segments) errors["transcript.segments"] = ["A transcript with at least one segment is required."];
            else if (segments.Any(s => s.Start < 0 || s.End < s.Start || s.Text is null))
                errors["transcript.segments"] = ["Each segment needs a start ≥ 0, an end ≥ start and a text."];
            if (errors.Count > 0) return TypedResults.ValidationProblem(errors);

            int? version = null;
            var rules = body.Rules;
            if (rules is null) { var current = await store.GetCurrentAsync(center, ct); version = current.Version; rules = current.Rules; }
            var duration = body.Transcript!.DurationSeconds ?? body.Transcript.Segments!.Max(s => s.End);
            // Whatever was pasted in is masked before it is matched and echoed back as evidence.
            var transcript = Transcript.Merge("dry-run", "zh", duration, body.Transcript.Segments!).Masked();
            var tags = RuleEngine.Run(rules, transcript);
            return TypedResults.Ok(new DryRunResult(version, tags, Risk.RiskScore.FromTags(tags)));
        }).RequireAuthorization(Policies.Inspector);

        return ai;
    }

    public static Dictionary<string, string[]> Validate(IReadOnlyList<Rule>? rules, string field)
    {
        var errors = new Dictionary<string, string[]>();
        if (rules is null || rules.Count == 0) { errors[field] = ["At least one rule is required."]; return errors; }
        if (rules.Count > 200) errors[field] = ["At most 200 rules."];
        foreach (var dup in rules.GroupBy(r => r.Id).Where(g => g.Count() > 1))
            errors[field] = [$"Rule id '{dup.Key}' is used twice."];
        for (var i = 0; i < rules.Count; i++)
            foreach (var (f, message) in rules[i].Validate($"{field}[{i}]"))
                errors[f] = errors.TryGetValue(f, out var existing) ? [.. existing, message] : [message];
        return errors;
    }
}
