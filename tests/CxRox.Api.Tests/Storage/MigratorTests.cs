using CxRox.Api.Storage.Migrations;
using CxRox.Api.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace CxRox.Api.Tests.Storage;

public sealed class MigratorTests : IAsyncLifetime
{
    private string _connectionString = "";

    public async Task InitializeAsync() => _connectionString = await TestPostgres.CreateDatabaseAsync(migrated: false);

    public Task DisposeAsync() => TestPostgres.DropDatabaseAsync(_connectionString);

    [Fact]
    public async Task Apply_TwoRunnersAtOnce_ApplyEachMigrationOnce()
    {
        // The first migration is slow, so without the lock both runners would be inside it together.
        Migration[] migrations =
        [
            new(1, "slow", "CREATE TABLE a (x int); SELECT pg_sleep(0.5);"),
            new(2, "second", "CREATE TABLE b (x int);"),
        ];

        var applied = await Task.WhenAll(ApplyAsync(migrations), ApplyAsync(migrations));

        Assert.Equal([0, 2], applied.Order());
        Assert.Equal(2L, await ScalarAsync("SELECT count(*) FROM schema_migrations"));
    }

    [Fact]
    public async Task Apply_AppliedMigrationChanged_StopsAndNamesTheFile()
    {
        await ApplyAsync([new(1, "first", "CREATE TABLE a (x int);")]);

        var error = await Assert.ThrowsAsync<MigrationException>(() => ApplyAsync([new(1, "first", "CREATE TABLE a (x int, y int);")]));

        Assert.Contains("001_first.sql was changed after it was applied", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Apply_SameTextWithWindowsLineEndings_IsNotAChange()
    {
        await ApplyAsync([new(1, "first", "CREATE TABLE a (x int);\nCREATE TABLE b (x int);\n")]);

        var applied = await ApplyAsync([new(1, "first", "CREATE TABLE a (x int);\r\nCREATE TABLE b (x int);\r\n")]);

        Assert.Equal(0, applied);
    }

    [Fact]
    public async Task Apply_FailingMigration_NamesFileAndLineAndAppliesNothing()
    {
        Migration[] migrations =
        [
            new(1, "fine", "CREATE TABLE a (x int);"),
            new(2, "broken", "CREATE TABLE b (x int);\n\nSELECT no_such_column\nFROM b;"),
        ];

        var error = await Assert.ThrowsAsync<MigrationException>(() => ApplyAsync(migrations));

        Assert.Contains("002_broken.sql failed at line 3", error.Message, StringComparison.Ordinal);
        Assert.Contains("no_such_column", error.Message, StringComparison.Ordinal);
        Assert.Equal(0L, await ScalarAsync("SELECT count(*) FROM pg_tables WHERE tablename IN ('a', 'b', 'schema_migrations')"));
    }

    [Fact]
    public async Task Apply_DatabaseMigratedByNewerBuild_Refuses()
    {
        await ApplyAsync([new(1, "first", "CREATE TABLE a (x int);"), new(2, "second", "CREATE TABLE b (x int);")]);

        var error = await Assert.ThrowsAsync<MigrationException>(() => ApplyAsync([new(1, "first", "CREATE TABLE a (x int);")]));

        Assert.Contains("002_second", error.Message, StringComparison.Ordinal);
        Assert.Contains("newer version", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Embedded_AreNumberedInOrderWithoutGaps()
    {
        var migrations = Migration.Embedded();

        Assert.NotEmpty(migrations);
        Assert.Equal(Enumerable.Range(1, migrations.Count), migrations.Select(m => m.Version));
    }

    [Fact]
    public void Parse_NumberedName_ReadsVersionAndName()
    {
        var migration = Migration.Parse("0012_score_snapshots.sql", "");

        Assert.Equal((12, "score_snapshots", "012_score_snapshots.sql"), (migration.Version, migration.Name, migration.FileName));
    }

    [Theory]
    [InlineData("orgs.sql")]
    [InlineData("x1_orgs.sql")]
    [InlineData("_orgs.sql")]
    public void Parse_NameWithoutLeadingNumber_IsRejected(string fileName) =>
        Assert.Throws<InvalidOperationException>(() => Migration.Parse(fileName, ""));

    private Task<int> ApplyAsync(IReadOnlyList<Migration> migrations) =>
        Migrator.ApplyAsync(_connectionString, migrations, NullLogger.Instance);

    private async Task<long> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
