using System.Text;
using System.Text.RegularExpressions;

namespace QaServerless.Tests.Workbench;

/// <summary>One API path a workbench module builds: the module, the method when the call says it (null: any), the path.</summary>
public sealed record ApiReference(string Module, string? Method, string Pattern)
{
    private readonly Regex regex = new("^" + string.Concat(Pattern.Select(ch => ch switch
    {
        WorkbenchApiReferences.Segment => "[^/]+",
        WorkbenchApiReferences.Anything => ".*",
        _ => Regex.Escape(ch.ToString()),
    })) + "$", RegexOptions.CultureInvariant);

    /// <summary>Whether this reference calls the operation (an OpenAPI path such as <c>/api/sampling/{center}/plan</c>).</summary>
    public bool Calls(string method, string path) =>
        (Method is null || string.Equals(Method, method, StringComparison.OrdinalIgnoreCase)) && regex.IsMatch(path);

    public override string ToString() => $"{Method ?? "ANY"} {Pattern.Replace(WorkbenchApiReferences.Segment, '*').Replace(WorkbenchApiReferences.Anything, '…')} ({Module})";
}

/// <summary>
/// Reads the API paths the workbench's plain ES modules build, without running them: every string and template literal
/// that starts with <c>/api/</c>, with <c>${…}</c> resolved when it names a path the same module defines
/// (<c>const base = center =&gt; `/api/…`</c>, <c>base: center =&gt; `…`</c>, <c>this.base(center)</c>), an encoded value
/// (<c>${c(x)}</c>) standing for one segment and any other expression for anything (an action name, a query). The method
/// comes from the call around the literal (<c>get(</c>, <c>post(</c>, <c>put(</c>, <c>api('PUT', </c>, <c>href:</c>);
/// a literal outside such a call (a path helper) counts for any method.
/// </summary>
public static class WorkbenchApiReferences
{
    public const char Segment = '\u0001';
    public const char Anything = '\u0002';

    private sealed record Literal(int Start, List<string> Parts, List<string> Expressions);

    public static IReadOnlyList<ApiReference> Read(string folder) =>
        [.. Directory.EnumerateFiles(folder, "*.js").OrderBy(f => f, StringComparer.Ordinal)
            .SelectMany(f => ReadModule(Path.GetFileName(f), File.ReadAllText(f)))];

    public static IEnumerable<ApiReference> ReadModule(string module, string source)
    {
        var literals = Scan(source);
        // A name may be defined more than once in a module (every API object of routes.js has its own `base`): a use means
        // the nearest definition above it.
        var definitions = new Dictionary<string, List<Literal>>();
        foreach (var literal in literals)
            if (Definition.Match(Before(source, literal.Start)) is { Success: true } m)
                (definitions.TryGetValue(m.Groups[1].Value, out var list) ? list : definitions[m.Groups[1].Value] = []).Add(literal);
        foreach (var literal in literals)
        {
            var pattern = Resolve(literal, definitions, 0);
            var query = pattern.IndexOf('?');
            if (query >= 0) pattern = pattern[..query] + Anything;
            if (!pattern.StartsWith("/api/", StringComparison.Ordinal)) continue;
            yield return new ApiReference(module, MethodOf(Before(source, literal.Start)), pattern);
        }
    }

    // `name = (…) =>` or `name: x =>` or `const name =` just before the literal.
    private static readonly Regex Definition = new(@"(?:^|[\s,{(])(\w+)\s*[:=]\s*(?:(?:\([^()]*\)|\w+)\s*=>\s*)?$");
    private static readonly Regex ApiCall = new(@"\bapi\(\s*'(\w+)'\s*,\s*$");
    private static readonly Regex VerbCall = new(@"\b(get|post|put)\(\s*$");
    private static readonly Regex Link = new(@"\bhref\s*:\s*$");

    private static string Before(string source, int start) => source[Math.Max(0, start - 120)..start];

    private static string? MethodOf(string before)
    {
        if (ApiCall.Match(before) is { Success: true } a) return a.Groups[1].Value.ToUpperInvariant();
        if (VerbCall.Match(before) is { Success: true } v) return v.Groups[1].Value.ToUpperInvariant();
        return Link.IsMatch(before) ? "GET" : null;
    }

    private static readonly Regex NamedPath = new(@"^(?:this\.)?(\w+)(?:\(.*\))?$", RegexOptions.Singleline);
    private static readonly Regex Encoded = new(@"^(?:c|encodeURIComponent)\(", RegexOptions.Singleline);

