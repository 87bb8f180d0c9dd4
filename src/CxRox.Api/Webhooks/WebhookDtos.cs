namespace CxRox.Api.Webhooks;

/// <param name="Url">Where deliveries are POSTed: an absolute https URL of at most 2000 characters (http only to localhost, 127.0.0.1 or [::1], for trying things out).</param>
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

    private static string? UrlProblem(string? url)
    {
        if (string.IsNullOrWhiteSpace(url) || url.Length > MaxUrlLength || !Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return $"Give an absolute URL such as https://example.com/hooks/cxrox, of at most {MaxUrlLength} characters.";
        }
        // Plain http would let anyone on the way read every summary; it is for a receiver on this machine only.
        if (uri.Scheme != Uri.UriSchemeHttps && !(uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback))
        {
            return $"The URL must be https (http only to localhost, 127.0.0.1 or [::1]); it is {uri.Scheme}://{uri.Authority}.";
        }
        // HttpClient sends no user info, and a password in a URL ends up in logs; the signature is the credential.
        return uri.UserInfo.Length > 0 ? "Leave user name and password out of the URL; verify the CxRox-Signature header instead." : null;
    }
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
/// <param name="LastStatusCode">The receiver's HTTP status in the last attempt; null when it gave none (no connection, timeout).</param>
/// <param name="NextAttemptAt">When the next attempt is due, while queued or retrying.</param>
public sealed record WebhookDeliveryResponse(
    Guid Id, string Event, string Subject, string Status, int Attempts, int? LastStatusCode, string? LastError,
    DateTimeOffset? NextAttemptAt, DateTimeOffset CreatedAt, DateTimeOffset? DeliveredAt)
{
    public static WebhookDeliveryResponse From(WebhookDelivery delivery) => new(
        delivery.Id, delivery.EventType, delivery.Subject, delivery.Status.ToString().ToLowerInvariant(), delivery.Attempts,
        delivery.LastStatusCode, delivery.LastError, delivery.NextAttemptAt, delivery.CreatedAt, delivery.DeliveredAt);
}
