namespace QaServerless.Evaluations.Threads;

/// <summary>
/// One version of a comment in an evaluation's thread: on the whole evaluation (<see cref="ItemId"/> null) or on one
/// item of its scorecard version, a reply when <see cref="ParentId"/> names another comment. Nothing is overwritten: an
/// edit is the next version, a withdrawal too (its text gone from the head, kept in the versions before it).
/// </summary>
public sealed record ThreadComment
{
    public required string CenterId { get; init; }
    public required string EvaluationId { get; init; }
    public required string CommentId { get; init; }
    /// <summary>The scorecard item the comment is about; null for the evaluation as a whole. A reply has its parent's.</summary>
    public string? ItemId { get; init; }
    public string? ParentId { get; init; }
    /// <summary>Masked (<see cref="Privacy.PiiMasker"/>) before it is stored; empty once withdrawn.</summary>
    public required string Text { get; init; }
    /// <summary>The roster ids (or <c>@qa-lead</c>) written as <c>@id</c> in the text: the text is the one source of mentions.</summary>
    public IReadOnlyList<string> Mentions { get; init; } = [];
    /// <summary>The author's roster id (a QA lead or admin without one: their sign-in id) and the part they had in the evaluation.</summary>
    public required string AuthorId { get; init; }
    public required string AuthorRole { get; init; }
    public required DateTimeOffset PostedAt { get; init; }
    /// <summary>
    /// Posted while the evaluation was not yet released: a note between the scorers (inspector, QA leads) that agents and
    /// supervisors never see, as they never see the draft versions of the evaluation either.
    /// </summary>
    public bool BeforeRelease { get; init; }
    public bool Withdrawn { get; init; }

    public required int Version { get; init; }
    public required string ChangedBy { get; init; }
    public required DateTimeOffset ChangedAt { get; init; }
    /// <summary><c>posted</c>, <c>edited</c> or <c>withdrawn</c>, or the reason the person gave.</summary>
    public required string Reason { get; init; }

    public string ETag => $"\"{Version}\"";
}

/// <summary>
/// An evaluation's thread as a reader sees it: the comments they may read (oldest first) and whom they may mention
/// (the same rule the server applies, so the picker offers nobody the post would refuse).
/// </summary>
public sealed record EvaluationThread(string EvaluationId, IReadOnlyList<ThreadComment> Comments, IReadOnlyList<Mentionable> Mentionable);

/// <summary>A person who may be mentioned: roster id (or <c>@qa-lead</c>), the part they have, the roster name when known.</summary>
public sealed record Mentionable(string Id, string Role, string? Name);

/// <summary>
/// A new comment. <see cref="CommentId"/> makes the post idempotent: the workbench picks one when the form opens and keeps
/// it across retries; without one the server derives it from the author, item, parent and text, so a retried identical
/// post lands on the same comment either way.
/// </summary>
public sealed record CommentRequest(string? CommentId, string? Text, string? ItemId, string? ParentId);

public sealed record CommentEditRequest(string? Text, string? Reason);
