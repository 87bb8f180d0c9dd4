using CxRox.Api.Storage.Embedded;
using CxRox.Api.Storage.Migrations;
using Npgsql;

namespace CxRox.Api.Storage;

/// <summary>
/// The service's database: the configured one (ConnectionStrings:CxRox) or, when none is
/// configured, an embedded PostgreSQL over Postgres:DataDirectory. It is ready and migrated
/// before any other hosted service or the web server starts, and the embedded server is
/// stopped after everything else has stopped.
/// </summary>
public sealed class DatabaseHost(IConfiguration configuration, ILogger<DatabaseHost> logger) : IHostedLifecycleService, IDisposable
{
    public const string ConnectionStringName = "CxRox";
    private const string EmbeddedDatabase = "cxrox";
    private const string DefaultDataDirectory = ".cxrox/pgdata";

    private string? _connectionString;
    private EmbeddedPostgres? _embedded;

    public string ConnectionString =>
        _connectionString ?? throw new InvalidOperationException("The database is used before the host has started it.");

    /// <summary>Where the data lives, for people: the embedded data folder, or the configured host and database.</summary>
    public string Description { get; private set; } = "not started";

    /// <summary>The embedded server's data folder (absolute); null when a configured database is used.</summary>
    public string? EmbeddedDataDirectory => OperatingSystem.IsWindows() ? null : _embedded?.DataDirectory;

    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        var configured = configuration.GetConnectionString(ConnectionStringName);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            _connectionString = configured;
            var builder = new NpgsqlConnectionStringBuilder(configured);
            Description = $"PostgreSQL at {builder.Host}:{builder.Port}/{builder.Database}";
            await WaitUntilReachableAsync(cancellationToken);
        }
        else
        {
            if (OperatingSystem.IsWindows())
            {
                throw new EmbeddedPostgresException(
                    "The embedded PostgreSQL runs on Linux and macOS only. Set ConnectionStrings__CxRox to a PostgreSQL database.");
            }
            _embedded = await EmbeddedPostgres.StartAsync(new EmbeddedPostgresOptions
            {
                DataDirectory = configuration["Postgres:DataDirectory"] ?? DefaultDataDirectory,
                BinDirectory = configuration["Postgres:BinDirectory"],
            }, logger, cancellationToken);
            await _embedded.CreateDatabaseIfMissingAsync(EmbeddedDatabase, cancellationToken);
            _connectionString = _embedded.ConnectionString(EmbeddedDatabase);
            Description = $"embedded PostgreSQL, data in {_embedded.DataDirectory}";
        }

        var applied = await DatabaseUpgrade.ApplyAsync(_connectionString, logger, cancellationToken);
        await Recompute.JobStorageSchema.InstallAsync(_connectionString, cancellationToken);
        logger.LogInformation("Database ready ({Database}); {Applied} migration(s) applied at this start", Description, applied);
    }

    // A database started by docker-compose or a platform may still be coming up.
    private async Task WaitUntilReachableAsync(CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(configuration.GetValue("Postgres:StartupWaitSeconds", 30));
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var connection = new NpgsqlConnection(_connectionString);
                await connection.OpenAsync(cancellationToken);
                return;
            }
            catch (NpgsqlException e) when (DateTime.UtcNow < deadline && e.IsTransient)
            {
                logger.LogWarning("Waiting for {Database} (attempt {Attempt}): {Error}", Description, attempt, e.Message);
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            }
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    // Also reached when the host fails to start and is disposed without stopping.
    public void Dispose()
    {
        if (!OperatingSystem.IsWindows())
        {
            _embedded?.Stop();
        }
    }
}
