namespace CxRox.Api.Webhooks;

/// <summary>How deliveries are sent and retried; the section "Webhooks" of the configuration.</summary>
public sealed class WebhookOptions : Recompute.JobRetryOptions
{
    public const string Section = "Webhooks";

    /// <summary>10 s, 1 min, 5 min, 30 min: a receiver that is down for a deploy gets the event, one that is gone is given up on within the hour.</summary>
    protected override IReadOnlyList<TimeSpan> DefaultRetryDelays { get; } =
        [TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30)];

    /// <summary>How long one attempt may take, from connecting to the end of the receiver's answer.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Whether a webhook may go to this machine: http or https to 127.0.0.1, [::1] or localhost, on
    /// any port. Off by default, since a tenant's webhook must not reach the services beside this
    /// one; for local development and the tests' receivers only. See <see cref="WebhookTargetPolicy"/>.
    /// </summary>
    public bool AllowLoopback { get; set; }

    /// <summary>
    /// Ports besides 443 that an https webhook may name (e.g. 8443). Empty by default: port 443
    /// only, so that a webhook cannot knock on the ports of other services (mail, databases, caches).
    /// </summary>
    public IReadOnlyList<int>? AllowedPorts { get; set; }
}
