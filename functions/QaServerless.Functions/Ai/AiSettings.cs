using System.Text.Json;
using Azure.Data.Tables;
using QaServerless.Hosting;

namespace QaServerless.Ai;

/// <summary>
/// A center's AI settings. Off switch first: <see cref="Enabled"/> false stops every model call for the center at once.
/// <see cref="AnalyzeAllCalls"/> opts in to analysing every ingested call (default: only sampled calls and calls a lead
/// asks for). The κ threshold gates which items show suggestions once <see cref="MinPairs"/> human comparisons exist.
/// </summary>
public sealed record AiSettings
{
    public bool Enabled { get; init; } = true;
    public bool AnalyzeAllCalls { get; init; }
    /// <summary>Audio minutes a day the center may send to transcription; beyond it calls are skipped, not queued forever.</summary>
    public double DailyBudgetMinutes { get; init; } = 600;
    public double KappaThreshold { get; init; } = 0.6;
    public int MinPairs { get; init; } = 20;
    public int WindowDays { get; init; } = 30;
    /// <summary>How far (seconds) a quoted piece of evidence may be from the time the model stated.</summary>
    public double EvidenceToleranceSeconds { get; init; } = 5;

    public static AiSettings Default { get; } = new();

    public Dictionary<string, string[]> Validate()
    {
        var errors = new Dictionary<string, string[]>();
        if (DailyBudgetMinutes is < 0 or > 1_000_000) errors["dailyBudgetMinutes"] = ["0 to 1,000,000 minutes."];
        if (KappaThreshold is < -1 or > 1) errors["kappaThreshold"] = ["Cohen's κ lies between -1 and 1."];
        if (MinPairs is < 1 or > 10_000) errors["minPairs"] = ["1 to 10,000."];
        if (WindowDays is < 1 or > 365) errors["windowDays"] = ["1 to 365 days."];
        if (EvidenceToleranceSeconds is < 0 or > 120) errors["evidenceToleranceSeconds"] = ["0 to 120 seconds."];
        return errors;
    }
}

/// <summary>Table <c>AiSettings</c>: PartitionKey = center, RowKey = <c>settings</c>; the record as JSON.</summary>
public sealed class AiSettingsStore(TableServiceClient tables)
{
    public const string Table = "AiSettings";
    private readonly TableClient table = tables.GetTableClient(Table);

    public async Task<AiSettings> GetAsync(string center, CancellationToken ct)
    {
        var hit = await table.GetEntityIfExistsAsync<TableEntity>(center, "settings", cancellationToken: ct);
        return hit.HasValue ? JsonSerializer.Deserialize<AiSettings>(hit.Value!.GetString("Json"), HostJson.Options) ?? AiSettings.Default : AiSettings.Default;
    }

    public Task SaveAsync(string center, AiSettings settings, CancellationToken ct) =>
        table.UpsertEntityAsync(new TableEntity(center, "settings") { ["Json"] = JsonSerializer.Serialize(settings, HostJson.Options) }, TableUpdateMode.Replace, ct);
}
