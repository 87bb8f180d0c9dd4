using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CxRox.Api.Tests.Infrastructure;

namespace CxRox.Api.Tests.Organizations;

public sealed class OrganizationsApiTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private static string NewSlug() => "org-" + Guid.NewGuid().ToString("N")[..10];

    [Fact]
    public async Task Create_ValidOrganization_Answers201WithItsNameAndTimeZone()
    {
        var admin = TestTenant.Client(api.Factory, await TestTenant.CreateAdminKeyAsync(api.Factory));
        var slug = NewSlug();

        var response = await admin.PostAsJsonAsync("/v1/organizations", new { slug, name = "Northwind Fashion", timeZone = "Europe/Warsaw" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal($"/v1/organizations/{slug}", response.Headers.Location?.OriginalString);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Northwind Fashion", body.GetProperty("name").GetString());
        Assert.Equal("Europe/Warsaw", body.GetProperty("timeZone").GetString());
        Assert.True(DateTimeOffset.TryParse(body.GetProperty("createdAt").GetString(), out _));
    }

    [Theory]
    [InlineData("Europe/Atlantis", "timeZone")]
    [InlineData("", "timeZone")]
    public async Task Create_UnknownTimeZone_Answers400NamingTheField(string timeZone, string field)
    {
        var admin = TestTenant.Client(api.Factory, await TestTenant.CreateAdminKeyAsync(api.Factory));

        var response = await admin.PostAsJsonAsync("/v1/organizations", new { slug = NewSlug(), name = "X", timeZone });

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task Create_BadSlugAndNoName_Answers400WithBothErrors()
    {
        var admin = TestTenant.Client(api.Factory, await TestTenant.CreateAdminKeyAsync(api.Factory));

        var response = await admin.PostAsJsonAsync("/v1/organizations", new { slug = "Has Spaces", timeZone = "UTC" });

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("slug", out _));
        Assert.True(problem.GetProperty("errors").TryGetProperty("name", out _));
    }

    [Fact]
    public async Task Create_TakenSlug_Answers409()
    {
        var admin = TestTenant.Client(api.Factory, await TestTenant.CreateAdminKeyAsync(api.Factory));
        var slug = NewSlug();
        await admin.PostAsJsonAsync("/v1/organizations", new { slug, name = "First", timeZone = "UTC" });

        var response = await admin.PostAsJsonAsync("/v1/organizations", new { slug, name = "Second", timeZone = "UTC" });

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Get_OwnOrganization_WithReaderKey_Answers200()
    {
        var adminKey = await TestTenant.CreateAdminKeyAsync(api.Factory);
        var tenant = await TestTenant.CreateAsync(api.Factory, adminKey, NewSlug(), "America/New_York");

        var body = await TestTenant.Client(api.Factory, tenant.Reader).GetFromJsonAsync<JsonElement>($"/v1/organizations/{tenant.Slug}");

        Assert.Equal(tenant.Slug, body.GetProperty("slug").GetString());
        Assert.Equal("America/New_York", body.GetProperty("timeZone").GetString());
    }

    [Fact]
    public async Task Get_MissingOrganization_Answers404LikeAnotherOrganizations()
    {
        var adminKey = await TestTenant.CreateAdminKeyAsync(api.Factory);
        var mine = await TestTenant.CreateAsync(api.Factory, adminKey, NewSlug());
        var other = await TestTenant.CreateAsync(api.Factory, adminKey, NewSlug());
        var client = TestTenant.Client(api.Factory, mine.Reader);

        var missing = await ProblemAssert.IsProblemAsync(await client.GetAsync(new Uri("/v1/organizations/no-such-org", UriKind.Relative)), HttpStatusCode.NotFound);
        var foreign = await ProblemAssert.IsProblemAsync(await client.GetAsync(new Uri($"/v1/organizations/{other.Slug}", UriKind.Relative)), HttpStatusCode.NotFound);

        Assert.Equal(missing.GetProperty("title").GetString(), foreign.GetProperty("title").GetString());
        Assert.Equal(
            missing.GetProperty("detail").GetString()!.Replace("no-such-org", "X", StringComparison.Ordinal),
            foreign.GetProperty("detail").GetString()!.Replace(other.Slug, "X", StringComparison.Ordinal));
    }

    [Fact]
    public async Task List_AsAdmin_ShowsOrganizationsBySlug()
    {
        var adminKey = await TestTenant.CreateAdminKeyAsync(api.Factory);
        var tenant = await TestTenant.CreateAsync(api.Factory, adminKey, NewSlug());

        var list = await TestTenant.Client(api.Factory, adminKey).GetFromJsonAsync<JsonElement[]>("/v1/organizations");

        Assert.Contains(list!, o => o.GetProperty("slug").GetString() == tenant.Slug);
        Assert.Equal(list!.Select(o => o.GetProperty("slug").GetString()).Order(StringComparer.Ordinal), list!.Select(o => o.GetProperty("slug").GetString()));
    }
}
