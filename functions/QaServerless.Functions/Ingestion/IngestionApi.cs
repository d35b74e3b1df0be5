using Microsoft.AspNetCore.Http.HttpResults;
using QaServerless.Hosting;
using QaServerless.Security;

namespace QaServerless.Ingestion;

/// <summary>
/// Ingestion: the two blob-triggered functions (thin adapters over <see cref="CallRecordIngestion"/> and
/// <see cref="CallBatchIngestion"/>) and what operators read about it over HTTP (quarantine, batch summaries).
/// </summary>
public static class IngestionApi
{
    public static IServiceCollection AddIngestion(this IServiceCollection services) => services
        .AddBlobContainer(CallRecordIngestion.Container)
        .AddBlobContainer(Quarantine.Container)
        .AddBlobContainer(CallBatchIngestion.Container)
        .AddBlobContainer(CallBatchIngestion.RejectsContainer)
        .AddTable(Quarantine.Table)
        .AddTable(CallBatchIngestion.SummaryTable)
        .AddSingleton<Quarantine>()
        .AddSingleton<CallRecordIngestion>()
        .AddSingleton<CallBatchIngestion>();

    public static IEndpointRouteBuilder MapIngestion(this IEndpointRouteBuilder app)
    {
        // IngestCallRecord/function.json: blobTrigger "recordings/{name}.json". The host's {name} is a greedy ".*", so it
        // holds the whole path below the container ("sh/2026/11/19/c-1"); the center is its first segment.
        app.MapTrigger("IngestCallRecord", async (invocation, services, ct) =>
        {
            var name = BlobName(invocation, CallRecordIngestion.Container, suffix: ".json");
            var outcome = await services.GetRequiredService<CallRecordIngestion>().IngestAsync(name, invocation.DataText("manifest"), ct);
            return new HostResponse().Log(outcome.ToString());
        });

        // IngestCallBatch/function.json: blobTrigger "call-records/{name}". The content the host puts in the payload is
        // not used: the file is streamed from storage instead (docs/ingest-formats.md says why).
        app.MapTrigger("IngestCallBatch", async (invocation, services, ct) =>
        {
            var name = BlobName(invocation, CallBatchIngestion.Container, suffix: "");
            var s = await services.GetRequiredService<CallBatchIngestion>().IngestAsync(name, ct);
            return new HostResponse().Log($"{s.Blob}: {s.Status}; read {s.RowsRead}, ingested {s.Ingested}, rejected {s.Rejected}{(s.Problem is null ? "" : "; " + s.Problem)}");
        });

        var api = app.MapGroup("/api").WithTags("Ingestion").RequireAuthorization(Policies.QaLead);

        api.MapGet("/ingest/quarantine", async Task<Results<Ok<IReadOnlyList<QuarantinedManifest>>, NotFound>> (string center, Quarantine quarantine, CurrentUser user, CancellationToken ct) =>
            user.LeadsCenter(center) ? TypedResults.Ok(await quarantine.ListAsync(center, ct)) : TypedResults.NotFound());

        api.MapGet("/call-batches", async Task<Results<Ok<IReadOnlyList<BatchSummary>>, NotFound>> (string center, CallBatchIngestion batches, CurrentUser user, CancellationToken ct) =>
            user.LeadsCenter(center) ? TypedResults.Ok(await batches.ListSummariesAsync(center, ct)) : TypedResults.NotFound());

        return app;
    }

    /// <summary>
    /// The blob's name inside its container: from the <c>name</c> capture, else from the <c>Uri</c> metadata (the host
    /// drops the <c>BlobTrigger</c> path from the metadata it sends a custom handler).
    /// </summary>
    internal static string BlobName(HostInvocation invocation, string container, string suffix)
    {
        if (invocation.MetadataText("name") is { Length: > 0 } name) return name + suffix;
        var uri = invocation.MetadataText("Uri") ?? throw new InvalidOperationException("The invocation names no blob (no name, no Uri).");
        var path = Uri.UnescapeDataString(new Uri(uri).AbsolutePath);
        var marker = "/" + container + "/";
        var at = path.IndexOf(marker, StringComparison.Ordinal);
        return at >= 0 ? path[(at + marker.Length)..] : throw new InvalidOperationException($"The Uri {uri} is not in container {container}.");
    }
}
