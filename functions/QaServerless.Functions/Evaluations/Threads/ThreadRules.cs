using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using QaServerless.Hosting;
using QaServerless.Notifications;
using QaServerless.Privacy;
using QaServerless.Scorecards;
using QaServerless.Security;

namespace QaServerless.Evaluations.Threads;

/// <summary>The result of a thread step: the next version, or why not (<see cref="Errors"/>: 400 by field; <see cref="Conflict"/>: 409).</summary>
public sealed record CommentStep(ThreadComment? Next, Dictionary<string, string[]>? Errors = null, string? Conflict = null, string? Code = null)
{
    public static CommentStep Invalid(string field, string message) => new(null, new() { [field] = [message] });
    public static CommentStep NotNow(string code, string why) => new(null, Conflict: why, Code: code);
}

/// <summary>
/// Who an evaluation's thread is between, by roster id — the people <see cref="EvaluationAccess.CanSee"/> lets see it:
/// the QA leads (their shared inbox <c>@qa-lead</c>) and the inspector always; the agent and the supervisors of the
/// agent's team (the roster's <c>SupervisorId</c> of the team's agents) once it is released. A comment written before
/// release stays between the scorers, so only they may be mentioned in it.
/// </summary>
public sealed record ThreadAudience(Evaluation Evaluation, IReadOnlySet<string> TeamSupervisors)
{
    public bool MaySee(string personId, bool scorersOnly = false) =>
        Same(personId, Recipients.QaLeads) || Same(personId, Evaluation.InspectorId)
        || !scorersOnly && Evaluation.IsReleased && (Same(personId, Evaluation.AgentId) || TeamSupervisors.Contains(personId));

    /// <summary>Everybody who may be mentioned now, in a comment visible to all (the picker's list).</summary>
    public IReadOnlyList<Mentionable> Mentionable(Func<string, string?> nameOf) =>
    [
        new(Evaluation.InspectorId, Roles.Inspector, nameOf(Evaluation.InspectorId)),
        .. Evaluation.IsReleased
            ? [new Mentionable(Evaluation.AgentId, Roles.Agent, nameOf(Evaluation.AgentId)),
               .. TeamSupervisors.Order(StringComparer.Ordinal).Select(s => new Mentionable(s, Roles.Supervisor, nameOf(s)))]
            : Array.Empty<Mentionable>(),
        new(Recipients.QaLeads, Roles.QaLead, null),
    ];

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}

/// <summary>
/// The rules of an evaluation's thread as pure functions: who writes, what a post, an edit and a withdrawal need, and
/// which mentions a comment makes. Storage and HTTP are in <see cref="ThreadService"/> and <see cref="ThreadsApi"/>.
/// </summary>
public static partial class ThreadRules
{
    public const int MaxMentions = 20;

    // "@I001", "请@I001看一下", "@qa-lead": an @ not preceded by what an e-mail's local part holds (so a@b.cn is no mention),
    // then a roster id. Ids are ASCII, so Chinese text right after the id ends it; a full stop after it is not part of it.
    [GeneratedRegex(@"(?<![A-Za-z0-9._%+\-@])@([A-Za-z0-9](?:[A-Za-z0-9._\-]*[A-Za-z0-9])?)", RegexOptions.CultureInvariant)]
    private static partial Regex MentionToken();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex CommentIdPattern();

    /// <summary>The people mentioned in a text, each once, in the order written (<c>@qa-lead</c> as <see cref="Recipients.QaLeads"/>).</summary>
    public static IReadOnlyList<string> MentionsIn(string text) =>
        MentionToken().Matches(text).Select(m => m.Groups[1].Value)
            .Select(id => string.Equals("@" + id, Recipients.QaLeads, StringComparison.OrdinalIgnoreCase) ? Recipients.QaLeads : id)
            .Distinct(StringComparer.OrdinalIgnoreCase).ToList();

    /// <summary>The author's id: the roster id, else (an admin, a QA lead not on the roster) the sign-in id, whose inbox it also is.</summary>
    public static string AuthorOf(CurrentUser user) => user.PersonId ?? user.Id;

    /// <summary>The part the person has in this evaluation, shown beside their comments.</summary>
    public static string RoleOf(CurrentUser user, Evaluation e) =>
        EvaluationAccess.IsLead(user, e.CenterId) ? (user.IsIn(Roles.Admin) && !user.IsIn(Roles.QaLead) ? Roles.Admin : Roles.QaLead)
        : EvaluationAccess.IsInspectorOf(user, e) ? Roles.Inspector
        : EvaluationAccess.IsAgentOf(user, e) ? Roles.Agent
        : Roles.Supervisor;

    public static bool MayRead(CurrentUser user, Evaluation e, ThreadComment c) => EvaluationAccess.MayScore(user, e) || !c.BeforeRelease;

    public static bool MayEdit(CurrentUser user, ThreadComment c) => string.Equals(AuthorOf(user), c.AuthorId, StringComparison.OrdinalIgnoreCase);

    /// <summary>The author withdraws their comment; a QA lead may withdraw any (a comment that should not stand, e.g. abusive).</summary>
    public static bool MayWithdraw(CurrentUser user, Evaluation e, ThreadComment c) => MayEdit(user, c) || EvaluationAccess.IsLead(user, e.CenterId);

    public static bool IsCommentId(string? id) => id is not null && CommentIdPattern().IsMatch(id);

