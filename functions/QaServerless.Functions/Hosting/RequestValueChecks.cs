using System.Text;
using Microsoft.AspNetCore.Routing.Patterns;

namespace QaServerless.Hosting;

/// <summary>
/// Route and query values of every endpoint, checked once before any handler (and so any storage call) runs: route
/// values are ids (<see cref="InputRules.IdProblem"/>), query values text of bounded length; both must be valid UTF-8.
/// The query string is decoded here strictly from its raw form, because the framework's decoder quietly keeps or
/// replaces invalid bytes (<c>%FF</c>, <c>%ED%A0%80</c> — a lone surrogate) and the value would go on as if it were text.
/// </summary>
internal static class RequestValueChecks
{
    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Validators compare If-Match with stored ETags; storage refuses megabyte headers with a fault.</summary>
    private static readonly string[] ConditionalHeaders = ["If-Match", "If-None-Match"];
    private const int MaxConditionalHeader = 256;

    public static Dictionary<string, string[]> Find(HttpContext http)
    {
        var errors = new Dictionary<string, string[]>();
        if (http.GetEndpoint() is not RouteEndpoint endpoint) return errors;

        foreach (var parameter in endpoint.RoutePattern.Parameters.Where(p => !p.IsCatchAll))
        {
            if (http.Request.RouteValues[parameter.Name] is not string value) continue;
            // The server leaves a %XX sequence encoded when its bytes are not UTF-8 (and always %2F).
            if (value.Contains('%') && !TryDecode(value, plusIsSpace: false, out value))
                errors[parameter.Name] = ["Not valid UTF-8 text."];
            else if (InputRules.IdProblem(value) is { } problem)
                errors[parameter.Name] = [problem];
        }

        var query = http.Request.QueryString.Value;
        if (!string.IsNullOrEmpty(query))
            foreach (var pair in query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
            {
                var at = pair.IndexOf('=');
                var rawName = at < 0 ? pair : pair[..at];
                var name = TryDecode(rawName, plusIsSpace: true, out var decodedName) ? decodedName : "query";
                if (name.Length > InputRules.MaxId) { errors["query"] = ["A query parameter's name is too long."]; continue; }
                if (!TryDecode(at < 0 ? "" : pair[(at + 1)..], plusIsSpace: true, out var value))
                    errors[name] = ["Not valid UTF-8 text."];
                else if ((InputRules.Problem(name, value) ?? ControlProblem(value)) is { } problem)
                    errors[name] = [problem];
            }

        foreach (var header in ConditionalHeaders)
            if (http.Request.Headers[header].ToString().Length > MaxConditionalHeader)
                errors[header] = [$"At most {MaxConditionalHeader} characters: send the ETag you read."];
        return errors;
    }

    private static string? ControlProblem(string value) =>
        value.Any(char.IsControl) ? "Holds control characters." : null;

    /// <summary>Percent-decoding that fails on bytes that are not UTF-8, instead of keeping or replacing them.</summary>
    internal static bool TryDecode(string encoded, bool plusIsSpace, out string decoded)
    {
        decoded = encoded;
        if (!encoded.Contains('%') && !(plusIsSpace && encoded.Contains('+'))) return true;
        var bytes = new List<byte>(encoded.Length);
        Span<byte> one = stackalloc byte[4];
        for (var i = 0; i < encoded.Length; i++)
        {
            var c = encoded[i];
            if (c == '%' && i + 2 < encoded.Length && Uri.IsHexDigit(encoded[i + 1]) && Uri.IsHexDigit(encoded[i + 2]))
            {
                bytes.Add(Convert.ToByte(encoded.Substring(i + 1, 2), 16));
                i += 2;
            }
            else if (c == '+' && plusIsSpace) bytes.Add((byte)' ');
            else if (char.IsSurrogate(c)) return false;
            else bytes.AddRange(one[..Encoding.UTF8.GetBytes([c], one)].ToArray());
        }
        try { decoded = Strict.GetString([.. bytes]); return true; }
        catch (DecoderFallbackException) { return false; }
    }
}
