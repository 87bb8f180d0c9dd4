using CxRox.Api.Storage;
using Quartz;

namespace CxRox.Api.Jobs;

/// <summary>
/// Starts recompute jobs: the job's row first, committed, then its Quartz firing, so that a firing
/// always finds its row. A firing that cannot be stored marks the row failed with the reason.
/// </summary>
public sealed class RecomputeLauncher(ISchedulerFactory schedulers, Npgsql.NpgsqlDataSource dataSource)
{
    public async Task<ScoreJob> EnqueueAsync(
        Guid organizationId, string scorecardId, int version, string requestedBy, DateOnly firstPeriod, DateOnly lastPeriod, int periods,
        CancellationToken cancellationToken)
    {
        ScoreJob job;
        await using (var transaction = await OrganizationTransaction.BeginAsync(dataSource, organizationId, cancellationToken))
        {
            job = await JobsStore.CreateAsync(transaction, scorecardId, version, requestedBy, firstPeriod, lastPeriod, periods, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        try
        {
            var scheduler = await schedulers.GetScheduler(cancellationToken);
            await scheduler.ScheduleJob<RecomputeJob, RecomputeInput>(
                new RecomputeInput(organizationId, job.Id), TimeSpan.Zero,
                new OneOffJobOptions { Name = job.Id.ToString(), RequestRecovery = true },
                cancellationToken);
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
