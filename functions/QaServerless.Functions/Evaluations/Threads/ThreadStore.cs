using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using QaServerless.Calls;
using QaServerless.Hosting;
using QaServerless.Scorecards;
using QaServerless.Security;

namespace QaServerless.Evaluations.Threads;

/// <summary>
/// The table <c>EvaluationComments</c>, one partition per evaluation (<c>{center}|{evaluationId}</c>, the center from
/// <see cref="CenterScope"/>), so a thread is one range of one partition:
/// <list type="table">
/// <item><term><c>c|{commentId}</c></term><description>the comment's current version (head)</description></item>
/// <item><term><c>v|{commentId}|{version:D5}</c></term><description>every version ever written, never changed</description></item>
/// </list>
/// A post adds both rows in one transaction (a second post of the same id fails with 409: the retry finds the first);
/// an edit or a withdrawal adds the version row and replaces the head under the ETag it was read with
/// (<see cref="VersionedRows"/>), so of two concurrent edits one wins and the other is told (412).
/// </summary>
public sealed class ThreadStore(TableServiceClient tables)
{
    public const string TableName = "EvaluationComments";
    private TableClient Table => tables.GetTableClient(TableName);
    private static JsonSerializerOptions Json => ScorecardStore.Json;

    public static string Partition(CenterScope center, string evaluationId) => CallKeys.Join(center.Id, evaluationId);
    private static string HeadKey(string commentId) => $"c|{commentId}";
    private static string VersionKey(string commentId, int version) => $"v|{commentId}|{version:D5}";

    /// <summary>The heads of a thread, oldest post first.</summary>
    public async Task<IReadOnlyList<ThreadComment>> ListAsync(CenterScope center, string evaluationId, CancellationToken ct) =>
        [.. (await RangeAsync(center, evaluationId, "c|", ct)).OrderBy(c => c.PostedAt).ThenBy(c => c.CommentId, StringComparer.Ordinal)];

    /// <summary>Every version of a comment, oldest first.</summary>
    public Task<IReadOnlyList<ThreadComment>> ListVersionsAsync(CenterScope center, string evaluationId, string commentId, CancellationToken ct) =>
        RangeAsync(center, evaluationId, $"v|{commentId}|", ct);

    public async Task<Stored<ThreadComment>?> GetAsync(CenterScope center, string evaluationId, string commentId, CancellationToken ct)
    {
        var hit = await Table.GetEntityIfExistsAsync<TableEntity>(Partition(center, evaluationId), HeadKey(commentId), cancellationToken: ct);
        return hit.HasValue ? new(Read(hit.Value!), hit.Value!.ETag) : null;
    }

    public async Task<ThreadComment?> GetVersionAsync(CenterScope center, string evaluationId, string commentId, int version, CancellationToken ct)
    {
        var hit = await Table.GetEntityIfExistsAsync<TableEntity>(Partition(center, evaluationId), VersionKey(commentId, version), cancellationToken: ct);
        return hit.HasValue ? Read(hit.Value!) : null;
    }

    /// <summary>
    /// Writes <paramref name="next"/>: version 1 adds the head (<paramref name="headETag"/> null), a later one replaces it
    /// under that ETag. False when another write came first (the id is taken, or the head changed meanwhile).
    /// </summary>
    public Task<bool> TryAddVersionAsync(CenterScope center, ThreadComment next, ETag? headETag, CancellationToken ct)
    {
        if (next.CenterId != center.Id) throw new CenterScopeException($"A comment of center {next.CenterId} was to be written under {center.Id}.");
        var partition = Partition(center, next.EvaluationId);
        return Table.TryAddVersionAsync(Row(partition, HeadKey(next.CommentId), next), headETag, Row(partition, VersionKey(next.CommentId, next.Version), next), ct);
    }

    private async Task<IReadOnlyList<ThreadComment>> RangeAsync(CenterScope center, string evaluationId, string prefix, CancellationToken ct)
    {
        var to = prefix[..^1] + (char)(prefix[^1] + 1);
        var list = new List<ThreadComment>();
        await foreach (var e in Table.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {Partition(center, evaluationId)} and RowKey ge {prefix} and RowKey lt {to}"), cancellationToken: ct))
            list.Add(Read(e));
        return list;
    }

    private static TableEntity Row(string partition, string key, ThreadComment c) => new(partition, key)
    {
        ["ItemId"] = c.ItemId, ["ParentId"] = c.ParentId, ["AuthorId"] = c.AuthorId, ["Version"] = c.Version, ["Withdrawn"] = c.Withdrawn,
        ["Json"] = JsonSerializer.Serialize(c, Json),
    };

    private static ThreadComment Read(TableEntity e) => JsonSerializer.Deserialize<ThreadComment>(e.GetString("Json")!, Json)!;
}
