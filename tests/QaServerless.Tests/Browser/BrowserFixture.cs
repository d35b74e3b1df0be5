using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using QaServerless.FakeOpenAI;
using QaServerless.Tests.Infrastructure;

namespace QaServerless.Tests.Browser;

/// <summary>
/// The real app on Kestrel on a loopback port (a browser needs a socket), on its own Azurite, driven by Debian's
/// Chromium through Playwright: Playwright cannot download its own browser on these machines (.ci/test installs
/// the chromium package). The app keeps the system clock here: Azurite checks read links' expiry against real time.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    public Azurite Azurite { get; private set; } = null!;
    /// <summary>The local OpenAI-compatible endpoint the app's AI analysis talks to (canned transcripts, deterministic answers).</summary>
    public FakeOpenAIServer OpenAI { get; private set; } = null!;
    public KestrelApp App { get; private set; } = null!;
    public IPlaywright Playwright { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;
    public string BaseUrl { get; private set; } = "";
    public string RepoRoot { get; } = Azurite.FindRepoRoot();
    public string ScreenshotFolder => Path.Combine(RepoRoot, ".artifacts", "screenshots");

    public async Task InitializeAsync()
    {
        Azurite = await Azurite.StartAsync(RepoRoot);
        OpenAI = await FakeOpenAIServer.StartAsync();
        App = new KestrelApp(Azurite.ConnectionString, OpenAI.Endpoint);
        App.UseKestrel(0);
        App.StartServer();
        BaseUrl = App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
            .First().Replace("[::]", "127.0.0.1").Replace("localhost", "127.0.0.1").TrimEnd('/');

        if (!File.Exists(ChromiumPath))
            throw new InvalidOperationException($"{ChromiumPath} is missing: `apt-get install chromium` (bash .ci/test does it when run as root).");
        Playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        // Expectations wait for the page as long as actions do (the default is 5 s): these machines are shared, and a page
        // loading slowly under another job's load is not a defect. Nothing here times the app.
        Assertions.SetDefaultExpectTimeout(15_000);
        Browser = await Playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                "--disable-extensions", "--disable-sync", "--no-first-run", "--mute-audio", "--autoplay-policy=no-user-gesture-required"],
        });
        Directory.CreateDirectory(ScreenshotFolder);
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.CloseAsync();
        Playwright?.Dispose();
        if (App is not null) await App.DisposeAsync();
        if (OpenAI is not null) await OpenAI.DisposeAsync();
        if (Azurite is not null) await Azurite.DisposeAsync();
    }

    /// <summary>A fresh browser context (its own cookies) in the given language, opened on the workbench.</summary>
    public async Task<IPage> NewPageAsync(string locale = "zh-CN")
    {
        var context = await Browser.NewContextAsync(new() { BaseURL = BaseUrl, Locale = locale, ViewportSize = new() { Width = 1280, Height = 860 } });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(15_000);
        var errors = new List<string>();
        page.PageError += (_, error) => { lock (errors) errors.Add(error); };
        scriptErrors.AddOrUpdate(page, errors);
        return page;
    }

    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<IPage, List<string>> scriptErrors = new();

    /// <summary>Uncaught script errors make a blank or half-drawn page: none may happen.</summary>
    public void AssertNoScriptErrors(IPage page)
    {
        if (!scriptErrors.TryGetValue(page, out var errors)) return;
        lock (errors) Assert.True(errors.Count == 0, $"Script errors on {page.Url}:\n{string.Join("\n", errors)}");
    }

    public async Task ScreenshotAsync(IPage page, string name)
    {
        // The sticky bars would sit mid-page in a full-page picture of a scrolled page (the page's CSP drops the
        // injected style that would make them static): the picture is taken from the top.
        await page.EvaluateAsync("() => window.scrollTo(0, 0)");
        await page.ScreenshotAsync(new() { Path = Path.Combine(ScreenshotFolder, name + ".png"), FullPage = true, Style = ".topbar, .player { position: static !important; }" });
    }

    public T Service<T>() where T : notnull => App.Services.GetRequiredService<T>();
}

public sealed class KestrelApp(string storage, Uri openAI) : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.ConfigureAppConfiguration(config => config.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = storage,
            ["Auth:DevelopmentSignIn"] = "true",
            // Analyses run only when a test asks CallAnalyzer for one (no queue is drained here).
            ["OpenAI:Endpoint"] = openAI.ToString(),
            ["OpenAI:ApiKey"] = FakeOpenAIServer.ApiKey,
        }));
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
