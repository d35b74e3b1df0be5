using Microsoft.AspNetCore.Http.HttpResults;

namespace QaServerless.Hosting;

/// <summary>
/// Optimistic concurrency over HTTP: an update must carry <c>If-Match</c> with the ETag the client read (428 without
/// it), and answers 412 when the resource changed since.
/// </summary>
public static class Preconditions
{
    public static string? IfMatch(HttpRequest request) =>
        request.Headers.IfMatch.ToString() is { Length: > 0 } value ? value.Trim() : null;

    public static ProblemHttpResult Required() => ProblemCodes.Problem(StatusCodes.Status428PreconditionRequired, ProblemCodes.PreconditionRequired,
        "If-Match required", "Send the ETag you read in an If-Match header: updates are refused without it so that nobody overwrites a change unseen.");

    public static ProblemHttpResult Failed() => ProblemCodes.Problem(StatusCodes.Status412PreconditionFailed, ProblemCodes.PreconditionFailed,
        "Changed since you read it", "Somebody changed this since you read it (the ETag does not match). Read it again and reapply your change.");

    /// <summary>Puts the ETag of what is answered into the response's ETag header.</summary>
    public static void SetETag(HttpResponse response, string etag) => response.Headers.ETag = etag;
}
