using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Mvc;

namespace CxRox.Api.Scores;

/// <summary>
/// A page of a JSON series: how many periods, and after which one. The cursor is opaque to
/// clients (base64url of the last period's first day): the next page starts after it, so pages
/// neither repeat nor skip a period, even when newer periods are stored meanwhile.
/// </summary>
public sealed class ScorePageQuery
{
    public const int DefaultLimit = 24;
    public const int MaxLimit = 120;

    private const string CursorPrefix = "after:";

    /// <summary>Periods per page (default 24, at most 120).</summary>
    [FromQuery(Name = "limit")] public int? Limit { get; init; }

    /// <summary>From a page's 'next'.</summary>
    [FromQuery(Name = "cursor")] public string? Cursor { get; init; }

    public int Size => Limit ?? DefaultLimit;

    /// <summary>Why the page cannot be answered; null when it can.</summary>
    public string? Problem()
    {
        if (Limit is < 1 or > MaxLimit)
        {
            return $"'limit' must be from 1 to {MaxLimit}; it was {Limit}.";
        }
        if (Cursor is not null && After is null)
        {
            return "'cursor' is not one this service gave; take it from a page's 'next'.";
        }
        return null;
    }

    /// <summary>The first day of the period the page starts after; null without a cursor or with one this service did not write.</summary>
    public DateOnly? After
    {
        get
        {
            if (Cursor is null || Cursor.Length > 40 || !Base64Url.IsValid(Cursor))
            {
                return null;
            }
            var text = Encoding.ASCII.GetString(Base64Url.DecodeFromChars(Cursor));
            return text.StartsWith(CursorPrefix, StringComparison.Ordinal)
                && DateOnly.TryParseExact(text[CursorPrefix.Length..], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var after)
                ? after
                : null;
        }
    }

    /// <summary>
    /// The URL of the page after <paramref name="lastPeriod"/>: the same query with the range
    /// start and version it resolved to written out, so every page reads one version and range.
    /// </summary>
    public string Next(PathString path, ScoreSeriesQuery series, DateOnly from, int version, DateOnly lastPeriod)
    {
        KeyValuePair<string, string?>[] parameters =
        [
            new("from", Day(from)),
            new("to", series.To is { } to ? Day(to) : null),
            new("version", version.ToString(CultureInfo.InvariantCulture)),
            new("pillar", series.Pillar),
            new("metric", series.Metric),
            new("status", series.Status),
            new("tag", series.Tag),
            new("limit", Limit?.ToString(CultureInfo.InvariantCulture)),
            new("cursor", Base64Url.EncodeToString(Encoding.ASCII.GetBytes(CursorPrefix + Day(lastPeriod)))),
        ];
        return path + QueryString.Create(parameters.Where(p => p.Value is not null));
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
