using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using QaServerless.Ai.Transcripts;
using QaServerless.Hosting;

namespace QaServerless.Ai.Analysis;

/// <summary>
/// Where analyses live. Blob container <c>ai-results</c>: <c>{center}/{callId}/transcript.json</c> (masked, speaker
/// labelled) and <c>{center}/{callId}/analysis.json</c>. Table <c>AiAnalyses</c> (PartitionKey = center, RowKey = call id)
/// holds the status, so a replayed queue message sees at once that the call is done. Table <c>AiUsage</c>
/// (PartitionKey = <c>{center}|{yyyy-MM-dd}</c>, RowKey = call id) holds each call's audio seconds and tokens, and the day's reserved total (row <c>~total</c>, kept with each
/// reservation in one transaction): the budget check is two point reads, the usage report one partition scan, and a
/// replay rewrites its own row instead of counting twice.
/// </summary>
public sealed class AnalysisStore(BlobServiceClient blobs, TableServiceClient tables)
{
    public const string Container = "ai-results";
    public const string StatusTable = "AiAnalyses";
    public const string UsageTable = "AiUsage";
    private readonly BlobContainerClient container = blobs.GetBlobContainerClient(Container);
    private readonly TableClient status = tables.GetTableClient(StatusTable);
    private readonly TableClient usage = tables.GetTableClient(UsageTable);

    public async Task<AnalysisStatus?> GetStatusAsync(string center, string callId, CancellationToken ct)
    {
        var hit = await status.GetEntityIfExistsAsync<TableEntity>(center, callId, cancellationToken: ct);
        return hit.HasValue && Enum.TryParse<AnalysisStatus>(hit.Value!.GetString("Status"), out var s) ? s : null;
    }

    public async Task SaveAsync(CallAnalysis analysis, CancellationToken ct)
    {
        await container.GetBlobClient($"{analysis.CenterId}/{analysis.CallId}/analysis.json")
            .UploadAsync(BinaryData.FromObjectAsJson(analysis, HostJson.Options), overwrite: true, ct);
        await status.UpsertEntityAsync(new TableEntity(analysis.CenterId, analysis.CallId)
        {
            ["Status"] = analysis.Status.ToString(),
            ["Reason"] = analysis.Reason,
            ["RiskScore"] = analysis.RiskScore,
            ["UpdatedAt"] = analysis.UpdatedAt,
        }, TableUpdateMode.Replace, ct);
    }

    public async Task<CallAnalysis?> GetAsync(string center, string callId, CancellationToken ct)
    {
        try
        {
            var content = await container.GetBlobClient($"{center}/{callId}/analysis.json").DownloadContentAsync(ct);
            return content.Value.Content.ToObjectFromJson<CallAnalysis>(HostJson.Options);
        }
        catch (RequestFailedException e) when (e.Status == 404) { return null; }
    }

    public Task SaveTranscriptAsync(string center, Transcript masked, CancellationToken ct) =>
        container.GetBlobClient($"{center}/{masked.CallId}/transcript.json")
            .UploadAsync(BinaryData.FromObjectAsJson(masked, HostJson.Options), new BlobUploadOptions { HttpHeaders = new() { ContentType = "application/json; charset=utf-8" } }, ct);

    public async Task<Transcript?> GetTranscriptAsync(string center, string callId, CancellationToken ct)
    {
        try
        {
            var content = await container.GetBlobClient($"{center}/{callId}/transcript.json").DownloadContentAsync(ct);
            return content.Value.Content.ToObjectFromJson<Transcript>(HostJson.Options);
        }
        catch (RequestFailedException e) when (e.Status == 404) { return null; }
    }

    /// <summary>The day's reserved audio seconds, in the usage partition. Call ids start with a letter or digit: no clash.</summary>
    private const string TotalRow = "~total";

