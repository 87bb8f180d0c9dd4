using System.Security.Claims;
using CxRox.Api.Auth;
using CxRox.Api.Schedules;
using CxRox.Api.Recompute;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace CxRox.Api.Scorecards;

public static partial class ScorecardsApi
{
    // The body is read as bytes, not model-bound, so that the document is stored exactly as sent.
    internal static async Task<byte[]> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken);
        return buffer.ToArray();
    }

    private static async Task<Results<Ok<ValidationResponse>, ProblemHttpResult>> ValidateAsync(
        HttpRequest request, RequestOrganization organization, IOptions<ScheduleOptions> schedules, CancellationToken cancellationToken)
    {
        var submission = ScorecardSubmission.Read(
            await ReadBodyAsync(request, cancellationToken), organization.Current.Slug, scorecardId: null, schedules.Value.RulesAt(DateTimeOffset.UtcNow),
            organization.Current.TimeZone);
        return submission.Scorecard is { } scorecard
            ? TypedResults.Ok(new ValidationResponse(true, scorecard.Id, scorecard.Name, [.. submission.Warnings.Select(DiagnosticResponse.From)]))
            : Invalid(submission);
    }

    private static async Task<Results<Created<ScorecardVersionResponse>, Ok<ScorecardVersionResponse>, ProblemHttpResult>> PutAsync(
        string scorecardId, HttpRequest request, ClaimsPrincipal user, RequestOrganization organization, ScheduleTriggers triggers,
        IOptions<ScheduleOptions> schedules, CancellationToken cancellationToken)
    {
        if (ScorecardETag.IfMatchAny(request))
        {
            return Problem(StatusCodes.Status428PreconditionRequired, "Precondition Required",
                $"If-Match: * is not accepted: it matches any version, so concurrent writers would all replace scorecard '{scorecardId}'. "
                + "Send If-Match with the ETag of the version you read (GET answers it in ETag), or no If-Match to create the scorecard.", currentETag: null);
        }
        var submission = ScorecardSubmission.Read(
            await ReadBodyAsync(request, cancellationToken), organization.Current.Slug, scorecardId, schedules.Value.RulesAt(DateTimeOffset.UtcNow),
            organization.Current.TimeZone);
        if (submission.Scorecard is not { } scorecard)
        {
            return Invalid(submission);
        }

        await using var transaction = await organization.BeginTransactionAsync(cancellationToken);
        // The scorecard's trigger lock first, then its stream (in PutAsync): the order of every
        // other writer of its schedule (schedule PUT, archive, restore), so none waits for the other.
        await ScheduleTriggers.LockAsync(transaction, scorecardId, cancellationToken);
        var outcome = await ScorecardsStore.PutAsync(
            transaction, scorecardId, scorecard.Name, submission, ScorecardETag.Read(request), ApiCaller.From(user).KeyId, cancellationToken);
        if (outcome.Kind is PutOutcomeKind.Created or PutOutcomeKind.Replaced)
        {
            // The version's schedule was stored with it; its recurring jobs are applied before the
            // commit, under the trigger lock (a start reconciles them, should the commit fail after).
            await triggers.ApplyAsync(organization.Current.Id, scorecardId, outcome.Schedule, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        var current = outcome.Version;
        var etag = current is null ? null : ScorecardETag.Of(current.Version);
        switch (outcome.Kind)
        {
            case PutOutcomeKind.Created or PutOutcomeKind.Replaced or PutOutcomeKind.Unchanged:
                var body = ScorecardVersionResponse.From(current!, outcome.Scorecard!);
                request.HttpContext.Response.Headers.ETag = etag;
                return outcome.Kind == PutOutcomeKind.Created
                    ? TypedResults.Created($"/v1/organizations/{organization.Current.Slug}/scorecards/{scorecardId}", body)
                    : TypedResults.Ok(body);
            case PutOutcomeKind.PreconditionRequired:
                return Problem(StatusCodes.Status428PreconditionRequired, "Precondition Required",
                    $"Scorecard '{scorecardId}' exists; to replace it, send If-Match with the ETag of the version you changed (now {etag}).", etag);
            case PutOutcomeKind.PreconditionFailed:
                return Problem(StatusCodes.Status412PreconditionFailed, "Precondition Failed",
                    etag is null
                        ? $"Scorecard '{scorecardId}' does not exist, so If-Match cannot match; send the PUT without If-Match to create it."
                        : $"Scorecard '{scorecardId}' has changed since the version you sent If-Match for; its current ETag is {etag}. Nothing was stored: merge with the current version and try again.",
                    etag);
            default:
                return Problem(StatusCodes.Status409Conflict, "Conflict",
                    $"Scorecard '{scorecardId}' is archived; restore it before replacing it.", etag);
        }
    }

    private static ProblemHttpResult Problem(int status, string title, string detail, string? currentETag)
    {
        var problem = new ProblemDetails { Status = status, Title = title, Detail = detail };
        if (currentETag is not null)
        {
            problem.Extensions["currentETag"] = currentETag;
        }
        return TypedResults.Problem(problem);
    }

    /// <summary>422 problem+json with every diagnostic (errors and warnings) under "errors".</summary>
    internal static ProblemHttpResult Invalid(ScorecardSubmission submission)
    {
        var errors = submission.Diagnostics.Where(d => d.Severity == Engine.Validation.DiagnosticSeverity.Error).ToList();
        var first = errors.FirstOrDefault();
        var problem = new ProblemDetails
        {
            Status = StatusCodes.Status422UnprocessableEntity,
            Title = "The scorecard is not valid",
            Detail = $"{errors.Count} error(s) and {submission.Diagnostics.Length - errors.Count} warning(s); the first: {first}",
        };
        problem.Extensions["errors"] = submission.Diagnostics.Select(DiagnosticResponse.From).ToList();
        return TypedResults.Problem(problem);
    }
}
