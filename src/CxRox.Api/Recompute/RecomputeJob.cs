using System.ComponentModel;

namespace CxRox.Api.Recompute;

/// <summary>
/// The Hangfire side of a recompute: runs the job's row, and throws when the run asks to be tried
/// again, so that <see cref="JobRetries"/> runs it after the next wait of
/// <see cref="RecomputeOptions"/>. The row counts the attempts; a rule loop fails the row at once
/// and the Hangfire job ends without a retry.
/// </summary>
public sealed class RecomputeJob(ScoreRecompute recompute)
{
    [DisplayName("Recompute job {1}")]
    public async Task RunAsync(Guid organizationId, Guid jobId, CancellationToken cancellationToken)
    {
        if (await recompute.RunAsync(organizationId, jobId, cancellationToken) == RecomputeOutcome.Retry)
        {
            throw new JobWillRetryException($"Recompute job {jobId} failed; it will be retried.");
        }
    }
}
