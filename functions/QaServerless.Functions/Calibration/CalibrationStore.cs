using System.Text.Json;
using System.Text.Json.Serialization;
using Azure;
using Azure.Data.Tables;
using QaServerless.ReferenceData;
using QaServerless.Scoring;

namespace QaServerless.Calibration;

/// <summary>
/// Calibration in Table Storage (docs/calibration.md, "Storage"). Every read is a point read or one partition:
/// <list type="bullet">
/// <item><c>CalibrationSessions</c>: PK center, RK session id; the session as JSON. A center's sessions are one partition.</item>
/// <item><c>CalibrationScores</c>: PK <c>{center}|{session}</c>, RK <c>{participant}|{call}</c>; answers + score. The agreed
/// standard answers are stored as participant <see cref="StandardParticipant"/>.</item>
/// <item><c>CalibrationOutcomes</c>: PK center, RK <c>{inspector}|{closed yyyyMMddHHmmss}|{session}</c>: each inspector's
/// result per closed session, so a trend is one prefix range scan and the center's alerts one partition.</item>
/// <item><c>CalibrationItemAgreement</c>: PK center, RK <c>{session}|{item}</c>: agreement per item per closed session,
/// read when suggesting calls for the next session.</item>
/// </list>
/// </summary>
public sealed class CalibrationStore(TableServiceClient tables)
{
    public const string SessionsTable = "CalibrationSessions";
    public const string ScoresTable = "CalibrationScores";
    public const string OutcomesTable = "CalibrationOutcomes";
    public const string ItemAgreementTable = "CalibrationItemAgreement";
    /// <summary>PK center, RK <c>settings</c>: the center's default tolerance.</summary>
    public const string SettingsTable = "CalibrationSettings";
    /// <summary>Not a valid person id (ids may not start with '@'), so it never collides with a participant.</summary>
    public const string StandardParticipant = "@standard";

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private TableClient Sessions => tables.GetTableClient(SessionsTable);
    private TableClient Scores => tables.GetTableClient(ScoresTable);
    private TableClient Outcomes => tables.GetTableClient(OutcomesTable);
    private TableClient ItemAgreement => tables.GetTableClient(ItemAgreementTable);
    private TableClient Settings => tables.GetTableClient(SettingsTable);

    /// <summary>The center's default tolerance (proportional, 5 %, mean when never set).</summary>
    public async Task<Tolerance> GetDefaultToleranceAsync(string center, CancellationToken ct)
    {
        var hit = await Settings.GetEntityIfExistsAsync<TableEntity>(center, "settings", cancellationToken: ct);
        return hit.HasValue && hit.Value!.GetString("Tolerance") is { } json ? JsonSerializer.Deserialize<Tolerance>(json, Json)! : Tolerance.Default;
    }

    public Task SaveDefaultToleranceAsync(string center, Tolerance tolerance, CancellationToken ct) =>
        Settings.UpsertEntityAsync(new TableEntity(center, "settings") { ["Tolerance"] = JsonSerializer.Serialize(tolerance, Json) }, TableUpdateMode.Replace, ct);

    public sealed record Stored(CalibrationSession Session, ETag ETag);

    public async Task<ETag> AddSessionAsync(CalibrationSession session, CancellationToken ct)
    {
        var response = await Sessions.AddEntityAsync(ToEntity(session), ct);
        return response.Headers.ETag ?? default;
    }

    public async Task<Stored?> GetSessionAsync(string center, string sessionId, CancellationToken ct)
    {
        var hit = await Sessions.GetEntityIfExistsAsync<TableEntity>(center, sessionId, cancellationToken: ct);
        return hit.HasValue ? new Stored(FromEntity(hit.Value!), hit.Value!.ETag) : null;
    }

