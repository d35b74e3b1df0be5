using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;

namespace QaServerless.Hosting;

/// <summary>
/// Turns a minimal-API binding failure into a validation problem that names the field. The framework says which
/// parameter failed only in its message ("Failed to bind parameter \"int? pageSize\" from …"), so the name is read from
/// there; for a JSON body the inner <see cref="JsonException"/> gives the path of the member at fault
/// (<c>noticeDays</c>, <c>problems[0].class</c>). The value sent is never echoed: it may be megabytes, or personal data.
/// </summary>
internal sealed partial class BindingProblems : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad || http.Response.HasStarted) return false;
        var (field, message) = Describe(bad, http.GetEndpoint());
        await BadInput.WriteAsync(http, new Dictionary<string, string[]> { [field] = [message] }, bad.StatusCode);
        return true;
    }

    internal static (string Field, string Message) Describe(BadHttpRequestException bad, Endpoint? endpoint)
    {
        var name = ParameterName().Match(bad.Message) is { Success: true } m ? m.Groups["name"].Value : "request";
        if (bad.InnerException is JsonException json) return DescribeJson(json, name);
        if (bad.StatusCode == StatusCodes.Status415UnsupportedMediaType)
            return ("Content-Type", "Send the body as JSON (Content-Type: application/json).");
        if (bad.StatusCode == StatusCodes.Status413PayloadTooLarge) return ("body", "The body is too large.");
        if (bad.Message.StartsWith("Required parameter", StringComparison.Ordinal) || bad.Message.StartsWith("Implicit body", StringComparison.Ordinal))
            return (name, name == "body" ? "A JSON body is required." : $"'{name}' is required.");
        return (name, $"Not a valid value: expected {Expected(ParameterType(endpoint, name))}.");
    }

    private static (string Field, string Message) DescribeJson(JsonException json, string parameter)
    {
        if (json is BodyValueException own) return (Join(json.Path, own.Member), own.Message);
        var path = Join(json.Path, null);
        if (UnmappedMember().Match(json.Message) is { Success: true } unknown)
            return (Join(json.Path, unknown.Groups["member"].Value), "Not a member of this request (check its spelling): nothing was saved.");
        return path.Length == 0
            ? (parameter, "The body is not valid JSON of the expected shape.")
            : (path, "Not a valid value for this field (wrong type or format).");
    }

    /// <summary><c>$.problems[0].class</c> → <c>problems[0].class</c>; with a member appended when it is not in the path yet.</summary>
    private static string Join(string? path, string? member)
    {
        var trimmed = (path ?? "$").TrimStart('$').TrimStart('.');
        if (member is null) return trimmed;
        if (trimmed == member || trimmed.EndsWith("." + member, StringComparison.Ordinal)) return trimmed;
        return trimmed.Length == 0 ? member : $"{trimmed}.{member}";
    }

    private static Type? ParameterType(Endpoint? endpoint, string name) =>
        endpoint?.Metadata.OfType<MethodInfo>().FirstOrDefault()?.GetParameters().FirstOrDefault(p => p.Name == name)?.ParameterType;

    private static string Expected(Type? type)
    {
        type = type is null ? null : Nullable.GetUnderlyingType(type) ?? type;
        if (type is null) return "a value of another form";
        if (type.IsEnum) return "one of " + string.Join(", ", Enum.GetNames(type));
        if (type == typeof(int) || type == typeof(long) || type == typeof(short)) return "a whole number in range";
        if (type == typeof(double) || type == typeof(decimal) || type == typeof(float)) return "a number";
        if (type == typeof(bool)) return "true or false";
        if (type == typeof(DateOnly)) return "a date, yyyy-MM-dd";
        if (type == typeof(DateTimeOffset) || type == typeof(DateTime)) return "a date and time, ISO 8601";
        if (type == typeof(Guid)) return "a GUID";
        return "a value of another form";
    }

    [GeneratedRegex("parameter \"(?:[^\"]* )?(?<name>[^\" ]+)\"")]
    private static partial Regex ParameterName();

    [GeneratedRegex("JSON property '(?<member>[^']*)' could not be mapped")]
    private static partial Regex UnmappedMember();
}
