using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Net.Http.Headers;

namespace QaServerless.Kpis;

/// <summary>A page of a report as JSON, gzipped and its ETag, each made on first use and then kept (<see cref="KpiCache"/>).</summary>
public sealed class KpiBody
{
    private readonly Lazy<byte[]> utf8, gzip;
    private readonly Lazy<string> etag;

    public KpiBody(KpiReport report, JsonSerializerOptions json)
    {
        utf8 = new(() => JsonSerializer.SerializeToUtf8Bytes(report, json));
        gzip = new(() =>
        {
            using var buffer = new MemoryStream();
            using (var zip = new GZipStream(buffer, CompressionLevel.Fastest)) zip.Write(utf8.Value);
            return buffer.ToArray();
        });
        etag = new(() => $"\"{Convert.ToHexString(SHA256.HashData(utf8.Value), 0, 12)}\"");
    }

    public byte[] Json => utf8.Value;
    public byte[] Gzip => gzip.Value;
    public string ETag => etag.Value;
}

/// <summary>
/// A cached report page as the API writes it to a lead: the JSON made once per rollup version, gzipped once when the
/// client accepts gzip (a page of 50 groups is ~80 KB of JSON, ~15 KB gzipped), with a strong ETag so a client that
/// asks again with If-None-Match gets 304 and no body. Private: a report is for the signed-in person only.
/// </summary>
public sealed class KpiJsonResult(KpiBody cached) : IResult
{
    public async Task ExecuteAsync(HttpContext http)
    {
        var (request, response) = (http.Request, http.Response);
        response.Headers.ETag = cached.ETag;
        response.Headers.CacheControl = "private, no-cache";
        response.Headers.Vary = "Accept-Encoding";
        var etag = new EntityTagHeaderValue(cached.ETag);
        if (request.GetTypedHeaders().IfNoneMatch.Any(e => e.Equals(EntityTagHeaderValue.Any) || e.Compare(etag, useStrongComparison: false)))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }
        var gzip = AcceptsGzip(request);
        var body = gzip ? cached.Gzip : cached.Json;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json; charset=utf-8";
        if (gzip) response.Headers.ContentEncoding = "gzip";
        response.ContentLength = body.Length;
        await response.Body.WriteAsync(body, http.RequestAborted);
    }

    private static bool AcceptsGzip(HttpRequest request) =>
        request.GetTypedHeaders().AcceptEncoding.Any(c => c.Value.Equals("gzip", StringComparison.OrdinalIgnoreCase) && c.Quality is not 0);
}
