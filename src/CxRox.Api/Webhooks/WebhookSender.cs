using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using CxRox.Api.Storage;
using Microsoft.Extensions.Options;
using Npgsql;

namespace CxRox.Api.Webhooks;

/// <summary>
/// One attempt of a delivery: POSTs its payload, signed, to the organization's webhook as it is
/// set now, if the target policy allows it now, and records how it went. The delivery's row stays
/// locked from before the POST until the attempt is recorded, so a second firing of the same
/// delivery meanwhile sends nothing, and one that comes after it has succeeded finds nothing to
/// send. A node that dies mid-attempt records nothing; the attempt is made again (at least once:
/// receivers deduplicate by CxRox-Delivery).
/// </summary>
public sealed class WebhookSender(NpgsqlDataSource dataSource, WebhookTargetPolicy targets, IOptions<WebhookOptions> options, ILogger<WebhookSender> logger)
{
    /// <param name="retryIn">The wait before the next attempt should this one fail; null when this is the last.</param>
    /// <returns>
    /// The delivery as recorded after the attempt; null when there was nothing to attempt: it has
    /// succeeded or failed for good, or another attempt of it is under way.
    /// </returns>
    public async Task<WebhookDelivery?> AttemptAsync(Guid organizationId, Guid deliveryId, TimeSpan? retryIn, CancellationToken cancellationToken)
    {
        await using var transaction = await OrganizationTransaction.BeginAsync(dataSource, organizationId, cancellationToken);
        if (await WebhookDeliveriesStore.ClaimAsync(transaction, deliveryId, cancellationToken) is not { } pending)
        {
            return null;
        }
        var outcome = pending.Webhook is { } webhook && webhook.Receives(pending.EventType)
            ? await PostAsync(pending, webhook, cancellationToken)
            : WebhookAttemptOutcome.TurnedOff;
        var status = outcome.Error is null ? WebhookDeliveryStatus.Succeeded
            : outcome.MayRetry && retryIn is not null ? WebhookDeliveryStatus.Retrying
            : WebhookDeliveryStatus.Failed;
        var delivery = await WebhookDeliveriesStore.RecordAttemptAsync(
            transaction, deliveryId, status, outcome.StatusCode, outcome.Error, status == WebhookDeliveryStatus.Retrying ? retryIn : null, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        if (outcome.Error is not null)
        {
            logger.LogWarning("Webhook delivery {Delivery} ({Event}) failed on attempt {Attempt}, now {Status}: {Error}",
                delivery.Id, delivery.EventType, delivery.Attempts, delivery.Status, outcome.Error);
        }
        return delivery;
    }

    private async Task<WebhookAttemptOutcome> PostAsync(PendingDelivery delivery, StoredWebhook webhook, CancellationToken cancellationToken)
    {
        // Judged again at every attempt, on the addresses this attempt connects to: the URL may
        // have been set under other settings, and its name may resolve elsewhere now (DNS rebinding).
        var verdict = await targets.JudgeAsync(webhook.Url, cancellationToken);
        if (verdict is WebhookTargetVerdict.Refused refused)
        {
            return WebhookAttemptOutcome.Refused(refused.Reason);
        }
        if (verdict is not WebhookTargetVerdict.Allowed target)
        {
            return new WebhookAttemptOutcome(null, "host name did not resolve", MayRetry: true);
        }
        var body = Encoding.UTF8.GetBytes(delivery.Payload);
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, target.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("CxRox-Event", delivery.EventType);
        request.Headers.Add("CxRox-Delivery", delivery.Id.ToString());
        request.Headers.Add("CxRox-Timestamp", timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add("CxRox-Signature", WebhookSignature.Compute(webhook.Secret, timestamp, body));
        return await WebhookTransport.SendAsync(target, request, options.Value.Timeout, cancellationToken);
    }
}
