using Azure;
using Azure.Data.Tables;
using QaServerless.Calls;
using QaServerless.ReferenceData;

namespace QaServerless.Kpis;

/// <summary>
/// The customers' answered contacts that FCR is computed from (table <c>KpiContacts</c>): one partition per center-local
/// day, rows keyed <c>{customer}|{businessType}|{start ticks}|{callId}</c>. A batch of calls loads once the days their
/// repeat windows cover: whole days for a CDR chunk (a few range reads, instead of one per call), only the customers'
/// own rows of each day for a few calls (a manifest). Changes are written in transactions per day.
/// </summary>
internal sealed class ContactIndex
{
    /// <summary>Below this many calls a batch reads its customers' rows of each day rather than whole days.</summary>
    public const int WholeDaysFrom = 50;

    private readonly Center center;
    private readonly Dictionary<string, List<Contact>> byCustomer = new(StringComparer.Ordinal);
    // Per day partition and row: the contact to write, or null to delete the row.
    private readonly Dictionary<string, Dictionary<string, Contact?>> changes = new(StringComparer.Ordinal);

    private ContactIndex(Center center) => this.center = center;

    private static string Key(string customer, string businessType) => CallKeys.Join(customer, businessType) + CallKeys.Separator;

    private static string RowKey(string customer, Contact c) => Key(customer, c.BusinessType) + CallKeys.Join(c.Start.UtcTicks.ToString("D19"), c.CallId);

    /// <summary>Loads the contacts within the widest repeat window of every given (customer, contact).</summary>
    public static async Task<ContactIndex> LoadAsync(TableClient table, Center center, IReadOnlyList<(string Customer, Contact Contact)> around,
        CancellationToken ct)
    {
        var index = new ContactIndex(center);
        var days = around.SelectMany(a => Days(center, a.Contact)).ToHashSet();
        var keys = around.Select(a => Key(a.Customer, a.Contact.BusinessType)).ToHashSet(StringComparer.Ordinal);
        foreach (var key in keys) index.byCustomer[key] = [];
        var reads = around.Count >= WholeDaysFrom
            ? days.Select(d => TableClient.CreateQueryFilter($"PartitionKey eq {CallKeys.DayPartition(center.CenterId, d)}"))
            : days.SelectMany(d => keys.Select(k => TableClient.CreateQueryFilter(
                $"PartitionKey eq {CallKeys.DayPartition(center.CenterId, d)} and RowKey ge {k} and RowKey lt {CallKeys.RangeEnd(k)}")));
        foreach (var filter in reads)
            await foreach (var e in table.QueryAsync<TableEntity>(filter, cancellationToken: ct))
            {
                var key = e.RowKey[..(e.RowKey.LastIndexOf(CallKeys.Separator, e.RowKey.LastIndexOf(CallKeys.Separator) - 1) + 1)];
                if (index.byCustomer.TryGetValue(key, out var list)) list.Add(ToContact(e));
            }
        return index;
    }

    private static IEnumerable<DateOnly> Days(Center center, Contact c)
    {
        var first = center.DayOf(c.Start - RepeatContacts.Widest);
        var last = center.DayOf(c.Start + RepeatContacts.Widest);
        for (var d = first; d <= last; d = d.AddDays(1)) yield return d;
    }

    /// <summary>The customer's contacts on the contact's business type within the widest window of it.</summary>
    public List<Contact> Around(string customer, Contact c) =>
        byCustomer[Key(customer, c.BusinessType)].Where(n => (n.Start - c.Start).Duration() <= RepeatContacts.Widest).ToList();

    public void Remove(string customer, Contact c)
    {
        byCustomer[Key(customer, c.BusinessType)].RemoveAll(n => n.CallId == c.CallId);
        Changes(c)[RowKey(customer, c)] = null;
    }

    public void Add(string customer, Contact c)
    {
        byCustomer[Key(customer, c.BusinessType)].Add(c);
        Changes(c)[RowKey(customer, c)] = c;
    }

    private Dictionary<string, Contact?> Changes(Contact c)
    {
        var partition = CallKeys.DayPartition(center.CenterId, center.DayOf(c.Start));
        if (!changes.TryGetValue(partition, out var rows)) changes[partition] = rows = new(StringComparer.Ordinal);
        return rows;
    }

    /// <summary>Writes the changes, ≤ 100 per transaction of a day (a row removed then added again is just written).</summary>
    public async Task SaveAsync(TableClient table, CancellationToken ct)
    {
        foreach (var (partition, rows) in changes)
            foreach (var chunk in rows.Chunk(100))
                await table.SubmitTransactionAsync(chunk.Select(r => r.Value is { } c
                    ? new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity(partition, r.Key)
                    {
                        ["CallId"] = c.CallId, ["Start"] = c.Start, ["Month"] = c.Month, ["AgentId"] = c.AgentId, ["Team"] = c.Team, ["BusinessType"] = c.BusinessType,
                    })
                    : new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(partition, r.Key), ETag.All)), ct);
    }

    private static Contact ToContact(TableEntity e) => new(e.GetString("CallId")!, e.GetDateTimeOffset("Start")!.Value, e.GetString("Month")!,
        e.GetString("AgentId")!, e.GetString("Team")!, e.GetString("BusinessType")!);
}
