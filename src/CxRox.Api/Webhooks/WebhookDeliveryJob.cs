using Quartz;

namespace CxRox.Api.Webhooks;

/// <summary>What a delivery's firing carries: the delivery's row, and whose it is.</summary>
public sealed record WebhookDeliveryInput(Guid OrganizationId, Guid DeliveryId);

/// <summary>
/// The Quartz side of a delivery: each firing is one attempt. The trigger carries the retry waits
/// (<see cref="WebhookOptions.RetryPolicy"/>), so a failed attempt that is not the last throws,
/// and the scheduler's store fires it again after the next wait, across restarts and on any node.
/// </summary>
public sealed class WebhookDeliveryJob(WebhookSender sender) : IJob<WebhookDeliveryInput>
{
    public async ValueTask Execute(IJobExecutionContext context, WebhookDeliveryInput input, CancellationToken cancellationToken = default)
    {
        var delivery = await sender.AttemptAsync(input.OrganizationId, input.DeliveryId, NextRetryIn(context), cancellationToken);
        if (delivery?.Status == WebhookDeliveryStatus.Retrying)
        {
            throw new JobExecutionException($"Webhook delivery {input.DeliveryId} failed on attempt {delivery.Attempts}; it will be retried.");
        }
    }

    // Quartz's own count decides whether another firing will come, so the row's 'retrying' (or
    // 'failed') always agrees with it, even where a crash left the row's count behind.
    private static TimeSpan? NextRetryIn(IJobExecutionContext context) =>
        context.RetryPolicy is { } policy && context.RetryAttempt < policy.MaxAttempts ? policy.DelayFor(context.RetryAttempt + 1) : null;
}
