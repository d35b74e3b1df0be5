using QaServerless.Notifications;
using QaServerless.Privacy;
using QaServerless.ReferenceData;
using QaServerless.Scorecards;
using QaServerless.Security;

namespace QaServerless.Evaluations.Threads;

/// <summary>What a thread call came to; <see cref="ThreadsApi"/> turns it into an HTTP answer.</summary>
public sealed record ThreadOutcome(OutcomeKind Kind, ThreadComment? Value = null, string? Detail = null, Dictionary<string, string[]>? Errors = null, string? Code = null)
{
    public static ThreadOutcome NotFound { get; } = new(OutcomeKind.NotFound);
    public static ThreadOutcome CommentNotFound { get; } = new(OutcomeKind.NotFound, Code: Hosting.ProblemCodes.CommentNotFound);
    public static ThreadOutcome Of(CommentStep step, ThreadComment? current) =>
        step.Conflict is { } why ? new(OutcomeKind.Conflict, current, why, Code: step.Code) : new(OutcomeKind.Invalid, Errors: step.Errors);
}

/// <summary>
/// Threads over storage: the evaluation must be one the person sees (404 otherwise, like the evaluation itself), the
/// comment one they may read; posts are idempotent by comment id, edits and withdrawals go under If-Match; mentions and
/// replies are notified through <see cref="Notifier"/> with once-only keys, so a retried request tells nobody twice.
/// </summary>
public sealed class ThreadService(EvaluationStore evaluations, ScorecardStore scorecards, ReferenceDataStore reference, ThreadStore store,
    Notifier notifier, TimeProvider clock)
{
    private sealed record Context(CenterScope Scope, Evaluation Evaluation, ThreadAudience Audience, IReadOnlyDictionary<string, string> Names)
    {
        public string NameOf(string id) => Names.GetValueOrDefault(id) ?? id;
    }

    public async Task<EvaluationThread?> ListAsync(string center, string id, CurrentUser user, CancellationToken ct)
    {
        if (await OpenAsync(center, id, user, ct) is not { } x) return null;
        var comments = (await store.ListAsync(x.Scope, id, ct)).Where(c => ThreadRules.MayRead(user, x.Evaluation, c)).ToList();
        return new(id, comments, x.Audience.Mentionable(x.Names.GetValueOrDefault));
    }

    public async Task<IReadOnlyList<ThreadComment>?> ListVersionsAsync(string center, string id, string commentId, CurrentUser user, CancellationToken ct)
    {
        if (await OpenAsync(center, id, user, ct) is not { } x || await store.GetAsync(x.Scope, id, commentId, ct) is not { } head
            || !ThreadRules.MayRead(user, x.Evaluation, head.Value)) return null;
        return await store.ListVersionsAsync(x.Scope, id, commentId, ct);
    }

    public async Task<ThreadOutcome> PostAsync(string center, string id, CommentRequest body, CurrentUser user, CancellationToken ct)
    {
        if (await OpenAsync(center, id, user, ct) is not { } x) return ThreadOutcome.NotFound;
        var e = x.Evaluation;
        var author = ThreadRules.AuthorOf(user);
        var commentId = string.IsNullOrWhiteSpace(body.CommentId) ? ThreadRules.DerivedId(author, body.ItemId, body.ParentId, body.Text ?? "") : body.CommentId.Trim();
        var thread = await store.ListAsync(x.Scope, id, ct);
        if (thread.FirstOrDefault(c => c.CommentId == commentId) is { } existing) return await ReplayAsync(x, existing, body, author, thread, ct);

        var card = (await scorecards.GetAsync(x.Scope.Id, e.ScorecardId, e.ScorecardVersion, ct))?.Value
            ?? throw new InvalidOperationException($"Scorecard {e.ScorecardId} v{e.ScorecardVersion} of evaluation {id} is missing.");
        var readable = thread.Where(c => ThreadRules.MayRead(user, e, c)).ToList();
        var step = ThreadRules.Post(e, card, x.Audience, readable, body, commentId, author, ThreadRules.RoleOf(user, e), clock.GetUtcNow());
        if (step.Next is not { } comment) return ThreadOutcome.Of(step, null);
        if (!await store.TryAddVersionAsync(x.Scope, comment, null, ct))
        {
            // The same post arrived twice at once: the other one stored it; this one is its replay.
            var stored = await store.GetAsync(x.Scope, id, commentId, ct);
            return stored is null ? new(OutcomeKind.PreconditionFailed) : await ReplayAsync(x, stored.Value, body, author, [.. thread, stored.Value], ct);
        }
        await NotifyAsync(x, null, comment, [.. thread, comment], ct);
        return new(OutcomeKind.Created, comment);
    }

    public Task<ThreadOutcome> EditAsync(string center, string id, string commentId, CommentEditRequest body, CurrentUser user, string? ifMatch, CancellationToken ct) =>
        ChangeAsync(center, id, commentId, user, ifMatch, (x, c) => ThreadRules.MayEdit(user, c), "Only the author edits a comment.",
            (x, c) => ThreadRules.Edit(c, x.Audience, body.Text, body.Reason, ThreadRules.AuthorOf(user), clock.GetUtcNow()), ct);

    public Task<ThreadOutcome> WithdrawAsync(string center, string id, string commentId, string? reason, CurrentUser user, string? ifMatch, CancellationToken ct) =>
        ChangeAsync(center, id, commentId, user, ifMatch, (x, c) => ThreadRules.MayWithdraw(user, x.Evaluation, c), "Only the author or a QA lead withdraws a comment.",
            (x, c) => ThreadRules.Withdraw(c, reason, ThreadRules.AuthorOf(user), clock.GetUtcNow()), ct);

    private async Task<ThreadOutcome> ChangeAsync(string center, string id, string commentId, CurrentUser user, string? ifMatch,
        Func<Context, ThreadComment, bool> mayAct, string forbidden, Func<Context, ThreadComment, CommentStep> change, CancellationToken ct)
    {
        if (await OpenAsync(center, id, user, ct) is not { } x) return ThreadOutcome.NotFound;
        if (await store.GetAsync(x.Scope, id, commentId, ct) is not { } found || !ThreadRules.MayRead(user, x.Evaluation, found.Value)) return ThreadOutcome.CommentNotFound;
        var current = found.Value;
        if (!mayAct(x, current)) return new(OutcomeKind.Forbidden, Detail: forbidden);
        if (ifMatch is null) return new(OutcomeKind.PreconditionRequired);
        if (ifMatch != current.ETag && ifMatch != "*") return new(OutcomeKind.PreconditionFailed);
        var step = change(x, current);
        if (step.Next is not { } next) return ThreadOutcome.Of(step, current);
        if (next.Version == current.Version) return new(OutcomeKind.Ok, current); // the same text again: nothing to write
        if (!await store.TryAddVersionAsync(x.Scope, next, found.ETag, ct)) return new(OutcomeKind.PreconditionFailed);
        await NotifyAsync(x, current, next, [], ct);
        return new(OutcomeKind.Ok, next);
    }

    /// <summary>
    /// A post whose id is stored already: the same author and text is a retry, answered with the comment as it is now
    /// (its notifications raised again, which adds nothing that was added); anything else is another comment under a
    /// taken id (409), told without a word of it.
    /// </summary>
    private async Task<ThreadOutcome> ReplayAsync(Context x, ThreadComment existing, CommentRequest body, string author, IReadOnlyList<ThreadComment> thread, CancellationToken ct)
    {
        var first = existing.Version == 1 ? existing : await store.GetVersionAsync(x.Scope, existing.EvaluationId, existing.CommentId, 1, ct);
        var same = first is not null && string.Equals(first.AuthorId, author, StringComparison.OrdinalIgnoreCase)
            && first.Text == PiiMasker.Mask((body.Text ?? "").Trim()) && first.ParentId == (string.IsNullOrWhiteSpace(body.ParentId) ? null : body.ParentId.Trim());
        if (!same) return new(OutcomeKind.Conflict, Detail: $"Comment id '{existing.CommentId}' is taken: pick another for a new comment.", Code: Hosting.ProblemCodes.CommentIdTaken);
        await NotifyAsync(x, null, first!, thread, ct);
        return new(OutcomeKind.Ok, existing);
    }

    private async Task NotifyAsync(Context x, ThreadComment? before, ThreadComment after, IReadOnlyList<ThreadComment> thread, CancellationToken ct)
    {
        var name = x.NameOf(after.AuthorId);
        await notifier.TryRaiseAsync(ThreadEvents.Mentioned(x.Evaluation, before, after, name), ct);
        if (before is null) await notifier.TryRaiseAsync(ThreadEvents.Replied(x.Evaluation, after, thread, x.Audience, name), ct);
    }

    /// <summary>The evaluation, if the person sees it, with its audience: the team's supervisors and the names from the roster.</summary>
    private async Task<Context?> OpenAsync(string center, string id, CurrentUser user, CancellationToken ct)
    {
        if (user.ScopeFor(center) is not { } scope || await evaluations.GetAsync(scope.Id, id, ct) is not { } found || !EvaluationAccess.CanSee(user, found.Value))
            return null;
        var e = found.Value;
        var agents = await reference.ListAgentsAsync(scope.Id, ct);
        var supervisors = agents.Where(a => string.Equals(a.Team, e.Team, StringComparison.OrdinalIgnoreCase) && !string.IsNullOrWhiteSpace(a.SupervisorId))
            .Select(a => a.SupervisorId!).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var names = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (agents.FirstOrDefault(a => a.AgentId == e.AgentId) is { } agent) names[agent.AgentId] = agent.Name;
        if (await reference.GetInspectorAsync(scope.Id, e.InspectorId, ct) is { } inspector) names[inspector.InspectorId] = inspector.Name;
        return new(scope, e, new ThreadAudience(e, supervisors), names);
    }
}
