using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CxRox.Api.Tests.Infrastructure;
using Npgsql;

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

    private static Uri Keys(TestTenant tenant, string path = "") => new($"/v1/organizations/{tenant.Slug}/api-keys{path}", UriKind.Relative);

    [Fact]
    public async Task Create_UnknownField_Answers400NamingIt_AndCreatesNothing()
    {
        var adminKey = await TestTenant.CreateAdminKeyAsync(api.Factory);
        var tenant = await TestTenant.CreateAsync(api.Factory, adminKey, NewSlug());
        var admin = TestTenant.Client(api.Factory, adminKey);

        var response = await admin.PostAsJsonAsync(Keys(tenant), new { name = "Power BI", role = "reader", validUntil = "2030-01-01T00:00:00Z" });

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("'validUntil'", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("CxRox.", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(3, (await admin.GetFromJsonAsync<JsonElement[]>(Keys(tenant)))!.Length);
    }

    [Fact]
    public async Task CreateOrganization_UnknownField_Answers400NamingIt()
    {
        var admin = TestTenant.Client(api.Factory, await TestTenant.CreateAdminKeyAsync(api.Factory));
        var slug = NewSlug();

        var response = await admin.PostAsJsonAsync("/v1/organizations", new { slug, name = "Acme", timeZone = "Europe/Warsaw", region = "eu" });

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("'region'", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await ProblemAssert.IsProblemAsync(await admin.GetAsync(new Uri($"/v1/organizations/{slug}", UriKind.Relative)), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Create_WithExpiry_ListsIt_AndOnceExpiredTheKeyGets401LikeARevokedOne()
    {
        var adminKey = await TestTenant.CreateAdminKeyAsync(api.Factory);
        var tenant = await TestTenant.CreateAsync(api.Factory, adminKey, NewSlug());
        var admin = TestTenant.Client(api.Factory, adminKey);
        var expiresAt = DateTimeOffset.UtcNow.AddDays(30);

        var response = await admin.PostAsJsonAsync(Keys(tenant), new { name = "Quarterly audit", role = "reader", expiresAt = expiresAt.ToOffset(TimeSpan.FromHours(2)) });
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        var key = created.GetProperty("key").GetString()!;
        var listed = Assert.Single((await admin.GetFromJsonAsync<JsonElement[]>(Keys(tenant)))!, k => k.GetProperty("id").GetGuid() == created.GetProperty("id").GetGuid());
        var beforeExpiry = await TestTenant.Client(api.Factory, key).GetAsync(new Uri($"/v1/organizations/{tenant.Slug}", UriKind.Relative));
        await using (var connection = new NpgsqlConnection(api.Database.ConnectionString))
        {
            await connection.OpenAsync();
            await using var expire = new NpgsqlCommand("UPDATE api_keys SET expires_at = now() - interval '1 second' WHERE id = $1", connection)
            {
                Parameters = { new() { Value = created.GetProperty("id").GetGuid() } },
            };
            await expire.ExecuteNonQueryAsync();
        }
        var afterExpiry = await TestTenant.Client(api.Factory, key).GetAsync(new Uri($"/v1/organizations/{tenant.Slug}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(expiresAt.UtcTicks / 10, created.GetProperty("expiresAt").GetDateTimeOffset().UtcTicks / 10);
        Assert.Equal(expiresAt.UtcTicks / 10, listed.GetProperty("expiresAt").GetDateTimeOffset().UtcTicks / 10);
        Assert.Equal(HttpStatusCode.OK, beforeExpiry.StatusCode);
        await ProblemAssert.IsProblemAsync(afterExpiry, HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(2 * 366 + 1)]
    public async Task Create_ExpiryInThePastOrBeyondTwoYears_Answers400(int days)
    {
        var adminKey = await TestTenant.CreateAdminKeyAsync(api.Factory);
        var tenant = await TestTenant.CreateAsync(api.Factory, adminKey, NewSlug());

        var response = await TestTenant.Client(api.Factory, adminKey)
            .PostAsJsonAsync(Keys(tenant), new { name = "x", role = "reader", expiresAt = DateTimeOffset.UtcNow.AddDays(days) });

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("expiresAt", out _));
    }

    [Theory]
    [InlineData("editor", "reader", HttpStatusCode.Created)]
    [InlineData("editor", "ingest", HttpStatusCode.Created)]
    [InlineData("editor", "editor", HttpStatusCode.Forbidden)]
    [InlineData("reader", "reader", HttpStatusCode.Forbidden)]
    [InlineData("ingest", "ingest", HttpStatusCode.Forbidden)]
    public async Task Create_ByAnOrganizationsKey_OnlyEditorsIssueReaderAndIngestKeys(string caller, string role, HttpStatusCode expected)
    {
        var adminKey = await TestTenant.CreateAdminKeyAsync(api.Factory);
        var tenant = await TestTenant.CreateAsync(api.Factory, adminKey, NewSlug());

        var response = await TestTenant.Client(api.Factory, tenant.KeyFor(caller)).PostAsJsonAsync(Keys(tenant), new { name = "feed", role });

        if (expected == HttpStatusCode.Created)
        {
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            var created = await response.Content.ReadFromJsonAsync<JsonElement>();
            var listed = (await TestTenant.Client(api.Factory, adminKey).GetFromJsonAsync<JsonElement[]>(Keys(tenant)))!;
            Assert.Contains(listed, k => k.GetProperty("id").GetGuid() == created.GetProperty("id").GetGuid() && k.GetProperty("role").GetString() == role);
        }
        else
        {
            await ProblemAssert.IsProblemAsync(response, expected);
            Assert.Equal(3, (await TestTenant.Client(api.Factory, adminKey).GetFromJsonAsync<JsonElement[]>(Keys(tenant)))!.Length);
        }
    }

    [Theory]
    [InlineData("reader", HttpStatusCode.OK)]
    [InlineData("ingest", HttpStatusCode.OK)]
    [InlineData("editor", HttpStatusCode.Forbidden)]
    public async Task Revoke_ByTheOrganizationsEditor_OnlyReaderAndIngestKeys(string role, HttpStatusCode expected)
    {
        var adminKey = await TestTenant.CreateAdminKeyAsync(api.Factory);
        var tenant = await TestTenant.CreateAsync(api.Factory, adminKey, NewSlug());
        var editor = TestTenant.Client(api.Factory, tenant.Editor);
        var target = Assert.Single((await editor.GetFromJsonAsync<JsonElement[]>(Keys(tenant)))!, k => k.GetProperty("role").GetString() == role);

        var response = await editor.DeleteAsync(Keys(tenant, $"/{target.GetProperty("id").GetGuid()}"));

        var stillWorks = (await TestTenant.Client(api.Factory, tenant.KeyFor(role)).GetAsync(new Uri($"/v1/organizations/{tenant.Slug}", UriKind.Relative))).StatusCode;
        if (expected == HttpStatusCode.OK)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, stillWorks);
        }
        else
        {
            await ProblemAssert.IsProblemAsync(response, expected);
            Assert.Equal(HttpStatusCode.OK, stillWorks);
        }
    }

    [Fact]
    public async Task EditorOfAnotherOrganization_Gets404_AndChangesNothing()
    {
        var adminKey = await TestTenant.CreateAdminKeyAsync(api.Factory);
        var mine = await TestTenant.CreateAsync(api.Factory, adminKey, NewSlug());
        var other = await TestTenant.CreateAsync(api.Factory, adminKey, NewSlug());
        var editor = TestTenant.Client(api.Factory, mine.Editor);

        var create = await editor.PostAsJsonAsync(Keys(other), new { name = "intruder", role = "reader" });
        var list = await editor.GetAsync(Keys(other));
        var revoke = await editor.DeleteAsync(Keys(other, $"/{other.ReaderKeyId}"));

        await ProblemAssert.IsProblemAsync(create, HttpStatusCode.NotFound);
        await ProblemAssert.IsProblemAsync(list, HttpStatusCode.NotFound);
        await ProblemAssert.IsProblemAsync(revoke, HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.OK, (await TestTenant.Client(api.Factory, other.Reader).GetAsync(new Uri($"/v1/organizations/{other.Slug}", UriKind.Relative))).StatusCode);
        Assert.Equal(3, (await TestTenant.Client(api.Factory, adminKey).GetFromJsonAsync<JsonElement[]>(Keys(other)))!.Length);
    }
}
