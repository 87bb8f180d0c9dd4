using Microsoft.Net.Http.Headers;

namespace CxRox.Api.Scorecards;

/// <summary>
/// A scorecard's entity tag is its current version, as a strong tag: <c>"v3"</c>. Versions are
/// immutable, so the version names the representation exactly; weak tags never match If-Match
/// (RFC 9110 §13.1.1 uses the strong comparison).
/// </summary>
public static class ScorecardETag
{
    public static string Of(int version) => $"\"v{version}\"";

    public static WritePrecondition Read(HttpRequest request)
    {
        var ifNoneMatchAny = request.Headers.IfNoneMatch.Any(value => value?.Trim() == "*");
        var ifMatch = request.Headers.IfMatch;
        if (ifMatch.Count == 0)
        {
            return new WritePrecondition(false, false, new HashSet<int>(), ifNoneMatchAny);
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
        return new WritePrecondition(true, tags.Any(tag => tag.Equals(EntityTagHeaderValue.Any)), versions, ifNoneMatchAny);
    }
}
