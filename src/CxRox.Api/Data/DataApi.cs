using System.Diagnostics;
using System.Text.Json;
using CxRox.Api.Auth;
using CxRox.Api.Errors;
using CxRox.Api.Recompute;
using CxRox.Api.Storage;
using CxRox.Engine.Time;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace CxRox.Api.Data;

/// <summary>
/// An organization's data: observations and survey answers in bulk (JSON array, NDJSON or CSV,
/// streamed, all-or-nothing, idempotent), and the rebuild of its answer histograms.
/// </summary>
public static class DataApi
{
    /// <summary>Data files are big: ingest routes lift the service's default body limit to this.</summary>
    public const long MaxIngestBodyBytes = 16L * 1024 * 1024 * 1024;

    private static readonly string[] IngestMediaTypes = ["application/json", "application/x-ndjson", "text/csv"];

    public static void MapData(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/organizations/{org}/data")
            .WithTags("Data")
            .ProducesProblems(StatusCodes.Status404NotFound);

        group.MapPost("/observations", (HttpContext context, RequestOrganization organization, DebouncedRecompute recompute, CancellationToken cancellationToken) =>
                IngestAsync(context, organization, recompute, DataKind.Observations, cancellationToken))
            .WithName("IngestObservations")
            .WithSummary("Stores observations (metric, date, value, touchpoint?, channel?, source?) from a JSON array, NDJSON or CSV; keyed by metric, local date and segment. All or nothing.")
            .ConfigureIngest();

        group.MapPost("/survey-answers", (HttpContext context, RequestOrganization organization, DebouncedRecompute recompute, CancellationToken cancellationToken) =>
                IngestAsync(context, organization, recompute, DataKind.SurveyAnswers, cancellationToken))
            .WithName("IngestSurveyAnswers")
            .WithSummary("Stores survey answers (answerId, survey, question, answeredAt, score, respondent?, touchpoint?, channel?) from a JSON array, NDJSON or CSV; keyed by answer id. All or nothing.")
            .ConfigureIngest();

        group.MapGet("/aggregates", AggregatesAsync)
            .WithName("GetDataAggregates")
            .WithSummary("Survey and observation metrics of a scorecard version (default: current) per period from 'from' to 'to' (dates; the periods holding them), in the organization's time zone, with breakdowns by touchpoint or channel for metrics tagged with one.")
            .RequireKey(Policies.Reader)
            .ProducesProblems(StatusCodes.Status400BadRequest);

        group.MapDelete("", DeleteAsync)
            .WithName("DeleteData")
            .WithSummary("Deletes the organization's observations and survey answers for local days 'from' to 'to' (inclusive), or with 'respondent' only that respondent's answers (a data-subject request); one transaction, with counts.")
            .RequireKey(Policies.Ingest)
            .ProducesProblems(StatusCodes.Status400BadRequest);

        group.MapPost("/answer-histograms/rebuild", RebuildHistogramsAsync)
            .WithName("RebuildAnswerHistograms")
            .WithSummary("Recounts the per-day answer histograms from the raw answers in the organization's time zone (after a time-zone change, or to check them).")
            .RequireKey(Policies.Ingest);
    }

