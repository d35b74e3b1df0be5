using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using QaServerless.Security;

namespace QaServerless.Tests.Infrastructure;

/// <summary>
/// The real app (WebApplicationFactory over Program) on a real Azurite, shared by every test in the run.
/// Tests keep out of each other's way by using their own center ids (<see cref="NewCenterId"/>), not by resetting storage.
/// </summary>
public sealed class AppFixture : WebApplicationFactory<Program>, IAsyncLifetime
{
    public Azurite Azurite { get; private set; } = null!;

    /// <summary>The app's clock. Starts at a fixed instant so tests that reason about "yesterday" are repeatable.</summary>
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 20, 9, 0, 0, TimeSpan.FromHours(8)));

    public string RepoRoot { get; } = Azurite.FindRepoRoot();

    public async Task InitializeAsync()
    {
        Azurite = await Azurite.StartAsync(RepoRoot);
        _ = Services; // build the host now: storage is created at startup
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        await Azurite.DisposeAsync();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.ConfigureAppConfiguration(config => config.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = Azurite.ConnectionString,
            ["Auth:DevelopmentSignIn"] = "true",
        }));
        builder.ConfigureServices(services => services.AddSingleton<TimeProvider>(Clock));
    }

    public TableServiceClient TableService => Services.GetRequiredService<TableServiceClient>();
    public BlobServiceClient BlobService => Services.GetRequiredService<BlobServiceClient>();
    public QueueServiceClient QueueService => Services.GetRequiredService<QueueServiceClient>();

    /// <summary>A fresh center id, so a test's data never meets another test's.</summary>
    public static string NewCenterId(string prefix = "t") => $"{prefix}{Guid.NewGuid():N}"[..12];

    /// <summary>An HTTP client signed in (development sign-in) as the given person.</summary>
    public HttpClient ClientAs(string userId, string[] roles, string[] centers, string? personId = null, string[]? teams = null) =>
        TestClients.ClientAs(this, userId, roles, centers, personId, teams);

    public HttpClient AdminOf(params string[] centers) => ClientAs("admin-1", [Roles.Admin], centers);
    public HttpClient QaLeadOf(params string[] centers) => ClientAs("lead-1", [Roles.QaLead], centers);
}

public static class TestClients
{
    /// <summary>A client of any host of the app (e.g. one with its own clock) signed in (development sign-in) as the given person.</summary>
    public static HttpClient ClientAs(this WebApplicationFactory<Program> host, string userId, string[] roles, string[] centers, string? personId = null, string[]? teams = null)
    {
        var client = host.CreateClient();
        client.DefaultRequestHeaders.Add(ClientPrincipalHandler.DevHeader, ClientPrincipalHandler.Encode(userId, roles, centers, personId, teams));
        return client;
    }
}

[CollectionDefinition(Name)]
public sealed class AppCollection : ICollectionFixture<AppFixture>
{
    public const string Name = "app";
}
