using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using QaServerless.Calls;
using QaServerless.ReferenceData;

namespace QaServerless.Kpis;

/// <summary>
/// The customers' answered contacts that FCR is computed from (table <c>KpiContacts</c>): partitions
/// <c>{center}|{yyyyMMdd}|{bucket}</c> (center-local day, then one of 16 buckets by a hash of the customer key), rows
/// <c>{customer}|{businessType}|{start ticks}|{callId}</c>. The buckets keep a day's writes off a single partition
/// (Azure serves a partition from one server, target 2,000 entities/s, and an import writes a day at a time), while a
/// whole day is still one range of partition keys and a customer's rows of a day one range of one partition.
/// A batch of calls loads the days their repeat windows cover: whole days for a CDR chunk (a range read a day, instead
/// of one per call), only the customers' own rows of each day for a few calls (a manifest). Changes are written in
/// transactions per partition. During a bulk import one index serves every batch of the file (<see cref="Keeps"/>):
/// a day read once stays until the file has moved a week past it.
/// </summary>
internal sealed class ContactIndex
{
    /// <summary>From this many contacts a batch reads whole days rather than its customers' rows of each day.</summary>
    public const int WholeDaysFrom = 50;

    private const string Buckets = "0123456789abcdef";
    private const int Parallelism = 8;

    private readonly Center center;
    // Per center-local day, the contacts read or added, by customer key (customer|businessType|).
    private readonly Dictionary<DateOnly, Dictionary<string, List<Contact>>> days = [];
    // Per partition and row: the contact to write, or null to delete the row.
    private readonly Dictionary<string, Dictionary<string, Contact?>> changes = new(StringComparer.Ordinal);
    // One instance of each month, agent, team and business type: a kept index holds tens of thousands of contacts.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> names = new(StringComparer.Ordinal);
    // The first day the calls after this batch can need, if they come in start order (a CDR export).
    private DateOnly? stillNeededFrom;

    // The batch's customers (customer|businessType|): the rows of whole days held when the index does not keep them all.
    private HashSet<string>? batchKeys;
    // Contacts held: what KeepAtMost bounds.
    private int held;

    private ContactIndex(Center center, bool wholeDays, int keepAtMost) =>
        (this.center, WholeDays, KeepAtMost, Keeps) = (center, wholeDays, keepAtMost, wholeDays && keepAtMost > 0);

    /// <summary>
    /// An index for a batch of <paramref name="contacts"/> (customer, contact) pairs: whole days from <see cref="WholeDaysFrom"/>.
    /// With <paramref name="keepAtMost"/> above 0 it keeps every customer's contacts of the days it reads, up to that
    /// many, so that it can serve the next batch of the same file.
    /// </summary>
    public static ContactIndex For(Center center, int contacts, int keepAtMost = 0) => new(center, contacts >= WholeDaysFrom, keepAtMost);

    /// <summary>Whole days are read; otherwise only the batch's customers' rows of each day.</summary>
    public bool WholeDays { get; }

    /// <summary>
    /// Every customer's contacts of the days read are held, so the index can serve another batch. It stops (and holds
    /// only the batch's customers') once they pass <see cref="KeepAtMost"/>: a center with very busy days then reads
    /// its days again for each batch, in bounded memory, instead of holding two weeks of them.
    /// </summary>
    public bool Keeps { get; private set; }

    public int KeepAtMost { get; }

    private static string Key(string customer, string businessType) => CallKeys.Join(customer, businessType) + CallKeys.Separator;

    private static string RowKey(string customer, Contact c) => Key(customer, c.BusinessType) + CallKeys.Join(c.Start.UtcTicks.ToString("D19"), c.CallId);

    /// <summary>The customer's bucket: a stable hash, so every instance and every run puts a customer in the same one.</summary>
    internal static char Bucket(string customer) => Buckets[SHA256.HashData(Encoding.UTF8.GetBytes(customer))[0] & 0xF];

    private string Partition(DateOnly day, string customer) => DayPrefix(day) + Bucket(customer);

    private string DayPrefix(DateOnly day) => CallKeys.DayPartition(center.CenterId, day) + CallKeys.Separator;

    /// <summary>Loads what is not held yet of the contacts within the widest repeat window of every given (customer, contact).</summary>
    public async Task LoadAsync(TableClient table, IReadOnlyList<(string Customer, Contact Contact)> around, CancellationToken ct)
    {
        var needed = around.SelectMany(a => DaysAround(a.Contact)).ToHashSet();
        var keys = around.Select(a => (a.Customer, Key: Key(a.Customer, a.Contact.BusinessType))).Distinct().ToList();
        if (WholeDays)
        {
            batchKeys = keys.Select(k => k.Key).ToHashSet(StringComparer.Ordinal);
            stillNeededFrom = center.DayOf(around.Max(a => a.Contact.Start) - RepeatContacts.Widest);
        }
        var missing = needed.Where(d => !days.ContainsKey(d)).ToList();
        await Parallel.ForEachAsync(missing, Options(ct), async (day, token) => await ReadAsync(table, day, WholeDays ? null : keys, token));
        if (WholeDays && !Keeps) // held only what this batch needs (read filtered, or pruned once the days passed KeepAtMost)
            foreach (var byKey in days.Values)
                foreach (var key in byKey.Keys.Where(k => !batchKeys!.Contains(k)).ToList()) byKey.Remove(key);
    }

