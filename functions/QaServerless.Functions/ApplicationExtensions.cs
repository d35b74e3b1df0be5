using QaServerless.Ai;
using QaServerless.Hosting;
using QaServerless.Assignments;
using QaServerless.Calibration;
using QaServerless.Calls;
using QaServerless.Sampling;
using QaServerless.Ingestion;
using QaServerless.Privacy;
using QaServerless.Kpis;
using QaServerless.ReferenceData;
using QaServerless.Security;
using QaServerless.Workbench;
using QaServerless.Scorecards;
using QaServerless.Evaluations;
using QaServerless.Evaluations.Threads;
using QaServerless.Search;
using QaServerless.Notifications;
using QaServerless.SelfEvaluations;

namespace QaServerless;

/// <summary>Everything the app registers and maps, feature by feature. Program.cs stays three lines long.</summary>
public static class ApplicationExtensions
{
    public static WebApplicationBuilder AddApplicationServices(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddProblemDetails();
        services.AddBadInputHandling();
        services.AddSingleton(TimeProvider.System);
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter());
        });
        services.AddMaskedLogging(); // Privacy: every log line is masked
        services.AddStorageClients();
        services.AddQaSecurity();

        // Features: one line each.
        services.AddReferenceData();
        services.AddCalls();
        services.AddCalibration();
        services.AddSampling();
        services.AddAssignments();
        services.AddAi();
        services.AddIngestion();
        services.AddWorkbench();
        services.AddScorecards();
        services.AddEvaluations();
        services.AddThreads();
        services.AddKpis();
        services.AddSearch();
        services.AddNotifications();
        services.AddSelfEvaluations();
        return builder;
    }

    public static WebApplication MapApplication(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAuthorization();
        // Malformed values first: a broken {center} is a 400 naming it, not the guard's 404.
        app.UseBadInputChecks();
        app.UseCenterRouteGuard();

        app.MapGet("/api/health", () => TypedResults.Ok(new { status = "ok" })).AllowAnonymous().WithTags("Health");

        // Features: one line each.
        app.MapReferenceData();
        app.MapCalls();
        app.MapCalibration();
        app.MapSampling();
        app.MapAssignments();
        app.MapAi();
        app.MapIngestion();
        app.MapWorkbench();
        app.MapScorecards();
        app.MapEvaluations();
        app.MapThreads();
        app.MapKpis();
        app.MapSearch();
        app.MapNotifications();
        app.MapSelfEvaluations();
        return app;
    }
}