    /// <summary>The id of a post that came without one: the same author, item, parent and text give the same id.</summary>
    public static string DerivedId(string author, string? itemId, string? parentId, string text) =>
        "cm-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{author}\n{itemId}\n{parentId}\n{text.Trim()}")))[..20];

    /// <summary>
    /// A new comment (version 1): text required and masked; an item of the evaluation's scorecard version, or the parent's
    /// item for a reply; a parent the author can read; every mention somebody who may read it.
    /// </summary>
    public static CommentStep Post(Evaluation e, Scorecard card, ThreadAudience audience, IReadOnlyList<ThreadComment> readable, CommentRequest body,
        string commentId, string author, string role, DateTimeOffset at)
    {
        if (!IsCommentId(commentId)) return CommentStep.Invalid("commentId", "A comment id is 1 to 64 letters, digits, '-' or '_', starting with a letter or digit.");
        ThreadComment? parent = null;
        if (!string.IsNullOrWhiteSpace(body.ParentId) && (parent = readable.FirstOrDefault(c => c.CommentId == body.ParentId)) is null)
            return CommentStep.Invalid("parentId", $"'{body.ParentId}' is not a comment of this evaluation's thread.");
        var itemId = string.IsNullOrWhiteSpace(body.ItemId) ? null : body.ItemId.Trim();
        if (parent is not null && itemId is not null && itemId != parent.ItemId)
            return CommentStep.Invalid("itemId", parent.ItemId is null ? "A reply is about what its parent is about: the evaluation as a whole." : $"A reply is about its parent's item '{parent.ItemId}'.");
        if (parent is null && itemId is not null && card.FindItem(itemId) is null)
            return CommentStep.Invalid("itemId", $"'{itemId}' is not an item of scorecard {card.ScorecardId} v{card.Version}, which this evaluation is scored on.");

        var scorersOnly = !e.IsReleased || parent?.BeforeRelease == true;
        if (CheckText(body.Text, audience, scorersOnly) is { } invalid) return invalid;
        var text = PiiMasker.Mask(body.Text!.Trim());
        return new(new ThreadComment
        {
            CenterId = e.CenterId, EvaluationId = e.EvaluationId, CommentId = commentId, ItemId = parent?.ItemId ?? itemId, ParentId = parent?.CommentId,
            Text = text, Mentions = MentionsIn(text), AuthorId = author, AuthorRole = role, PostedAt = at, BeforeRelease = scorersOnly,
            Version = 1, ChangedBy = author, ChangedAt = at, Reason = "posted",
        });
    }

    /// <summary>The next version with the new text; the same text again is no change (the current version is answered).</summary>
    public static CommentStep Edit(ThreadComment c, ThreadAudience audience, string? text, string? reason, string by, DateTimeOffset at)
    {
        if (c.Withdrawn) return CommentStep.NotNow(ProblemCodes.CommentWithdrawn, "This comment was withdrawn; write a new one.");
        if (CheckText(text, audience, c.BeforeRelease) is { } invalid) return invalid;
        var masked = PiiMasker.Mask(text!.Trim());
        if (masked == c.Text) return new(c);
        return new(Next(c, by, at, reason, "edited") with { Text = masked, Mentions = MentionsIn(masked) });
    }

    /// <summary>Withdrawn: the head says so and holds no text; the versions before keep what was written.</summary>
    public static CommentStep Withdraw(ThreadComment c, string? reason, string by, DateTimeOffset at) =>
        c.Withdrawn
            ? CommentStep.NotNow(ProblemCodes.CommentWithdrawn, "This comment was withdrawn already.")
            : new(Next(c, by, at, reason, "withdrawn") with { Text = "", Mentions = [], Withdrawn = true });

    /// <summary>Who a version mentions for the first time: an edit notifies only the people it adds.</summary>
    public static IReadOnlyList<string> NewMentions(ThreadComment? before, ThreadComment after) =>
        after.Mentions.Where(m => before is null || !before.Mentions.Contains(m, StringComparer.OrdinalIgnoreCase)).ToList();

    private static CommentStep? CheckText(string? text, ThreadAudience audience, bool scorersOnly)
    {
        if (string.IsNullOrWhiteSpace(text)) return CommentStep.Invalid("text", "Write the comment.");
        var mentions = MentionsIn(PiiMasker.Mask(text.Trim()));
        if (mentions.Count > MaxMentions) return CommentStep.Invalid("mentions", $"At most {MaxMentions} people can be mentioned in one comment.");
        var unseen = mentions.Where(m => !audience.MaySee(m, scorersOnly)).ToList();
        if (unseen.Count == 0) return null;
        var who = scorersOnly ? "the inspector and the QA leads (@qa-lead): this comment is between the scorers" : "the inspector, the agent, the team's supervisor and the QA leads (@qa-lead)";
        return new(null, new() { ["mentions"] = [.. unseen.Select(m => $"'{m}' may not see this evaluation, so cannot be mentioned; mention {who}.")] });
    }

    private static ThreadComment Next(ThreadComment c, string by, DateTimeOffset at, string? reason, string defaultReason) => c with
    {
        Version = c.Version + 1, ChangedBy = by, ChangedAt = at,
        Reason = string.IsNullOrWhiteSpace(reason) ? defaultReason : PiiMasker.Mask(reason.Trim()),
    };
}
