using CxRox.Api.Storage.Migrations;
using CxRox.Api.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace CxRox.Api.Tests.Webhooks;

/// <summary>The migration that rewrites, in the service's own words, the failed deliveries that earlier versions recorded with the receiver's answer.</summary>
public sealed class WebhookErrorsMigrationTests : IAsyncLifetime
{
    private const string MigrationName = "webhook_errors_without_answers";

    private string _connectionString = "";

    public async Task InitializeAsync() => _connectionString = await TestPostgres.CreateDatabaseAsync(migrated: false);

    public Task DisposeAsync() => TestPostgres.DropDatabaseAsync(_connectionString);

    [Fact]
    public async Task Migrate_FailedDeliveriesOfEarlierVersions_KeepNothingOfTheReceiversAnswer()
    {
        var migrations = Migration.Embedded();
        var before = migrations.TakeWhile(m => m.Name != MigrationName).ToList();
        Assert.True(before.Count < migrations.Count, $"No migration named {MigrationName}.");
        await Migrator.ApplyAsync(_connectionString, before, NullLogger.Instance);
        await ExecuteAsync("""
            INSERT INTO organizations (id, slug, name, time_zone) VALUES ('00000000-0000-0000-0000-000000000001', 'old-hooks', 'Old hooks', 'UTC');
            INSERT INTO webhook_deliveries (id, org_id, event_type, subject, payload, status, attempts, last_status_code, last_error) VALUES
                ('00000000-0000-0000-0000-0000000000a1', '00000000-0000-0000-0000-000000000001', 'ping', 'p', '{}', 'failed', 1, 500, 'The receiver answered 500 Internal Server Error: {"secret":"internal"}'),
                ('00000000-0000-0000-0000-0000000000a2', '00000000-0000-0000-0000-000000000001', 'ping', 'p', '{}', 'failed', 1, NULL, 'Connection refused (10.0.0.7:6379)'),
                ('00000000-0000-0000-0000-0000000000a3', '00000000-0000-0000-0000-000000000001', 'ping', 'p', '{}', 'failed', 1, NULL, 'No answer within 10 s.'),
                ('00000000-0000-0000-0000-0000000000a4', '00000000-0000-0000-0000-000000000001', 'ping', 'p', '{}', 'failed', 1, NULL, 'The webhook was turned off, or no longer receives this event.'),
                ('00000000-0000-0000-0000-0000000000a5', '00000000-0000-0000-0000-000000000001', 'ping', 'p', '{}', 'succeeded', 1, 200, NULL);
            """);

        await Migrator.ApplyAsync(_connectionString, migrations, NullLogger.Instance);

        Assert.Equal(
            [
                "receiver answered 500",
                "connection failed or timed out",
                "connection failed or timed out",
                "The webhook was turned off, or no longer receives this event.",
                null,
            ],
            await ErrorsAsync());
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private async Task<List<string?>> ErrorsAsync()
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT last_error FROM webhook_deliveries ORDER BY id", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var errors = new List<string?>();
        while (await reader.ReadAsync())
        {
            errors.Add(reader.IsDBNull(0) ? null : reader.GetString(0));
        }
        return errors;
    }
}
