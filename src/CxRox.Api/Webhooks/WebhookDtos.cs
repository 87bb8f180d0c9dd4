namespace CxRox.Api.Webhooks;

/// <param name="Url">Where deliveries are POSTed: an absolute https URL of at most 2000 characters, without user name or password, on port 443 (or a port the service allows), whose host is public: not an IP address or name of a private, loopback, link-local or other special-purpose range, nor a name resolving to one (checked now and before every attempt). Loopback (http too) only where the service allows it, for local development.</param>
/// <param name="Events">The event types to receive, of: summary.created. Left out, all of them.</param>
/// <param name="RotateSecret">true: a new signing secret replaces the current one, and this answer shows it.</param>
public sealed record PutWebhookRequest(string? Url, IReadOnlyList<string>? Events, bool RotateSecret = false)
{
    public const int MaxUrlLength = 2000;

    public IReadOnlyList<string> EventsOrAll => Events is null ? WebhookEvents.Subscribable : [.. Events.Distinct(StringComparer.Ordinal)];

    public Dictionary<string, string[]> Validate()
    {
        var errors = new Dictionary<string, string[]>();
        if (UrlProblem(Url) is { } problem)
        {
            errors["url"] = [problem];
        }
        if (Events?.Where(e => !WebhookEvents.Subscribable.Contains(e)).ToList() is { Count: > 0 } unknown)
        {
            errors["events"] = [$"Unknown event type(s) {string.Join(", ", unknown.Select(e => $"'{e}'"))}; a webhook may receive {string.Join(", ", WebhookEvents.Subscribable)}."];
        }
        return errors;
    }

    // Where the URL may point is the target policy's to say (WebhooksApi asks it); this is its form.
    private static string? UrlProblem(string? url) =>
        string.IsNullOrWhiteSpace(url) || url.Length > MaxUrlLength || !Uri.TryCreate(url, UriKind.Absolute, out _)
            ? $"Give an absolute URL such as https://example.com/hooks/cxrox, of at most {MaxUrlLength} characters."
            : null;
}

/// <param name="Enabled">false after DELETE: nothing is delivered until a PUT turns it on again.</param>
public sealed record WebhookResponse(string Url, bool Enabled, IReadOnlyList<string> Events, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static WebhookResponse From(StoredWebhook webhook) => new(webhook.Url, webhook.Enabled, webhook.Events, webhook.CreatedAt, webhook.UpdatedAt);
}

/// <param name="Secret">The signing secret (whsec_…), only in the answer that created or rotated it: keep it, it is never shown again.</param>
public sealed record SetWebhookResponse(string Url, bool Enabled, IReadOnlyList<string> Events, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, string? Secret);

/// <param name="Event">The event type, as sent in CxRox-Event.</param>
/// <param name="Status">queued, retrying, succeeded or failed (for good).</param>
/// <param name="LastStatusCode">The receiver's HTTP status in the last attempt; null when it gave none (no connection, timeout, refused target).</param>
/// <param name="LastError">Why the last attempt failed, in a few words of ours (e.g. "receiver answered 503 Service Unavailable", "connection failed", "timed out: …", "refused target: private address"); nothing of the receiver's answer but its status.</param>
/// <param name="NextAttemptAt">When the next attempt is due, while queued or retrying.</param>
public sealed record WebhookDeliveryResponse(
    Guid Id, string Event, string Subject, string Status, int Attempts, int? LastStatusCode, string? LastError,
    DateTimeOffset? NextAttemptAt, DateTimeOffset CreatedAt, DateTimeOffset? DeliveredAt)
{
    public static WebhookDeliveryResponse From(WebhookDelivery delivery) => new(
        delivery.Id, delivery.EventType, delivery.Subject, delivery.Status.ToString().ToLowerInvariant(), delivery.Attempts,
        delivery.LastStatusCode, delivery.LastError, delivery.NextAttemptAt, delivery.CreatedAt, delivery.DeliveredAt);
}
