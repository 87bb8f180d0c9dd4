using System.Globalization;
using System.Text;
using CxRox.Api.Auth;
using CxRox.Api.Errors;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CxRox.Api.Scores;

/// <summary>
/// Reads of one period's stored scores, for BI tools (reader role): the latest, or the period
/// holding a date; the result as stored, with its rule trace, or only its findings. Every read
/// answers an ETag and Cache-Control, and 304 to a matching If-None-Match.
/// </summary>
public static partial class ScoresApi
{
    private static void MapSnapshotReads(RouteGroupBuilder group)
    {
        group.MapGet("/scores/latest", LatestAsync)
            .WithName("GetLatestScores")
            .WithSummary("The stored scores of the newest period of the newest version with scores (or of 'version'), as stored: every metric and pillar, the ROX index and the findings. 404 until a recompute has stored some.")
            .ConfigureRead<ScoreDocument>();

        MapLatestView(group, "/full", SnapshotView.Full)
            .WithName("GetLatestScoresWithTrace")
            .WithSummary("The latest stored scores (as GET scores/latest) with their rule trace in 'trace': every rule that fired with the values it read.")
            .ConfigureRead<ScoreDocument>();

        MapLatestView(group, "/findings", SnapshotView.Findings)
            .WithName("GetLatestScoreFindings")
            .WithSummary("The latest period, its ROX index and its findings with their recommended actions: the executive's view.")
            .ConfigureRead<ScoreFindingsResponse>();

        MapDateView(group, "", SnapshotView.Document)
            .WithName("GetScores")
            .WithSummary("The stored scores of the period holding 'date' (yyyy-MM-dd; 2026-10-17 gives October of a monthly scorecard), of 'version' or else the newest version with scores for it.")
            .ConfigureRead<ScoreDocument>();

        MapDateView(group, "/full", SnapshotView.Full)
            .WithName("GetScoresWithTrace")
            .WithSummary("The stored scores of the period holding 'date' with their rule trace in 'trace'.")
            .ConfigureRead<ScoreDocument>();

        MapDateView(group, "/findings", SnapshotView.Findings)
            .WithName("GetScoreFindings")
            .WithSummary("The period holding 'date', its ROX index and its findings with their recommended actions.")
            .ConfigureRead<ScoreFindingsResponse>();
    }

    private static RouteHandlerBuilder MapLatestView(RouteGroupBuilder group, string suffix, SnapshotView view) =>
        group.MapGet("/scores/latest" + suffix, (string scorecardId, HttpContext context, RequestOrganization organization, CancellationToken cancellationToken, int? version) =>
            SnapshotAsync(view, scorecardId, null, version, context, organization, cancellationToken));

    private static RouteHandlerBuilder MapDateView(RouteGroupBuilder group, string suffix, SnapshotView view) =>
        group.MapGet("/scores/{date}" + suffix, (string scorecardId, string date, HttpContext context, RequestOrganization organization, CancellationToken cancellationToken, int? version) =>
            SnapshotAsync(view, scorecardId, date, version, context, organization, cancellationToken));

    private static RouteHandlerBuilder ConfigureRead<TBody>(this RouteHandlerBuilder builder) => builder
        .RequireKey(Policies.Reader)
        .Produces<TBody>(StatusCodes.Status200OK, "application/json")
        .Produces(StatusCodes.Status304NotModified);

    /// <summary>
    /// The fast path: the kept bytes, once the scorecard's current revision is confirmed from the
    /// database (one shared query for all requests waiting at that moment) and they were read at
    /// it or later; otherwise read through row-level security and kept.
    /// </summary>
    private static async Task<Results<ScoresBody, StatusCodeHttpResult, ProblemHttpResult>> LatestAsync(
        string scorecardId, HttpContext context, RequestOrganization organization, LatestScoresCache cache, CancellationToken cancellationToken,
        int? version = null)
    {
        var response = context.Response;
        ScoresETag.Describe(response, null);
        var organizationId = organization.Current.Id;
        var revision = await cache.CurrentRevisionAsync(organizationId, scorecardId, cancellationToken);
        if (revision is null)
        {
            return NotFound(scorecardId, null);
        }
        if (revision == 0)
        {
            return NoScores(context, scorecardId, version, null);
        }
        var etag = ScoresETag.Of(revision.Value, "json", context.Request.QueryString);
        if (ScoresETag.IsMatchedBy(context.Request, etag))
        {
            ScoresETag.Describe(response, etag);
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }

        var latest = cache.Find(organizationId, scorecardId, version, revision.Value);
        if (latest is null)
        {
            SnapshotText? read;
            await using (var transaction = await organization.BeginTransactionAsync(cancellationToken))
            {
                read = await SnapshotsStore.FindAsync(transaction, scorecardId, version, null, SnapshotView.Document, cancellationToken);
            }
            if (read?.Json is null)
            {
                return read is null ? NotFound(scorecardId, null) : NoScores(context, scorecardId, version, null);
            }
            latest = new LatestScores(read.Revision, Encoding.UTF8.GetBytes(read.Json));
            cache.Keep(organizationId, scorecardId, version, latest);
        }
        ScoresETag.Describe(response, ScoresETag.Of(latest.Revision, "json", context.Request.QueryString));
        return ScoresBody.Json(latest.Json);
    }

    private static async Task<Results<ScoresBody, StatusCodeHttpResult, ProblemHttpResult>> SnapshotAsync(
        SnapshotView view, string scorecardId, string? date, int? version, HttpContext context, RequestOrganization organization,
        CancellationToken cancellationToken)
    {
        ScoresETag.Describe(context.Response, null);
        DateOnly? day = null;
        if (date is not null)
        {
            if (!DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
            {
                return Problem(StatusCodes.Status400BadRequest, $"'{date}' is not a date; give one as yyyy-MM-dd, or 'latest'.");
            }
            day = parsed;
        }
        await using var transaction = await organization.BeginTransactionAsync(cancellationToken);
        var read = await SnapshotsStore.FindAsync(transaction, scorecardId, version, day, view, cancellationToken);
        if (read?.Json is null)
        {
            return read is null ? NotFound(scorecardId, null) : NoScores(context, scorecardId, version, day);
        }
        var etag = ScoresETag.Of(read.Revision, "json", context.Request.QueryString);
        ScoresETag.Describe(context.Response, etag);
        return ScoresETag.IsMatchedBy(context.Request, etag)
            ? TypedResults.StatusCode(StatusCodes.Status304NotModified)
            : ScoresBody.Json(Encoding.UTF8.GetBytes(read.Json));
    }

    /// <summary>The scorecard exists but nothing asked for has been computed: say how to compute it.</summary>
    private static ProblemHttpResult NoScores(HttpContext context, string scorecardId, int? version, DateOnly? day)
    {
        var path = context.Request.Path.Value!;
        var recompute = string.Concat(path.AsSpan(0, path.IndexOf("/scores", StringComparison.Ordinal)), "/recompute");
        var what = version is null ? $"Scorecard '{scorecardId}'" : $"Version {version} of scorecard '{scorecardId}'";
        var query = new List<string>();
        if (version is not null)
        {
            query.Add($"version={version}");
        }
        if (day is not null)
        {
            query.Add($"from={day:yyyy-MM-dd}&to={day:yyyy-MM-dd}");
        }
        var how = $"POST {recompute}{(query.Count > 0 ? "?" + string.Join('&', query) : "")} to compute them.";
        return Problem(StatusCodes.Status404NotFound, day is null
            ? $"{what} has no scores yet; {how}"
            : $"{what} has no scores for the period holding {day:yyyy-MM-dd}; {how}");
    }
}
