using Microsoft.AspNetCore.Mvc;

namespace CxRox.Api.Scores;

/// <summary>Which metrics and pillars of each period a series keeps; null keeps all.</summary>
/// <param name="Pillar">A pillar id: that pillar and its metrics.</param>
/// <param name="Metric">A metric id.</param>
/// <param name="Status">green, amber or red: metrics with that status.</param>
/// <param name="Tag">Metrics whose touchpoint, channel or journey stage tag is this.</param>
public sealed record ScoreFilter(string? Pillar, string? Metric, string? Status, string? Tag)
{
    /// <summary>A filter on metrics other than by pillar: then only the pillars holding a kept metric are kept.</summary>
    public bool FiltersMetrics => Metric is not null || Status is not null || Tag is not null;
}

/// <summary>
/// What a series or an export of scores asks for: a range of periods, a version and filters.
/// Bound from the query string; pages are <see cref="ScorePageQuery"/>'s.
/// </summary>
public sealed class ScoreSeriesQuery
{
    /// <summary>How many of the newest periods a range without 'from' holds.</summary>
    public const int DefaultPeriods = 12;

    private static readonly string[] Statuses = ["green", "amber", "red"];

    /// <summary>The first period is the one holding this day (default: the 12th newest period with scores, up to 'to').</summary>
    [FromQuery(Name = "from")] public DateOnly? From { get; init; }

    /// <summary>The last period is the one holding this day (default: the newest).</summary>
    [FromQuery(Name = "to")] public DateOnly? To { get; init; }

    /// <summary>The scorecard version (default: the newest with scores).</summary>
    [FromQuery(Name = "version")] public int? Version { get; init; }

    [FromQuery(Name = "pillar")] public string? Pillar { get; init; }
    [FromQuery(Name = "metric")] public string? Metric { get; init; }
    [FromQuery(Name = "status")] public string? Status { get; init; }
    [FromQuery(Name = "tag")] public string? Tag { get; init; }

    public ScoreFilter Filter => new(Pillar, Metric, Status?.ToLowerInvariant(), Tag);

    /// <summary>Why the query cannot be answered; null when it can.</summary>
    public string? Problem()
    {
        if (From is { } from && To is { } to && to < from)
        {
            return $"'to' ({to:yyyy-MM-dd}) is before 'from' ({from:yyyy-MM-dd}).";
        }
        if (Status is not null && !Statuses.Contains(Status.ToLowerInvariant()))
        {
            return $"'status' must be green, amber or red; it was '{Status}'.";
        }
        return null;
    }
}
