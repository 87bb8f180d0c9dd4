using System.Text;
using System.Text.Json;
using CxRox.Api.Recompute;
using CxRox.Api.Storage;
using Hangfire;
using Npgsql;

namespace CxRox.Api.Webhooks;

/// <summary>The event types a webhook receives.</summary>
public static class WebhookEvents
{
    /// <summary>A period's summary was written; the payload is the summary's JSON document.</summary>
    public const string SummaryCreated = "summary.created";

    /// <summary>Sent by POST …/webhook/test to check the receiver; an enabled webhook always receives it.</summary>
    public const string Ping = "ping";

    /// <summary>What a webhook may choose to receive (a ping needs no choosing).</summary>
    public static readonly IReadOnlyList<string> Subscribable = [SummaryCreated];
}

/// <summary>
/// Where events become deliveries: the delivery's row first, committed, then its Hangfire job, so
/// that a job always finds its row. A job that cannot be stored marks the row failed with the
/// reason. Each run of the job is one attempt (<see cref="WebhookDeliveryJob"/>), retried by
/// Hangfire after the waits of <see cref="WebhookOptions.RetryDelays"/> (<see cref="JobRetries"/>).
/// </summary>
public sealed class WebhookDeliveries(IBackgroundJobClient jobs, NpgsqlDataSource dataSource)
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// Delivers <paramref name="payloadJson"/> to the organization's webhook: records the delivery
    /// and schedules its first attempt at once. Returns null, and records nothing, when the
    /// organization has no webhook turned on that receives <paramref name="eventType"/>.
    /// </summary>
    /// <param name="eventType">One of <see cref="WebhookEvents"/>, sent as the CxRox-Event header.</param>
    /// <param name="subject">What the event is about, for the delivery history, e.g. "&lt;scorecard&gt;/&lt;period&gt;".</param>
    /// <param name="payloadJson">UTF-8 JSON, sent (and signed) byte for byte as the request body.</param>
    /// <exception cref="ArgumentException">The payload is not UTF-8 JSON.</exception>
    public async Task<WebhookDelivery?> EnqueueAsync(
        Guid organizationId, string eventType, string subject, ReadOnlyMemory<byte> payloadJson, CancellationToken cancellationToken)
    {
        var payload = JsonText(payloadJson);
        WebhookDelivery? delivery;
        await using (var transaction = await OrganizationTransaction.BeginAsync(dataSource, organizationId, cancellationToken))
        {
            delivery = await RecordAsync(transaction, eventType, subject, payload, cancellationToken);
            if (delivery is null)
            {
                return null;
            }
            await transaction.CommitAsync(cancellationToken);
        }
        try
        {
            await ScheduleAsync(organizationId, delivery.Id, cancellationToken);
        }
        catch (Exception e)
        {
            await using var transaction = await OrganizationTransaction.BeginAsync(dataSource, organizationId, CancellationToken.None);
            await WebhookDeliveriesStore.FailAsync(transaction, delivery.Id, $"The delivery could not be scheduled: {e.Message}", CancellationToken.None);
            await transaction.CommitAsync(CancellationToken.None);
            throw;
        }
        return delivery;
    }

    /// <summary>Records a delivery in the caller's transaction when the webhook receives the event; null when it does not.</summary>
    internal static async Task<WebhookDelivery?> RecordAsync(
        OrganizationTransaction transaction, string eventType, string subject, string payload, CancellationToken cancellationToken) =>
        await WebhooksStore.FindAsync(transaction, cancellationToken) is { } webhook && webhook.Receives(eventType)
            ? await WebhookDeliveriesStore.CreateAsync(transaction, eventType, subject, payload, cancellationToken)
            : null;

    private Task ScheduleAsync(Guid organizationId, Guid deliveryId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        jobs.Enqueue<WebhookDeliveryJob>(job => job.RunAsync(organizationId, deliveryId, null, CancellationToken.None));
        return Task.CompletedTask;
    }

    // PostgreSQL would refuse what is not JSON too, but as a database error; this names the caller's mistake.
    private static string JsonText(ReadOnlyMemory<byte> payloadJson)
    {
        try
        {
            using var document = JsonDocument.Parse(payloadJson);
            return StrictUtf8.GetString(payloadJson.Span);
        }
        catch (Exception e) when (e is JsonException or DecoderFallbackException)
        {
            throw new ArgumentException($"A webhook payload must be UTF-8 JSON: {e.Message}", nameof(payloadJson), e);
        }
    }
}
