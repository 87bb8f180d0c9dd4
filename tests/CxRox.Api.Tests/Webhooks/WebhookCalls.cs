using System.Diagnostics;
using System.Net;
using System.Text.Json;
using CxRox.Api.Tests.Infrastructure;

namespace CxRox.Api.Tests.Webhooks;

/// <summary>The webhook routes as the webhook tests call them, with the client each test class uses.</summary>
internal static class WebhookCalls
{
    public static string WebhookPath(TestTenant tenant) => $"/v1/organizations/{tenant.Slug}/webhook";

    /// <summary>The body of an answer that must have <paramref name="status"/>; the assertion shows the body when it has not.</summary>
    public static async Task<JsonElement> ReadAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {(int)status}, got {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public static async Task<JsonElement> DeliveryAsync(HttpClient editor, TestTenant tenant, Guid deliveryId)
    {
        var history = await ReadAsync(await editor.GetAsync(new Uri($"{WebhookPath(tenant)}/deliveries", UriKind.Relative)), HttpStatusCode.OK);
        return history.EnumerateArray().Single(d => d.GetProperty("id").GetGuid() == deliveryId);
    }

    /// <summary>The delivery once it has succeeded or failed for good (retries are seconds apart in the tests' settings).</summary>
    public static async Task<JsonElement> WaitUntilSettledAsync(HttpClient editor, TestTenant tenant, Guid deliveryId)
    {
        var stopwatch = Stopwatch.StartNew();
        while (true)
        {
            var delivery = await DeliveryAsync(editor, tenant, deliveryId);
            if (delivery.GetProperty("status").GetString() is "succeeded" or "failed")
            {
                return delivery;
            }
            Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(30), $"The delivery has not settled after 30 seconds: {delivery}");
            await Task.Delay(100);
        }
    }
}
