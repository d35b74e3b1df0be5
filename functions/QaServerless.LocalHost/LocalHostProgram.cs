using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using QaServerless.LocalHost.Ai;
using QaServerless.LocalHost.Demo;
using QaServerless.LocalHost.Handler;
using QaServerless.LocalHost.Storage;

namespace QaServerless.LocalHost;

/// <summary>
/// <c>dotnet run --project functions/QaServerless.LocalHost -- [--demo] [--port 7071]</c>: storage (Azurite unless
/// AzureWebJobsStorage is set), the handler as a child process, the trigger drivers, and HTTP on one port:
/// <c>/api/*</c> proxied to the handler, <c>/admin/functions/{name}</c> to run a function now.
/// </summary>
public static class LocalHostProgram
{
    public static async Task<int> Main(string[] args)
    {
        LocalHostOptions options;
        try { options = LocalHostOptions.Parse(args); }
        catch (ArgumentException e) { Console.Error.WriteLine(e.Message); Console.Error.WriteLine(LocalHostOptions.Usage); return 2; }
        if (options.Help) { Console.WriteLine(LocalHostOptions.Usage); return 0; }
        return await RunAsync(options, CancellationToken.None);
    }

    /// <summary>What a test needs to see of a running local host.</summary>
    public sealed record Running(Uri Address, int? AzuriteProcessGroup, int HandlerProcessGroup, string Storage, Uri? FakeOpenAIEndpoint);

