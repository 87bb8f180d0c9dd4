using Microsoft.Net.Http.Headers;

namespace CxRox.Api.Scorecards;

/// <summary>
/// A scorecard's entity tag is its current version, as a strong tag: <c>"v3"</c>. Versions are
/// immutable, so the version names the representation exactly; weak tags never match If-Match
/// (RFC 9110 §13.1.1 uses the strong comparison). <c>If-Match: *</c> is refused (see
/// <see cref="IfMatchAny"/>).
/// </summary>
public static class ScorecardETag
{
    public static string Of(int version) => $"\"v{version}\"";

    /// <summary>
    /// Whether If-Match holds <c>*</c>. It matches whatever version is current, so every one of
    /// several concurrent writers would replace the scorecard and all but the last change would be
    /// lost without a word. Its useful meaning, "the version I last read", is one the server
    /// cannot know, so a PUT with it is refused: the client sends the ETag it read.
    /// </summary>
    public static bool IfMatchAny(HttpRequest request) =>
        request.Headers.IfMatch.Any(value => value?.Split(',').Any(tag => tag.Trim() == "*") == true);

    public static WritePrecondition Read(HttpRequest request)
    {
        var ifNoneMatchAny = request.Headers.IfNoneMatch.Any(value => value?.Trim() == "*");
        var ifMatch = request.Headers.IfMatch;
        if (ifMatch.Count == 0)
        {
            return new WritePrecondition(false, new HashSet<int>(), ifNoneMatchAny);
        }
        // An unreadable If-Match names no version, so it can only fail.
        var tags = EntityTagHeaderValue.TryParseList(ifMatch, out var parsed) ? parsed : [];
        var versions = new HashSet<int>();
        foreach (var tag in tags.Where(tag => !tag.IsWeak))
        {
            var text = tag.Tag.Value ?? "";
            if (text.StartsWith("\"v", StringComparison.Ordinal)
                && int.TryParse(text.AsSpan(2, text.Length - 3), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var version))
            {
                versions.Add(version);
            }
        }
        return new WritePrecondition(true, versions, ifNoneMatchAny);
    }
}
