namespace CxRox.Api.Summaries;

/// <summary>One summary in the list: enough to pick it, and where to read it.</summary>
/// <param name="RoxChange">Change of the ROX index since the period before; null when there was nothing to compare with.</param>
/// <param name="NewFindings">Findings raised this period that the period before did not have.</param>
public sealed record SummaryListItem(
    DateOnly PeriodStart, DateOnly PeriodEnd, int Version, DateTimeOffset CreatedAt, double? RoxIndex, double? RoxChange, int RedMetrics, int NewFindings,
    SummaryLinks Links)
{
    public static SummaryListItem From(SummaryListing listing, string summariesPath) => new(
        listing.PeriodStart, listing.PeriodEnd, listing.Version, listing.CreatedAt, listing.RoxIndex, listing.RoxChange, listing.RedMetrics, listing.NewFindings,
        SummaryLinks.Of($"{summariesPath}/{listing.PeriodStart:yyyy-MM-dd}"));
}

/// <summary>The summary as JSON, Markdown and the HTML page.</summary>
public sealed record SummaryLinks(string Json, string Markdown, string Html)
{
    public static SummaryLinks Of(string path) =>
        new($"{path}?format={SummaryRepresentation.Json.Suffix}", $"{path}?format={SummaryRepresentation.Markdown.Suffix}", $"{path}?format={SummaryRepresentation.Html.Suffix}");
}
