using System.ComponentModel;
using CxRox.Api.Webhooks;
using Hangfire.Server;
using Microsoft.Extensions.Options;

namespace CxRox.Api.Recompute;

/// <summary>
/// The Hangfire side of a delivery: each run is one attempt. A failed attempt that is not the
/// last throws, and <see cref="JobRetries"/> runs the job again after the next wait of
/// <see cref="WebhookOptions.RetryDelays"/>, from Hangfire's store: across restarts, on any node.
/// </summary>
public sealed class WebhookDeliveryJob(WebhookSender sender, IOptions<WebhookOptions> options)
{
    /// <param name="context">Given by Hangfire when the job runs (null when the job is enqueued).</param>
    [DisplayName("Webhook delivery {1}")]
    public async Task RunAsync(Guid organizationId, Guid deliveryId, PerformContext? context, CancellationToken cancellationToken)
    {
        var delivery = await sender.AttemptAsync(organizationId, deliveryId, NextRetryIn(context), cancellationToken);
        if (delivery?.Status == WebhookDeliveryStatus.Retrying)
        {
            throw new JobWillRetryException($"Webhook delivery {deliveryId} failed on attempt {delivery.Attempts}; it will be retried.");
        }
    }

    // Hangfire's own count decides whether another run will come, so the row's 'retrying' (or
    // 'failed') always agrees with it, even where a crash left the row's count behind.
    private TimeSpan? NextRetryIn(PerformContext? context)
    {
        var delays = options.Value.EffectiveRetryDelays;
        var retries = context?.GetJobParameter<int>(JobRetries.RetryCountParameter) ?? 0;
        return retries < delays.Count ? delays[retries] : null;
    }
}

/// <summary>A job's attempt failed and the job asks to be run again (its row says why).</summary>
public sealed class JobWillRetryException(string message) : Exception(message);
