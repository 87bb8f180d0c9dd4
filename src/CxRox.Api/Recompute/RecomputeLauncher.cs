using CxRox.Api.Jobs;
using CxRox.Api.Storage;
using Hangfire;
using Npgsql;

namespace CxRox.Api.Recompute;

/// <summary>
/// Starts recompute jobs: the job's row first, committed, then its Hangfire job, so that the job
/// always finds its row. A job that cannot be stored marks the row failed with the reason.
/// </summary>
public sealed class RecomputeLauncher(IBackgroundJobClient jobs, NpgsqlDataSource dataSource)
{
    /// <param name="delay">
    /// How long to wait before it runs; none (the default) runs it as soon as a worker is free.
    /// A debounced recompute is this call with a delay: the row is queued at once, and the run
    /// covers whatever has arrived by then.
    /// </param>
    public async Task<ScoreJob> EnqueueAsync(
        Guid organizationId, string scorecardId, int version, string requestedBy, DateOnly firstPeriod, DateOnly lastPeriod, int periods,
        CancellationToken cancellationToken, TimeSpan? delay = null)
    {
        ScoreJob job;
        await using (var transaction = await OrganizationTransaction.BeginAsync(dataSource, organizationId, cancellationToken))
        {
            job = await JobsStore.CreateAsync(transaction, scorecardId, version, requestedBy, firstPeriod, lastPeriod, periods, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        try
        {
            if (delay is { } wait && wait > TimeSpan.Zero)
            {
                jobs.Schedule<RecomputeJob>(run => run.RunAsync(organizationId, job.Id, CancellationToken.None), wait);
            }
            else
            {
                jobs.Enqueue<RecomputeJob>(run => run.RunAsync(organizationId, job.Id, CancellationToken.None));
            }
        }
        catch (Exception e)
        {
            await using var transaction = await OrganizationTransaction.BeginAsync(dataSource, organizationId, CancellationToken.None);
            await JobsStore.FinishAsync(transaction, job.Id, JobStatus.Failed, 0, $"The job could not be scheduled: {e.Message}", CancellationToken.None);
            await transaction.CommitAsync(CancellationToken.None);
            throw;
        }
        return job;
    }
}
