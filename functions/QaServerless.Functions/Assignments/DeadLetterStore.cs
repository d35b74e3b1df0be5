using Azure.Data.Tables;

namespace QaServerless.Assignments;

/// <summary>An assignment message that Service Bus gave up on (dead-lettered), as a QA lead sees it.</summary>
public sealed record DeadLetter(
    string CenterId,
    string MessageId,
    string? CallId,
    string Reason,
    string? Description,
    string? LastError,
    int? DeliveryCount,
    DateTimeOffset? EnqueuedAt,
    DateTimeOffset RecordedAt,
    string Body);

/// <summary>
/// Dead-lettered assignments and the failure notes that explain them. PartitionKey = center (<c>_unknown</c> when the
/// body did not even name one); RowKey <c>dl|{messageId}</c> for a dead letter, <c>note|{messageId}</c> for the last
/// error AssignInspector met on that message. Service Bus's own reason (MaxDeliveryCountExceeded…) says little;
/// the note says what was wrong (bad field, nobody may evaluate the team…). Both are upserts: replays are harmless.
/// </summary>
public sealed class DeadLetterStore(TableServiceClient tables)
{
    public const string TableName = "AssignmentDeadLetters";
    public const string UnknownCenter = "_unknown";
    private const int MaxBody = 4000;
    private TableClient Table => tables.GetTableClient(TableName);

    public Task NoteFailureAsync(string? centerId, string messageId, string error, CancellationToken ct = default) =>
        Table.UpsertEntityAsync(new TableEntity(Partition(centerId), $"note|{messageId}") { ["Error"] = Truncate(error) }, cancellationToken: ct);

    public async Task<string?> GetFailureNoteAsync(string? centerId, string messageId, CancellationToken ct = default)
    {
        var hit = await Table.GetEntityIfExistsAsync<TableEntity>(Partition(centerId), $"note|{messageId}", cancellationToken: ct);
        return hit.HasValue ? hit.Value!.GetString("Error") : null;
    }

    public Task RecordAsync(DeadLetter letter, CancellationToken ct = default) =>
        Table.UpsertEntityAsync(new TableEntity(Partition(letter.CenterId), $"dl|{letter.MessageId}")
        {
            ["MessageId"] = letter.MessageId, ["CallId"] = letter.CallId, ["Reason"] = letter.Reason,
            ["Description"] = letter.Description, ["LastError"] = letter.LastError, ["DeliveryCount"] = letter.DeliveryCount,
            ["EnqueuedAt"] = letter.EnqueuedAt, ["RecordedAt"] = letter.RecordedAt, ["Body"] = Truncate(letter.Body),
        }, TableUpdateMode.Replace, ct);

    public async Task<IReadOnlyList<DeadLetter>> ListAsync(string centerId, CancellationToken ct = default)
    {
        var list = new List<DeadLetter>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition(centerId)} and RowKey ge {"dl|"} and RowKey lt {"dl}"}");
        await foreach (var e in Table.QueryAsync<TableEntity>(filter, cancellationToken: ct))
            list.Add(new DeadLetter(e.PartitionKey, e.GetString("MessageId") ?? e.RowKey[3..], e.GetString("CallId"), e.GetString("Reason") ?? "",
                e.GetString("Description"), e.GetString("LastError"), e.GetInt32("DeliveryCount"), e.GetDateTimeOffset("EnqueuedAt"),
                e.GetDateTimeOffset("RecordedAt") ?? default, e.GetString("Body") ?? ""));
        return list.OrderByDescending(d => d.RecordedAt).ToList();
    }

    private static string Partition(string? centerId) => string.IsNullOrWhiteSpace(centerId) ? UnknownCenter : centerId;

    private static string Truncate(string text) => text.Length <= MaxBody ? text : text[..MaxBody] + "…";
}
