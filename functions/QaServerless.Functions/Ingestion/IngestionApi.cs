using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using QaServerless.Hosting;
using QaServerless.Ingestion.Profiles;
using QaServerless.Security;

namespace QaServerless.Ingestion;

/// <summary>
/// Ingestion: the triggered functions (thin adapters over <see cref="CallRecordIngestion"/> and
/// <see cref="CallBatchIngestion"/>) and what operators read about it over HTTP (quarantine, batch summaries). A trigger
/// carries a notification (an Event Grid BlobCreated event, a queue message naming the file), never the file: the
/// services read the blob from storage themselves (docs/architecture.md).
/// </summary>
public static class IngestionApi
{
    public static IServiceCollection AddIngestion(this IServiceCollection services)
    {
        services.AddOptions<IngestionLimits>().BindConfiguration("Ingestion");
        return services
            .AddBlobContainer(CallRecordIngestion.Container)
            .AddBlobContainer(Quarantine.Container)
            .AddBlobContainer(CallBatchIngestion.Container)
            .AddBlobContainer(CallBatchIngestion.RejectsContainer)
            .AddTable(Quarantine.Table)
            .AddTable(CallBatchIngestion.SummaryTable)
            .AddQueue(CallBatchQueue.Name)
            .AddSingleton<Quarantine>()
            .AddSingleton<CallRecordIngestion>()
            .AddSingleton(sp => sp.GetRequiredService<IOptions<IngestionLimits>>().Value)
            .AddSingleton<CallBatchIngestion>()
            .AddSingleton<CallBatchQueue>()
            .AddTable(Conversations.TextConversationStore.Table)
            .AddSingleton<Conversations.TextConversationStore>()
            .AddImportProfiles();
    }

    public static IEndpointRouteBuilder MapIngestion(this IEndpointRouteBuilder app)
    {
        // IngestCallRecord/function.json: eventGridTrigger, subscribed to BlobCreated under recordings/, ending ".json".
        // The manifest is read from storage (at most 1 MB). A failure is put in quarantine with its reason before the
        // host retries (a later success releases it), so a manifest that fails every retry is listed there.
        app.MapTrigger("IngestCallRecord", async (invocation, services, ct) =>
        {
            var (name, ignored) = BlobOf(invocation, CallRecordIngestion.Container, ".json");
            if (name is null) return Ignored(ignored, "a .json in " + CallRecordIngestion.Container);
            try
            {
                var outcome = await services.GetRequiredService<CallRecordIngestion>().IngestAsync(name, ct);
                return new HostResponse().Log(outcome.ToString());
            }
            catch (Exception e)
            {
                await services.GetRequiredService<Quarantine>().PutAsync(name.Split('/')[0], name, null,
                    [$"ingestion failed ({e.GetType().Name}: {e.Message.Split('\n')[0].Trim()}); it will be retried, and a success clears this"], CancellationToken.None);
                throw;
            }
        });

        // IngestCallBatch/function.json: eventGridTrigger, subscribed to BlobCreated under call-records/. Event Grid wants
        // an answer within 30 s, so this only checks the file (name, center, size) and queues it for ImportCallBatch.
        app.MapTrigger("IngestCallBatch", async (invocation, services, ct) =>
        {
            var (name, ignored) = BlobOf(invocation, CallBatchIngestion.Container, "");
            if (name is null) return Ignored(ignored, "a file in " + CallBatchIngestion.Container);
            var (s, import) = await services.GetRequiredService<CallBatchIngestion>().AcceptAsync(name, ct);
            if (import) await services.GetRequiredService<CallBatchQueue>().RequestAsync(new CallBatchRequest(name), ct);
            return new HostResponse().Log(Describe(s) + (import ? "; queued for import" : ""));
        });

        // ImportCallBatch/function.json: queueTrigger "call-batches". Streams the file; DequeueCount is the attempt.
        app.MapTrigger("ImportCallBatch", async (invocation, services, ct) =>
        {
            var request = invocation.DataAs<CallBatchRequest>("message") ?? throw new InvalidOperationException("The message names no file.");
            var attempt = invocation.MetadataInt("DequeueCount") ?? 1;
            var s = await services.GetRequiredService<CallBatchIngestion>().IngestAsync(request.Blob, attempt, ct);
            return new HostResponse().Log($"{Describe(s)} (attempt {attempt})");
        });

        app.MapImportProfiles();
        var api = app.MapGroup("/api").WithTags("Ingestion").RequireAuthorization(Policies.QaLead);

        api.MapGet("/ingest/quarantine", async Task<Results<Ok<IReadOnlyList<QuarantinedManifest>>, NotFound>> (string center, Quarantine quarantine, CurrentUser user, CancellationToken ct) =>
            user.LeadsCenter(center) ? TypedResults.Ok(await quarantine.ListAsync(center, ct)) : TypedResults.NotFound());

        api.MapGet("/call-batches", async Task<Results<Ok<IReadOnlyList<BatchSummary>>, NotFound>> (string center, CallBatchIngestion batches, CurrentUser user, CancellationToken ct) =>
            user.LeadsCenter(center) ? TypedResults.Ok(await batches.ListSummariesAsync(center, ct)) : TypedResults.NotFound());

        return app;
    }

    /// <summary>
    /// The blob a BlobCreated event names, when it is in <paramref name="container"/> and ends with <paramref name="suffix"/>;
    /// otherwise why the event is not for this function (a .wav in recordings, another container, another event type).
    /// </summary>
    internal static (string? Name, string? Ignored) BlobOf(HostInvocation invocation, string container, string suffix)
    {
        var (blob, ignored) = BlobCreatedEvent.From(invocation, "event");
        if (blob is null) return (null, ignored);
        if (blob.Container != container) return (null, $"the blob is in container {blob.Container}");
        return blob.BlobName.EndsWith(suffix, StringComparison.OrdinalIgnoreCase) ? (blob.BlobName, null) : (null, $"{blob.BlobName} does not end with {suffix}");
    }

    private static string Describe(BatchSummary s) =>
        $"{s.Blob}: {s.Status}; read {s.RowsRead}, ingested {s.Ingested}, rejected {s.Rejected}"
        + (s.Transcripts + s.AwaitingRecord > 0 ? $"; transcripts stored {s.Transcripts}, awaiting their contact record {s.AwaitingRecord}" : "")
        + (s.Problem is null ? "" : "; " + s.Problem);

    /// <summary>An event that is not ours succeeds quietly: failing it would only make Event Grid deliver it again.</summary>
    private static HostResponse Ignored(string? why, string wanted) => new HostResponse().Log($"ignored: {why} (this function takes {wanted})");
}
