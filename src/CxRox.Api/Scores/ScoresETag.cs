using System.Security.Cryptography;
using System.Text;
using Microsoft.Net.Http.Headers;

namespace CxRox.Api.Scores;

/// <summary>
/// Entity tags of score reads: the scorecard's scores revision (every snapshot write takes a
/// higher one) and a fingerprint of what else decides the body at one URL: the representation
/// (JSON, CSV, NDJSON) and the query string. A tag never names a body older than its revision:
/// it is taken from the revision read with the body, or before it.
/// </summary>
public static class ScoresETag
{
    /// <summary>
    /// Reads are revalidated every time (no-cache), and only by the caller (private: the answer
    /// depends on the caller's key).
    /// </summary>
    public const string CacheControl = "private, no-cache";

    public static string Of(long revision, string representation, QueryString query)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes($"{representation}\n{query.Value}"), hash);
        return $"\"{revision}-{Convert.ToHexStringLower(hash[..6])}\"";
    }

    /// <summary>
    /// If-None-Match names this tag. Weak comparison (RFC 9110 §13.1.2), so a tag a proxy made
    /// weak still matches. "*" is not taken as a match: answering 200 instead of 304 is always safe.
    /// </summary>
    public static bool IsMatchedBy(HttpRequest request, string etag)
    {
        var sent = request.Headers.IfNoneMatch;
        if (sent.Count == 0 || !EntityTagHeaderValue.TryParseList(sent, out var tags))
        {
            return false;
        }
        var ours = new EntityTagHeaderValue(etag);
        return tags.Any(tag => tag.Compare(ours, useStrongComparison: false));
    }

    /// <summary>Cache-Control on every answer of a read (problems too, so that a 404 is asked again), and the tag when there is one.</summary>
    public static void Describe(HttpResponse response, string? etag)
    {
        response.Headers.CacheControl = CacheControl;
        if (etag is not null)
        {
            response.Headers.ETag = etag;
        }
    }
}
