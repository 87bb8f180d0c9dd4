using System.Security.Claims;
using CxRox.Api.Auth;
using CxRox.Api.Errors;
using CxRox.Api.Recompute;
using CxRox.Api.Scorecards;
using Hangfire;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace CxRox.Api.Schedules;

/// <summary>
/// A scorecard's schedule: read it with its next fire times, change it without a new version,
/// run it now, and its run history.
/// </summary>
public static class SchedulesApi
{
    public const int NextFireTimes = 5;
    public const int MaxListed = 200;

    public static void MapSchedules(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/organizations/{org}/scorecards/{scorecardId}/schedule")
            .WithTags("Schedules")
            .ProducesProblems(StatusCodes.Status404NotFound);

        group.MapGet("", GetAsync)
            .WithName("GetSchedule")
            .WithSummary("The scorecard's recompute and summary schedules (cron as written and in Quartz's form), their time zone, where they were set, and the next five fire times in that time zone.")
            .RequireKey(Policies.Reader);

        group.MapPut("", PutAsync)
            .WithName("PutSchedule")
            .WithSummary("Sets the schedules without a new version: 'recompute' and 'summary' (5-field cron or Quartz's form; null for none) in 'timeZone' (IANA). Storing a version that declares a schedule sets it again.")
            .RequireKey(Policies.Editor)
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status422UnprocessableEntity);

        group.MapPost("/run-now", RunNowAsync)
            .WithName("RunScheduleNow")
            .WithSummary("Runs the recompute (kind=recompute, the default) or the summary (kind=summary) now, as its schedule would; 202 with the run history's URL.")
            .RequireKey(Policies.Editor)
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status409Conflict);

        group.MapGet("/runs", ListRunsAsync)
            .WithName("ListScheduleRuns")
            .WithSummary("The scorecard's runs, newest first: each firing (or run-now) with its status, attempts, how often Hangfire delivered it, its error, the recompute job and the summary's period.")
            .RequireKey(Policies.Reader)
            .ProducesProblems(StatusCodes.Status400BadRequest);
    }

    private static async Task<Results<Ok<ScheduleResponse>, ProblemHttpResult>> GetAsync(
        string scorecardId, RequestOrganization organization, CancellationToken cancellationToken)
    {
        await using var transaction = await organization.BeginTransactionAsync(cancellationToken);
        if (await ScorecardsStore.FindAsync(transaction, scorecardId, cancellationToken) is null)
        {
            return NoScorecard(scorecardId);
        }
        return await ScheduleStore.FindAsync(transaction, scorecardId, cancellationToken) is { } schedule
            ? TypedResults.Ok(ScheduleResponse.From(schedule, DateTimeOffset.UtcNow))
            : Problem(StatusCodes.Status404NotFound, $"Scorecard '{scorecardId}' has no schedule; declare one in the scorecard or PUT one here.");
    }

    private static async Task<Results<Ok<ScheduleResponse>, ProblemHttpResult>> PutAsync(
        string scorecardId, ScheduleRequest request, ClaimsPrincipal user, RequestOrganization organization, ScheduleTriggers triggers,
        IOptions<ScheduleOptions> options, CancellationToken cancellationToken)
    {
        var errors = request.Validate(options.Value.RulesAt(DateTimeOffset.UtcNow));
        if (errors.Count > 0)
        {
            var problem = new ProblemDetails
            {
                Status = StatusCodes.Status422UnprocessableEntity,
                Title = "The schedule is not valid",
                Detail = string.Join(" ", errors.Select(e => $"{e.Pointer[1..]} ({e.Code}): {e.Message}")),
            };
            problem.Extensions["errors"] = errors;
            return TypedResults.Problem(problem);
        }

        ScorecardSchedule schedule;
        await using (var transaction = await organization.BeginTransactionAsync(cancellationToken))
        {
            await ScheduleTriggers.LockAsync(transaction, scorecardId, cancellationToken);
            if (await ScorecardsStore.FindAsync(transaction, scorecardId, cancellationToken) is not { } scorecard)
            {
                return NoScorecard(scorecardId);
            }
            if (scorecard.ArchivedAt is not null)
            {
                return Problem(StatusCodes.Status409Conflict, $"Scorecard '{scorecardId}' is archived; restore it before scheduling it.");
            }
            schedule = (await ScheduleStore.SetAsync(
                transaction, scorecardId, Blank(request.Recompute), Blank(request.Summary), request.TimeZone!, ScorecardSchedule.FromApi, ApiCaller.From(user).KeyId, cancellationToken))!;
            await triggers.ApplyAsync(organization.Current.Id, scorecardId, schedule, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        return TypedResults.Ok(ScheduleResponse.From(schedule, DateTimeOffset.UtcNow));
    }

    private static async Task<Results<Accepted<RunNowResponse>, ProblemHttpResult>> RunNowAsync(
        string scorecardId, RequestOrganization organization, IBackgroundJobClient jobs, CancellationToken cancellationToken, string kind = "recompute")
    {
        if (!Enum.TryParse<ScheduleKind>(kind, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed))
        {
            return Problem(StatusCodes.Status400BadRequest, $"'kind' is '{kind}'; it must be 'recompute' or 'summary'.");
        }
        await using (var transaction = await organization.BeginTransactionAsync(cancellationToken))
        {
            if (await ScorecardsStore.FindAsync(transaction, scorecardId, cancellationToken) is not { } scorecard)
            {
                return NoScorecard(scorecardId);
            }
            if (scorecard.ArchivedAt is not null)
            {
                return Problem(StatusCodes.Status409Conflict, $"Scorecard '{scorecardId}' is archived; restore it before running it.");
            }
        }
        var requestedAt = DateTimeOffset.UtcNow;
        var organizationId = organization.Current.Id;
        jobs.Enqueue<ScheduledRunJob>(job => job.RunNowAsync(organizationId, scorecardId, parsed, requestedAt, null, CancellationToken.None));
        var runs = $"/v1/organizations/{organization.Current.Slug}/scorecards/{scorecardId}/schedule/runs";
        return TypedResults.Accepted(runs, new RunNowResponse(ScheduleStore.Name(parsed), requestedAt, runs));
    }

    private static async Task<Results<Ok<IReadOnlyList<ScheduleRunResponse>>, ProblemHttpResult>> ListRunsAsync(
        string scorecardId, RequestOrganization organization, CancellationToken cancellationToken, int limit = 50)
    {
        if (ListLimit.Refusal(limit, MaxListed) is { } refusal)
        {
            return refusal;
        }
        await using var transaction = await organization.BeginTransactionAsync(cancellationToken);
        if (await ScorecardsStore.FindAsync(transaction, scorecardId, cancellationToken) is null)
        {
            return NoScorecard(scorecardId);
        }
        var runs = await ScheduleStore.ListRunsAsync(transaction, scorecardId, limit, cancellationToken);
        return TypedResults.Ok<IReadOnlyList<ScheduleRunResponse>>([.. runs.Select(r => ScheduleRunResponse.From(r, organization.Current.Slug))]);
    }

    private static string? Blank(string? cron) => string.IsNullOrWhiteSpace(cron) ? null : cron.Trim();

    private static ProblemHttpResult NoScorecard(string scorecardId) => Problem(StatusCodes.Status404NotFound, $"There is no scorecard '{scorecardId}'.");

    private static ProblemHttpResult Problem(int status, string detail) =>
        TypedResults.Problem(new ProblemDetails { Status = status, Title = Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status), Detail = detail });
}
