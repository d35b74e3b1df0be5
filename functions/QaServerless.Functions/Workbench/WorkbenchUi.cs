using System.Collections.Frozen;
using System.Reflection;
using System.Security.Cryptography;
using Microsoft.AspNetCore.StaticFiles;

namespace QaServerless.Workbench;

/// <summary>
/// The web client's static files, embedded in the app (Workbench/ui/**, see the csproj) and served under /api/ui/:
/// the Functions host proxies only /api/*, so the client rides the same catch-all HTTP function as the API and the
/// single-file deployment needs no wwwroot beside it. Files are small; they are read once and kept in memory.
/// </summary>
public static class WorkbenchUi
{
    public const string BasePath = "/api/ui";
    private const string ResourcePrefix = "ui/";

    private static readonly Lazy<FrozenDictionary<string, UiFile>> Files = new(Load);

    public static IEndpointRouteBuilder MapWorkbenchUi(this IEndpointRouteBuilder app)
    {
        app.MapGet(BasePath + "/{**path}", (string? path, HttpContext http) =>
        {
            // The route matches /api/ui too (routing ignores the trailing slash); the client's relative URLs need it.
            if (string.IsNullOrEmpty(path) && http.Request.Path.Value?.EndsWith('/') != true) return Results.Redirect(BasePath + "/");
            var name = string.IsNullOrEmpty(path) ? "index.html" : path;
            if (!Files.Value.TryGetValue(name, out var file)) return Results.NotFound();
            var headers = http.Response.Headers;
            headers.CacheControl = "no-cache"; // revalidate with the ETag: a new deployment shows at once
            headers.XContentTypeOptions = "nosniff";
            if (name.EndsWith(".html", StringComparison.Ordinal))
            {
                headers.ContentSecurityPolicy = "default-src 'self'; img-src 'self' data:; media-src 'self' blob: http: https:; " +
                                                "style-src 'self'; script-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";
                headers["Referrer-Policy"] = "no-referrer";
            }
            if (http.Request.Headers.IfNoneMatch == file.ETag) return Results.StatusCode(StatusCodes.Status304NotModified);
            headers.ETag = file.ETag;
            return Results.Bytes(file.Content, file.ContentType);
        }).AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    /// <summary>The names of the embedded client files (tests check them).</summary>
    public static IReadOnlyCollection<string> FileNames => Files.Value.Keys;

    private static FrozenDictionary<string, UiFile> Load()
    {
        var assembly = typeof(WorkbenchUi).Assembly;
        var types = new FileExtensionContentTypeProvider();
        var files = new Dictionary<string, UiFile>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            var content = buffer.ToArray();
            var name = resource[ResourcePrefix.Length..].Replace('\\', '/');
            var type = types.TryGetContentType(name, out var t) ? t : "application/octet-stream";
            if (type.StartsWith("text/", StringComparison.Ordinal) || type is "application/javascript" or "text/javascript" or "application/json")
                type += "; charset=utf-8";
            files[name] = new UiFile(content, type, $"\"{Convert.ToHexString(SHA256.HashData(content))[..16]}\"");
        }
        return files.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private sealed record UiFile(byte[] Content, string ContentType, string ETag);
}
