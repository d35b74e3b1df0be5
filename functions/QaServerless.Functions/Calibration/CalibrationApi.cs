using Azure;
using QaServerless.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;
using QaServerless.Security;

namespace QaServerless.Calibration;

/// <summary>
/// Calibration sessions over HTTP, under <c>/api/calibration/{center}</c> (docs/calibration.md, "API").
/// QA leads (and admins) of the center create, invite and close; participants score blind; inspectors see only the
/// sessions they are in. Another center's data answers 404, a wrong role 403.
/// </summary>
public static class CalibrationApi
{
    public static IServiceCollection AddCalibration(this IServiceCollection services) => services
        .AddTable(CalibrationStore.SessionsTable)
        .AddTable(CalibrationStore.ScoresTable)
        .AddTable(CalibrationStore.OutcomesTable)
        .AddTable(CalibrationStore.ItemAgreementTable)
        .AddTable(CalibrationStore.SettingsTable)
        .AddSingleton<CalibrationStore>()
        .AddSingleton<ICalibrationScorecards, ScorecardStoreAdapter>()
        .AddSingleton<ICalibrationSignalSource, AppealsUpheldSignals>()
        .AddSingleton<ICalibrationClosedSink, CalibrationAlerts>()
        .AddScoped<CalibrationService>()
        .AddScoped<CalibrationSuggestions>();

    public static IEndpointRouteBuilder MapCalibration(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/calibration/{center}").WithTags("Calibration").RequireAuthorization(Policies.Member);

        group.MapGet("/suggestions", async Task<Results<Ok<IReadOnlyList<SuggestedCall>>, ForbidHttpResult, NotFound>> (
            string center, int? count, int? days, CalibrationSuggestions suggestions, CurrentUser user, CancellationToken ct) =>
        {
            if (!user.CanSeeCenter(center)) return TypedResults.NotFound();
            if (!user.LeadsCenter(center)) return TypedResults.Forbid();
            return TypedResults.Ok(await suggestions.SuggestAsync(center, Math.Clamp(count ?? 8, 1, 50), Math.Clamp(days ?? 60, 1, 366), ct));
        });

        group.MapGet("/settings/tolerance", async Task<Results<Ok<Tolerance>, NotFound>> (string center, CalibrationStore store, CurrentUser user, CancellationToken ct) =>
            user.CanSeeCenter(center) ? TypedResults.Ok(await store.GetDefaultToleranceAsync(center, ct)) : TypedResults.NotFound());

        group.MapPut("/settings/tolerance", async Task<Results<Ok<Tolerance>, ValidationProblem, ForbidHttpResult, NotFound>> (
            string center, Tolerance body, CalibrationStore store, CurrentUser user, CancellationToken ct) =>
        {
            if (!user.CanSeeCenter(center)) return TypedResults.NotFound();
            if (!user.LeadsCenter(center)) return TypedResults.Forbid();
            var errors = body.Validate();
            if (errors.Count > 0) return ProblemCodes.Validation(errors);
            await store.SaveDefaultToleranceAsync(center, body, ct);
            return TypedResults.Ok(body);
        });

        group.MapPost("/sessions", (string center, CreateSessionRequest body, CalibrationService service, CancellationToken ct) =>
            service.CreateAsync(center, body, ct));

        group.MapGet("/sessions", async Task<Results<Ok<IReadOnlyList<SessionSummary>>, NotFound>> (
            string center, CalibrationService service, CancellationToken ct) =>
            await service.ListAsync(center, ct) is { } list ? TypedResults.Ok(list) : TypedResults.NotFound());

        group.MapGet("/sessions/{sessionId}", (string center, string sessionId, CalibrationService service, HttpContext http, CancellationToken ct) =>
            service.GetAsync(center, sessionId, http, ct));

        group.MapPost("/sessions/{sessionId}/participants", (string center, string sessionId, InviteRequest body, CalibrationService service, HttpContext http, CancellationToken ct) =>
            service.InviteAsync(center, sessionId, body, IfMatch(http), http, ct));

        group.MapPut("/sessions/{sessionId}/scores/{callId}", (string center, string sessionId, string callId, SubmitScoreRequest body, CalibrationService service, CancellationToken ct) =>
            service.SubmitAsync(center, sessionId, callId, body, ct));

        group.MapGet("/sessions/{sessionId}/scores", (string center, string sessionId, CalibrationService service, CancellationToken ct) =>
            service.ScoresAsync(center, sessionId, ct));

        group.MapPost("/sessions/{sessionId}/close", (string center, string sessionId, CloseSessionRequest body, CalibrationService service, HttpContext http, CancellationToken ct) =>
            service.CloseAsync(center, sessionId, body, IfMatch(http), http, ct));

        group.MapGet("/sessions/{sessionId}/results", (string center, string sessionId, CalibrationService service, CancellationToken ct) =>
            service.ResultsAsync(center, sessionId, ct));

        group.MapGet("/inspectors/{inspectorId}/trend", (string center, string inspectorId, CalibrationService service, CancellationToken ct) =>
            service.TrendAsync(center, inspectorId, ct));

        group.MapGet("/trends", (string center, bool? alertsOnly, CalibrationService service, CancellationToken ct) =>
            service.TrendsAsync(center, alertsOnly ?? false, ct));

        return app;
    }

    private static ETag? IfMatch(HttpContext http) =>
        http.Request.Headers.IfMatch.ToString() is { Length: > 0 } value && value != "*" ? new ETag(value) : null;
}