    /// <summary>Reads one day: whole (<paramref name="keys"/> null), or only the rows of the given customers.</summary>
    private async Task ReadAsync(TableClient table, DateOnly day, IReadOnlyList<(string Customer, string Key)>? keys, CancellationToken ct)
    {
        var byKey = new Dictionary<string, List<Contact>>(StringComparer.Ordinal);
        var prefix = DayPrefix(day);
        var filters = keys is null
            ? [TableClient.CreateQueryFilter($"PartitionKey ge {prefix} and PartitionKey lt {CallKeys.RangeEnd(prefix)}")]
            : keys.Select(k => TableClient.CreateQueryFilter(
                $"PartitionKey eq {Partition(day, k.Customer)} and RowKey ge {k.Key} and RowKey lt {CallKeys.RangeEnd(k.Key)}"));
        // A day the next calls cannot need (a file out of order reaches back): only this batch's customers.
        var nextCallsNeedIt = keys is null && day >= stillNeededFrom;
        foreach (var filter in filters)
            await foreach (var e in table.QueryAsync<TableEntity>(filter, cancellationToken: ct))
            {
                var key = e.RowKey[..(e.RowKey.LastIndexOf(CallKeys.Separator, e.RowKey.LastIndexOf(CallKeys.Separator) - 1) + 1)];
                var holdAll = nextCallsNeedIt && Keeps;
                if (keys is null && !holdAll && !batchKeys!.Contains(key)) continue;
                ListOf(byKey, key).Add(Compact(ToContact(e)));
                if (holdAll && Interlocked.Increment(ref held) > KeepAtMost) Keeps = false;
            }
        lock (days) days[day] = byKey;
    }

    private IEnumerable<DateOnly> DaysAround(Contact c)
    {
        var first = center.DayOf(c.Start - RepeatContacts.Widest);
        var last = center.DayOf(c.Start + RepeatContacts.Widest);
        for (var d = first; d <= last; d = d.AddDays(1)) yield return d;
    }

    private static List<Contact> ListOf(Dictionary<string, List<Contact>> byKey, string key)
    {
        if (!byKey.TryGetValue(key, out var list)) byKey[key] = list = [];
        return list;
    }

    private List<Contact> ListOf(string customer, Contact c) => ListOf(days[center.DayOf(c.Start)], Key(customer, c.BusinessType));

    /// <summary>The customer's contacts on the contact's business type within the widest window of it.</summary>
    public List<Contact> Around(string customer, Contact c)
    {
        var key = Key(customer, c.BusinessType);
        return DaysAround(c).SelectMany(d => days.TryGetValue(d, out var byKey) && byKey.TryGetValue(key, out var list) ? list : [])
            .Where(n => (n.Start - c.Start).Duration() <= RepeatContacts.Widest).ToList();
    }

    public void Remove(string customer, Contact c)
    {
        held -= ListOf(customer, c).RemoveAll(n => n.CallId == c.CallId);
        Changes(customer, c)[RowKey(customer, c)] = null;
    }

    public void Add(string customer, Contact c)
    {
        c = Compact(c);
        ListOf(customer, c).Add(c);
        held++;
        Changes(customer, c)[RowKey(customer, c)] = c;
    }

    private Dictionary<string, Contact?> Changes(string customer, Contact c)
    {
        var partition = Partition(center.DayOf(c.Start), customer);
        if (!changes.TryGetValue(partition, out var rows)) changes[partition] = rows = new(StringComparer.Ordinal);
        return rows;
    }

    /// <summary>
    /// Writes the changes, ≤ 100 per transaction of a partition, several partitions at once (a row removed then added
    /// again is just written). The index can then serve the next batch.
    /// </summary>
    public async Task SaveAsync(TableClient table, CancellationToken ct)
    {
        var transactions = changes.SelectMany(p => p.Value.Chunk(100).Select(rows => (Partition: p.Key, Rows: rows))).ToList();
        await Parallel.ForEachAsync(transactions, Options(ct),
            async (t, token) => await table.SubmitTransactionAsync(t.Rows.Select(r => r.Value is { } c
                ? new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity(t.Partition, r.Key)
                {
                    ["CallId"] = c.CallId, ["Start"] = c.Start, ["Month"] = c.Month, ["AgentId"] = c.AgentId, ["Team"] = c.Team, ["BusinessType"] = c.BusinessType,
                    ["Channel"] = c.Channel,
                })
                : new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(t.Partition, r.Key), ETag.All)), token));
        changes.Clear();
        // A file in start order moves forward: the days before the last call's window are done with (and those read for
        // this batch's customers only), so a kept index holds about two weeks of contacts however long the file. Out of
        // order, a day let go is read again when needed.
        if (Keeps && stillNeededFrom is { } from)
            foreach (var day in days.Keys.Where(d => d < from).ToList())
            {
                held -= days[day].Values.Sum(list => list.Count);
                days.Remove(day);
            }
        // Grown past what it may keep with this batch's own contacts: the next batch starts afresh.
        if (held > KeepAtMost) Keeps = false;
    }

    private Contact Compact(Contact c) => c with
    {
        Month = names.GetOrAdd(c.Month, c.Month), AgentId = names.GetOrAdd(c.AgentId, c.AgentId),
        Team = names.GetOrAdd(c.Team, c.Team), BusinessType = names.GetOrAdd(c.BusinessType, c.BusinessType),
        Channel = names.GetOrAdd(c.Channel, c.Channel),
    };

    private static ParallelOptions Options(CancellationToken ct) => new() { MaxDegreeOfParallelism = Parallelism, CancellationToken = ct };

    private static Contact ToContact(TableEntity e) => new(e.GetString("CallId")!, e.GetDateTimeOffset("Start")!.Value, e.GetString("Month")!,
        e.GetString("AgentId")!, e.GetString("Team")!, e.GetString("BusinessType")!,
        Calls.Channels.KeyOf(e.GetString("Channel")));
}
