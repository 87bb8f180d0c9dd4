namespace CxRox.Api.Webhooks;

public static class WebhooksSetup
{
    public static void AddCxRoxWebhooks(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<WebhookOptions>()
            .Bind(builder.Configuration.GetSection(WebhookOptions.Section))
            .Validate(o => o.Timeout > TimeSpan.Zero && IsRetryPolicy(o),
                "Webhooks:Timeout must be positive, and Webhooks:RetryDelays a list of waits, none negative, that Quartz can store (a dozen or so at most).")
            .ValidateOnStart();
        builder.Services.AddSingleton<WebhookSender>();
        builder.Services.AddSingleton<WebhookDeliveries>();
        builder.Services.AddHttpClient(WebhookSender.HttpClientName, client =>
            {
                // WebhookSender limits each attempt as a whole.
                client.Timeout = Timeout.InfiniteTimeSpan;
                client.DefaultRequestHeaders.UserAgent.ParseAdd("CxRox-Webhooks/1");
            })
            // A redirect is a refusal like any other non-2xx: following it would send the signed
            // summary to an address nobody set.
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false })
            // The default ones log every request's URL, and a receiver's URL often carries its token.
            .RemoveAllLoggers();
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
