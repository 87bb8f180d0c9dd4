using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using CxRox.Api.ApiKeys;
using CxRox.Api.Auth;
using CxRox.Api.Tests.Infrastructure;
using CxRox.Api.Tests.Scorecards;
using Microsoft.Extensions.DependencyInjection;

namespace CxRox.Api.Tests.Recompute;

/// <summary>
/// The Hangfire dashboard at /hangfire lets in the platform's admins only: with an admin key, or
/// with the cookie of a session an admin key opened. Anonymous requests, organizations' keys and
/// forged or dead sessions are refused; a read-only session sees no commands.
/// </summary>
public sealed class JobsDashboardTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private static readonly Uri Dashboard = new("/hangfire", UriKind.Relative);
    private static readonly Uri RecurringJobs = new("/hangfire/recurring", UriKind.Relative);

    private static async Task<HttpResponseMessage> OpenSessionAsync(HttpClient browser, string key, bool readOnly = false)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/dashboard/session{(readOnly ? "?readOnly=true" : "")}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return await browser.SendAsync(request);
    }

    [Fact]
    public async Task AnAnonymousRequest_IsRefused()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.Factory.CreateClient().GetAsync(Dashboard)).StatusCode);
    }

    [Theory]
    [InlineData("editor")]
    [InlineData("ingest")]
    [InlineData("reader")]
    public async Task AnOrganizationsKey_IsRefused_AndCannotOpenASession(string role)
    {
        var tenant = await TestTenant.CreateAsync(api.Factory, await TestTenant.CreateAdminKeyAsync(api.Factory), "dash-" + Guid.NewGuid().ToString("N")[..10]);
        var browser = api.Factory.CreateClient();

        Assert.Equal(HttpStatusCode.Forbidden, (await TestTenant.Client(api.Factory, tenant.KeyFor(role)).GetAsync(Dashboard)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await OpenSessionAsync(browser, tenant.KeyFor(role))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync(Dashboard)).StatusCode);
    }

    [Fact]
    public async Task AnAdminKey_OpensTheDashboard()
    {
        var response = await TestTenant.Client(api.Factory, await TestTenant.CreateAdminKeyAsync(api.Factory)).GetAsync(Dashboard);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("CxRox jobs", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASessionOpenedWithAnAdminKey_LetsABrowserIn_WithoutTheKey()
    {
        var browser = api.Factory.CreateClient();

        var opened = await OpenSessionAsync(browser, await TestTenant.CreateAdminKeyAsync(api.Factory));
        var cookie = Assert.Single(opened.Headers.GetValues("Set-Cookie"));

        Assert.Equal(HttpStatusCode.OK, opened.StatusCode);
        Assert.Contains("path=/hangfire", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(Dashboard)).StatusCode);
    }

    [Fact]
    public async Task AForgedSession_AndTheSessionOfARevokedKey_AreRefused()
    {
        var keys = api.Factory.Services.GetRequiredService<ApiKeysStore>();
        var (revoked, secret) = await keys.CreateAdminAsync("revoked soon", CancellationToken.None);
        var forged = new DashboardSession(revoked.Id, DateTimeOffset.UtcNow.AddMinutes(5), ReadOnly: false).Sign(new byte[32]);
        var forger = new HttpClient(api.Factory.Server.CreateHandler()) { BaseAddress = api.Factory.Server.BaseAddress };
        forger.DefaultRequestHeaders.Add("Cookie", $"{DashboardSession.CookieName}={forged}");
        var browser = api.Factory.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await OpenSessionAsync(browser, secret.Value)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(Dashboard)).StatusCode);

        await keys.RevokeAdminAsync(revoked.Id, CancellationToken.None);

        Assert.Equal(HttpStatusCode.Unauthorized, (await forger.GetAsync(Dashboard)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync(Dashboard)).StatusCode);
    }

    [Fact]
    public async Task AReadOnlySession_SeesTheRecurringJobs_ButNoCommand()
    {
        var admin = await TestTenant.CreateAdminKeyAsync(api.Factory);
        var tenant = await TestTenant.CreateAsync(api.Factory, admin, "dash-" + Guid.NewGuid().ToString("N")[..10]);
        var put = await TestTenant.Client(api.Factory, tenant.Editor).PutAsync(
            new Uri($"/v1/organizations/{tenant.Slug}/scorecards/stores", UriKind.Relative), TestTenant.Json(ScorecardsApiTests.Sample(tenant.Slug, "stores")));
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        var looking = api.Factory.CreateClient();
        var operating = api.Factory.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await OpenSessionAsync(looking, admin, readOnly: true)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await OpenSessionAsync(operating, admin)).StatusCode);

        var readOnlyPage = await looking.GetStringAsync(RecurringJobs);
        var fullPage = await operating.GetStringAsync(RecurringJobs);

        Assert.Contains("/stores/recompute", readOnlyPage, StringComparison.Ordinal);
        Assert.DoesNotContain("/recurring/trigger", readOnlyPage, StringComparison.Ordinal);
        Assert.Contains("/recurring/trigger", fullPage, StringComparison.Ordinal);
        Assert.True((await looking.PostAsJsonAsync("/hangfire/recurring/trigger", new { })).StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden);
    }
}
