namespace CxRox.Api.Tests.Infrastructure;

/// <summary>
/// The application with Webhooks:AllowLoopback on, for test classes that set a webhook to a
/// receiver on this machine (127.0.0.1). Off by default, as in production.
/// </summary>
public sealed class LoopbackWebhooksFixture : ApiFixture
{
    protected override IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["Webhooks:AllowLoopback"] = "true",
    };
}
