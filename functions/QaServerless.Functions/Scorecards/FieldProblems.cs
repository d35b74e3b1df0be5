using Microsoft.AspNetCore.Http.HttpResults;
using QaServerless.Hosting;

namespace QaServerless.Scorecards;

/// <summary>
/// A scorecard's problems keyed by the JSON path of the field (<c>sections[1].items[0].weight</c>): the English messages
/// (the dictionary itself, the problem's <c>errors</c>) and, beside them, a stable code per message (<see cref="Codes"/>,
/// the problem's <c>fieldCodes</c>), so the workbench says each one at its control in the reader's language.
/// </summary>
public sealed class FieldProblems : Dictionary<string, string[]>
{
    public const string Code = "scorecard.invalid";

    public Dictionary<string, string[]> Codes { get; } = [];

    public void Add(string field, string code, string message)
    {
        this[field] = TryGetValue(field, out var messages) ? [.. messages, message] : [message];
        Codes[field] = Codes.TryGetValue(field, out var codes) ? [.. codes, code] : [code];
    }

    public void AddRange(FieldProblems other)
    {
        foreach (var (field, messages) in other)
            for (var i = 0; i < messages.Length; i++) Add(field, other.Codes[field][i], messages[i]);
    }

    /// <summary>The 400 answer: <c>errors</c> and <c>fieldCodes</c> keyed alike, code <see cref="Code"/>.</summary>
    public ValidationProblem ToProblem() => ProblemCodes.Validation(this, Code, new Dictionary<string, object?> { ["fieldCodes"] = Codes });
}
