using Quartz;

namespace CxRox.Api.Schedules;

/// <summary>The Quartz side of a schedule: runs one firing and tells Quartz whether to retry it.</summary>
public sealed class ScheduledRunJob(ScheduledRuns runs) : IJob<ScheduledRunInput>
{
    public async ValueTask Execute(IJobExecutionContext context, ScheduledRunInput input, CancellationToken cancellationToken = default)
    {
        var outcome = await runs.RunAsync(
            input, context.ScheduledFireTimeUtc ?? context.FireTimeUtc, context.Recovering, context.RetryAttempt > 0, cancellationToken);
        if (outcome == ScheduledRunOutcome.Retry)
        {
            throw new JobExecutionException($"The {input.Kind} of '{input.ScorecardId}' failed; it will be retried.");
        }
    }
}
