using Azure.Data.Tables;

namespace QaServerless.Ai.Risk;

/// <summary>A call's AI risk: what the sampling feature's always-include rule reads.</summary>
public sealed record RiskFlag(string CenterId, DateOnly Day, string CallId, int Score, IReadOnlyList<string> Reasons, DateTimeOffset AnalyzedAt);

/// <summary>
/// Table <c>AiRiskFlags</c>: PartitionKey = <c>{center}|{yyyy-MM-dd}</c> (the call's center-local day), RowKey = call id.
/// One row per analysed call, rewritten (upsert) when an analysis is replayed, so a day's flags are one partition scan.
/// The sampling feature calls <see cref="GetHighRiskCallsAsync"/> for the day it samples; when the center does not
/// transcribe every call the partition holds only the calls that were analysed.
/// </summary>
public sealed class RiskFlagStore(TableServiceClient tables, IConfiguration configuration)
{
    public const string Table = "AiRiskFlags";
    private readonly TableClient table = tables.GetTableClient(Table);

    /// <summary>The score from which a call counts as high risk (configurable: <c>Ai:HighRiskScore</c>, default 50).</summary>
    public int DefaultThreshold => configuration.GetValue("Ai:HighRiskScore", 50);

    public Task UpsertAsync(RiskFlag flag, CancellationToken ct) =>
        table.UpsertEntityAsync(new TableEntity(Partition(flag.CenterId, flag.Day), flag.CallId)
        {
            ["Score"] = flag.Score,
            ["Reasons"] = string.Join(',', flag.Reasons),
            ["AnalyzedAt"] = flag.AnalyzedAt,
        }, TableUpdateMode.Replace, ct);

    /// <summary>The day's calls with a risk score at or above <paramref name="minScore"/> (default: the configured threshold), riskiest first.</summary>
    public async Task<IReadOnlyList<RiskFlag>> GetHighRiskCallsAsync(string center, DateOnly day, int? minScore = null, CancellationToken ct = default)
    {
        var min = minScore ?? DefaultThreshold;
        var partition = Partition(center, day);
        var list = new List<RiskFlag>();
        await foreach (var e in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition} and Score ge {min}"), cancellationToken: ct))
            list.Add(new RiskFlag(center, day, e.RowKey, e.GetInt32("Score") ?? 0,
                (e.GetString("Reasons") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries), e.GetDateTimeOffset("AnalyzedAt") ?? default));
        return list.OrderByDescending(f => f.Score).ThenBy(f => f.CallId, StringComparer.Ordinal).ToList();
    }

    private static string Partition(string center, DateOnly day) => $"{center}|{day:yyyy-MM-dd}";
}
