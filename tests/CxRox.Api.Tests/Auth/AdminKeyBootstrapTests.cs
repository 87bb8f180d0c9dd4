using System.Net;
using CxRox.Api.Auth;
using CxRox.Api.Tests.Infrastructure;
using Npgsql;

namespace CxRox.Api.Tests.Auth;

public sealed class AdminKeyBootstrapTests
{
    [Fact]
    public async Task FirstStart_CreatesOneAdminKey_AndLaterStartsNone()
    {
        var database = new TestDatabase();
        await database.InitializeAsync();
        try
        {
            await using (var first = ApiFactory.On(database.ConnectionString))
            {
                first.CreateClient();
            }
            await using (var second = ApiFactory.On(database.ConnectionString))
            {
                second.CreateClient();
            }

            await using var connection = new NpgsqlConnection(database.ConnectionString);
            await connection.OpenAsync();
            await using var count = new NpgsqlCommand("SELECT count(*) FROM api_keys WHERE role = 'admin' AND org_id IS NULL", connection);
            Assert.Equal(1L, await count.ExecuteScalarAsync());
        }
        finally
        {
            await database.DisposeAsync();
        }
    }

    [Fact]
    public async Task FirstStart_OnAConfiguredDatabase_KeepsTheKeyInAnOwnerOnlyFile_ThatAuthenticates()
    {
        var database = new TestDatabase();
        await database.InitializeAsync();
        try
        {
            await using var factory = ApiFactory.On(database.ConnectionString);
            factory.CreateClient();

            var file = Path.Combine(factory.KeyFolder, AdminKeyBootstrap.FileName);
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
            var response = await TestTenant.Client(factory, File.ReadAllText(file).Trim()).GetAsync(new Uri("/v1/admin-keys", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        finally
        {
            await database.DisposeAsync();
        }
    }

    [Fact]
    public void Announcement_ShowsTheKeyOnlyOnATerminal_OrWhenThereIsNoFile()
    {
        var key = ApiKeySecret.Generate();

        Assert.Contains(key.Value, KeyFiles.Announcement("admin API key", key, "/data/.cxrox/admin.key", stdoutIsTerminal: true), StringComparison.Ordinal);
        Assert.Contains(key.Value, KeyFiles.Announcement("admin API key", key, file: null, stdoutIsTerminal: false), StringComparison.Ordinal);
        var logged = KeyFiles.Announcement("admin API key", key, "/data/.cxrox/admin.key", stdoutIsTerminal: false);
        Assert.DoesNotContain(key.Value, logged, StringComparison.Ordinal);
        Assert.Contains("/data/.cxrox/admin.key", logged, StringComparison.Ordinal);
    }
}
