using CxRox.Api.Storage;
using Npgsql;

namespace CxRox.Api.Webhooks;

public enum WebhookDeliveryStatus { Queued, Retrying, Succeeded, Failed }

/// <summary>A delivery as stored, without its payload: what was sent, how its attempts went.</summary>
public sealed record WebhookDelivery(
    Guid Id,
    string EventType,
    string Subject,
    WebhookDeliveryStatus Status,
    int Attempts,
    int? LastStatusCode,
    string? LastError,
    DateTimeOffset? NextAttemptAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset? DeliveredAt);

/// <summary>A delivery claimed for an attempt: what to send, and where (no webhook when the organization's was never set).</summary>
public sealed record PendingDelivery(Guid Id, string EventType, string Payload, StoredWebhook? Webhook);

/// <summary>Webhook deliveries of an organization, always inside an <see cref="OrganizationTransaction"/>.</summary>
public static class WebhookDeliveriesStore
{
    private const string Columns =
        "id, event_type, subject, status, attempts, last_status_code, last_error, next_attempt_at, created_at, delivered_at";

    /// <param name="payload">JSON text, stored as it is (the column is json, not jsonb).</param>
    public static async Task<WebhookDelivery> CreateAsync(
        OrganizationTransaction transaction, string eventType, string subject, string payload, CancellationToken cancellationToken)
    {
        await using var command = transaction.Command(
            $"""
            INSERT INTO webhook_deliveries (id, org_id, event_type, subject, payload, status, next_attempt_at)
            VALUES ($1, $2, $3, $4, $5::json, 'queued', now())
            RETURNING {Columns}
            """,
            Guid.CreateVersion7(), transaction.OrganizationId, eventType, subject, payload);
        return (await ReadAsync(command, cancellationToken))[0];
    }

    /// <summary>The newest deliveries first.</summary>
    public static async Task<IReadOnlyList<WebhookDelivery>> ListAsync(OrganizationTransaction transaction, int limit, CancellationToken cancellationToken)
    {
        await using var command = transaction.Command($"SELECT {Columns} FROM webhook_deliveries ORDER BY created_at DESC, id DESC LIMIT $1", limit);
        return await ReadAsync(command, cancellationToken);
    }

    /// <summary>
    /// Locks a delivery that is still to be sent, until the transaction ends; null when it has
    /// succeeded or failed for good, or when another transaction holds it (a second firing of the
    /// same delivery, which must not send it twice).
    /// </summary>
    public static async Task<PendingDelivery?> ClaimAsync(OrganizationTransaction transaction, Guid id, CancellationToken cancellationToken)
    {
        await using var command = transaction.Command(
            """
            SELECT d.id, d.event_type, d.payload::text, w.url, w.secret, w.enabled, w.events, w.created_at, w.updated_at
            FROM webhook_deliveries d LEFT JOIN webhooks w ON w.org_id = d.org_id
            WHERE d.id = $1 AND d.status IN ('queued', 'retrying')
            FOR UPDATE OF d SKIP LOCKED
            """,
            id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new PendingDelivery(reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.IsDBNull(3) ? null : WebhooksStore.Read(reader, 3))
            : null;
    }

    /// <summary>Counts an attempt and records how it went; times are clock times, not the transaction's start.</summary>
    public static async Task<WebhookDelivery> RecordAttemptAsync(
        OrganizationTransaction transaction, Guid id, WebhookDeliveryStatus status, int? statusCode, string? error, TimeSpan? retryIn,
        CancellationToken cancellationToken)
    {
        await using var command = transaction.Command(
            $"""
            UPDATE webhook_deliveries SET
                status = $2, attempts = attempts + 1, last_status_code = $3, last_error = $4,
                next_attempt_at = clock_timestamp() + $5::interval,
                delivered_at = CASE WHEN $2 = 'succeeded' THEN clock_timestamp() END
            WHERE id = $1
            RETURNING {Columns}
            """,
            id, Name(status), statusCode, error, retryIn);
        return (await ReadAsync(command, cancellationToken))[0];
    }

    /// <summary>Gives up on a delivery that never got an attempt (its firing could not be scheduled).</summary>
    public static async Task FailAsync(OrganizationTransaction transaction, Guid id, string error, CancellationToken cancellationToken)
    {
        await using var command = transaction.Command(
            "UPDATE webhook_deliveries SET status = 'failed', last_error = $2, next_attempt_at = NULL WHERE id = $1", id, error);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static string Name(WebhookDeliveryStatus status) => status.ToString().ToLowerInvariant();

    private static async Task<List<WebhookDelivery>> ReadAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var deliveries = new List<WebhookDelivery>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            deliveries.Add(new WebhookDelivery(
                reader.GetGuid(0), reader.GetString(1), reader.GetString(2),
                Enum.Parse<WebhookDeliveryStatus>(reader.GetString(3), ignoreCase: true),
                reader.GetInt32(4),
                reader.IsDBNull(5) ? null : reader.GetInt32(5),
                reader.IsDBNull(6) ? null : reader.GetString(6),
                reader.IsDBNull(7) ? null : reader.GetFieldValue<DateTimeOffset>(7),
                reader.GetFieldValue<DateTimeOffset>(8),
                reader.IsDBNull(9) ? null : reader.GetFieldValue<DateTimeOffset>(9)));
        }
        return deliveries;
    }
}
