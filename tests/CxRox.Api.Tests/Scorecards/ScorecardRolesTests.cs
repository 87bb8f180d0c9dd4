using System.Net;
using CxRox.Api.Tests.Infrastructure;

namespace CxRox.Api.Tests.Scorecards;

/// <summary>Which roles may read and write scorecards.</summary>
public sealed class ScorecardRolesTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private static string NewSlug() => "org-" + Guid.NewGuid().ToString("N")[..10];

    [Fact]
    public async Task Reader_CannotWriteScorecards_Answers403()
    {
        var admin = await TestTenant.CreateAdminKeyAsync(api.Factory);
        var tenant = await TestTenant.CreateAsync(api.Factory, admin, NewSlug());

        var response = await TestTenant.Client(api.Factory, tenant.Reader)
            .PutAsync(new Uri($"/v1/organizations/{tenant.Slug}/scorecards/any", UriKind.Relative), TestTenant.Json("{}"));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Forbidden);
        Assert.Contains("'reader'", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ingest_CannotReadScorecards_Answers403()
    {
        var admin = await TestTenant.CreateAdminKeyAsync(api.Factory);
        var tenant = await TestTenant.CreateAsync(api.Factory, admin, NewSlug());

        var response = await TestTenant.Client(api.Factory, tenant.Ingest).GetAsync(new Uri($"/v1/organizations/{tenant.Slug}/scorecards", UriKind.Relative));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Admin_MayReadAnyOrganizationsScorecards()
    {
        var admin = await TestTenant.CreateAdminKeyAsync(api.Factory);
        var tenant = await TestTenant.CreateAsync(api.Factory, admin, NewSlug());

        var response = await TestTenant.Client(api.Factory, admin).GetAsync(new Uri($"/v1/organizations/{tenant.Slug}/scorecards", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
