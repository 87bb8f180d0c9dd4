using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CxRox.Api.Tests.Infrastructure;

namespace CxRox.Api.Tests.ApiKeys;

public sealed class ApiKeysApiTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private static string NewSlug() => "org-" + Guid.NewGuid().ToString("N")[..10];

    [Fact]
    public async Task Create_ShowsKeyOnce_ListShowsNoSecret()
    {
        var adminKey = await TestTenant.CreateAdminKeyAsync(api.Factory);
        var tenant = await TestTenant.CreateAsync(api.Factory, adminKey, NewSlug());
        var admin = TestTenant.Client(api.Factory, adminKey);

        var created = await (await admin.PostAsJsonAsync($"/v1/organizations/{tenant.Slug}/api-keys", new { name = "Power BI", role = "reader" }))
            .Content.ReadFromJsonAsync<JsonElement>();
        var listText = await admin.GetStringAsync(new Uri($"/v1/organizations/{tenant.Slug}/api-keys", UriKind.Relative));

        var key = created.GetProperty("key").GetString()!;
        Assert.StartsWith($"cxr_{created.GetProperty("prefix").GetString()}_", key, StringComparison.Ordinal);
        Assert.DoesNotContain(key, listText, StringComparison.Ordinal);
        var list = JsonSerializer.Deserialize<JsonElement[]>(listText)!;
        Assert.Equal(4, list.Length);
        Assert.All(list, k => Assert.False(k.TryGetProperty("key", out _)));
        Assert.Contains(list, k => k.GetProperty("name").GetString() == "Power BI" && k.GetProperty("role").GetString() == "reader");
    }

    [Theory]
    [InlineData("admin")]
    [InlineData("owner")]
    [InlineData(null)]
    public async Task Create_RoleNotOfAnOrganization_Answers400(string? role)
    {
        var adminKey = await TestTenant.CreateAdminKeyAsync(api.Factory);
        var tenant = await TestTenant.CreateAsync(api.Factory, adminKey, NewSlug());

        var response = await TestTenant.Client(api.Factory, adminKey).PostAsJsonAsync($"/v1/organizations/{tenant.Slug}/api-keys", new { name = "x", role });

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("role", out _));
    }

    [Fact]
    public async Task Revoke_ListShowsRevokedAt_AndUnknownKeyAnswers404()
    {
        var adminKey = await TestTenant.CreateAdminKeyAsync(api.Factory);
        var tenant = await TestTenant.CreateAsync(api.Factory, adminKey, NewSlug());
        var admin = TestTenant.Client(api.Factory, adminKey);

        var revoked = await admin.DeleteAsync(new Uri($"/v1/organizations/{tenant.Slug}/api-keys/{tenant.ReaderKeyId}", UriKind.Relative));
        var unknown = await admin.DeleteAsync(new Uri($"/v1/organizations/{tenant.Slug}/api-keys/{Guid.NewGuid()}", UriKind.Relative));
        var list = await admin.GetFromJsonAsync<JsonElement[]>($"/v1/organizations/{tenant.Slug}/api-keys");

        Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
        await ProblemAssert.IsProblemAsync(unknown, HttpStatusCode.NotFound);
        var reader = Assert.Single(list!, k => k.GetProperty("id").GetGuid() == tenant.ReaderKeyId);
        Assert.Equal(JsonValueKind.String, reader.GetProperty("revokedAt").ValueKind);
    }

    [Fact]
    public async Task Revoke_KeyOfAnotherOrganizationThroughThisOne_Answers404AndKeepsIt()
    {
        var adminKey = await TestTenant.CreateAdminKeyAsync(api.Factory);
        var mine = await TestTenant.CreateAsync(api.Factory, adminKey, NewSlug());
        var other = await TestTenant.CreateAsync(api.Factory, adminKey, NewSlug());

        var response = await TestTenant.Client(api.Factory, adminKey)
            .DeleteAsync(new Uri($"/v1/organizations/{mine.Slug}/api-keys/{other.ReaderKeyId}", UriKind.Relative));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.OK,
            (await TestTenant.Client(api.Factory, other.Reader).GetAsync(new Uri($"/v1/organizations/{other.Slug}", UriKind.Relative))).StatusCode);
    }
}
