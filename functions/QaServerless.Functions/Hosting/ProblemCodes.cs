using Microsoft.AspNetCore.Http.HttpResults;

namespace QaServerless.Hosting;

/// <summary>
/// Stable machine codes of the API's problems, sent as the <c>code</c> extension member of a problem details answer
/// (RFC 7807 §3.2). The English <c>detail</c> stays for API users; the workbench translates by code, and may rely on a
/// code never changing its meaning (a new meaning is a new code).
/// </summary>
public static class ProblemCodes
{
    public const string Invalid = "validation";
    public const string EvaluationNotFound = "evaluation.not-found";
    public const string EvaluationForbidden = "evaluation.forbidden";
    public const string EvaluationStarted = "evaluation.started-already";
    public const string ItemsMissing = "evaluation.items-missing";
    public const string NotDraft = "evaluation.not-draft";
    public const string NotSubmitted = "evaluation.not-submitted";
    public const string NotReleased = "evaluation.not-released";
    public const string AppealedAlready = "evaluation.appealed-already";
    public const string AppealWindowClosed = "evaluation.appeal-window-closed";
    public const string NoOpenAppeal = "evaluation.no-open-appeal";
    public const string NotNow = "evaluation.not-now";
    public const string CoachingNotFound = "evaluation.coaching-not-found";
    public const string PreconditionRequired = "precondition.required";
    public const string PreconditionFailed = "precondition.failed";
    public const string SearchFilters = "search.filters";
    public const string SearchPageToken = "search.page-token";
    public const string NotificationSettingsInvalid = "notifications.settings-invalid";
    public const string ImportProfileInvalid = "import-profile.invalid";
    public const string DryRunInvalid = "import-profile.dry-run-invalid";
    /// <summary>A recording was asked of a text conversation (chat, e-mail …): it has messages, no audio.</summary>
    public const string TextConversation = "call.text-conversation";
    public const string CommentNotFound = "thread.comment-not-found";
    public const string CommentForbidden = "thread.forbidden";
    public const string CommentIdTaken = "thread.comment-id-taken";
    public const string CommentWithdrawn = "thread.withdrawn";

    /// <summary>A problem details answer carrying its code (and any further extension members, e.g. the missing items).</summary>
    public static ProblemHttpResult Problem(int status, string code, string title, string? detail, IReadOnlyDictionary<string, object?>? extensions = null) =>
        TypedResults.Problem(detail, statusCode: status, title: title, extensions: With(code, extensions));

    /// <summary>A 400 naming the fields in <c>errors</c>, with the code of what went wrong as a whole.</summary>
    public static ValidationProblem Validation(IDictionary<string, string[]> errors, string? code = null, IReadOnlyDictionary<string, object?>? extensions = null) =>
        TypedResults.ValidationProblem(errors, extensions: With(code ?? Invalid, extensions));

    private static Dictionary<string, object?> With(string code, IReadOnlyDictionary<string, object?>? extensions)
    {
        var all = new Dictionary<string, object?>(extensions ?? new Dictionary<string, object?>()) { ["code"] = code };
        return all;
    }
}
