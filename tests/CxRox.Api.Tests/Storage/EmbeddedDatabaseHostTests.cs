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
        // Stopping the host (as Ctrl+C or SIGTERM do) stops the server. Disposing the factory only
        // asks the application's own Run() to stop, so the stop completes a moment later.
        Assert.True(await ServerStoppedAsync(), "The embedded PostgreSQL was still running 30 s after the service stopped.");

        await using var second = StartService();
        using var info = JsonDocument.Parse(await second.CreateClient().GetStringAsync(new Uri("/", UriKind.Relative)));
        await using var count = second.Services.GetRequiredService<NpgsqlDataSource>().CreateCommand(
            "SELECT count(*) FROM organizations WHERE slug = 'kept'");

        Assert.Equal(1L, await count.ExecuteScalarAsync());
        Assert.Equal($"embedded PostgreSQL, data in {DataDirectory}", info.RootElement.GetProperty("database").GetString());
    }

    private async Task<bool> ServerStoppedAsync()
    {
        for (var waited = TimeSpan.Zero; waited < TimeSpan.FromSeconds(30); waited += TimeSpan.FromMilliseconds(100))
        {
            if (PostmasterPidFile.Read(DataDirectory) is null)
            {
                return true;
            }
            await Task.Delay(100);
        }
        return false;
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
