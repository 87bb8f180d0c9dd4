using CxRox.Api.Jobs;
using CxRox.Api.Organizations;
using CxRox.Api.Schedules;
using CxRox.Api.Scorecards;
using CxRox.Api.Scores;
using CxRox.Api.Storage;
using CxRox.Api.Summaries;
using CxRox.Api.Webhooks;
using CxRox.Engine.Evaluation;
using CxRox.Engine.Time;
using Microsoft.Extensions.Options;
using Npgsql;

namespace CxRox.Api.Recompute;

/// <summary>How a firing ended; <see cref="Retry"/> asks Hangfire to run it again later.</summary>
public enum ScheduledRunOutcome { Skipped, Succeeded, Failed, Retry }

/// <summary>
/// What a schedule's firing does, recorded as one run per firing. A recompute computes the last
/// complete period and the current one; a summary does the same and then writes the summary of
/// the last complete period (and delivers it where the organization asked for that). Runs are
/// idempotent: a firing delivered twice runs once, and recomputing a period twice leaves one
/// snapshot. A run is known by its scheduled time: Hangfire runs a job at least once, and a
/// second delivery of a firing is counted on its run and not run again.
/// </summary>
public sealed class ScheduledRuns(
    NpgsqlDataSource dataSource, OrganizationsStore organizations, CompiledScorecardCache compiledScorecards, ScoreRecompute recompute,
    WebhookDeliveries webhooks, IOptions<ScheduledRunOptions> options, ILogger<ScheduledRuns> logger)
{
    /// <param name="scheduledFor">The occurrence the firing stands for (the request's time for a run-now).</param>
    /// <param name="recovering">Whether this delivery of the firing started before and was cut off (its node died).</param>
    public async Task<ScheduledRunOutcome> RunAsync(
        ScheduledRunInput input, DateTimeOffset scheduledFor, bool recovering, CancellationToken cancellationToken)
    {
        ScheduleRun run;
        await using (var transaction = await OrganizationTransaction.BeginAsync(dataSource, input.OrganizationId, cancellationToken))
        {
            var (begun, shouldRun) = await ScheduleStore.BeginRunAsync(
                transaction, input.ScorecardId, input.Kind, scheduledFor, input.RunNow ? "run-now" : "schedule", recovering, retry: false, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            if (!shouldRun)
            {
                logger.LogInformation("Schedule firing {Kind} of {Scorecard} at {ScheduledFor} was delivered again ({Firings} times); it ran already",
                    input.Kind, input.ScorecardId, scheduledFor, begun.Firings);
                return ScheduledRunOutcome.Skipped;
            }
            run = begun;
        }

        (string Status, string? Error, Guid? JobId, DateOnly? SummaryPeriod) result;
        try
        {
            result = await RecomputeAndSummarizeAsync(input, cancellationToken);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(e, "Schedule firing {Kind} of {Scorecard} at {ScheduledFor} failed on attempt {Attempt}", input.Kind, input.ScorecardId, scheduledFor, run.Attempts);
            result = ("retrying", e.Message, null, null);
        }
        var (status, error, jobId, summaryPeriod) = result;
        if (status == "retrying" && run.Attempts >= options.Value.MaxAttempts)
        {
            status = "failed";
            error = $"Failed {run.Attempts} times; the last error: {error}";
        }
        await using (var transaction = await OrganizationTransaction.BeginAsync(dataSource, input.OrganizationId, CancellationToken.None))
        {
            await ScheduleStore.FinishRunAsync(transaction, run.Id, status, error, jobId, summaryPeriod, CancellationToken.None);
            await transaction.CommitAsync(CancellationToken.None);
        }
        return status switch
        {
            "succeeded" => ScheduledRunOutcome.Succeeded,
            "retrying" => ScheduledRunOutcome.Retry,
            _ => ScheduledRunOutcome.Failed,
        };
    }

    private async Task<(string Status, string? Error, Guid? JobId, DateOnly? SummaryPeriod)> RecomputeAndSummarizeAsync(
        ScheduledRunInput input, CancellationToken cancellationToken)
    {
        if (await organizations.FindAsync(input.OrganizationId, cancellationToken) is not { } organization)
        {
            return ("failed", "The organization no longer exists.", null, null);
        }
        ScoreJob job;
        ScorePeriod lastComplete;
        await using (var transaction = await OrganizationTransaction.BeginAsync(dataSource, input.OrganizationId, cancellationToken))
        {
            var found = await ScorecardsStore.FindWithVersionAsync(transaction, input.ScorecardId, null, cancellationToken);
            if (found is not { Scorecard.ArchivedAt: null, Version: { } version })
            {
                return ("failed", $"Scorecard '{input.ScorecardId}' is {(found is null ? "gone" : "archived")}.", null, null);
            }
            if (compiledScorecards.GetOrCompile(version.Document).Scorecard is not { } compiled)
            {
                // Stored before a check it now fails, such as the scorecard budget (SC094).
                return ("failed", $"Version {version.Version} of '{input.ScorecardId}' no longer passes the engine's checks; validate it and store a corrected version.", null, null);
            }
            var unit = compiled.Scorecard.Period;
            var today = PeriodCalendar.Today(organization.TimeZone, DateTimeOffset.UtcNow);
            var (from, to) = ScorePeriods.DefaultRange(unit, today);
            var periods = ScorePeriods.Range(unit, from, to, today)!;
            lastComplete = periods[0];
            // Older stored periods whose data changed since they were computed, too (docs/stale-scores.md).
            periods = await Recompute.StalePeriods.WidenAsync(transaction, input.ScorecardId, version.Version, compiled, periods, today, cancellationToken);
            job = await JobsStore.CreateAsync(transaction, input.ScorecardId, version.Version, JobRequester.Schedule, periods[0].Start, periods[^1].Start, periods.Count, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        var outcome = await recompute.RunAsync(input.OrganizationId, job.Id, cancellationToken);
        if (outcome != RecomputeOutcome.Succeeded)
        {
            var error = await CloseJobAsync(input.OrganizationId, job.Id, cancellationToken);
            // The job row counts its own attempts; the firing is retried as a whole with a new job.
            return (outcome == RecomputeOutcome.Retry ? "retrying" : "failed", error, job.Id, null);
        }
        if (input.Kind == ScheduleKind.Recompute)
        {
            return ("succeeded", null, job.Id, null);
        }
        // The recompute wrote the summary of its newest complete period; delivered as stored.
        StoredSummary? summary;
        string? summaryError;
        await using (var transaction = await OrganizationTransaction.BeginAsync(dataSource, input.OrganizationId, cancellationToken))
        {
            summaryError = (await JobsStore.FindAsync(transaction, job.Id, cancellationToken))?.SummaryError;
            summary = summaryError is null ? await SummariesStore.FindHoldingAsync(transaction, input.ScorecardId, lastComplete.Start, cancellationToken) : null;
        }
        if (summary is null)
        {
            return ("failed", summaryError ?? $"The period starting {lastComplete.Start:yyyy-MM-dd} has no complete scores to summarize.", job.Id, null);
        }
        // Delivered where the organization asked for it (nothing is recorded when it did not).
        await webhooks.EnqueueAsync(
            input.OrganizationId, WebhookEvents.SummaryCreated, $"{input.ScorecardId}/{lastComplete.Start:yyyy-MM-dd}",
            System.Text.Encoding.UTF8.GetBytes(SummaryRepresentation.Json.Render(summary.Content)), cancellationToken);
        return ("succeeded", null, job.Id, lastComplete.Start);
    }

    /// <summary>
    /// The job's error; a job left queued for a retry is failed, since the firing's retry runs a
    /// new job rather than this one.
    /// </summary>
    private async Task<string?> CloseJobAsync(Guid organizationId, Guid jobId, CancellationToken cancellationToken)
    {
        await using var transaction = await OrganizationTransaction.BeginAsync(dataSource, organizationId, cancellationToken);
        var job = await JobsStore.FindAsync(transaction, jobId, cancellationToken);
        if (job is { Status: JobStatus.Queued })
        {
            await JobsStore.FinishAsync(transaction, jobId, JobStatus.Failed, 0, job.Error, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        return job?.Error;
    }
}
