using Azure;
using Azure.Data.Tables;

namespace QaServerless.Hosting;

/// <summary>
/// A versioned setting kept as a head row and one immutable row per version (sampling plans, KPI targets, import
/// profiles). The next version is its row added and the head replaced under the ETag it was read with (added when there
/// is none yet), in one transaction: two people saving at once cannot both win.
/// </summary>
public static class VersionedRows
{
    /// <summary>False when another save came first (the head changed meanwhile, or that version's row exists).</summary>
    public static async Task<bool> TryAddVersionAsync(this TableClient table, TableEntity head, ETag? headETag, TableEntity version, CancellationToken ct)
    {
        var headAction = headETag is { } etag
            ? new TableTransactionAction(TableTransactionActionType.UpdateReplace, head, etag)
            : new TableTransactionAction(TableTransactionActionType.Add, head);
        try
        {
            await table.SubmitTransactionAsync([new TableTransactionAction(TableTransactionActionType.Add, version), headAction], ct);
            return true;
        }
        catch (TableTransactionFailedException e) when (e.Status is 409 or 412)
        {
            return false;
        }
    }
}
