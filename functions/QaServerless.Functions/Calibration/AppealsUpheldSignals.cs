using QaServerless.Evaluations;

namespace QaServerless.Calibration;

/// <summary>
/// Calls whose evaluation was corrected on appeal: a QA lead decided the inspector scored them wrong, the strongest sign
/// that the standard is read differently. The items in dispute are the upheld items of an item-level appeal; of a
/// whole-evaluation appeal, those the correction changed (deducted before and not after, or the other way round). One
/// partition query of the center's evaluations, narrowed by status.
/// </summary>
public sealed class AppealsUpheldSignals(EvaluationStore evaluations) : ICalibrationSignalSource
{
    public const string Reason = "appeal upheld";
    public const double Weight = 3;

    public async Task<IReadOnlyList<DisagreementSignal>> FindAsync(string center, DateTimeOffset since, CancellationToken ct)
    {
        var upheld = await evaluations.ListAsync(center, status: EvaluationStatus.AppealUpheld, ct: ct);
        return upheld.Select(e => (e, at: e.Appeal?.DecidedAt ?? e.ChangedAt)).Where(x => x.at >= since)
            .Select(x => new DisagreementSignal(x.e.CallId, Reason, Weight, DisputedItems(x.e), x.at)).ToList();
    }

    public static IReadOnlyList<string> DisputedItems(Evaluation e)
    {
        if (e.Appeal is { Items.Count: > 0 } appeal)
            return appeal.Items.Where(i => i.Upheld == true).Select(i => i.ItemId).Order(StringComparer.Ordinal).ToList();
        IEnumerable<string> before = [.. e.OriginalResult?.DeductedItemIds ?? [], .. e.OriginalResult?.CriticalItemIds ?? []];
        IEnumerable<string> after = [.. e.Result?.DeductedItemIds ?? [], .. e.Result?.CriticalItemIds ?? []];
        return before.Except(after).Union(after.Except(before)).Distinct().Order(StringComparer.Ordinal).ToList();
    }
}
