using System.Text.Json;
using Azure;
using Azure.Data.Tables;

namespace QaServerless.Scorecards;

/// <summary>
/// Scorecard versions in one table, partitioned by center (a center's scorecards are few: one partition scan lists
/// them all). RowKey <c>{scorecardId}|{version:D4}</c>, so a scorecard's versions sort together and in order; the
/// whole version is kept as JSON next to the few fields that are filtered on. The center's scoring settings live in
/// the same partition under RowKey <see cref="SettingsKey"/>.
/// </summary>
public sealed class ScorecardStore(TableServiceClient tables)
{
    public const string TableName = "Scorecards";
    public const string SettingsKey = "!settings";
    private TableClient Table => tables.GetTableClient(TableName);

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    public static string Key(string scorecardId, int version) => $"{scorecardId}|{version:D4}";

    public async Task<Stored<Scorecard>?> GetAsync(string centerId, string scorecardId, int version, CancellationToken ct = default)
    {
        var hit = await Table.GetEntityIfExistsAsync<TableEntity>(centerId, Key(scorecardId, version), cancellationToken: ct);
        return hit.HasValue ? ToStored(hit.Value!) : null;
    }

    /// <summary>Every version of one scorecard, oldest first: a single-partition range scan.</summary>
    public async Task<IReadOnlyList<Stored<Scorecard>>> ListVersionsAsync(string centerId, string scorecardId, CancellationToken ct = default)
    {
        var list = new List<Stored<Scorecard>>();
        var from = $"{scorecardId}|";
        var to = $"{scorecardId}}}";
        await foreach (var e in Table.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {centerId} and RowKey gt {from} and RowKey lt {to}"), cancellationToken: ct))
            list.Add(ToStored(e));
        return list;
    }

    /// <summary>Every version of every scorecard of a center.</summary>
    public async Task<IReadOnlyList<Scorecard>> ListAsync(string centerId, CancellationToken ct = default)
    {
        var list = new List<Scorecard>();
        await foreach (var e in Table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {centerId}"), cancellationToken: ct))
            if (e.RowKey != SettingsKey) list.Add(ToStored(e).Value);
        return list;
    }

    /// <summary>The version in force at <paramref name="now"/>: the published one with the latest effective date already reached.</summary>
    public async Task<Scorecard?> GetInForceAsync(string centerId, string scorecardId, DateTimeOffset now, CancellationToken ct = default) =>
        (await ListVersionsAsync(centerId, scorecardId, ct)).Select(s => s.Value).Where(s => s.IsInForce(now))
            .OrderByDescending(s => s.EffectiveFrom).ThenByDescending(s => s.Version).FirstOrDefault();

    /// <summary>Adds a new version; false when that version exists already (someone else created it first).</summary>
    public async Task<Stored<Scorecard>?> AddAsync(Scorecard card, CancellationToken ct = default)
    {
        try
        {
            var entity = ToEntity(card);
            var response = await Table.AddEntityAsync(entity, ct);
            return new Stored<Scorecard>(card, response.Headers.ETag ?? default);
        }
        catch (RequestFailedException e) when (e.Status == 409) { return null; }
    }

    /// <summary>Replaces a version if nobody changed it since it was read; false on a conflict.</summary>
    public async Task<Stored<Scorecard>?> ReplaceAsync(Scorecard card, ETag etag, CancellationToken ct = default)
    {
        try
        {
            var response = await Table.UpdateEntityAsync(ToEntity(card), etag, TableUpdateMode.Replace, ct);
            return new Stored<Scorecard>(card, response.Headers.ETag ?? default);
        }
        catch (RequestFailedException e) when (e.Status is 412 or 404) { return null; }
    }

    public async Task<ScoringSettings> GetSettingsAsync(string centerId, CancellationToken ct = default)
    {
        var hit = await Table.GetEntityIfExistsAsync<TableEntity>(centerId, SettingsKey, cancellationToken: ct);
        return hit.HasValue && hit.Value!.GetString("Json") is { } json
            ? JsonSerializer.Deserialize<ScoringSettings>(json, Json) ?? ScoringSettings.Default
            : ScoringSettings.Default;
    }

    public Task SaveSettingsAsync(string centerId, ScoringSettings settings, CancellationToken ct = default) =>
        Table.UpsertEntityAsync(new TableEntity(centerId, SettingsKey) { ["Json"] = JsonSerializer.Serialize(settings, Json) }, TableUpdateMode.Replace, ct);

    private static TableEntity ToEntity(Scorecard card) => new(card.CenterId, Key(card.ScorecardId, card.Version))
    {
        ["Name"] = card.Name,
        ["Status"] = card.Status.ToString(),
        ["EffectiveFrom"] = card.EffectiveFrom,
        ["Json"] = JsonSerializer.Serialize(card, Json),
    };

    private static Stored<Scorecard> ToStored(TableEntity e) =>
        new(JsonSerializer.Deserialize<Scorecard>(e.GetString("Json")!, Json)!, e.ETag);
}

/// <summary>A value read from storage with the ETag that guards its next update.</summary>
public sealed record Stored<T>(T Value, ETag ETag);

/// <summary>A center's defaults for scorecards and evaluations (the domain's numbers, configurable per center).</summary>
public sealed record ScoringSettings
{
    /// <summary>How long a published scorecard is announced before it takes effect (the TCL practice: 7 days).</summary>
    public int NoticeDays { get; init; } = 7;
    /// <summary>How long an agent may appeal a released evaluation.</summary>
    public int AppealWindowDays { get; init; } = 7;
    /// <summary>How long a failed or critical-error evaluation keeps the agent on the sampling watch list.</summary>
    public int WatchListDays { get; init; } = 30;

    public static ScoringSettings Default { get; } = new();

    public Dictionary<string, string[]> Validate()
    {
        var errors = new Dictionary<string, string[]>();
        if (NoticeDays is < 0 or > 90) errors["noticeDays"] = ["The notice period is 0 to 90 days."];
        if (AppealWindowDays is < 1 or > 90) errors["appealWindowDays"] = ["The appeal window is 1 to 90 days."];
        if (WatchListDays is < 0 or > 365) errors["watchListDays"] = ["The watch-list period is 0 to 365 days."];
        return errors;
    }
}
