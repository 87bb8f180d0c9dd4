using System.Net;
using CxRox.Api.Storage;
using CxRox.Api.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace CxRox.Api.Tests.Storage;

/// <summary>The service with no connection string configured: its own PostgreSQL, kept across restarts.</summary>
public sealed class EmbeddedDatabaseHostTests : IDisposable
{
    private readonly EmbeddedDataFolder _data = new();

    [Fact]
    public async Task Restart_AfterGracefulStop_StartsOwnServerAgainWithEarlierData()
    {
        // No demo: this test is about the database, and a fresh embedded one would get it.
        await using (var first = _data.StartService(demo: "false"))
        {
            var client = first.CreateClient();
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/health/ready", UriKind.Relative))).StatusCode);
            await using var command = first.Services.GetRequiredService<NpgsqlDataSource>().CreateCommand(
                "INSERT INTO organizations (slug, name, time_zone) VALUES ('kept', 'Kept', 'Europe/Warsaw')");
            await command.ExecuteNonQueryAsync();
        }
        Assert.True(await _data.ServerStoppedAsync(), "The embedded PostgreSQL was still running 30 s after the service stopped.");

        await using var second = _data.StartService(demo: "false");
        second.CreateClient();
        await using var count = second.Services.GetRequiredService<NpgsqlDataSource>().CreateCommand(
            "SELECT count(*) FROM organizations WHERE slug = 'kept'");

        Assert.Equal(1L, await count.ExecuteScalarAsync());
        Assert.Equal($"embedded PostgreSQL, data in {_data.DataDirectory}", second.Services.GetRequiredService<DatabaseHost>().Description);
    }

    public void Dispose() => _data.Dispose();
}
