using QaServerless.Evaluations;

namespace QaServerless.Kpis;

/// <summary>One evaluation behind a figure: what it added to the rollups (score, band, items), and its call.</summary>
public sealed record DrillEvaluation(
    string EvaluationId, string? CallId, string? AgentId, string? Team, string? InspectorId, string? BusinessType,
    decimal? Score, string? Band, bool CriticalError, IReadOnlyList<string> DeductedItems, IReadOnlyList<string> WarningItems);

/// <summary>A page of the evaluations behind a figure (worst score first), with the count of all of them.</summary>
public sealed record DrillDownPage(
    string CenterId, string Period, KpiGroup GroupBy, string? Group, string? Item, int Total, int Skip,
    IReadOnlyList<DrillEvaluation> Evaluations, string? ContinuationToken, string? PreviousToken);

/// <summary>
/// From a figure to the evaluations behind it, read from the rollups' own records of what each evaluation added
/// (<c>e|{evaluationId}</c> in the period's partitions): the evaluations a group's figures count are exactly those whose
/// record added to the group's row, those a Pareto bar counts exactly those whose record deducted (or warned) the item.
/// A supervisor gets the records that added to one of their teams only. Then one point read of each evaluation on the
/// page, for its call.
/// </summary>
public sealed class KpiDrillDown(KpiStore store, EvaluationStore evaluations)
{
    public async Task<DrillDownPage> ListAsync(string center, string period, IReadOnlyList<string> partitions, KpiGroup groupBy, string? group,
        string? item, IReadOnlySet<string>? teams, int skip, int top, string fingerprint, CancellationToken ct)
    {
        var matches = new List<DrillEvaluation>();
        foreach (var partition in partitions)
            await foreach (var (id, rows) in store.ReadEvaluationContributionsAsync(partition, ct))
                if (Matches(rows, groupBy, group, item, teams)) matches.Add(Describe(id, rows));
        var sorted = matches.OrderBy(e => e.Score ?? decimal.MaxValue).ThenBy(e => e.EvaluationId, StringComparer.Ordinal).ToList();
        skip = Math.Clamp(skip, 0, sorted.Count);
        var page = await Task.WhenAll(sorted.Skip(skip).Take(top).Select(async e =>
            e with { CallId = (await evaluations.GetAsync(center, e.EvaluationId, ct))?.Value.CallId }));
        return new DrillDownPage(center, period, groupBy, group, item, sorted.Count, skip, page,
            skip + top < sorted.Count ? KpiPaging.Token(fingerprint, skip + top) : null,
            skip > 0 ? KpiPaging.Token(fingerprint, Math.Max(0, skip - top)) : null);
    }

    /// <summary>Whether an evaluation's record counts in the figure asked about (and in the reader's teams).</summary>
    public static bool Matches(IReadOnlyDictionary<string, Counters> rows, KpiGroup groupBy, string? group, string? item, IReadOnlySet<string>? teams)
    {
        if (!rows.TryGetValue(KpiStore.GroupRow(KpiGroup.Center, ""), out var own) || own[K.Evaluations] <= 0) return false;
        if (groupBy != KpiGroup.Center && !rows.ContainsKey(KpiStore.GroupRow(groupBy, group ?? ""))) return false;
        if (item is not null && own[K.Deducted(item)] <= 0 && own[K.Warned(item)] <= 0) return false;
        return teams is null || teams.Any(t => rows.ContainsKey(KpiStore.GroupRow(KpiGroup.Team, t)));
    }

    private static DrillEvaluation Describe(string id, IReadOnlyDictionary<string, Counters> rows)
    {
        var own = rows[KpiStore.GroupRow(KpiGroup.Center, "")];
        string? IdOf(KpiGroup group)
        {
            var prefix = KpiStore.GroupPrefix(group);
            return rows.Keys.FirstOrDefault(k => k.StartsWith(prefix, StringComparison.Ordinal)) is { } key ? Uri.UnescapeDataString(key[prefix.Length..]) : null;
        }
        var evaluationCount = own[K.Evaluations];
        return new DrillEvaluation(id, null, IdOf(KpiGroup.Agent), IdOf(KpiGroup.Team), IdOf(KpiGroup.Inspector), IdOf(KpiGroup.BusinessType),
            Math.Round(own[K.ScoreHundredths] / 100m / evaluationCount, 2), own.WithPrefix("band.").Keys.FirstOrDefault(),
            own[K.WithAnyCritical] > 0 || own.WithPrefix("crit.").Values.Any(v => v > 0),
            [.. own.WithPrefix("item.d.").Keys.Order(StringComparer.Ordinal)], [.. own.WithPrefix("item.w.").Keys.Order(StringComparer.Ordinal)]);
    }
}
