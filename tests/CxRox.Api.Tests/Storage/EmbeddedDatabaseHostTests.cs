using System.Net;
using System.Text.Json;
using CxRox.Api.Storage;
using CxRox.Api.Storage.Embedded;
using CxRox.Api.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace CxRox.Api.Tests.Storage;

/// <summary>The service with no connection string configured: its own PostgreSQL, kept across restarts.</summary>
public sealed class EmbeddedDatabaseHostTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "cxrox-host-" + Guid.NewGuid().ToString("N")[..12]);

    private string DataDirectory => Path.Combine(_folder, "pgdata");

    [Fact]
    public async Task Restart_AfterGracefulStop_StartsOwnServerAgainWithEarlierData()
    {
        await using (var first = StartService())
        {
            var client = first.CreateClient();
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/health/ready", UriKind.Relative))).StatusCode);
            await using var command = first.Services.GetRequiredService<NpgsqlDataSource>().CreateCommand(
                "INSERT INTO organizations (slug, name, time_zone) VALUES ('kept', 'Kept', 'Europe/Warsaw')");
            await command.ExecuteNonQueryAsync();
        }
        // Stopping the host (as Ctrl+C or SIGTERM do) stopped the server.
        Assert.Null(PostmasterPidFile.Read(DataDirectory));

        await using var second = StartService();
        using var info = JsonDocument.Parse(await second.CreateClient().GetStringAsync(new Uri("/", UriKind.Relative)));
        await using var count = second.Services.GetRequiredService<NpgsqlDataSource>().CreateCommand(
            "SELECT count(*) FROM organizations WHERE slug = 'kept'");

        Assert.Equal(1L, await count.ExecuteScalarAsync());
        Assert.Equal($"embedded PostgreSQL, data in {DataDirectory}", info.RootElement.GetProperty("database").GetString());
    }

    private ApiFactory StartService() => new(new Dictionary<string, string?>
    {
        [$"ConnectionStrings:{DatabaseHost.ConnectionStringName}"] = "",
        ["Postgres:DataDirectory"] = DataDirectory,
    });

    public void Dispose()
    {
        EmbeddedPostgres.StopAbandoned(DataDirectory);
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}
