using CxRox.Api.Storage.Migrations;
using CxRox.Api.Tests.Infrastructure;
using Npgsql;

namespace CxRox.Api.Tests.Storage;

public sealed class MigrationsAtStartTests
{
    [Fact]
    public async Task TwoHosts_StartingTogetherOnNewDatabase_ApplyEachMigrationOnce()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync(migrated: false);
        try
        {
            await using var first = ApiFactory.On(connectionString);
            await using var second = ApiFactory.On(connectionString);

            // CreateClient starts the host, which migrates before it serves.
            var clients = await Task.WhenAll(Task.Run(first.CreateClient), Task.Run(second.CreateClient));

            foreach (var client in clients)
            {
                Assert.Equal(System.Net.HttpStatusCode.OK, (await client.GetAsync(new Uri("/health/ready", UriKind.Relative))).StatusCode);
            }
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("SELECT version FROM schema_migrations ORDER BY version", connection);
            var versions = new List<int>();
            await using (var reader = await command.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    versions.Add(reader.GetInt32(0));
                }
            }
            Assert.Equal(Migration.Embedded().Select(m => m.Version), versions);
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(connectionString);
        }
    }
}