    /// <summary>
    /// Runs until Ctrl+C / SIGTERM or until <paramref name="stop"/> fires; children are stopped on the way out, whatever
    /// the way out is. <paramref name="started"/> is called once the API answers (tests use it).
    /// </summary>
    public static async Task<int> RunAsync(LocalHostOptions options, CancellationToken stop, Action<Running>? started = null)
    {
        using var logs = LoggerFactory.Create(b => b.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss "; }).SetMinimumLevel(LogLevel.Information)
            .AddFilter("System.Net.Http", LogLevel.Warning).AddFilter("Microsoft", LogLevel.Warning).AddFilter("Yarp", LogLevel.Warning));
        var log = logs.CreateLogger("LocalHost");
        var repoRoot = Azurite.FindRepoRoot();

        Azurite? azurite = null;
        HandlerProcess? handler = null;
        LocalOpenAI? openAI = null;
        Delivery.DeliveryStandIn? delivery = null;
        // Whatever happens, the children go: normal exit, Ctrl+C (the web host's lifetime), an unhandled exception.
        void StopChildren() => Task.WaitAll(Task.Run(() => handler?.Stop()), Task.Run(() => azurite?.Stop()));
        AppDomain.CurrentDomain.UnhandledException += (_, _) => StopChildren();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => StopChildren();
        try
        {
            var storage = Environment.GetEnvironmentVariable("AzureWebJobsStorage");
            if (string.IsNullOrWhiteSpace(storage))
            {
                log.LogInformation("AzureWebJobsStorage is not set: starting Azurite (in memory)");
                azurite = await Azurite.StartAsync(repoRoot);
                storage = azurite.ConnectionString;
                log.LogInformation("Azurite: blob {Blob}, queue {Queue}, table {Table}", azurite.BlobPort, azurite.QueuePort, azurite.TablePort);
            }

            openAI = await LocalOpenAI.StartAsync(options.Ai, Environment.GetEnvironmentVariable, log, stop);
            // Outgoing mail (ACS Email's REST protocol) and webhooks (Teams workflows) go to the stand-in, listed in this output.
            delivery = await Delivery.DeliveryStandIn.StartAsync(logs.CreateLogger("Delivery"), stop);
            log.LogInformation("Delivery: ACS Email stand-in at {Endpoint}; a center's webhook URL for the stand-in: {Webhook}", delivery.Endpoint, delivery.WebhookUrl("teams"));
            handler = await HandlerProcess.StartAsync(HandlerProcess.DefaultOutputFolder(), new Dictionary<string, string>(openAI.HandlerSettings)
            {
                ["AzureWebJobsStorage"] = storage,
                ["Auth:DevelopmentSignIn"] = "true",
                ["Notifications:Email:Endpoint"] = delivery.Endpoint.ToString(),
                ["Notifications:Email:Sender"] = Delivery.DeliveryStandIn.Sender,
            }, logs.CreateLogger("Handler"));

            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls($"http://127.0.0.1:{options.Port}");
            builder.Logging.ClearProviders();
            builder.Services.AddHttpForwarder();
            await using var app = builder.Build();

            var handlerClient = new HttpClient { BaseAddress = handler.BaseAddress, Timeout = TimeSpan.FromMinutes(10) };
            await using var host = new LocalFunctionsHost(LocalFunctionsHost.LoadCatalog(repoRoot), handlerClient, storage, logs,
                serviceBus: new ServiceBus.ServiceBusOptions { MaxDeliveryCount = options.MaxDeliveryCount });
            foreach (var line in host.Describe()) log.LogInformation("Function {Line}", line);

            // HTTP functions: the Api function's route {*path} under routePrefix "api", proxied as the host does
            // with enableProxyingHttpRequest (path, query and headers unchanged).
            app.MapForwarder("/api/{**path}", handler.BaseAddress.ToString().TrimEnd('/'));
            app.MapAdmin(host);
            app.MapGet("/", () => Results.Redirect("/api/health"));

            await app.StartAsync(stop);
            host.Start(timers: !options.Demo);
            started?.Invoke(new Running(new Uri($"http://127.0.0.1:{options.Port}"), azurite?.ProcessGroupId, handler.ProcessGroupId, storage, openAI.Fake?.Endpoint));
            var apiUrl = $"http://127.0.0.1:{options.Port}/api";
            log.LogInformation("Local host ready: {Url}", apiUrl);
            if (options.Demo)
            {
                var address = new Uri($"http://127.0.0.1:{options.Port}");
                var loader = new DemoLoader(storage, address, logs.CreateLogger<DemoLoader>());
                var data = DemoData.Generate(options.DemoSeed, options.DemoDays, DemoData.TodayIn("Asia/Shanghai"));
                var summary = await loader.LoadAsync(data, app.Lifetime.ApplicationStopping);
                Console.WriteLine(DemoLoader.Instructions(apiUrl, summary));
                var ai = openAI.Enabled ? new DemoAi(new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromMinutes(2) },
                    new Azure.Storage.Queues.QueueServiceClient(storage), logs.CreateLogger<DemoAi>()) : null;
                _ = Task.Run(() => FinishDemoAsync(host, ai, data, apiUrl, log, app.Lifetime.ApplicationStopping));
            }
            else Console.WriteLine(DemoLoader.Instructions(apiUrl, null));
            await app.WaitForShutdownAsync(stop);
            return 0;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogCritical(e, "The local host failed");
            return 1;
        }
        finally
        {
            StopChildren();
            if (openAI is not null) await openAI.DisposeAsync();
            if (delivery is not null) await delivery.DisposeAsync();
        }
    }

    /// <summary>
    /// Once every demo blob has gone through its trigger: run the daily sampling now (so worklists exist at once), then
    /// start the timers. Held until then so that a tick never samples a half-loaded day (a sent day is not redone).
    /// Then, with AI on, the demo's AI part (<see cref="DemoAi"/>): analyses of the sampled calls, released evaluations
    /// with suggestions, agreement; printed when ready.
    /// </summary>
    private static async Task FinishDemoAsync(LocalFunctionsHost host, DemoAi? ai, DemoDataSet data, string apiUrl, ILogger log, CancellationToken ct)
    {
        try
        {
            var watch = System.Diagnostics.Stopwatch.StartNew();
            await host.Blobs.WaitForIdleAsync(ct);
            await host.QueueTriggers.WaitForEmptyAsync("call-batches", ct); // the CDR files are imported from this queue
            log.LogInformation("Demo: every uploaded blob has been through its trigger ({Seconds:0} s after the upload)", watch.Elapsed.TotalSeconds);
            foreach (var timer in host.Catalog.WithTrigger("timerTrigger").Where(f => f.Name == "DailySampling"))
            {
                var ran = await host.RunNowAsync(timer.Name, null, ct);
                log.LogInformation("Demo: {Function} run now: {Outcome}", timer.Name, ran == true ? "succeeded" : "failed");
            }
        }
        catch (OperationCanceledException) { return; }
        host.StartTimers();
        if (ai is null) return;
        try
        {
            log.LogInformation("Demo: sampled calls are being assigned and analysed (transcript, tags, suggestions)");
            Console.WriteLine(DemoAi.Report(await ai.RunAsync(data, ct), apiUrl));
        }
        catch (OperationCanceledException) { }
        catch (Exception e) { log.LogError(e, "Demo: the AI part failed; calls, sampling and worklists are unaffected"); }
    }

    /// <summary>The host's admin API, the parts a developer needs: list functions, run a non-HTTP function now.</summary>
    public static IEndpointRouteBuilder MapAdmin(this IEndpointRouteBuilder app, LocalFunctionsHost host)
    {
        app.MapGet("/admin/functions", () => Results.Ok(host.Catalog.Functions.Select(f => new { name = f.Name, trigger = f.Trigger?.Type, disabled = f.Disabled })));
        app.MapPost("/admin/functions/{name}", async (string name, AdminInvocation? body, CancellationToken ct) =>
        {
            var function = host.Catalog.Find(name);
            if (function?.Trigger is null || function.Is("httpTrigger")) return Results.NotFound();
            // As the host: 202 at once, the function runs in the background and logs its result.
            _ = Task.Run(() => host.RunNowAsync(function.Name, body?.Input, CancellationToken.None), CancellationToken.None);
            return Results.Accepted();
        });
        return app;
    }

    public sealed record AdminInvocation(string? Input);
}
