using CxRox.Api.Tests.Infrastructure;
using Npgsql;

namespace CxRox.Api.Tests.Storage;

/// <summary>
/// Two test classes write the same rows into their own databases at the same time; each sees
/// exactly its own. In one shared database the second insert would break the unique slug.
/// </summary>
public abstract class OrganizationsOfOneClassTests(TestDatabase database)
{
    [Fact]
    public async Task Insert_SameSlugsAsTheOtherClass_SeesOnlyItsOwnRows()
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using (var insert = new NpgsqlCommand(
            "INSERT INTO organizations (slug, name, time_zone) VALUES ('acme', 'Acme', 'Europe/Warsaw'), ('globex', 'Globex', 'UTC')", connection))
        {
            await insert.ExecuteNonQueryAsync();
        }

        await using var count = new NpgsqlCommand("SELECT count(*) FROM organizations", connection);
        Assert.Equal(2L, await count.ExecuteScalarAsync());
    }
}

public sealed class FirstIsolatedClassTests(TestDatabase database) : OrganizationsOfOneClassTests(database), IClassFixture<TestDatabase>;

public sealed class SecondIsolatedClassTests(TestDatabase database) : OrganizationsOfOneClassTests(database), IClassFixture<TestDatabase>;

public sealed class DatabaseIsolationTests
{
    [Fact]
    public async Task TwoTestDatabases_AreSeparateAndBothMigrated()
    {
        var first = new TestDatabase();
        var second = new TestDatabase();
        await first.InitializeAsync();
        await second.InitializeAsync();
        try
        {
            await ExecuteAsync(first.ConnectionString, "INSERT INTO organizations (slug, name, time_zone) VALUES ('only-here', 'Only here', 'UTC')");

            Assert.NotEqual(first.ConnectionString, second.ConnectionString);
            Assert.Equal(1L, await ScalarAsync(first.ConnectionString, "SELECT count(*) FROM organizations"));
            Assert.Equal(0L, await ScalarAsync(second.ConnectionString, "SELECT count(*) FROM organizations"));
        }
        finally
        {
            await first.DisposeAsync();
            await second.DisposeAsync();
        }
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<long> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
