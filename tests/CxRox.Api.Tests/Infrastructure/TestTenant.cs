using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CxRox.Api.ApiKeys;
using Microsoft.Extensions.DependencyInjection;

namespace CxRox.Api.Tests.Infrastructure;

/// <summary>An organization created through the API, with one key of each role.</summary>
public sealed record TestTenant(string Slug, string Editor, string Ingest, string Reader, Guid ReaderKeyId)
{
    public string KeyFor(string role) => role switch
    {
        "editor" => Editor,
        "ingest" => Ingest,
        "reader" => Reader,
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, "An organization has no such key."),
    };

    /// <summary>Creates an admin key directly in the store, as the first start would.</summary>
    public static async Task<string> CreateAdminKeyAsync(ApiFactory factory) =>
        (await factory.Services.GetRequiredService<ApiKeysStore>().CreateAdminAsync("test admin", CancellationToken.None)).Secret.Value;

    /// <summary>Creates an organization and an editor, an ingest and a reader key through the API.</summary>
    public static async Task<TestTenant> CreateAsync(ApiFactory factory, string adminKey, string slug, string timeZone = "Europe/Warsaw")
    {
        var admin = Client(factory, adminKey);
        var created = await admin.PostAsJsonAsync($"/v1/organizations", new { slug, name = $"Org {slug}", timeZone });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var keys = new Dictionary<string, (string Key, Guid Id)>();
        foreach (var role in new[] { "editor", "ingest", "reader" })
        {
            var response = await admin.PostAsJsonAsync($"/v1/organizations/{slug}/api-keys", new { name = $"{role} key", role });
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            var body = await response.Content.ReadFromJsonAsync<JsonElement>();
            keys[role] = (body.GetProperty("key").GetString()!, body.GetProperty("id").GetGuid());
        }
        return new TestTenant(slug, keys["editor"].Key, keys["ingest"].Key, keys["reader"].Key, keys["reader"].Id);
    }

    public static HttpClient Client(ApiFactory factory, string key)
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
}
