using CxRox.Api.Storage.Migrations;
using Hangfire.PostgreSql;
using Npgsql;

namespace CxRox.Api.Recompute;

/// <summary>
/// Hangfire's tables live in the service's own database, in a schema of their own
/// (<see cref="Name"/>), beside the application's tables in public. They are created, and
/// upgraded by a newer Hangfire.PostgreSql, at every start right after the migrations and under
/// the migrations' advisory lock, so that nodes starting together install them once; Hangfire
/// itself is told not to (PrepareSchemaIfNecessary off).
/// </summary>
public static class JobStorageSchema
{
    public const string Name = "hangfire";

    public static async Task InstallAsync(string connectionString, CancellationToken cancellationToken)
    {
        // A one-off at start, like the migrations: no pooled connection should linger afterwards.
        var settings = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false };
        await using var connection = new NpgsqlConnection(settings.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using (var lockCommand = new NpgsqlCommand($"SELECT pg_advisory_lock({Migrator.LockKey})", connection))
        {
            await lockCommand.ExecuteNonQueryAsync(cancellationToken);
        }
        try
        {
            // Each version of Hangfire's scripts runs in a transaction of its own, and is skipped once applied.
            PostgreSqlObjectsInstaller.Install(connection, Name);
        }
        finally
        {
            await using var unlock = new NpgsqlCommand($"SELECT pg_advisory_unlock({Migrator.LockKey})", connection);
            await unlock.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }
}
