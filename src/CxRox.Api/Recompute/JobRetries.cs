using Hangfire.Common;
using Hangfire.States;
using Microsoft.Extensions.Options;

namespace CxRox.Api.Recompute;

/// <summary>
/// Hangfire's retry policy here, in place of its global AutomaticRetry (ten attempts for every
/// job): a job that throws is scheduled again after the next wait of its kind's
/// <see cref="JobRetryOptions"/>, and fails for good once they are used up. The count is the
/// job's "RetryCount" parameter, as AutomaticRetry keeps it, so a job reads which attempt it is.
/// </summary>
public sealed class JobRetries(IOptions<RecomputeOptions> recompute, IOptions<ScheduledRunOptions> scheduledRuns, IOptions<Webhooks.WebhookOptions> webhooks)
    : JobFilterAttribute, IElectStateFilter
{
    public const string RetryCountParameter = "RetryCount";

    public void OnStateElection(ElectStateContext context)
    {
        if (context.CandidateState is not FailedState failed || context.BackgroundJob.Job is not { } job)
        {
            return;
        }
        var delays = DelaysFor(job.Type);
        var retries = context.GetJobParameter<int>(RetryCountParameter, allowStale: true);
        if (retries >= delays.Count)
        {
            return;
        }
        context.SetJobParameter(RetryCountParameter, retries + 1);
        context.CandidateState = new ScheduledState(NotBefore(DateTime.UtcNow + delays[retries]))
        {
            Reason = $"Retry {retries + 1} of {delays.Count}: {failed.Exception?.Message}",
        };
    }

    /// <summary>
    /// Hangfire keeps a delayed job's time in whole seconds and enqueues it once that second has
    /// begun, up to a second before the time asked for; rounded up to the next whole second, a
    /// retry never waits less than its configured wait.
    /// </summary>
    internal static DateTime NotBefore(DateTime utc)
    {
        var partial = utc.Ticks % TimeSpan.TicksPerSecond;
        return partial == 0 ? utc : new DateTime(utc.Ticks - partial + TimeSpan.TicksPerSecond, DateTimeKind.Utc);
    }

    /// <summary>The waits of a job of <paramref name="jobType"/>; none for a type that is not one of the pipeline's.</summary>
    public IReadOnlyList<TimeSpan> DelaysFor(Type jobType) =>
        jobType == typeof(RecomputeJob) || jobType == typeof(DebouncedRecomputeJob) ? recompute.Value.EffectiveRetryDelays
        : jobType == typeof(ScheduledRunJob) ? scheduledRuns.Value.EffectiveRetryDelays
        : jobType == typeof(WebhookDeliveryJob) ? webhooks.Value.EffectiveRetryDelays
        : [];
}