    private static RouteHandlerBuilder ConfigureIngest(this RouteHandlerBuilder builder) => builder
        .RequireKey(Policies.Ingest)
        .Accepts<IReadOnlyList<Dictionary<string, object>>>(IngestMediaTypes[0], IngestMediaTypes[1..])
        .WithMetadata(new RequestSizeLimitAttribute(MaxIngestBodyBytes))
        .Produces<RejectedBatchProblem>(StatusCodes.Status422UnprocessableEntity, "application/problem+json")
        .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status409Conflict, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType);

    internal enum DataKind { Observations, SurveyAnswers }

    private static async Task<Results<Ok<IngestResponse>, ProblemHttpResult, ContentHttpResult>> IngestAsync(
        HttpContext context, RequestOrganization organization, DebouncedRecompute recompute, DataKind kind, CancellationToken cancellationToken)
    {
        var request = context.Request;
        if (IngestRows.FormatOf(request.ContentType) is not { } format)
        {
            return Problem(StatusCodes.Status415UnsupportedMediaType, "Unsupported Media Type",
                $"{request.Method} {request.Path} does not read '{request.ContentType}'; send {string.Join(" or ", IngestMediaTypes)}.");
        }
        // Kestrel applies its server-wide limit unless the endpoint lifts it before the body is read.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxIngestBodyBytes;
        }

        var key = request.Headers[IdempotencyKeys.Header].ToString();
        if (key.Length > IdempotencyKeys.MaxKeyLength)
        {
            return Problem(StatusCodes.Status400BadRequest, "Bad Request", $"The {IdempotencyKeys.Header} has {key.Length} characters; at most {IdempotencyKeys.MaxKeyLength}.");
        }

        // One transaction holds the key's claim and the rows: both commit or neither does.
        await using var transaction = await organization.BeginTransactionAsync(cancellationToken);
        await using var hashed = key.Length == 0 ? null : new HashingReadStream(request.Body, $"{request.Method} {request.Path} {format}");
        if (hashed is not null && await IdempotencyKeys.ClaimAsync(transaction, key, cancellationToken) is { } held)
        {
            return await ReplayAsync(context, key, held, hashed, cancellationToken);
        }

        var outcome = await RunAsync(transaction, hashed ?? request.Body, format, organization, kind, cancellationToken);
        if (outcome.Response is not { } ok)
        {
            // Rolled back with the rows: a refused batch spends no key, so a corrected one may use it.
            return TypedResults.Problem(outcome.Problem!);
        }
        if (hashed is not null)
        {
            await IdempotencyKeys.RecordAsync(transaction, key, await hashed.FinishAsync(cancellationToken),
                StatusCodes.Status200OK, "application/json", JsonSerializer.Serialize(ok, ReplayJson), cancellationToken);
        }
        var changed = await ChangedDays.PublishAsync(transaction, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        if (changed)
        {
            await recompute.AfterChangeAsync(organization.Current.Id);
        }
        return TypedResults.Ok(ok);
    }

    /// <summary>The answer to a request whose key is taken: the stored answer for the same request, else why not.</summary>
    private static async Task<Results<Ok<IngestResponse>, ProblemHttpResult, ContentHttpResult>> ReplayAsync(
        HttpContext context, string key, IdempotencyRecord held, HashingReadStream body, CancellationToken cancellationToken)
    {
        if (held.InProgress)
        {
            return Problem(StatusCodes.Status409Conflict, "Conflict",
                $"A request with {IdempotencyKeys.Header} '{key}' is still in progress; retry once it has finished.");
        }
        if (await body.FinishAsync(cancellationToken) != held.RequestHash)
        {
            return Problem(StatusCodes.Status422UnprocessableEntity, "Idempotency-Key reused",
                $"{IdempotencyKeys.Header} '{key}' was used for a different request within the last {IdempotencyKeys.Lifetime.TotalHours:0} hours; use a new key for new data.");
        }
        context.Response.Headers["Idempotent-Replayed"] = "true";
        return TypedResults.Content(held.ResponseBody, held.ContentType, System.Text.Encoding.UTF8, held.StatusCode);
    }

    private static readonly JsonSerializerOptions ReplayJson = new(JsonSerializerDefaults.Web);

    private sealed record IngestOutcome(IngestResponse? Response, ProblemDetails? Problem);

    /// <summary>Reads, checks and stores the batch in the transaction, without committing it.</summary>
    private static async Task<IngestOutcome> RunAsync(
        OrganizationTransaction transaction, Stream body, IngestFormat format, RequestOrganization organization, DataKind kind, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        var current = organization.Current;
        var columns = kind == DataKind.Observations ? ObservationIngest.Columns : AnswerIngest.Columns;
        var rows = IngestRows.ReadAsync(body, format, columns, cancellationToken);
        var (batch, counts) = kind == DataKind.Observations
            ? await ObservationIngest.IngestAsync(transaction, rows, Engine.Time.IanaTimeZones.Find(current.TimeZone), cancellationToken)
            : await AnswerIngest.IngestAsync(transaction, rows, current.TimeZone, await SurveyScales.ReadAsync(transaction, cancellationToken), cancellationToken);
        return counts is null
            ? new IngestOutcome(null, Rejected(batch))
            : new IngestOutcome(new IngestResponse(batch.Rows, counts.Inserted, counts.Updated, counts.Unchanged, stopwatch.Elapsed.TotalMilliseconds), null);
    }

    private static ProblemHttpResult Problem(int status, string title, string detail) =>
        TypedResults.Problem(new ProblemDetails { Status = status, Title = title, Detail = detail });

    /// <summary>422 listing every bad row (up to the cap); nothing of the batch was stored.</summary>
    private static ProblemDetails Rejected(StagedBatch batch)
    {
        var first = batch.Errors.Count > 0 ? batch.Errors[0] : null;
        var problem = new ProblemDetails
        {
            Status = StatusCodes.Status422UnprocessableEntity,
            Title = "The batch has bad rows; nothing was stored",
            Detail = $"{batch.ErrorCount} problem(s) in {batch.Rows} row(s)"
                + (batch.ErrorCount > batch.Errors.Count ? $" (the first {batch.Errors.Count} listed)" : "")
                + (first is null ? "." : $"; the first: row {first.Row}{(first.Column is null ? "" : $", column '{first.Column}'")}: {first.Reason}"),
        };
        problem.Extensions["rows"] = batch.Rows;
        problem.Extensions["errorCount"] = batch.ErrorCount;
        problem.Extensions["errors"] = batch.Errors.Select(RowErrorResponse.From).ToList();
        return problem;
    }

    private static async Task<Results<Ok<AggregatesResponse>, ProblemHttpResult>> AggregatesAsync(
        string scorecard, DateOnly from, DateOnly to, RequestOrganization organization, CancellationToken cancellationToken, int? version = null)
    {
        await using var transaction = await organization.BeginTransactionAsync(cancellationToken);
        var found = (await Scorecards.ScorecardsStore.FindWithVersionAsync(transaction, scorecard, version, cancellationToken))?.Version;
        if (found is null || Engine.Model.ScorecardReader.Read(found.Document).Scorecard is not { } model)
        {
            return Problem(StatusCodes.Status404NotFound, "Not Found",
                version is null ? $"There is no scorecard '{scorecard}'." : $"Scorecard '{scorecard}' has no version {version}.");
        }
        if (to < from)
        {
            return Problem(StatusCodes.Status400BadRequest, "Bad Request", $"'to' ({to:yyyy-MM-dd}) is before 'from' ({from:yyyy-MM-dd}).");
        }

        var timeZone = organization.Current.TimeZone;
        var periods = Scores.ScorePeriods.Range(model.Period, from, to, PeriodCalendar.Today(timeZone, DateTimeOffset.UtcNow));
        if (periods is null)
        {
            return Problem(StatusCodes.Status400BadRequest, "Bad Request", $"The range holds more than {Scores.ScorePeriods.MaxPeriods} periods; ask for a shorter one.");
        }
        var values = await PeriodAggregates.ComputeAsync(transaction, model, periods[0].Start, periods[^1].EndExclusive, cancellationToken);
        return TypedResults.Ok(new AggregatesResponse(
            scorecard, found.Version, timeZone, PeriodAggregates.PeriodUnit(model.Period),
            [.. periods.Select(p => new PeriodResponse(p.Start, p.End, !p.Partial))], [.. values.Select(PeriodValueResponse.From)]));
    }

    private static async Task<Results<Ok<DeleteResponse>, ProblemHttpResult>> DeleteAsync(
        DateOnly from, DateOnly to, RequestOrganization organization, DebouncedRecompute recompute, CancellationToken cancellationToken, string? respondent = null)
    {
        if (to < from)
        {
            return Problem(StatusCodes.Status400BadRequest, "Bad Request", $"'to' ({to:yyyy-MM-dd}) is before 'from' ({from:yyyy-MM-dd}).");
        }
        await using var transaction = await organization.BeginTransactionAsync(cancellationToken);
        var deleted = await DataDeletion.DeleteAsync(
            transaction, organization.Current.TimeZone, from, to, string.IsNullOrEmpty(respondent) ? null : respondent, cancellationToken);
        var changed = await ChangedDays.PublishAsync(transaction, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        if (changed)
        {
            await recompute.AfterChangeAsync(organization.Current.Id);
        }
        return TypedResults.Ok(new DeleteResponse(from, to, respondent, deleted.Observations, deleted.SurveyAnswers));
    }

    private static async Task<Ok<RebuildResponse>> RebuildHistogramsAsync(RequestOrganization organization, DebouncedRecompute recompute, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        await using var transaction = await organization.BeginTransactionAsync(cancellationToken);
        var rows = await AnswerIngest.RebuildHistogramsAsync(transaction, organization.Current.TimeZone, cancellationToken);
        var changed = await ChangedDays.PublishAsync(transaction, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        if (changed)
        {
            await recompute.AfterChangeAsync(organization.Current.Id);
        }
        return TypedResults.Ok(new RebuildResponse(organization.Current.TimeZone, rows, stopwatch.Elapsed.TotalMilliseconds));
    }
}
