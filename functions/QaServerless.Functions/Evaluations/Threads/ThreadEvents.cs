using QaServerless.Notifications;
using QaServerless.Security;

namespace QaServerless.Evaluations.Threads;

/// <summary>
/// What a comment tells whom, as plain functions (no storage). A mention notifies the people a version names for the
/// first time (key <c>mentioned|{evaluation}|{comment}|v{version}</c>); a reply notifies the others in its conversation —
/// the authors of the comment it starts from and of the replies to it — who still see the evaluation and are not
/// mentioned in it already (key <c>replied|{evaluation}|{comment}</c>: once, however often the post is retried). Nobody is
/// told of their own comment. The link opens the evaluation at the comment.
/// </summary>
public static class ThreadEvents
{
    public const int ExcerptLength = 120;

    public static string Link(ThreadComment c) =>
        $"{NotificationRules.EvaluationLink(c.CenterId, c.EvaluationId)}?comment={Uri.EscapeDataString(c.CommentId)}";

    public static NotificationEvent? Mentioned(Evaluation e, ThreadComment? before, ThreadComment after, string authorName)
    {
        var to = ThreadRules.NewMentions(before, after).Where(m => !Same(m, after.AuthorId)).ToList();
        return to.Count == 0 ? null : Event(e, after, NotificationKind.Mentioned, $"mentioned|{e.EvaluationId}|{after.CommentId}|v{after.Version}", to, authorName);
    }

    public static NotificationEvent? Replied(Evaluation e, ThreadComment reply, IReadOnlyList<ThreadComment> thread, ThreadAudience audience, string authorName)
    {
        if (reply.ParentId is null || reply.Version != 1) return null;
        var byId = thread.ToDictionary(c => c.CommentId);
        var root = RootOf(reply, byId);
        var conversation = thread.Where(c => c.CommentId != reply.CommentId && !c.Withdrawn && RootOf(c, byId).CommentId == root.CommentId);
        var to = conversation
            // Scorers' own ids are not roster ids the audience knows (a QA lead's sign-in id); agents and supervisors must still see it.
            .Where(c => c.AuthorRole is Roles.QaLead or Roles.Admin || audience.MaySee(c.AuthorId, reply.BeforeRelease))
            .Select(c => c.AuthorId)
            .Where(id => !Same(id, reply.AuthorId) && !reply.Mentions.Contains(id, StringComparer.OrdinalIgnoreCase))
            .Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        return to.Count == 0 ? null : Event(e, reply, NotificationKind.CommentReplied, $"replied|{e.EvaluationId}|{reply.CommentId}", to, authorName);
    }

    /// <summary>The comment a reply's chain starts from (a chain that leaves the thread ends where it leaves).</summary>
    public static ThreadComment RootOf(ThreadComment c, IReadOnlyDictionary<string, ThreadComment> byId)
    {
        var at = c;
        for (var hops = 0; at.ParentId is { } parent && byId.TryGetValue(parent, out var up) && hops < 100; hops++) at = up;
        return at;
    }

    private static NotificationEvent Event(Evaluation e, ThreadComment c, NotificationKind kind, string key, IReadOnlyList<string> to, string authorName) =>
        new(e.CenterId, kind, key, to, e.EvaluationId, Link(c), new Dictionary<string, string>
        {
            ["evaluationId"] = e.EvaluationId, ["callId"] = e.CallId, ["commentId"] = c.CommentId, ["itemId"] = c.ItemId ?? "",
            ["by"] = c.AuthorId, ["byName"] = authorName,
            ["excerpt"] = c.Text.Length <= ExcerptLength ? c.Text : c.Text[..ExcerptLength] + "…",
        }, c.ChangedAt);

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
