namespace QaServerless.Hosting;

/// <summary>
/// What any text sent to the API may be, wherever it comes from (route, query, JSON body): the rules behind
/// <see cref="RequestValueChecks"/> and <see cref="BodyStringChecks"/>. Plain C#, so the limits are testable without a host.
/// An id becomes part of a storage key or a blob path, so it is short and holds none of the characters a table key
/// cannot (<c>/ \ # ?</c>, control characters); free text is bounded too, well under a table property's 32 K characters.
/// </summary>
public static class InputRules
{
    public const int MaxId = 128;
    public const int MaxToken = 4096;
    public const int MaxText = 4000;

    /// <summary>Ids by name: <c>callId</c>, <c>scorecardId</c>, <c>center</c>… and lists of them (<c>callIds</c>).</summary>
    public static bool IsIdName(string name) =>
        name.EndsWith("Id", StringComparison.Ordinal) || name.EndsWith("Ids", StringComparison.Ordinal)
        || name is "id" or "center" or "agent" or "inspector";

    /// <summary>Continuation tokens are opaque and longer than ids.</summary>
    public static bool IsTokenName(string name) =>
        name.Contains("token", StringComparison.OrdinalIgnoreCase) || name.Equals("continuation", StringComparison.OrdinalIgnoreCase);

    /// <summary>Why an id is refused, or null when it is fine.</summary>
    public static string? IdProblem(string value)
    {
        if (value.Length > MaxId) return $"An id is at most {MaxId} characters.";
        if (UnicodeProblem(value) is { } unicode) return unicode;
        if (value.Any(c => char.IsControl(c) || c is '/' or '\\' or '#' or '?'))
            return "An id holds no control characters and none of / \\ # ?.";
        return null;
    }

    /// <summary>Why a piece of text (a query value, a reason, a comment) is refused, or null.</summary>
    public static string? TextProblem(string value, int max = MaxText)
    {
        if (value.Length > max) return $"At most {max} characters.";
        return UnicodeProblem(value);
    }

    /// <summary>The rule a value named so follows.</summary>
    public static string? Problem(string name, string value) =>
        IsTokenName(name) ? TextProblem(value, MaxToken) : IsIdName(name) ? IdProblem(value) : TextProblem(value);

    /// <summary>
    /// A lone surrogate (from a JSON escape such as <c>\ud800</c>) is no character at all: storage, logs and exports
    /// would each do something else with it. U+FFFD is what a lenient decoder leaves of invalid UTF-8.
    /// </summary>
    public static string? UnicodeProblem(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '\uFFFD') return "Not valid UTF-8 text.";
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1])) { i++; continue; }
            if (char.IsSurrogate(c)) return "Not valid Unicode text (a lone surrogate).";
        }
        return null;
    }
}
