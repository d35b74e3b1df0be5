using Azure;
using Azure.Data.Tables;

namespace QaServerless.ReferenceData;

/// <summary>
/// Centers, agents and inspectors in Table Storage. Agents and inspectors are partitioned by center, so a roster
/// is one single-partition scan and a person one point read (docs/data-model.md).
/// </summary>
public sealed class ReferenceDataStore(TableServiceClient tables)
{
    public const string CentersTable = "Centers";
    public const string AgentsTable = "Agents";
    public const string InspectorsTable = "Inspectors";
    private const string CenterPartition = "center";

    private TableClient Centers => tables.GetTableClient(CentersTable);
    private TableClient Agents => tables.GetTableClient(AgentsTable);
    private TableClient Inspectors => tables.GetTableClient(InspectorsTable);

    public async Task<Center?> GetCenterAsync(string centerId, CancellationToken ct = default)
    {
        var hit = await Centers.GetEntityIfExistsAsync<TableEntity>(CenterPartition, centerId, cancellationToken: ct);
        return hit.HasValue ? ToCenter(hit.Value!) : null;
    }

    public async Task<IReadOnlyList<Center>> ListCentersAsync(CancellationToken ct = default)
    {
        var list = new List<Center>();
        await foreach (var e in Centers.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {CenterPartition}"), cancellationToken: ct))
            list.Add(ToCenter(e));
        return list;
    }

    public Task UpsertCenterAsync(Center center, CancellationToken ct = default) =>
        Centers.UpsertEntityAsync(new TableEntity(CenterPartition, center.CenterId)
        {
            ["Name"] = center.Name, ["TimeZone"] = center.TimeZone, ["RetentionDays"] = center.RetentionDays,
        }, TableUpdateMode.Replace, ct);

    public async Task<Agent?> GetAgentAsync(string centerId, string agentId, CancellationToken ct = default)
    {
        var hit = await Agents.GetEntityIfExistsAsync<TableEntity>(centerId, agentId, cancellationToken: ct);
        return hit.HasValue ? ToAgent(hit.Value!) : null;
    }

    public async Task<IReadOnlyList<Agent>> ListAgentsAsync(string centerId, CancellationToken ct = default)
    {
        var list = new List<Agent>();
        await foreach (var e in Agents.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {centerId}"), cancellationToken: ct))
            list.Add(ToAgent(e));
        return list;
    }

    public Task UpsertAgentsAsync(IEnumerable<Agent> agents, CancellationToken ct = default) =>
        SubmitInBatchesAsync(Agents, agents.Select(a => new TableEntity(a.CenterId, a.AgentId)
        {
            ["Name"] = a.Name, ["Team"] = a.Team, ["SupervisorId"] = a.SupervisorId,
            ["HireDate"] = a.HireDate?.ToString("yyyy-MM-dd"), ["BusinessTypes"] = string.Join(',', a.BusinessTypes),
            ["Active"] = a.Active, ["OnRoster"] = a.OnRoster,
        }), ct);

    /// <summary>
    /// An agent seen in call records but missing from the roster is stored, flagged (<c>OnRoster = false</c>), never dropped.
    /// Adds the row only when none exists, so a roster entry is never overwritten by a flag.
    /// </summary>
    public async Task FlagUnknownAgentAsync(string centerId, string agentId, string team, CancellationToken ct = default)
    {
        try
        {
            await Agents.AddEntityAsync(new TableEntity(centerId, agentId)
            {
                ["Name"] = agentId, ["Team"] = team, ["BusinessTypes"] = "", ["Active"] = true, ["OnRoster"] = false,
            }, ct);
        }
        catch (RequestFailedException e) when (e.Status == 409) { }
    }

    public async Task<IReadOnlyList<Inspector>> ListInspectorsAsync(string centerId, CancellationToken ct = default)
    {
        var list = new List<Inspector>();
        await foreach (var e in Inspectors.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {centerId}"), cancellationToken: ct))
            list.Add(ToInspector(e));
        return list;
    }

    public async Task<Inspector?> GetInspectorAsync(string centerId, string inspectorId, CancellationToken ct = default)
    {
        var hit = await Inspectors.GetEntityIfExistsAsync<TableEntity>(centerId, inspectorId, cancellationToken: ct);
        return hit.HasValue ? ToInspector(hit.Value!) : null;
    }

    public Task UpsertInspectorsAsync(IEnumerable<Inspector> inspectors, CancellationToken ct = default) =>
        SubmitInBatchesAsync(Inspectors, inspectors.Select(i => new TableEntity(i.CenterId, i.InspectorId)
        {
            ["Name"] = i.Name, ["DailyCap"] = i.DailyCap, ["Skills"] = string.Join(',', i.Skills),
            ["ExcludedTeams"] = string.Join(',', i.ExcludedTeams), ["Active"] = i.Active,
        }), ct);

    /// <summary>Upserts in transactions of at most 100 entities of one partition (the Table service's limit).</summary>
    public static async Task SubmitInBatchesAsync(TableClient table, IEnumerable<TableEntity> entities, CancellationToken ct)
    {
        foreach (var partition in entities.GroupBy(e => e.PartitionKey))
        foreach (var chunk in partition.DistinctBy(e => e.RowKey).Chunk(100))
            await table.SubmitTransactionAsync(chunk.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, e)), ct);
    }

    private static Center ToCenter(TableEntity e) =>
        new(e.RowKey, e.GetString("Name") ?? e.RowKey, e.GetString("TimeZone") ?? "UTC", e.GetInt32("RetentionDays") ?? 365);

    private static Agent ToAgent(TableEntity e) => new(
        e.PartitionKey, e.RowKey, e.GetString("Name") ?? e.RowKey, e.GetString("Team") ?? "", e.GetString("SupervisorId"),
        DateOnly.TryParse(e.GetString("HireDate"), out var hired) ? hired : null, SplitList(e.GetString("BusinessTypes")),
        e.GetBoolean("Active") ?? true, e.GetBoolean("OnRoster") ?? true);

    private static Inspector ToInspector(TableEntity e) => new(
        e.PartitionKey, e.RowKey, e.GetString("Name") ?? e.RowKey, e.GetInt32("DailyCap") ?? 0,
        SplitList(e.GetString("Skills")), SplitList(e.GetString("ExcludedTeams")), e.GetBoolean("Active") ?? true);

    internal static IReadOnlyList<string> SplitList(string? value) =>
        string.IsNullOrWhiteSpace(value) ? [] : value.Split([',', ';', '|'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
