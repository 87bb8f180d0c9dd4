namespace CxRox.Api.Webhooks;

public static class WebhooksSetup
{
    public static void AddCxRoxWebhooks(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<WebhookOptions>()
            .Bind(builder.Configuration.GetSection(WebhookOptions.Section))
            .Validate(o => o.Timeout > TimeSpan.Zero && o.EffectiveRetryDelays.All(d => d >= TimeSpan.Zero),
                "Webhooks:Timeout must be positive, and no Webhooks:RetryDelays negative.")
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
}
