using CxRox.Api.Auth;
using CxRox.Api.Errors;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace CxRox.Api.Jobs;

/// <summary>Who asked for a job.</summary>
public static class JobRequester
{
    public const string Api = "api";
    public const string Schedule = "schedule";
    public const string Demo = "demo";
    public const string DataChange = "data-change";
}

/// <summary>An organization's recompute jobs: one job's status and progress, and the run history.</summary>
public static class JobsApi
{
    public const int MaxListed = 200;

    public static void MapJobs(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/organizations/{org}/jobs")
            .WithTags("Jobs")
            .ProducesProblems(StatusCodes.Status404NotFound);

        group.MapGet("/{jobId:guid}", GetAsync)
            .WithName("GetJob")
            .WithSummary("A job's status (queued, running, succeeded, failed), progress (done of total periods), attempts, error and timing.")
            .RequireKey(Policies.Reader);

        group.MapGet("", ListAsync)
            .WithName("ListJobs")
            .WithSummary("The newest jobs first, of one scorecard with 'scorecard'; at most 'limit' (default 50, at most 200).")
            .RequireKey(Policies.Reader)
            .ProducesProblems(StatusCodes.Status400BadRequest);
    }

    private static async Task<Results<Ok<JobResponse>, ProblemHttpResult>> GetAsync(
        Guid jobId, RequestOrganization organization, CancellationToken cancellationToken)
    {
        await using var transaction = await organization.BeginTransactionAsync(cancellationToken);
        return await JobsStore.FindAsync(transaction, jobId, cancellationToken) is { } job
            ? TypedResults.Ok(JobResponse.Of(job, organization.Current.Slug))
            : TypedResults.Problem(new ProblemDetails { Status = StatusCodes.Status404NotFound, Title = "Not Found", Detail = $"There is no job '{jobId}'." });
    }

    private static async Task<Results<Ok<IReadOnlyList<JobResponse>>, ProblemHttpResult>> ListAsync(
        RequestOrganization organization, CancellationToken cancellationToken, string? scorecard = null, int limit = 50)
    {
        if (ListLimit.Refusal(limit, MaxListed) is { } refusal)
        {
            return refusal;
        }
        await using var transaction = await organization.BeginTransactionAsync(cancellationToken);
        var jobs = await JobsStore.ListAsync(transaction, scorecard, limit, cancellationToken);
        return TypedResults.Ok<IReadOnlyList<JobResponse>>([.. jobs.Select(j => JobResponse.Of(j, organization.Current.Slug))]);
    }
}

/// <param name="From">First day of the first period the job covers.</param>
/// <param name="To">First day of the last period it covers.</param>
/// <param name="Done">Periods computed and stored (all of them, once it has succeeded).</param>
/// <param name="ElapsedMilliseconds">From the start of the last attempt to its end; null until it ends.</param>
/// <param name="SummaryError">Why the summary of the newest complete period could not be written (the scores were stored).</param>
public sealed record JobResponse(
    Guid Id, string Url, string Scorecard, int Version, string RequestedBy, DateOnly From, DateOnly To, string Status, int Done, int Total,
    int Attempts, string? Error, DateTimeOffset CreatedAt, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt, double? ElapsedMilliseconds,
    string? SummaryError)
{
    public static JobResponse Of(ScoreJob job, string organizationSlug) => new(
        job.Id, $"/v1/organizations/{organizationSlug}/jobs/{job.Id}", job.ScorecardId, job.Version, job.RequestedBy,
        job.FirstPeriod, job.LastPeriod, job.Status.ToString().ToLowerInvariant(), job.Done, job.Total, job.Attempts, job.Error,
        job.CreatedAt, job.StartedAt, job.FinishedAt,
        job is { StartedAt: { } started, FinishedAt: { } finished } ? (finished - started).TotalMilliseconds : null,
        job.SummaryError);
}
