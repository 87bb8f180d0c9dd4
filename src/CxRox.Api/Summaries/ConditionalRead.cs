using System.Security.Cryptography;
using System.Text;
using Microsoft.Net.Http.Headers;

namespace CxRox.Api.Summaries;

/// <summary>
/// Validators for reads whose body is computed on each request: the entity tag is a hash of the
/// body itself, so it is exact for each representation and changes whenever a summary is
/// replaced. Responses may be kept by the client only (they are per organization and need a key)
/// and revalidated before each use (a recompute may replace a summary at any time).
/// </summary>
public static class ConditionalRead
{
    public const string CacheControl = "private, no-cache";

    public static string ETagOf(string body) =>
        $"\"{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(body)))[..32]}\"";

    /// <summary>
    /// Sets the validators and caching headers; true when the client's If-None-Match already
    /// holds this tag (304). If-None-Match compares weakly (RFC 9110 §13.1.2).
    /// </summary>
    public static bool IsNotModified(HttpContext context, string etag, DateTimeOffset? lastModified = null)
    {
        var headers = context.Response.GetTypedHeaders();
        headers.ETag = EntityTagHeaderValue.Parse(etag);
        headers.CacheControl = CacheControlHeaderValue.Parse(CacheControl);
        if (lastModified is { } modified)
        {
            headers.LastModified = modified;
        }
        var ifNoneMatch = context.Request.GetTypedHeaders().IfNoneMatch;
        return ifNoneMatch.Any(tag => tag.Equals(EntityTagHeaderValue.Any) || tag.Compare(headers.ETag, useStrongComparison: false));
    }
}
