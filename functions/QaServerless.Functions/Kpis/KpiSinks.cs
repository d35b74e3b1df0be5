using Azure;
using Azure.Data.Tables;
using QaServerless.Calls;
using QaServerless.Evaluations;
using QaServerless.ReferenceData;

namespace QaServerless.Kpis;

using Deltas = Dictionary<string, (Counters Delta, Dictionary<string, object> Labels)>;

/// <summary>
/// Keeps the contact-center rollups up to date as calls are ingested. A new call adds its contribution, a correction
/// takes the previous content's out and adds the new one, a replay (Unchanged) does nothing. FCR needs the customer's
/// other contacts: they are kept by day in <c>KpiContacts</c> (<see cref="ContactIndex"/>) and only those within a week are read.
/// </summary>
public sealed class KpiCallSink(KpiStore store, ReferenceDataStore reference) : ICallIngestedSink
{
    // A bulk import's own sink: the whole days of contacts one batch read serve the file's next batches.
    private bool importing;
    private ContactIndex? kept;

    /// <summary>The most contacts an import keeps between its batches (≈ 35 MB); a busier fortnight is read again per batch.</summary>
    internal int KeepContactsAtMost { get; init; } = 100_000;

    public ICallIngestedSink ForImport() => new KpiCallSink(store, reference) { importing = true, KeepContactsAtMost = KeepContactsAtMost };

    public async Task OnCallsIngestedAsync(IReadOnlyList<IngestedCall> calls, CancellationToken ct)
    {
        var changed = calls.Where(c => c.Outcome != IngestOutcome.Unchanged).ToList();
        if (changed.Count == 0) return;
        var center = await reference.GetCenterAsync(changed[0].Call.CenterId, ct) ?? throw new InvalidOperationException("Unknown center.");
        var byPartition = new Dictionary<string, Deltas>();

        foreach (var ingested in changed)
        {
            if (ingested.Previous is { } previous) AddCall(byPartition, center, previous, center.DayOf(previous.Start), -1);
            AddCall(byPartition, center, ingested.Call, ingested.Day, +1);
        }
        await UpdateContactsAsync(byPartition, center, changed, ct);
        foreach (var (partition, deltas) in byPartition) await store.ApplyAsync(partition, deltas, ct);
    }

    /// <summary>
    /// The FCR side of a batch: each call leaves its previous place among its customer's contacts (a correction) and
    /// joins its new one, in the batch's order, and every contact within a window of the change gets its FCR delta.
    /// The contacts are read once for the whole batch (once for a whole file, in an import) and written back by partition
    /// (<see cref="ContactIndex"/>).
    /// Only answered calls with a customer key are contacts.
    /// </summary>
    private async Task UpdateContactsAsync(Dictionary<string, Deltas> byPartition, Center center, List<IngestedCall> changed, CancellationToken ct)
    {
        Contact? ContactOf(Call? c) => c is null || c.Abandoned || string.IsNullOrEmpty(c.CustomerKey) ? null
            : new Contact(c.CallId, c.Start, CallKeys.Month(center.DayOf(c.Start)), c.AgentId, c.OwningTeam, c.BusinessType, c.ChannelKey);
        var moves = changed.Select(i => (Removed: ContactOf(i.Previous), PreviousCustomer: i.Previous?.CustomerKey, Added: ContactOf(i.Call), Customer: i.Call.CustomerKey))
            .Where(m => m.Removed is not null || m.Added is not null).ToList();
        if (moves.Count == 0) return;
        var around = moves.SelectMany(m => new[] { (m.PreviousCustomer, m.Removed), (m.Customer, m.Added) })
            .Where(a => a.Item2 is not null).Select(a => (a.Item1!, a.Item2!)).ToList();
        var index = kept ?? ContactIndex.For(center, around.Count, importing ? KeepContactsAtMost : 0);
        await index.LoadAsync(store.Contacts, around, ct);

        foreach (var (removed, previousCustomer, added, customer) in moves)
        {
            if (removed is not null && removed != added)
            {
                var neighbours = index.Around(previousCustomer!, removed);
                if (neighbours.Any(n => n.CallId == removed.CallId))
                {
                    AddFcrDeltas(byPartition, center, RepeatContacts.Delta(neighbours, null, removed.CallId), neighbours);
                    index.Remove(previousCustomer!, removed);
                }
            }
            if (added is not null)
            {
                var neighbours = index.Around(customer!, added);
                if (neighbours.Any(n => n.CallId == added.CallId)) continue; // counted already: a replay reported as new
                AddFcrDeltas(byPartition, center, RepeatContacts.Delta(neighbours, added, null), [.. neighbours, added]);
                index.Add(customer!, added);
            }
        }
        await index.SaveAsync(store.Contacts, ct);
        // A file's next batch mostly falls in the same days (an export lists calls in start order): keep what was read.
        kept = index.Keeps ? index : null;
    }

