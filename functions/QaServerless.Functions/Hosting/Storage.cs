using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;

namespace QaServerless.Hosting;

/// <summary>
/// Storage clients, registered once. Locally and in tests <c>AzureWebJobsStorage</c> is a connection string
/// (Azurite); in Azure it is identity-based (<c>AzureWebJobsStorage__blobServiceUri</c> etc. with a managed identity),
/// the same settings the Functions host itself reads, so the app and its bindings always use one account.
/// </summary>
public static class StorageRegistration
{
    public const string Setting = "AzureWebJobsStorage";

    public static IServiceCollection AddStorageClients(this IServiceCollection services)
    {
        // Read lazily: tests and the local host set the setting after the app's own configuration is built.
        services.AddSingleton(sp => StorageAccount.From(sp.GetRequiredService<IConfiguration>()));
        services.AddSingleton(sp => sp.GetRequiredService<StorageAccount>().Blobs());
        services.AddSingleton(sp => sp.GetRequiredService<StorageAccount>().Tables());
        services.AddSingleton(sp => sp.GetRequiredService<StorageAccount>().Queues());
        services.AddHostedService<StorageInitializer>();
        return services;
    }

    /// <summary>Declares a table the app uses, so an empty account (Azurite) gets it at startup. Bicep creates it in Azure.</summary>
    public static IServiceCollection AddTable(this IServiceCollection services, string name) =>
        services.AddSingleton(new StorageResource(StorageResourceKind.Table, name));

    public static IServiceCollection AddBlobContainer(this IServiceCollection services, string name) =>
        services.AddSingleton(new StorageResource(StorageResourceKind.Container, name));

    public static IServiceCollection AddQueue(this IServiceCollection services, string name) =>
        services.AddSingleton(new StorageResource(StorageResourceKind.Queue, name));
}

/// <summary>Where the storage account is and how to reach it.</summary>
public sealed record StorageAccount(string? ConnectionString, IConfigurationSection Identity)
{
    private static readonly QueueClientOptions queueOptions = new() { MessageEncoding = QueueMessageEncoding.Base64 };

    public static StorageAccount From(IConfiguration configuration) =>
        new(configuration[StorageRegistration.Setting], configuration.GetSection(StorageRegistration.Setting));

    private bool UsesConnectionString => !string.IsNullOrWhiteSpace(ConnectionString);

    public BlobServiceClient Blobs() => UsesConnectionString ? new(ConnectionString) : new(ServiceUri("blob"), Credential());
    public TableServiceClient Tables() => UsesConnectionString ? new(ConnectionString) : new(ServiceUri("table"), Credential());
    public QueueServiceClient Queues() => UsesConnectionString ? new(ConnectionString, queueOptions) : new(ServiceUri("queue"), Credential(), queueOptions);

    private TokenCredential Credential() => Identity["clientId"] is { Length: > 0 } clientId
        ? new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId))
        : new DefaultAzureCredential();

    private Uri ServiceUri(string kind) => Identity[$"{kind}ServiceUri"] is { Length: > 0 } uri
        ? new Uri(uri)
        : Identity["accountName"] is { Length: > 0 } account
            ? new Uri($"https://{account}.{kind}.core.windows.net")
            : throw new InvalidOperationException($"Storage is not configured: set {StorageRegistration.Setting} (a connection string) or {StorageRegistration.Setting}__{kind}ServiceUri.");
}

/// <summary>A table or blob container the app needs; features declare theirs with <see cref="StorageRegistration.AddTable"/>.</summary>
public sealed record StorageResource(StorageResourceKind Kind, string Name);

public enum StorageResourceKind { Table, Container, Queue }

/// <summary>
/// Creates the tables and containers the app needs when it starts against an empty account (Azurite).
/// In Azure they exist already (Bicep); the calls then answer 409 and cost a few milliseconds.
/// </summary>
internal sealed class StorageInitializer(
    IEnumerable<StorageResource> resources, TableServiceClient tables, BlobServiceClient blobs, QueueServiceClient queues,
    IConfiguration configuration, ILogger<StorageInitializer> log) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (configuration.GetValue("Storage:CreateOnStartup", true) is false) return;
        var all = resources.Distinct().ToList();
        await Task.WhenAll(all.Select(r => r.Kind switch
        {
            StorageResourceKind.Table => (Task)tables.CreateTableIfNotExistsAsync(r.Name, cancellationToken),
            StorageResourceKind.Container => blobs.GetBlobContainerClient(r.Name).CreateIfNotExistsAsync(cancellationToken: cancellationToken),
            _ => queues.GetQueueClient(r.Name).CreateIfNotExistsAsync(cancellationToken: cancellationToken),
        }));
        log.LogInformation("Storage ready: {Count} tables, containers and queues", all.Count);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
