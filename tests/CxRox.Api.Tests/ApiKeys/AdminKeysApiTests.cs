using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CxRox.Api.Auth;
using CxRox.Api.Tests.Infrastructure;

namespace CxRox.Api.Tests.ApiKeys;

public sealed class AdminKeysApiTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task CreateListRevoke_AdminKey_AndTheRevokedKeyStopsWorking()
    {
        var admin = TestTenant.Client(api.Factory, await TestTenant.CreateAdminKeyAsync(api.Factory));

        var created = await (await admin.PostAsJsonAsync("/v1/admin-keys", new { name = "second admin" })).Content.ReadFromJsonAsync<JsonElement>();
        var second = TestTenant.Client(api.Factory, created.GetProperty("key").GetString()!);
        var listText = await second.GetStringAsync(new Uri("/v1/admin-keys", UriKind.Relative));
        var revoke = await admin.DeleteAsync(new Uri($"/v1/admin-keys/{created.GetProperty("id").GetGuid()}", UriKind.Relative));

        Assert.Equal("admin", created.GetProperty("role").GetString());
        Assert.Contains("second admin", listText, StringComparison.Ordinal);
        Assert.DoesNotContain(created.GetProperty("key").GetString()!, listText, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
        await ProblemAssert.IsProblemAsync(await second.GetAsync(new Uri("/v1/admin-keys", UriKind.Relative)), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Revoke_LastActiveAdminKey_Answers409()
    {
        var database = new TestDatabase();
        await database.InitializeAsync();
        try
        {
            await using var factory = ApiFactory.On(database.ConnectionString);
            var adminKey = await TestTenant.CreateAdminKeyAsync(factory);
            var admin = TestTenant.Client(factory, adminKey);
            var all = await admin.GetFromJsonAsync<JsonElement[]>("/v1/admin-keys");
            // The first start made one admin key; revoke it so that the test's key is the last.
            var mine = adminKey.Split('_')[1];
            foreach (var other in all!.Where(k => k.GetProperty("prefix").GetString() != mine))
            {
                Assert.Equal(HttpStatusCode.OK, (await admin.DeleteAsync(new Uri($"/v1/admin-keys/{other.GetProperty("id").GetGuid()}", UriKind.Relative))).StatusCode);
            }
            var last = all!.Single(k => k.GetProperty("prefix").GetString() == mine).GetProperty("id").GetGuid();

            var response = await admin.DeleteAsync(new Uri($"/v1/admin-keys/{last}", UriKind.Relative));

            await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Conflict);
            Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync(new Uri("/v1/admin-keys", UriKind.Relative))).StatusCode);
        }
        finally
        {
            await database.DisposeAsync();
        }
    }

    [Fact]
    public async Task OrganizationKeys_CannotManageAdminKeys()
    {
        var tenant = await TestTenant.CreateAsync(api.Factory, await TestTenant.CreateAdminKeyAsync(api.Factory), "org-" + Guid.NewGuid().ToString("N")[..10]);

        var response = await TestTenant.Client(api.Factory, tenant.Editor).PostAsJsonAsync("/v1/admin-keys", new { name = "escalate" });

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Forbidden);
    }

    [Fact]
    public void AdminKeyFile_IsReadableByItsOwnerOnly()
    {
        var folder = Directory.CreateTempSubdirectory("cxrox-admin-key-").FullName;
        try
        {
            var path = KeyFiles.WriteOwnerOnly(Path.Combine(folder, AdminKeyBootstrap.FileName), "cxr_secret");

            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
            Assert.Equal("cxr_secret", File.ReadAllText(path).Trim());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