    internal static void AddCall(Dictionary<string, Deltas> byPartition, Center center, Call call, DateOnly day, int sign)
    {
        var contribution = CallContribution.Of(call);
        var deltas = PartitionOf(byPartition, center.CenterId, day);
        var dayDeltas = DayPartitionOf(byPartition, center.CenterId, day);
        foreach (var (row, labels) in GroupRows(call.OwningTeam, call.AgentId, call.BusinessType, call.ChannelKey))
        {
            Merge(deltas, row, contribution, sign, labels);
            Merge(dayDeltas, row, contribution, sign, labels);
        }
        Merge(deltas, KpiStore.DayRow(day), contribution, sign, new() { ["Day"] = day.ToString("yyyy-MM-dd") });
    }

    internal static IEnumerable<(string Row, Dictionary<string, object> Labels)> GroupRows(string team, string agentId, string? businessType,
        string? channel = null)
    {
        yield return (KpiStore.GroupRow(KpiGroup.Center, ""), new() { ["Id"] = "" });
        yield return (KpiStore.GroupRow(KpiGroup.Team, team), new() { ["Id"] = team });
        yield return (KpiStore.GroupRow(KpiGroup.Agent, agentId), new() { ["Id"] = agentId, ["Team"] = team });
        if (businessType is not null) yield return (KpiStore.GroupRow(KpiGroup.BusinessType, businessType), new() { ["Id"] = businessType });
        if (channel is not null) yield return (KpiStore.GroupRow(KpiGroup.Channel, channel), new() { ["Id"] = channel });
    }

    internal static Deltas PartitionOf(Dictionary<string, Deltas> byPartition, string center, DateOnly day) =>
        DeltasOf(byPartition, KpiStore.Partition(center, CallKeys.Month(day)));

    /// <summary>The deltas of the center-day partition (group rows of one day, for date ranges grouped by anything).</summary>
    internal static Deltas DayPartitionOf(Dictionary<string, Deltas> byPartition, string center, DateOnly day) =>
        DeltasOf(byPartition, KpiStore.DayPartition(center, day));

    /// <summary>The deltas gathered for one partition, created empty on first use.</summary>
    internal static Deltas DeltasOf(Dictionary<string, Deltas> byPartition, string partition)
    {
        if (!byPartition.TryGetValue(partition, out var deltas)) byPartition[partition] = deltas = new();
        return deltas;
    }

    internal static void Merge(Deltas deltas, string row, Counters contribution, int sign, Dictionary<string, object> labels)
    {
        if (deltas.TryGetValue(row, out var existing)) existing.Delta.Add(contribution, sign);
        else deltas[row] = (new Counters().Add(contribution, sign), labels);
    }

    internal static void AddFcrDeltas(Dictionary<string, Deltas> byPartition, Center center, Dictionary<string, Counters> changes, IReadOnlyList<Contact> contacts)
    {
        foreach (var (callId, delta) in changes)
        {
            var contact = contacts.First(c => c.CallId == callId);
            var deltas = DeltasOf(byPartition, KpiStore.Partition(center.CenterId, contact.Month));
            // The contact's own day: the day partition its call's contribution went to.
            var dayDeltas = DayPartitionOf(byPartition, center.CenterId, center.DayOf(contact.Start));
            foreach (var (row, labels) in GroupRows(contact.Team, contact.AgentId, contact.BusinessType, contact.Channel))
            {
                Merge(deltas, row, delta, 1, labels);
                Merge(dayDeltas, row, delta, 1, labels);
            }
        }
    }
}

