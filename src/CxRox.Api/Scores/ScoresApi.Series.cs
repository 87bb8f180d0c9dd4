using System.IO.Pipelines;
using System.Text.Json;
using CxRox.Api.Auth;
using CxRox.Api.Errors;
using CxRox.Api.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

namespace CxRox.Api.Scores;

/// <summary>
/// Scores over a range of periods for BI tools (reader role): JSON pages with filters and a
/// cursor, and flat exports (CSV, NDJSON) of the same range and filters, streamed.
/// </summary>
public static partial class ScoresApi
{
    private const string ExportColumns =
        "Columns, in this order: period_start, period_end, scorecard, version, pillar, metric, value, score, status, target, partial, stale. "
        + "One row per metric per period (value, score, status green/amber/red, target), one per pillar (metric empty; value and score are the pillar's score) "
        + "and one for the ROX index (pillar and metric empty; value and score are the index). Empty cell for no value; ISO dates; '.' decimals; true/false.";

    private static void MapSeriesReads(RouteGroupBuilder group)
    {
        group.MapGet("/scores", SeriesAsync)
            .WithName("GetScoreSeries")
            .WithSummary("Scores per period over a range ('from', 'to': the periods holding them; default the 12 newest with scores) of one version (default: the newest with scores), "
                + "filtered by 'pillar', 'metric', 'status' (green, amber, red) and 'tag' (touchpoint, channel or journey stage), oldest first, 'limit' periods a page (default 24, at most 120); "
                + "'next' and a Link header (rel=\"next\") give the next page. With Accept: text/csv or application/x-ndjson, the flat export of GET scores.csv or scores.ndjson.")
            .RequireKey(Policies.Reader)
            .Produces<ScoreSeriesResponse>(StatusCodes.Status200OK, "application/json")
            .Produces(StatusCodes.Status304NotModified);

        MapExport(group, ScoreExportFormat.Csv)
            .WithName("ExportScoresCsv")
            .WithSummary("The range and filters of GET scores as one CSV file (RFC 4180, UTF-8 without BOM, header row, CRLF; not paged), streamed. " + ExportColumns);

        MapExport(group, ScoreExportFormat.Ndjson)
            .WithName("ExportScoresNdjson")
            .WithSummary("The range and filters of GET scores as NDJSON, one object a line with the CSV's columns as keys (null for no value; not paged), streamed. " + ExportColumns);
    }

    private static RouteHandlerBuilder MapExport(RouteGroupBuilder group, ScoreExportFormat format) =>
        group.MapGet($"/scores.{ScoreExport.Extension(format)}", (string scorecardId, [AsParameters] ScoreSeriesQuery query, HttpContext context, RequestOrganization organization, CancellationToken cancellationToken) =>
                ExportAsync(format, scorecardId, query, context, organization, cancellationToken))
            .RequireKey(Policies.Reader)
            .Produces<string>(StatusCodes.Status200OK, ScoreExport.MediaType(format))
            .Produces(StatusCodes.Status304NotModified);

    /// <summary>A JSON page, or the export the Accept header asks for (not paged: 'limit' and 'cursor' are not read then).</summary>
    private static Task<Results<ScoresBody, StatusCodeHttpResult, ProblemHttpResult>> SeriesAsync(
        string scorecardId, [AsParameters] ScoreSeriesQuery query, [AsParameters] ScorePageQuery page, HttpContext context, RequestOrganization organization,
        CancellationToken cancellationToken)
    {
        context.Response.Headers.Vary = HeaderNames.Accept;
        return RequestedExport(context.Request) is { } format
            ? ExportAsync(format, scorecardId, query, context, organization, cancellationToken)
            : PageAsync(scorecardId, query, page, context, organization, cancellationToken);
    }

    private static async Task<Results<ScoresBody, StatusCodeHttpResult, ProblemHttpResult>> PageAsync(
        string scorecardId, ScoreSeriesQuery query, ScorePageQuery pageQuery, HttpContext context, RequestOrganization organization,
        CancellationToken cancellationToken)
    {
        if (pageQuery.Problem() is { } problem)
        {
            ScoresETag.Describe(context.Response, null);
            return Problem(StatusCodes.Status400BadRequest, problem);
        }
        // One period more than the page holds says whether there is a next page.
        var opened = await OpenSeriesAsync(scorecardId, query, pageQuery.After, pageQuery.Size + 1, context, organization, cancellationToken);
        if (opened.Series is not { } series)
        {
            return opened.Problem!;
        }
        if (IsNotModified(context, series.Revision, "json"))
        {
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }
        var page = series.Periods.Take(pageQuery.Size).ToList();
        var next = series.Periods.Count > page.Count ? pageQuery.Next(context.Request.Path, query, series.From, series.Version, page[^1]) : null;
        if (next is not null)
        {
            // RFC 8288; the same URL as the body's "next".
            context.Response.Headers.Link = $"<{next}>; rel=\"next\"";
        }
        var periods = await ReadAhead.StartAsync(
            ScoreSeriesStore.PeriodsAsync(series.Transaction, scorecardId, series.Version, page, query.Filter, cancellationToken), context.Response, cancellationToken);
        return ScoresBody.Streamed(ScoresBody.JsonMediaType, (body, aborted) => WritePageAsync(body, scorecardId, series.Version, periods, next, aborted));
    }

