using System.Net;
using Microsoft.Extensions.Options;

namespace CxRox.Api.Webhooks;

public static class WebhooksSetup
{
    public static void AddCxRoxWebhooks(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<WebhookOptions>()
            .Bind(builder.Configuration.GetSection(WebhookOptions.Section))
            .Validate(o => o.Timeout > TimeSpan.Zero && IsRetryPolicy(o),
                "Webhooks:Timeout must be positive, and Webhooks:RetryDelays a list of waits, none negative, that Quartz can store (a dozen or so at most).")
            .Validate(o => (o.AllowedPorts ?? []).All(port => port is > 0 and <= 65535), "Webhooks:AllowedPorts must be TCP port numbers (1 to 65535).")
            .ValidateOnStart();
        builder.Services.AddSingleton(new ResolveHostName(Dns.GetHostAddressesAsync));
        builder.Services.AddSingleton(services => new WebhookTargetPolicy(
            services.GetRequiredService<IOptions<WebhookOptions>>().Value, services.GetRequiredService<ResolveHostName>()));
        builder.Services.AddSingleton<WebhookSender>();
        builder.Services.AddSingleton<WebhookDeliveries>();
    }

    // Quartz refuses waits it cannot store when the policy is built: better at start than at the first delivery.
    private static bool IsRetryPolicy(WebhookOptions options)
    {
        try
        {
            return options.RetryPolicy is not null;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
