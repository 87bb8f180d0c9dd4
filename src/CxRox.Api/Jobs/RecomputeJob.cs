using CxRox.Api.Scores;
using Quartz;

namespace CxRox.Api.Jobs;

/// <summary>What a recompute firing carries: the job's row to run, and whose it is.</summary>
public sealed record RecomputeInput(Guid OrganizationId, Guid JobId);

/// <summary>
/// The Quartz side of a recompute: runs the job's row and tells Quartz whether to fire again.
/// Quartz's retry policy on the trigger spaces the attempts out; the row counts them.
/// </summary>
public sealed class RecomputeJob(ScoreRecompute recompute) : IJob<RecomputeInput>
{
    public async ValueTask Execute(IJobExecutionContext context, RecomputeInput input, CancellationToken cancellationToken = default)
    {
        if (await recompute.RunAsync(input.OrganizationId, input.JobId, cancellationToken) == RecomputeOutcome.Retry)
        {
            throw new JobExecutionException($"Recompute job {input.JobId} failed; it will be retried.");
        }
    }
}