    private static async Task<Results<ScoresBody, StatusCodeHttpResult, ProblemHttpResult>> ExportAsync(
        ScoreExportFormat format, string scorecardId, ScoreSeriesQuery query, HttpContext context, RequestOrganization organization,
        CancellationToken cancellationToken)
    {
        var opened = await OpenSeriesAsync(scorecardId, query, null, null, context, organization, cancellationToken);
        if (opened.Series is not { } series)
        {
            return opened.Problem!;
        }
        if (IsNotModified(context, series.Revision, format.ToString()))
        {
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }
        // The status is decided before the first byte: the query runs and reads its first period now.
        var periods = await ReadAhead.StartAsync(
            ScoreSeriesStore.PeriodsAsync(series.Transaction, scorecardId, series.Version, series.Periods, query.Filter, cancellationToken), context.Response, cancellationToken);
        return ScoresBody.Streamed(
            ScoreExport.ContentType(format),
            (body, aborted) => ScoreExport.WriteAsync(body, format, scorecardId, series.Version, periods, aborted),
            ScoreExport.FileName(format, scorecardId, series.Version));
    }

    /// <param name="Transaction">Open until the response has been written (the body is read while it streams).</param>
    /// <param name="From">The first day of the range as resolved (the default made explicit for the next page).</param>
    private sealed record OpenSeries(OrganizationTransaction Transaction, long Revision, int Version, DateOnly From, IReadOnlyList<DateOnly> Periods);

    private sealed record OpenedSeries(OpenSeries? Series, ProblemHttpResult? Problem);

    /// <summary>
    /// Checks the query, then reads the scorecard's revision first and which periods the range
    /// holds after <paramref name="after"/> (at most <paramref name="limit"/>): the revision is
    /// never newer than the data read after it, so an ETag made from it never names data older
    /// than it.
    /// </summary>
    private static async Task<OpenedSeries> OpenSeriesAsync(
        string scorecardId, ScoreSeriesQuery query, DateOnly? after, int? limit, HttpContext context, RequestOrganization organization,
        CancellationToken cancellationToken)
    {
        ScoresETag.Describe(context.Response, null);
        if (query.Problem() is { } problem)
        {
            return new(null, Problem(StatusCodes.Status400BadRequest, problem));
        }
        var transaction = await organization.BeginTransactionAsync(cancellationToken);
        context.Response.RegisterForDisposeAsync(transaction);
        if (await ScoreSeriesStore.FindHeadAsync(transaction, scorecardId, query.Version, cancellationToken) is not { } head)
        {
            return new(null, NotFound(scorecardId, null));
        }
        if (head.Version is not { } version)
        {
            return new(null, NoScores(context, scorecardId, query.Version, null));
        }
        var from = query.From
            ?? await ScoreSeriesStore.NewestPeriodsStartAsync(transaction, scorecardId, version, query.To, ScoreSeriesQuery.DefaultPeriods, cancellationToken)
            ?? DateOnly.MinValue;
        var periods = await ScoreSeriesStore.PeriodStartsAsync(transaction, scorecardId, version, from, query.To, after, limit, cancellationToken);
        return new(new OpenSeries(transaction, head.Revision, version, from, periods), null);
    }

    private static bool IsNotModified(HttpContext context, long revision, string representation)
    {
        var etag = ScoresETag.Of(revision, representation, context.Request.QueryString);
        ScoresETag.Describe(context.Response, etag);
        return ScoresETag.IsMatchedBy(context.Request, etag);
    }

    /// <summary>The envelope around the periods' JSON, which is written as the database composed it.</summary>
    private static async Task WritePageAsync(
        PipeWriter body, string scorecardId, int version, IAsyncEnumerable<string> periods, string? next, CancellationToken cancellationToken)
    {
        await using var json = new Utf8JsonWriter(body);
        json.WriteStartObject();
        json.WriteString("scorecard", scorecardId);
        json.WriteNumber("version", version);
        json.WriteStartArray("periods");
        await foreach (var period in periods.WithCancellation(cancellationToken))
        {
            json.WriteRawValue(period, skipInputValidation: true);
            await json.FlushAsync(cancellationToken);
            await body.FlushAsync(cancellationToken);
        }
        json.WriteEndArray();
        json.WriteString("next", next);
        json.WriteEndObject();
        await json.FlushAsync(cancellationToken);
    }

    /// <summary>The export an Accept header prefers over JSON, if any (JSON for */*, none, or anything else).</summary>
    private static ScoreExportFormat? RequestedExport(HttpRequest request)
    {
        if (!MediaTypeHeaderValue.TryParseList(request.Headers.Accept, out var accepted))
        {
            return null;
        }
        foreach (var media in accepted.Where(m => m.Quality is not 0).OrderByDescending(m => m.Quality ?? 1))
        {
            if (media.MediaType.Equals(ScoreExport.CsvMediaType, StringComparison.OrdinalIgnoreCase))
            {
                return ScoreExportFormat.Csv;
            }
            if (media.MediaType.Equals(ScoreExport.NdjsonMediaType, StringComparison.OrdinalIgnoreCase))
            {
                return ScoreExportFormat.Ndjson;
            }
            if (media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) || media.MatchesAllTypes)
            {
                return null;
            }
        }
        return null;
    }
}