    public async Task<IReadOnlyList<CalibrationSession>> ListSessionsAsync(string center, CancellationToken ct)
    {
        var list = new List<CalibrationSession>();
        await foreach (var e in Sessions.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {center}"), cancellationToken: ct))
            list.Add(FromEntity(e));
        return list;
    }

    /// <summary>Replaces the session if it is still at <paramref name="etag"/>; the service answers 412 when someone was first.</summary>
    public async Task<ETag> ReplaceSessionAsync(CalibrationSession session, ETag etag, CancellationToken ct)
    {
        var response = await Sessions.UpdateEntityAsync(ToEntity(session), etag, TableUpdateMode.Replace, ct);
        return response.Headers.ETag ?? default;
    }

    public Task SaveScoreAsync(string center, string sessionId, ParticipantScore score, CancellationToken ct) =>
        Scores.UpsertEntityAsync(new TableEntity(ScoresPartition(center, sessionId), $"{score.ParticipantId}|{score.CallId}")
        {
            ["ParticipantId"] = score.ParticipantId, ["CallId"] = score.CallId, ["Score"] = (double)score.Score,
            ["Answers"] = JsonSerializer.Serialize(score.Answers, Json), ["SubmittedAt"] = score.SubmittedAt,
        }, TableUpdateMode.Replace, ct);

    /// <summary>All scores of a session, the standard's included (one partition).</summary>
    public async Task<IReadOnlyList<ParticipantScore>> ListScoresAsync(string center, string sessionId, CancellationToken ct)
    {
        var list = new List<ParticipantScore>();
        var partition = ScoresPartition(center, sessionId);
        await foreach (var e in Scores.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition}"), cancellationToken: ct))
            list.Add(new ParticipantScore(e.GetString("ParticipantId")!, e.GetString("CallId")!,
                JsonSerializer.Deserialize<List<ItemAnswer>>(e.GetString("Answers") ?? "[]", Json) ?? [],
                (decimal)(e.GetDouble("Score") ?? 0), e.GetDateTimeOffset("SubmittedAt") ?? default));
        return list;
    }

    /// <summary>Writes the inspectors' outcomes and the item agreement of a closed session. Idempotent: a replay upserts the same rows.</summary>
    public async Task SaveClosedResultsAsync(CalibrationSession session, SessionResults results, CancellationToken ct)
    {
        var closedAt = session.ClosedAt ?? throw new InvalidOperationException("The session is not closed.");
        var outcomes = results.Participants.Where(p => p.CountsForInspectorKpis).Select(p => new TableEntity(session.CenterId,
            $"{p.ParticipantId}|{closedAt.UtcDateTime:yyyyMMddHHmmss}|{session.SessionId}")
        {
            ["InspectorId"] = p.ParticipantId, ["SessionId"] = session.SessionId, ["ClosedAt"] = closedAt,
            ["MeanPercent"] = p.Result!.MeanPercent, ["MeanPoints"] = p.Result.MeanPoints, ["Passed"] = p.Result.Passed,
            ["Method"] = results.Tolerance.Method.ToString(), ["Limit"] = results.Tolerance.Limit, ["Baseline"] = results.Baseline.Kind.ToString(),
        });
        await ReferenceDataStore.SubmitInBatchesAsync(Outcomes, outcomes, ct);

        var items = results.Items.Select(i => new TableEntity(session.CenterId, $"{session.SessionId}|{i.ItemId}")
        {
            ["SessionId"] = session.SessionId, ["ItemId"] = i.ItemId, ["ScorecardId"] = session.ScorecardId, ["ClosedAt"] = closedAt,
            ["PercentAgreement"] = i.Agreement.PercentAgreement, ["AlphaNominal"] = i.Agreement.AlphaNominal,
        });
        await ReferenceDataStore.SubmitInBatchesAsync(ItemAgreement, items, ct);
    }

    /// <summary>An inspector's outcomes (one prefix range scan), or the whole center's when <paramref name="inspectorId"/> is null.</summary>
    public async Task<IReadOnlyList<(string InspectorId, SessionOutcome Outcome)>> ListOutcomesAsync(string center, string? inspectorId, CancellationToken ct)
    {
        // '}' sorts right after '|', so [id|, id}) is exactly the rows of this inspector.
        var filter = inspectorId is null
            ? TableClient.CreateQueryFilter($"PartitionKey eq {center}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {center} and RowKey ge {inspectorId + "|"} and RowKey lt {inspectorId + "}"}");
        var list = new List<(string, SessionOutcome)>();
        await foreach (var e in Outcomes.QueryAsync<TableEntity>(filter, cancellationToken: ct))
            list.Add((e.GetString("InspectorId")!, new SessionOutcome(e.GetString("SessionId")!, e.GetDateTimeOffset("ClosedAt") ?? default,
                e.GetDouble("MeanPercent") ?? 0, e.GetDouble("MeanPoints") ?? 0, e.GetBoolean("Passed") ?? false)));
        return list;
    }

    public sealed record ItemAgreementRow(string SessionId, string ScorecardId, string ItemId, DateTimeOffset ClosedAt, double? PercentAgreement, double? AlphaNominal);

    public async Task<IReadOnlyList<ItemAgreementRow>> ListItemAgreementAsync(string center, CancellationToken ct)
    {
        var list = new List<ItemAgreementRow>();
        await foreach (var e in ItemAgreement.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {center}"), cancellationToken: ct))
            list.Add(new ItemAgreementRow(e.GetString("SessionId")!, e.GetString("ScorecardId") ?? "", e.GetString("ItemId")!,
                e.GetDateTimeOffset("ClosedAt") ?? default, e.GetDouble("PercentAgreement"), e.GetDouble("AlphaNominal")));
        return list;
    }

    private static string ScoresPartition(string center, string sessionId) => $"{center}|{sessionId}";

    private static TableEntity ToEntity(CalibrationSession s) => new(s.CenterId, s.SessionId)
    {
        ["Status"] = s.Status.ToString(), ["CreatedAt"] = s.CreatedAt, ["Session"] = JsonSerializer.Serialize(s, Json),
    };

    private static CalibrationSession FromEntity(TableEntity e) =>
        JsonSerializer.Deserialize<CalibrationSession>(e.GetString("Session")!, Json)!;
}
