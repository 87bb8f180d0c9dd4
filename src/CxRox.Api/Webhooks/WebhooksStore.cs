using CxRox.Api.Storage;
using Npgsql;

namespace CxRox.Api.Webhooks;

/// <summary>An organization's webhook as stored.</summary>
public sealed record StoredWebhook(string Url, string Secret, bool Enabled, IReadOnlyList<string> Events, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    /// <summary>Whether an event of this type is sent to it now; a ping whenever it is on.</summary>
    public bool Receives(string eventType) => Enabled && (eventType == WebhookEvents.Ping || Events.Contains(eventType));

    // Records print every property; the secret must not reach a log by accident.
    public override string ToString() => $"{nameof(StoredWebhook)} {{ Url = {Url}, Enabled = {Enabled}, Events = [{string.Join(", ", Events)}] }}";
}

/// <summary>The webhook of an organization (at most one), always inside an <see cref="OrganizationTransaction"/>.</summary>
public static class WebhooksStore
{
    private const string Columns = "url, secret, enabled, events, created_at, updated_at";

    /// <summary>
    /// Creates the webhook, or replaces its URL and events and turns it on. Its secret becomes
    /// <paramref name="newSecret"/> when it is created or when <paramref name="rotateSecret"/>, and is
    /// kept otherwise; one statement either way, so two PUTs at once cannot both create it.
    /// </summary>
    public static async Task<(StoredWebhook Webhook, bool Created)> SetAsync(
        OrganizationTransaction transaction, string url, IReadOnlyList<string> events, string newSecret, bool rotateSecret, CancellationToken cancellationToken)
    {
        await using var command = transaction.Command(
            $"""
            INSERT INTO webhooks (org_id, url, secret, events) VALUES ($1, $2, $3, $4)
            ON CONFLICT (org_id) DO UPDATE SET
                url = excluded.url, events = excluded.events, enabled = true, updated_at = now(),
                secret = CASE WHEN $5 THEN excluded.secret ELSE webhooks.secret END
            RETURNING {Columns}, xmax = 0
            """,
            transaction.OrganizationId, url, newSecret, events.ToArray(), rotateSecret);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        // xmax is 0 on a row version that an INSERT made, and set on one that the UPDATE branch made.
        return (Read(reader, 0), reader.GetBoolean(6));
    }

    public static async Task<StoredWebhook?> FindAsync(OrganizationTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = transaction.Command($"SELECT {Columns} FROM webhooks WHERE org_id = $1", transaction.OrganizationId);
        return await ReadOneAsync(command, cancellationToken);
    }

    /// <summary>Turns the webhook off (again, if it was off), keeping it; null when there is none.</summary>
    public static async Task<StoredWebhook?> DisableAsync(OrganizationTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = transaction.Command(
            $"UPDATE webhooks SET enabled = false, updated_at = CASE WHEN enabled THEN now() ELSE updated_at END WHERE org_id = $1 RETURNING {Columns}",
            transaction.OrganizationId);
        return await ReadOneAsync(command, cancellationToken);
    }

    /// <summary>Reads url, secret, enabled, events, created_at and updated_at, in this order from <paramref name="first"/>.</summary>
    internal static StoredWebhook Read(NpgsqlDataReader reader, int first) => new(
        reader.GetString(first), reader.GetString(first + 1), reader.GetBoolean(first + 2), reader.GetFieldValue<string[]>(first + 3),
        reader.GetFieldValue<DateTimeOffset>(first + 4), reader.GetFieldValue<DateTimeOffset>(first + 5));

    private static async Task<StoredWebhook?> ReadOneAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader, 0) : null;
    }
}
