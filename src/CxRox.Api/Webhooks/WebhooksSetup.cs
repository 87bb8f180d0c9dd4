using System.Net;
using Microsoft.Extensions.Options;

namespace CxRox.Api.Webhooks;

public static class WebhooksSetup
{
    public static void AddCxRoxWebhooks(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<WebhookOptions>()
            .Bind(builder.Configuration.GetSection(WebhookOptions.Section))
            .Validate(o => o.Timeout > TimeSpan.Zero && o.HasValidRetryDelays,
                $"Webhooks:Timeout must be positive, and Webhooks:RetryDelays a list of at most {Recompute.JobRetryOptions.MaxRetries} waits, none negative.")
            .Validate(o => (o.AllowedPorts ?? []).All(port => port is > 0 and <= 65535), "Webhooks:AllowedPorts must be TCP port numbers (1 to 65535).")
            .ValidateOnStart();
        builder.Services.AddSingleton(new ResolveHostName(Dns.GetHostAddressesAsync));
        builder.Services.AddSingleton(services => new WebhookTargetPolicy(
            services.GetRequiredService<IOptions<WebhookOptions>>().Value, services.GetRequiredService<ResolveHostName>()));
        builder.Services.AddSingleton<WebhookSender>();
        builder.Services.AddSingleton<WebhookDeliveries>();
    }
}