    private static Literal? Nearest(List<Literal> defined, Literal use) =>
        defined.LastOrDefault(d => d.Start < use.Start && d != use) ?? defined.FirstOrDefault(d => d != use);

    private static string Resolve(Literal literal, Dictionary<string, List<Literal>> definitions, int depth)
    {
        var text = new StringBuilder(literal.Parts[0]);
        for (var i = 0; i < literal.Expressions.Count; i++)
        {
            var expression = literal.Expressions[i].Trim();
            if (depth < 5 && NamedPath.Match(expression) is { Success: true } m && definitions.TryGetValue(m.Groups[1].Value, out var named) && Nearest(named, literal) is { } defined)
                text.Append(Resolve(defined, definitions, depth + 1));
            else text.Append(Encoded.IsMatch(expression) ? Segment : Anything);
            text.Append(literal.Parts[i + 1]);
        }
        return text.ToString();
    }

    /// <summary>The string and template literals of a module (comments and regular-expression literals skipped).</summary>
    private static List<Literal> Scan(string s)
    {
        var found = new List<Literal>();
        var i = 0;
        ScanCode(s, ref i, found, untilBrace: false);
        return found;
    }

    private static void ScanCode(string s, ref int i, List<Literal> found, bool untilBrace)
    {
        var depth = 0;
        var last = '\0'; // the last significant character, to tell a division from a regular-expression literal
        while (i < s.Length)
        {
            var ch = s[i];
            if (ch == '/' && i + 1 < s.Length && s[i + 1] == '/') { while (i < s.Length && s[i] != '\n') i++; continue; }
            if (ch == '/' && i + 1 < s.Length && s[i + 1] == '*') { var end = s.IndexOf("*/", i + 2, StringComparison.Ordinal); i = end < 0 ? s.Length : end + 2; continue; }
            if (ch == '/' && (last == '\0' || "(,=:[!&|?{};+-*%<>~^".Contains(last) || EndsWithKeyword(s, i))) { SkipRegex(s, ref i); last = 'r'; continue; }
            if (ch is '\'' or '"')
            {
                var start = i;
                var text = new StringBuilder();
                for (i++; i < s.Length && s[i] != ch; i++) { if (s[i] == '\\') i++; else text.Append(s[i]); }
                i++;
                found.Add(new Literal(start, [text.ToString()], []));
                last = 's';
                continue;
            }
            if (ch == '`') { found.Add(ReadTemplate(s, ref i, found)); last = 's'; continue; }
            if (untilBrace && ch == '{') depth++;
            if (untilBrace && ch == '}' && depth-- == 0) { i++; return; }
            if (!char.IsWhiteSpace(ch)) last = char.IsLetterOrDigit(ch) || ch is '_' or '$' or ')' or ']' ? 'w' : ch;
            i++;
        }
    }

    private static bool EndsWithKeyword(string s, int i)
    {
        var before = s[Math.Max(0, i - 8)..i].TrimEnd();
        return before.EndsWith("return", StringComparison.Ordinal) || before.EndsWith("typeof", StringComparison.Ordinal);
    }

    private static void SkipRegex(string s, ref int i)
    {
        var inClass = false;
        for (i++; i < s.Length && s[i] != '\n'; i++)
        {
            if (s[i] == '\\') { i++; continue; }
            if (s[i] == '[') inClass = true;
            else if (s[i] == ']') inClass = false;
            else if (s[i] == '/' && !inClass) { i++; break; }
        }
        while (i < s.Length && char.IsAsciiLetter(s[i])) i++; // flags
    }

    private static Literal ReadTemplate(string s, ref int i, List<Literal> found)
    {
        var literal = new Literal(i, [""], []);
        var text = new StringBuilder();
        for (i++; i < s.Length && s[i] != '`'; i++)
        {
            if (s[i] == '\\') { i++; if (i < s.Length) text.Append(s[i]); continue; }
            if (s[i] == '$' && i + 1 < s.Length && s[i + 1] == '{')
            {
                literal.Parts[^1] = text.ToString();
                text.Clear();
                i += 2;
                var start = i;
                ScanCode(s, ref i, found, untilBrace: true); // literals inside the expression count on their own too
                literal.Expressions.Add(s[start..(i - 1)]);
                literal.Parts.Add("");
                i--;
                continue;
            }
            text.Append(s[i]);
        }
        i++;
        literal.Parts[^1] = text.ToString();
        return literal;
    }
}
