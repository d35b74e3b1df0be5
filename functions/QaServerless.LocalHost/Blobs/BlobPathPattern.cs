using System.Text;
using System.Text.RegularExpressions;

namespace QaServerless.LocalHost.Blobs;

/// <summary>
/// A blob trigger's <c>path</c>: the container, then a pattern over the blob name where each <c>{param}</c> captures
/// (greedy, slashes included) and <c>{{</c>/<c>}}</c> are literal braces, as the WebJobs SDK's BindingTemplateSource
/// builds it: <c>^literal(?&lt;param&gt;.*)literal$</c>.
/// </summary>
public sealed class BlobPathPattern
{
    private readonly Regex regex;

    public string Container { get; }
    public string BlobPattern { get; }
    /// <summary>The literal start of the blob pattern: a listing prefix that every matching blob has.</summary>
    public string ListPrefix { get; }
    public IReadOnlyList<string> Parameters { get; }

    private BlobPathPattern(string container, string blobPattern, Regex regex, string listPrefix, IReadOnlyList<string> parameters)
    {
        Container = container; BlobPattern = blobPattern; this.regex = regex; ListPrefix = listPrefix; Parameters = parameters;
    }

    public static BlobPathPattern Parse(string path)
    {
        var slash = path.IndexOf('/');
        var container = slash < 0 ? path : path[..slash];
        var blob = slash < 0 ? "{name}" : path[(slash + 1)..];
        if (container.Contains('{')) throw new FormatException($"Blob trigger path '{path}': the container name cannot hold a parameter.");
        if (blob.Length == 0) blob = "{name}";

        var pattern = new StringBuilder("^");
        var prefix = new StringBuilder();
        var parameters = new List<string>();
        var literal = new StringBuilder();
        var seenParameter = false;
        for (var i = 0; i < blob.Length; i++)
        {
            var c = blob[i];
            if (c == '{' && i + 1 < blob.Length && blob[i + 1] == '{') { literal.Append('{'); i++; continue; }
            if (c == '}' && i + 1 < blob.Length && blob[i + 1] == '}') { literal.Append('}'); i++; continue; }
            if (c == '{')
            {
                var end = blob.IndexOf('}', i);
                if (end < 0) throw new FormatException($"Blob trigger path '{path}': unclosed '{{'.");
                var name = blob[(i + 1)..end];
                if (!Regex.IsMatch(name, "^[A-Za-z_][A-Za-z0-9_]*$")) throw new FormatException($"Blob trigger path '{path}': '{name}' is not a parameter name.");
                if (!seenParameter) prefix.Append(literal);
                pattern.Append(Regex.Escape(literal.ToString())).Append($"(?<{name}>.*)");
                literal.Clear();
                parameters.Add(name);
                seenParameter = true;
                i = end;
                continue;
            }
            if (c == '}') throw new FormatException($"Blob trigger path '{path}': unmatched '}}'.");
            literal.Append(c);
        }
        if (!seenParameter) prefix.Append(literal);
        pattern.Append(Regex.Escape(literal.ToString())).Append('$');
        return new BlobPathPattern(container, blob, new Regex(pattern.ToString(), RegexOptions.CultureInvariant), prefix.ToString(), parameters);
    }

    /// <summary>The captured values when the blob name matches; null otherwise.</summary>
    public IReadOnlyDictionary<string, string>? Match(string blobName)
    {
        var m = regex.Match(blobName);
        if (!m.Success) return null;
        return Parameters.ToDictionary(p => p, p => m.Groups[p].Value, StringComparer.OrdinalIgnoreCase);
    }
}
