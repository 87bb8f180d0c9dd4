using System.Net;
using System.Net.Http.Json;
using CxRox.Api.Tests.Infrastructure;

namespace CxRox.Api.Tests.Auth;

public sealed class AuthenticationTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private static string NewSlug() => "org-" + Guid.NewGuid().ToString("N")[..10];

    [Fact]
    public async Task NoKey_Answers401ProblemWithBearerChallenge()
    {
        var response = await api.CreateClient().GetAsync(new Uri("/v1/organizations", UriKind.Relative));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Contains("X-Api-Key", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoKey_OnOrganizationRoute_Answers401WhetherOrNotTheOrganizationExists()
    {
        var admin = await TestTenant.CreateAdminKeyAsync(api.Factory);
        var tenant = await TestTenant.CreateAsync(api.Factory, admin, NewSlug());
        var client = api.CreateClient();

        var existing = await client.GetAsync(new Uri($"/v1/organizations/{tenant.Slug}/scorecards", UriKind.Relative));
        var missing = await client.GetAsync(new Uri("/v1/organizations/no-such-org/scorecards", UriKind.Relative));

        await ProblemAssert.IsProblemAsync(existing, HttpStatusCode.Unauthorized);
        await ProblemAssert.IsProblemAsync(missing, HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("not-a-key")]
    [InlineData("cxr_ABCDEFGH_abcdefghijabcdefghijabcdefghijabcdefghij")]
    public async Task MalformedOrUnknownKey_Answers401(string key)
    {
        var response = await TestTenant.Client(api.Factory, key).GetAsync(new Uri("/v1/organizations", UriKind.Relative));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Contains("invalid_token", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task KeyInXApiKeyHeader_IsAccepted()
    {
        var admin = await TestTenant.CreateAdminKeyAsync(api.Factory);
        var client = api.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", admin);

        var response = await client.GetAsync(new Uri("/v1/organizations", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task RevokedKey_StopsWorkingAtOnce()
    {
        var admin = await TestTenant.CreateAdminKeyAsync(api.Factory);
        var tenant = await TestTenant.CreateAsync(api.Factory, admin, NewSlug());
        var reader = TestTenant.Client(api.Factory, tenant.Reader);
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync(new Uri($"/v1/organizations/{tenant.Slug}", UriKind.Relative))).StatusCode);

        var revoke = await TestTenant.Client(api.Factory, admin).DeleteAsync(new Uri($"/v1/organizations/{tenant.Slug}/api-keys/{tenant.ReaderKeyId}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);

        var response = await reader.GetAsync(new Uri($"/v1/organizations/{tenant.Slug}", UriKind.Relative));
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("editor")]
    [InlineData("reader")]
    [InlineData("ingest")]
    public async Task OrganizationKey_CannotCreateKeysOrOrganizations_Answers403(string role)
    {
        var admin = await TestTenant.CreateAdminKeyAsync(api.Factory);
        var tenant = await TestTenant.CreateAsync(api.Factory, admin, NewSlug());
        var client = TestTenant.Client(api.Factory, tenant.KeyFor(role));

        var key = await client.PostAsJsonAsync($"/v1/organizations/{tenant.Slug}/api-keys", new { name = "mine", role = "editor" });
        var organization = await client.PostAsJsonAsync("/v1/organizations", new { slug = NewSlug(), name = "x", timeZone = "UTC" });

        await ProblemAssert.IsProblemAsync(key, HttpStatusCode.Forbidden);
        await ProblemAssert.IsProblemAsync(organization, HttpStatusCode.Forbidden);
    }
}
