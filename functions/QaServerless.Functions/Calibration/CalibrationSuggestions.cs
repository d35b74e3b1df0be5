namespace QaServerless.Calibration;

/// <summary>
/// A sign that people scored a call differently: an appeal upheld (the inspector's answer was wrong), the AI's pre-score
/// and the inspector disagreeing on items, … <see cref="ItemIds"/> are the items in dispute, when known.
/// </summary>
public sealed record DisagreementSignal(string CallId, string Reason, double Weight, IReadOnlyList<string> ItemIds, DateTimeOffset At);

/// <summary>A feature that can tell where scorers disagreed. Each source is registered in DI; calibration asks them all.</summary>
public interface ICalibrationSignalSource
{
    Task<IReadOnlyList<DisagreementSignal>> FindAsync(string center, DateTimeOffset since, CancellationToken ct);
}

/// <summary>A call the API proposes for the next session, with why.</summary>
public sealed record SuggestedCall(string CallId, double Weight, IReadOnlyList<string> ItemIds, IReadOnlyList<string> Reasons, DateTimeOffset LatestSignal);

/// <summary>
/// Suggests calls for a session (docs/calibration.md, "Which calls to calibrate"). The rule:
/// <list type="number">
/// <item>collect disagreement signals of the last N days from every source (appeals upheld weigh 3, each item on which
/// AI and inspector disagreed weighs 1; sources set their own weights);</item>
/// <item>a signal on an item that had low agreement in the center's earlier sessions (pairwise agreement below 80 %, or
/// α below 0.667, Krippendorff's lowest acceptable value) counts double: that item is where the standard is unclear;</item>
/// <item>calls already calibrated in the center are left out; rank by total weight, then the most recent signal.</item>
/// </list>
/// </summary>
public sealed class CalibrationSuggestions(IEnumerable<ICalibrationSignalSource> sources, CalibrationStore store, TimeProvider clock)
{
    public const double LowAgreementPercent = 80;
    public const double LowAlpha = 0.667;

    public async Task<IReadOnlyList<SuggestedCall>> SuggestAsync(string center, int count, int days, CancellationToken ct)
    {
        var since = clock.GetUtcNow().AddDays(-days);
        var signals = new List<DisagreementSignal>();
        foreach (var source in sources) signals.AddRange(await source.FindAsync(center, since, ct));
        var sessions = await store.ListSessionsAsync(center, ct);
        var agreement = await store.ListItemAgreementAsync(center, ct);
        return Rank(signals, ContestedItems(agreement), sessions.SelectMany(s => s.CallIds).ToHashSet(StringComparer.Ordinal), count);
    }

    /// <summary>Items whose latest calibration showed low agreement.</summary>
    public static IReadOnlySet<string> ContestedItems(IEnumerable<CalibrationStore.ItemAgreementRow> rows) =>
        rows.GroupBy(r => r.ItemId).Select(g => g.MaxBy(r => r.ClosedAt)!)
            .Where(r => r.PercentAgreement < LowAgreementPercent || r.AlphaNominal < LowAlpha)
            .Select(r => r.ItemId).ToHashSet(StringComparer.Ordinal);

    public static IReadOnlyList<SuggestedCall> Rank(IEnumerable<DisagreementSignal> signals, IReadOnlySet<string> contestedItems,
        IReadOnlySet<string> alreadyCalibrated, int count) =>
        signals.Where(s => !alreadyCalibrated.Contains(s.CallId))
            .GroupBy(s => s.CallId)
            .Select(g => new SuggestedCall(
                g.Key,
                g.Sum(s => s.ItemIds.Any(contestedItems.Contains) ? 2 * s.Weight : s.Weight),
                g.SelectMany(s => s.ItemIds).Distinct().Order(StringComparer.Ordinal).ToList(),
                g.Select(s => s.Reason).Distinct().ToList(),
                g.Max(s => s.At)))
            .OrderByDescending(c => c.Weight).ThenByDescending(c => c.LatestSignal).ThenBy(c => c.CallId, StringComparer.Ordinal)
            .Take(count)
            .ToList();
}
