using Azure.Data.Tables;
using QaServerless.Ai.Analysis;
using QaServerless.Ai.PreScoring;

namespace QaServerless.Ai.Agreement;

/// <summary>A human's released answer to one item (what the scoring feature hands over on release or correction).</summary>
public sealed record HumanItemAnswer(string ItemId, int? Points, bool NotApplicable, int Possible);

/// <summary>
/// Pairs of (AI suggestion, released human answer) in table <c>AiAgreement</c>: PartitionKey = center, RowKey =
/// <c>{released yyyyMMddHHmmss}|{evaluationId}|{itemId}</c>, so a rolling window is one range scan of one partition.
/// A replayed or corrected release rewrites the same rows (the released instant is the evaluation's first release).
/// </summary>
public sealed class AgreementStore(TableServiceClient tables, AnalysisStore analyses, AiSettingsStore settingsStore, TimeProvider clock)
{
    public const string Table = "AiAgreement";
    private readonly TableClient table = tables.GetTableClient(Table);

    /// <summary>
    /// Records the pairs for a released evaluation of a call the AI analysed. Items the AI did not suggest (discarded,
    /// not answered, not pre-scored) make no pair: agreement is measured on what inspectors were actually shown. They
    /// are kept apart, with the cause, in the <see cref="UnpairedPartition"/> so the agreement page can say why an item
    /// has no figures. Returns how many pairs were written.
    /// </summary>
    public async Task<int> RecordReleasedAsync(string center, string callId, string evaluationId, DateTimeOffset releasedAt,
        IEnumerable<HumanItemAnswer> human, CancellationToken ct = default)
    {
        if (await analyses.GetAsync(center, callId, ct) is not { } analysis) return 0;
        var suggestions = analysis.Suggestions.ToDictionary(s => s.ItemId);
        var discarded = analysis.Discarded.GroupBy(d => d.ItemId).ToDictionary(g => g.Key, g => g.First().Reason.ToString());
        var rows = new List<TableTransactionAction>();
        var unpaired = new List<TableTransactionAction>();
        foreach (var answer in human)
        {
            var rowKey = $"{releasedAt.UtcDateTime:yyyyMMddHHmmss}|{evaluationId}|{answer.ItemId}";
            if (!suggestions.TryGetValue(answer.ItemId, out var ai))
            {
                var cause = discarded.GetValueOrDefault(answer.ItemId) ?? (analysis.PreScoring == "done" ? NotAnswered : $"{NotPreScored}:{analysis.PreScoring ?? "none"}");
                unpaired.Add(new TableTransactionAction(TableTransactionActionType.UpsertReplace,
                    new TableEntity(UnpairedPartition(center), rowKey) { ["ItemId"] = answer.ItemId, ["CallId"] = callId, ["Cause"] = cause }));
                continue;
            }
            var humanLabel = AnswerLabels.FromPoints(answer.Points, answer.NotApplicable);
            var aiLabel = AnswerLabels.FromPoints(ai.Points, ai.Points is null);
            rows.Add(new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity(center, rowKey)
            {
                ["ItemId"] = answer.ItemId,
                ["CallId"] = callId,
                ["Ai"] = aiLabel,
                ["Human"] = humanLabel,
                ["AiDeduction"] = ai.Deduction,
                ["HumanDeduction"] = answer.Points is { } p && !answer.NotApplicable && p < answer.Possible,
            }));
        }
        foreach (var chunk in rows.Chunk(100)) await table.SubmitTransactionAsync(chunk, ct);
        foreach (var chunk in unpaired.Chunk(100)) await table.SubmitTransactionAsync(chunk, ct);
        return rows.Count;
    }

    /// <summary>The model answered but gave no answer for the item.</summary>
    public const string NotAnswered = "NotAnswered";
    /// <summary>Pre-scoring did not run to the end on the call (no scorecard, failed, malformed); the outcome follows the colon.</summary>
    public const string NotPreScored = "NotPreScored";

    /// <summary>Released answers the AI had no suggestion for: PartitionKey <c>{center}|unpaired</c>, same RowKey as a pair.</summary>
    public static string UnpairedPartition(string center) => $"{center}|unpaired";

    /// <summary>Per item over the window: released answers without an AI suggestion, counted by cause.</summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>>> GetUnpairedAsync(string center, int windowDays, CancellationToken ct = default)
    {
        var from = From(windowDays);
        var counts = new Dictionary<string, Dictionary<string, int>>();
        await foreach (var e in table.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {UnpairedPartition(center)} and RowKey ge {from}"), cancellationToken: ct))
        {
            var causes = counts.TryGetValue(e.GetString("ItemId"), out var c) ? c : counts[e.GetString("ItemId")] = [];
            var cause = e.GetString("Cause") ?? NotAnswered;
            causes[cause] = causes.GetValueOrDefault(cause) + 1;
        }
        return counts.ToDictionary(kv => kv.Key, kv => (IReadOnlyDictionary<string, int>)kv.Value);
    }

    private string From(int windowDays) => clock.GetUtcNow().AddDays(-windowDays).UtcDateTime.ToString("yyyyMMddHHmmss");

    /// <summary>Per item over the center's rolling window (its settings), with the gate that decides what inspectors see.</summary>
    public async Task<IReadOnlyList<ItemAgreement>> GetAsync(string center, int? windowDays = null, CancellationToken ct = default)
    {
        var settings = await settingsStore.GetAsync(center, ct);
        var from = From(windowDays ?? settings.WindowDays);
        var pairs = new List<AgreementPair>();
        await foreach (var e in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {center} and RowKey ge {from}"), cancellationToken: ct))
            pairs.Add(new AgreementPair(e.GetString("ItemId"), e.GetString("Ai"), e.GetString("Human"), e.GetBoolean("AiDeduction") ?? false, e.GetBoolean("HumanDeduction") ?? false));
        return pairs.GroupBy(p => p.ItemId).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => AgreementMath.Compute(g.Key, g.ToList(), settings.KappaThreshold, settings.MinPairs)).ToList();
    }
}
