using Npgsql;

namespace CxRox.Api.Storage.Migrations;

/// <summary>
/// Brings a database up to the migrations this build carries: all pending ones in one
/// transaction, under an advisory lock so that instances starting together apply each once.
/// </summary>
public static class Migrator
{
    // Any fixed number works; this one spells "CxRxMigr".
    internal const long LockKey = 0x4378_5278_4D69_6772;

    /// <param name="underLock">Schema work that is not a numbered migration (Marten's objects), run after them in the same transaction and lock.</param>
    public static async Task<int> ApplyAsync(
        string connectionString, IReadOnlyList<Migration> migrations, ILogger logger,
        Func<NpgsqlTransaction, CancellationToken, Task>? underLock = null, CancellationToken cancellationToken = default)
    {
        // A one-off at start: no pooled connection should linger afterwards.
        var settings = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false };
        await using var connection = new NpgsqlConnection(settings.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(connection, $"SELECT pg_advisory_xact_lock({LockKey})", cancellationToken);
        await ExecuteAsync(connection, """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version    integer PRIMARY KEY,
                name       text NOT NULL,
                checksum   text NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now()
            )
            """, cancellationToken);

        var applied = await ReadAppliedAsync(connection, cancellationToken);
        Verify(migrations, applied);

        var pending = migrations.Where(m => !applied.ContainsKey(m.Version)).ToList();
        foreach (var migration in pending)
        {
            await ApplyOneAsync(connection, migration, cancellationToken);
            logger.LogInformation("Applied migration {Migration}", migration.FileName);
        }
        if (underLock is not null)
        {
            await underLock(transaction, cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return pending.Count;
    }

    private static void Verify(IReadOnlyList<Migration> migrations, Dictionary<int, (string Name, string Checksum)> applied)
    {
        var known = migrations.ToDictionary(m => m.Version);
        foreach (var (version, record) in applied.OrderBy(a => a.Key))
        {
            if (!known.TryGetValue(version, out var migration))
            {
                throw new MigrationException(
                    $"The database has migration {version:000}_{record.Name}, which this build does not know: it was migrated by a newer version of CxRox.");
            }
            if (migration.Checksum != record.Checksum)
            {
                throw new MigrationException(
                    $"Migration {migration.FileName} was changed after it was applied to this database (checksum {record.Checksum[..12]}… then, "
                    + $"{migration.Checksum[..12]}… now). Applied migrations are history: restore the file and add the change as a new migration.");
            }
        }
    }

    private static async Task ApplyOneAsync(NpgsqlConnection connection, Migration migration, CancellationToken cancellationToken)
    {
        // One statement at a time, so that the server's error position maps to a line of the file.
        foreach (var (offset, statement) in SqlStatements.Split(migration.Sql))
        {
            try
            {
                await ExecuteAsync(connection, statement, cancellationToken);
            }
            catch (PostgresException e)
            {
                var position = offset + Math.Max(0, e.Position - 1);
                var line = migration.Sql.AsSpan(0, Math.Min(position, migration.Sql.Length)).Count('\n') + 1;
                throw new MigrationException($"Migration {migration.FileName} failed at line {line}: {e.MessageText}. Nothing was applied.", e);
            }
        }
        await using var record = new NpgsqlCommand(
            "INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)", connection);
        record.Parameters.Add(new NpgsqlParameter { Value = migration.Version });
        record.Parameters.Add(new NpgsqlParameter { Value = migration.Name });
        record.Parameters.Add(new NpgsqlParameter { Value = migration.Checksum });
        await record.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<Dictionary<int, (string Name, string Checksum)>> ReadAppliedAsync(
        NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var applied = new Dictionary<int, (string, string)>();
        await using var command = new NpgsqlCommand("SELECT version, name, checksum FROM schema_migrations", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            applied[reader.GetInt32(0)] = (reader.GetString(1), reader.GetString(2));
        }
        return applied;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

public sealed class MigrationException(string message, Exception? inner = null) : StartupException(message, inner);
