using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using QaServerless.Hosting;
using QaServerless.Security;

namespace QaServerless.Calls;

/// <summary>
/// Calls over HTTP: list (by center and days, agent, business type; continuation tokens), one call, its previous
/// versions and a short-lived read-only link to its audio. Everything is scoped to the caller's centers (404 outside)
/// and narrowed by <see cref="CallAccess"/>: a supervisor sees their teams' calls, an agent their own.
/// </summary>
public static class CallsApi
{
    public const int MaxDays = 92;

    public static IServiceCollection AddCalls(this IServiceCollection services) => services
        .AddTable(CallStore.CallsTable)
        .AddTable(CallStore.CallsByAgentTable)
        .AddTable(CallStore.LocatorsTable)
        .AddTable(CallStore.VersionsTable)
        .AddSingleton<CallStore>()
        .AddSingleton<AudioLinks>();

    public static IEndpointRouteBuilder MapCalls(this IEndpointRouteBuilder app)
    {
        var calls = app.MapGroup("/api/calls").WithTags("Calls").RequireAuthorization(Policies.Member);

        calls.MapGet("/", ListAsync);

        calls.MapGet("/{center}/{callId}", async Task<Results<Ok<Call>, NotFound>> (string center, string callId, CallStore store, CurrentUser user, CancellationToken ct) =>
            await VisibleCallAsync(center, callId, store, user, ct) is { } call ? TypedResults.Ok(call) : TypedResults.NotFound());

        calls.MapGet("/{center}/{callId}/versions", async Task<Results<Ok<IReadOnlyList<Call>>, NotFound>> (string center, string callId, CallStore store, CurrentUser user, CancellationToken ct) =>
            // A call that is not in the center has no versions to list: 404, as for the call itself.
            user.LeadsCenter(center) && await store.GetAsync(center, callId, ct) is not null
                ? TypedResults.Ok(await store.GetPreviousVersionsAsync(center, callId, ct)) : TypedResults.NotFound());

        calls.MapGet("/{center}/{callId}/audio-link", async Task<Results<Ok<AudioLink>, NotFound, ProblemHttpResult>> (string center, string callId, CallStore store, AudioLinks links, CurrentUser user, CancellationToken ct) =>
        {
            var call = await VisibleCallAsync(center, callId, store, user, ct);
            // A chat or e-mail has no recording by nature, not by loss: say so, so a client shows the thread instead.
            if (call is { IsText: true })
                return ProblemCodes.Problem(StatusCodes.Status409Conflict, ProblemCodes.TextConversation, "A text conversation",
                    $"'{callId}' is a {call.Channel} conversation: it has messages, no recording. Read them at /api/ai/{center}/calls/{callId}/transcript.");
            return call is { AudioBlob: { } blob } && CenterScope.OfStored(call.CenterId) is var scope && scope.Owns(blob)
                ? TypedResults.Ok(await links.ReadLinkAsync(scope, blob, ct)) : TypedResults.NotFound();
        });

        return app;
    }

    private static async Task<Call?> VisibleCallAsync(string center, string callId, CallStore store, CurrentUser user, CancellationToken ct)
    {
        if (!user.CanSeeCenter(center)) return null;
        return await store.GetAsync(center, callId, ct) is { } call && CallAccess.CanSee(user, call) ? call : null;
    }

    private static async Task<Results<Ok<CallPage>, ValidationProblem, NotFound, ForbidHttpResult>> ListAsync(
        string center, string from, string to, string? agent, string? businessType, string? continuation, int? pageSize,
        CallStore store, CurrentUser user, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(center)) errors["center"] = ["The center is required."];
        var fromDay = Day(from, "from", errors);
        var toDay = Day(to, "to", errors);
        if (fromDay is { } f && toDay is { } t && (t < f || t.DayNumber - f.DayNumber >= MaxDays))
            errors["to"] = [$"'to' must be on or after 'from', at most {MaxDays} days later."];
        if (pageSize is < 1 or > 1000) errors["pageSize"] = ["The page size is 1 to 1000."];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        if (!user.CanSeeCenter(center!)) return TypedResults.NotFound();
        if (CallAccess.OnlyOwnCalls(user))
        {
            if (agent is not null && agent != user.PersonId) return TypedResults.Forbid();
            agent = user.PersonId ?? "";
        }

        try
        {
            var page = agent is null
                ? await store.ListByDaysAsync(center!, fromDay!.Value, toDay!.Value, businessType, continuation, pageSize ?? 100, ct)
                : await store.ListByAgentAsync(center!, agent, fromDay!.Value, toDay!.Value, businessType, continuation, pageSize ?? 100, ct);
            // A supervisor's page is the center's page narrowed to their teams: it may hold fewer calls than asked,
            // and the continuation still walks the whole range.
            return TypedResults.Ok(CallAccess.SeesWholeCenter(user) ? page : page with { Calls = [.. page.Calls.Where(c => CallAccess.CanSee(user, c))] });
        }
        catch (InvalidContinuationException e)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["continuation"] = [e.Message] });
        }
    }

    private static DateOnly? Day(string? text, string field, Dictionary<string, string[]> errors)
    {
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)) return day;
        errors[field] = [$"'{field}' is required as a center-local date, yyyy-MM-dd."];
        return null;
    }
}
