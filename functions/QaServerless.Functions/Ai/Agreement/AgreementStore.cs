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
    /// Records the pairs for a released evaluation of a call that had AI suggestions. Items the AI did not suggest
    /// (discarded, gated or not asked) make no pair: agreement is measured on what inspectors were actually shown.
    /// Returns how many pairs were written.
    /// </summary>
    public async Task<int> RecordReleasedAsync(string center, string callId, string evaluationId, DateTimeOffset releasedAt,
        IEnumerable<HumanItemAnswer> human, CancellationToken ct = default)
    {
        if (await analyses.GetAsync(center, callId, ct) is not { Suggestions.Count: > 0 } analysis) return 0;
        var suggestions = analysis.Suggestions.ToDictionary(s => s.ItemId);
        var rows = new List<TableTransactionAction>();
        foreach (var answer in human)
        {
            if (!suggestions.TryGetValue(answer.ItemId, out var ai)) continue;
            var humanLabel = AnswerLabels.FromPoints(answer.Points, answer.NotApplicable);
            var aiLabel = AnswerLabels.FromPoints(ai.Points, ai.Points is null);
            rows.Add(new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity(center, $"{releasedAt.UtcDateTime:yyyyMMddHHmmss}|{evaluationId}|{answer.ItemId}")
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
        return rows.Count;
    }

    /// <summary>Per item over the center's rolling window (its settings), with the gate that decides what inspectors see.</summary>
    public async Task<IReadOnlyList<ItemAgreement>> GetAsync(string center, int? windowDays = null, CancellationToken ct = default)
    {
        var settings = await settingsStore.GetAsync(center, ct);
        var from = clock.GetUtcNow().AddDays(-(windowDays ?? settings.WindowDays)).UtcDateTime.ToString("yyyyMMddHHmmss");
        var pairs = new List<AgreementPair>();
        await foreach (var e in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {center} and RowKey ge {from}"), cancellationToken: ct))
            pairs.Add(new AgreementPair(e.GetString("ItemId"), e.GetString("Ai"), e.GetString("Human"), e.GetBoolean("AiDeduction") ?? false, e.GetBoolean("HumanDeduction") ?? false));
        return pairs.GroupBy(p => p.ItemId).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => AgreementMath.Compute(g.Key, g.ToList(), settings.KappaThreshold, settings.MinPairs)).ToList();
    }
}
