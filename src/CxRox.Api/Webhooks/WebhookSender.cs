using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using CxRox.Api.Storage;
using Microsoft.Extensions.Options;
using Npgsql;

namespace CxRox.Api.Webhooks;

/// <summary>
/// One attempt of a delivery: POSTs its payload, signed, to the organization's webhook as it is
/// set now, and records how it went. The delivery's row stays locked from before the POST until
/// the attempt is recorded, so a second firing of the same delivery meanwhile sends nothing, and
/// one that comes after it has succeeded finds nothing to send. A node that dies mid-attempt
/// records nothing; the attempt is made again (at least once: receivers deduplicate by
/// CxRox-Delivery).
/// </summary>
public sealed class WebhookSender(NpgsqlDataSource dataSource, IHttpClientFactory httpClients, IOptions<WebhookOptions> options, ILogger<WebhookSender> logger)
{
    public const string HttpClientName = "webhooks";

    private const int MaxErrorBodyBytes = 500;

    private sealed record Outcome(int? StatusCode, string? Error, bool MayRetry)
    {
        public static readonly Outcome TurnedOff = new(null, "The webhook was turned off, or no longer receives this event.", MayRetry: false);
    }

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
            : Outcome.TurnedOff;
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

    private async Task<Outcome> PostAsync(PendingDelivery delivery, StoredWebhook webhook, CancellationToken cancellationToken)
    {
        var body = Encoding.UTF8.GetBytes(delivery.Payload);
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(webhook.Url, UriKind.Absolute)) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("CxRox-Event", delivery.EventType);
        request.Headers.Add("CxRox-Delivery", delivery.Id.ToString());
        request.Headers.Add("CxRox-Timestamp", timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add("CxRox-Signature", WebhookSignature.Compute(webhook.Secret, timestamp, body));

        // One limit for the whole attempt, the answer's body included (HttpClient.Timeout would stop at its headers).
        var timeout = options.Value.Timeout;
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            using var response = await httpClients.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, limit.Token);
            var status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                return new Outcome(status, null, MayRetry: true);
            }
            var start = await ReadStartAsync(response.Content, limit.Token);
            return new Outcome(status, $"The receiver answered {status} {response.ReasonPhrase}{(start.Length > 0 ? ": " + start : "")}", MayRetry: true);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new Outcome(null, $"No answer within {timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s.", MayRetry: true);
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            return new Outcome(null, e.Message, MayRetry: true);
        }
    }

    /// <summary>The first bytes of a refusal's body, which usually say why.</summary>
    private static async Task<string> ReadStartAsync(HttpContent content, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[MaxErrorBodyBytes];
        var read = await stream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken);
        return Encoding.UTF8.GetString(buffer, 0, read).Trim();
    }
}
