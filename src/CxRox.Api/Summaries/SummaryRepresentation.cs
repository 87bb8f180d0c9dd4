using System.Text.Json;
using CxRox.Api.Scores;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace CxRox.Api.Summaries;

/// <summary>
/// The three ways a summary is served: JSON (the document as stored), Markdown and the HTML page,
/// chosen by the URL's suffix or by the Accept header.
/// </summary>
public sealed record SummaryRepresentation(string Suffix, string MediaType, Func<SummaryDocument, string> Render)
{
    public static readonly SummaryRepresentation Json = new("json", "application/json", summary => JsonSerializer.Serialize(summary, ScoreDocument.Json));
    public static readonly SummaryRepresentation Markdown = new("md", "text/markdown", SummaryMarkdown.Render);
    public static readonly SummaryRepresentation Html = new("html", "text/html", SummaryHtml.Render);

    /// <summary>In order of preference where the client leaves the choice open (*/*, or text/* between Markdown and HTML).</summary>
    public static readonly IReadOnlyList<SummaryRepresentation> All = [Json, Markdown, Html];

    /// <summary>Text types say their charset (RFC 7763 requires it for Markdown).</summary>
    public string ContentType => MediaType + "; charset=utf-8";

    public static SummaryRepresentation? FromSuffix(string suffix) =>
        All.FirstOrDefault(r => string.Equals(r.Suffix, suffix, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// The representation the Accept header prefers (quality first, then the header's order);
    /// JSON without an Accept header or with one that does not parse; null when the client accepts
    /// none of the three (406).
    /// </summary>
    public static SummaryRepresentation? Negotiate(StringValues accept)
    {
        if (StringValues.IsNullOrEmpty(accept) || !MediaTypeHeaderValue.TryParseList(accept, out var ranges) || ranges.Count == 0)
        {
            return Json;
        }
        // OrderByDescending is stable: equal qualities keep the header's order.
        foreach (var range in ranges.Where(r => r.Quality is not 0).OrderByDescending(r => r.Quality ?? 1))
        {
            if (All.FirstOrDefault(r => r.IsIn(range.Type.Value ?? "", range.SubType.Value ?? "")) is { } match)
            {
                return match;
            }
        }
        return null;
    }

    /// <summary>Whether the media range type/subtype (either may be *) covers this representation.</summary>
    private bool IsIn(string type, string subtype)
    {
        var slash = MediaType.IndexOf('/', StringComparison.Ordinal);
        return type == "*" || (string.Equals(type, MediaType[..slash], StringComparison.OrdinalIgnoreCase)
            && (subtype == "*" || string.Equals(subtype, MediaType[(slash + 1)..], StringComparison.OrdinalIgnoreCase)));
    }
}