/// <summary>
/// Keeps the QA rollups up to date from evaluation facts (released, corrected, appeal rejected). The month is the
/// release month in the center's time zone. One contribution per evaluation: a newer fact replaces the older one's.
/// </summary>
public sealed class KpiEvaluationSink(KpiStore store, ReferenceDataStore reference, CallStore calls) : IEvaluationFactsSink
{
    public async Task OnEvaluationFactAsync(EvaluationFact fact, CancellationToken ct)
    {
        var center = await reference.GetCenterAsync(fact.CenterId, ct) ?? throw new InvalidOperationException("Unknown center.");
        var call = await calls.GetAsync(fact.CenterId, fact.CallId, ct);
        var day = center.DayOf(fact.ReleasedAt);
        var contribution = Contribution(fact, call?.BusinessType, day, call?.ChannelKey);
        var row = KpiStore.ContributionRow("e", fact.EvaluationId);
        await store.ApplyContributionAsync(KpiStore.Partition(center.CenterId, CallKeys.Month(day)), row, fact.Version, contribution, ct);
        // The same contribution to the groups of the release day, recorded there too (a transaction is one partition):
        // a replay or an older fact changes neither, a correction replaces it in both.
        await store.ApplyContributionAsync(KpiStore.DayPartition(center.CenterId, day), row, fact.Version, ForDay(contribution), ct);
    }

    /// <summary>The group rows of a month contribution, for the day partition (which has no <c>d|</c> rows).</summary>
    internal static Deltas ForDay(Deltas contribution) =>
        contribution.Where(kv => kv.Key.StartsWith("g|", StringComparison.Ordinal)).ToDictionary(kv => kv.Key, kv => kv.Value);

    /// <summary>The rows one evaluation fact adds to (its center, team, agent, business type, inspector, day of release).</summary>
    internal static Deltas Contribution(EvaluationFact fact, string? businessType, DateOnly day, string? channel = null)
    {
        var contribution = EvaluationContribution.Of(fact);
        var deltas = new Deltas();
        foreach (var (row, labels) in KpiCallSink.GroupRows(fact.Team, fact.AgentId, businessType, channel))
            KpiCallSink.Merge(deltas, row, contribution, 1, labels);
        KpiCallSink.Merge(deltas, KpiStore.GroupRow(KpiGroup.Inspector, fact.InspectorId), EvaluationContribution.ForInspector(fact), 1,
            new() { ["Id"] = fact.InspectorId });
        KpiCallSink.Merge(deltas, KpiStore.DayRow(day), contribution, 1, new() { ["Day"] = day.ToString("yyyy-MM-dd") });
        return deltas;
    }
}

/// <summary>
/// Counts each inspector's calibration results (sessions, passes, mean deviation in percent) in the month the session
/// closed. A session closes once; a replay of the same close changes nothing.
/// </summary>
public sealed class KpiCalibrationSink(KpiStore store, ReferenceDataStore reference) : QaServerless.Calibration.ICalibrationClosedSink
{
    public async Task OnSessionClosedAsync(QaServerless.Calibration.CalibrationSession session, QaServerless.Calibration.SessionResults results, CancellationToken ct)
    {
        var center = await reference.GetCenterAsync(session.CenterId, ct) ?? throw new InvalidOperationException("Unknown center.");
        var day = center.DayOf(session.ClosedAt ?? DateTimeOffset.UtcNow);
        var deltas = new Deltas();
        foreach (var p in results.Participants.Where(p => p.CountsForInspectorKpis))
        {
            var c = new Counters().Add(K.CalibrationSessions, 1).Add(K.CalibrationPassed, p.Result!.Passed ? 1 : 0)
                .Add(K.CalibrationDeviationHundredths, (long)Math.Round(p.Result.MeanPercent * 100, MidpointRounding.AwayFromZero));
            KpiCallSink.Merge(deltas, KpiStore.GroupRow(KpiGroup.Inspector, p.ParticipantId), c, 1, new() { ["Id"] = p.ParticipantId });
        }
        var row = KpiStore.ContributionRow("k", session.SessionId);
        await store.ApplyContributionAsync(KpiStore.Partition(center.CenterId, CallKeys.Month(day)), row, 1, deltas, ct);
        await store.ApplyContributionAsync(KpiStore.DayPartition(center.CenterId, day), row, 1, deltas, ct);
    }
}