    /// <summary>
    /// Reserves a call's audio seconds against the day's budget before any model call. The call's usage row and the
    /// day's total change in one transaction under the total's ETag, so analyses running at once can never spend past
    /// the budget together; a call that reserved before (a redelivered message) is granted without counting again.
    /// A day without a total yet (rows written before totals were kept) starts from the sum of its rows.
    /// </summary>
    public async Task<(bool Granted, double UsedSeconds)> ReserveAsync(string center, DateOnly day, string callId, double seconds,
        double budgetSeconds, CancellationToken ct)
    {
        var partition = UsagePartition(center, day);
        for (var attempt = 0; ; attempt++)
        {
            var mine = await usage.GetEntityIfExistsAsync<TableEntity>(partition, callId, cancellationToken: ct);
            var total = await usage.GetEntityIfExistsAsync<TableEntity>(partition, TotalRow, cancellationToken: ct);
            var used = total.HasValue ? total.Value!.GetDouble("AudioSeconds") ?? 0 : await SumOfRowsAsync(partition, ct);
            if (mine.HasValue) return (true, used);
            if (used + seconds > budgetSeconds) return (false, used);

            var newTotal = new TableEntity(partition, TotalRow) { ["AudioSeconds"] = used + seconds };
            try
            {
                await usage.SubmitTransactionAsync(
                [
                    new TableTransactionAction(TableTransactionActionType.Add, new TableEntity(partition, callId) { ["AudioSeconds"] = seconds }),
                    total.HasValue
                        ? new TableTransactionAction(TableTransactionActionType.UpdateReplace, newTotal, total.Value!.ETag)
                        : new TableTransactionAction(TableTransactionActionType.Add, newTotal),
                ], ct);
                return (true, used + seconds);
            }
            catch (TableTransactionFailedException e) when (e.Status is 409 or 412 && attempt < 100)
            {
                // Another analysis reserved (or created the total) in between: look again.
            }
        }
    }

    private async Task<double> SumOfRowsAsync(string partition, CancellationToken ct)
    {
        var sum = 0.0;
        await foreach (var e in usage.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition}"), select: ["AudioSeconds"], cancellationToken: ct))
            sum += e.GetDouble("AudioSeconds") ?? 0;
        return sum;
    }

    public Task RecordUsageAsync(string center, DateOnly day, string callId, double audioSeconds, AiUsage spent, CancellationToken ct) =>
        usage.UpsertEntityAsync(new TableEntity(UsagePartition(center, day), callId)
        {
            ["AudioSeconds"] = audioSeconds,
            ["TranscriptionCalls"] = spent.TranscriptionCalls,
            ["ChatCalls"] = spent.ChatCalls,
            ["PromptTokens"] = spent.PromptTokens,
            ["CompletionTokens"] = spent.CompletionTokens,
            ["Retries"] = spent.Retries,
        }, TableUpdateMode.Replace, ct);

    public async Task<DailyUsage> GetDailyUsageAsync(string center, DateOnly day, CancellationToken ct)
    {
        var result = new DailyUsage(center, day, 0, 0, 0, 0, 0, 0);
        await foreach (var e in usage.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {UsagePartition(center, day)}"), cancellationToken: ct))
            if (e.RowKey != TotalRow) result = result with
            {
                Calls = result.Calls + 1,
                AudioMinutes = result.AudioMinutes + (e.GetDouble("AudioSeconds") ?? 0) / 60,
                TranscriptionCalls = result.TranscriptionCalls + (e.GetInt32("TranscriptionCalls") ?? 0),
                ChatCalls = result.ChatCalls + (e.GetInt32("ChatCalls") ?? 0),
                PromptTokens = result.PromptTokens + (e.GetInt32("PromptTokens") ?? 0),
                CompletionTokens = result.CompletionTokens + (e.GetInt32("CompletionTokens") ?? 0),
            };
        return result;
    }

    private static string UsagePartition(string center, DateOnly day) => $"{center}|{day:yyyy-MM-dd}";
}

public sealed record DailyUsage(string CenterId, DateOnly Day, int Calls, double AudioMinutes, int TranscriptionCalls, int ChatCalls, int PromptTokens, int CompletionTokens);
