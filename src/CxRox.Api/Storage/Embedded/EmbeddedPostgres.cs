using System.Net;
using System.Net.Sockets;
using System.Runtime.Versioning;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Npgsql;

namespace CxRox.Api.Storage.Embedded;

public sealed record EmbeddedPostgresOptions
{
    public required string DataDirectory { get; init; }
    public string? BinDirectory { get; init; }

    /// <summary>Trades crash safety for speed (fsync off): for throw-away test servers only.</summary>
    public bool Ephemeral { get; init; }

    public int MaxConnections { get; init; } = 100;
}

/// <summary>
/// A private PostgreSQL server on 127.0.0.1 over a data folder of ours: created on first start,
/// reused on the next (so data survives restarts), stopped when we stop. As root, the server runs
/// as the postgres user, which PostgreSQL requires.
/// </summary>
[UnsupportedOSPlatform("windows")]
public sealed partial class EmbeddedPostgres : IDisposable
{
    private const string SuperUser = "cxrox";
    internal const string ServerUser = "postgres";

    private readonly PostgresInstallation _installation;
    private readonly string? _runAs;
    private readonly ILogger _logger;
    private readonly string _password;
    private int _stopped;

    private EmbeddedPostgres(PostgresInstallation installation, string dataDirectory, string? runAs, string password, ILogger logger)
    {
        _installation = installation;
        DataDirectory = dataDirectory;
        _runAs = runAs;
        _password = password;
        _logger = logger;
    }

    public string DataDirectory { get; }
    public int Port { get; private set; }

    /// <summary>True when a server left running by an earlier process (killed hard) was taken over.</summary>
    public bool ReusedRunningServer { get; private set; }

    private string PasswordFile => DataDirectory + ".password";
    private string LogFile => DataDirectory + ".log";

    public string ConnectionString(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = SuperUser,
        Password = _password,
        Database = database,
    }.ConnectionString;

    public static async Task<EmbeddedPostgres> StartAsync(EmbeddedPostgresOptions options, ILogger logger, CancellationToken cancellationToken = default)
    {
        var installation = PostgresInstallation.Find(options.BinDirectory);
        var dataDirectory = Path.TrimEndingDirectorySeparator(Path.GetFullPath(options.DataDirectory));
        var runAs = Environment.IsPrivilegedProcess ? ServerUser : null;

        if (!File.Exists(Path.Combine(dataDirectory, "PG_VERSION")))
        {
            Initialize(installation, dataDirectory, runAs, options, logger);
        }

        var server = new EmbeddedPostgres(installation, dataDirectory, runAs, ReadPassword(dataDirectory), logger);
        await server.StartOrReuseAsync(cancellationToken);
        AppDomain.CurrentDomain.ProcessExit += server.OnProcessExit;
        return server;
    }

    public async Task CreateDatabaseIfMissingAsync(string database, CancellationToken cancellationToken = default)
    {
        if (!DatabaseName().IsMatch(database))
        {
            throw new ArgumentException($"'{database}' is not a plain database name (letters, digits, underscores).", nameof(database));
        }
        await using var connection = new NpgsqlConnection(ConnectionString("postgres") + ";Pooling=false");
        await connection.OpenAsync(cancellationToken);
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection);
        exists.Parameters.Add(new NpgsqlParameter { Value = database });
        if (await exists.ExecuteScalarAsync(cancellationToken) is null)
        {
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database}\"", connection);
            await create.ExecuteNonQueryAsync(cancellationToken);
            _logger.LogInformation("Created database {Database} on the embedded PostgreSQL", database);
        }
    }

    /// <summary>Stops the server (fast shutdown: open sessions are ended, data is flushed). Safe to call twice.</summary>
    public void Stop()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return;
        }
        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        NpgsqlConnection.ClearAllPools();
        var result = PgCtl(["stop", "-D", DataDirectory, "-m", "fast", "-w", "-t", "60"], TimeSpan.FromSeconds(90));
        DataFolderOwner.Release(DataDirectory);
        if (result.ExitCode == 0)
        {
            _logger.LogInformation("Stopped the embedded PostgreSQL on port {Port}", Port);
        }
        else if (PostmasterPidFile.Read(DataDirectory)?.IsServerRunningOn(DataDirectory) == true)
        {
            _logger.LogError("The embedded PostgreSQL did not stop: {Output}", result.Output);
        }
    }

    public void Dispose() => Stop();

    /// <summary>Stops, without waiting for sessions, a server whose owner is gone (say, a killed test run).</summary>
    public static void StopAbandoned(string dataDirectory, string? binDirectory = null)
    {
        if (PostmasterPidFile.Read(dataDirectory)?.IsServerRunningOn(dataDirectory) == true)
        {
            var runAs = Environment.IsPrivilegedProcess ? ServerUser : null;
            OsCommand.Run(PostgresInstallation.Find(binDirectory).PgCtl,
                ["stop", "-D", dataDirectory, "-m", "immediate", "-w", "-t", "60"], runAs, TimeSpan.FromSeconds(90));
        }
    }

    // A backstop for exits that skip the host's shutdown; SIGTERM and Ctrl+C go through the host.
    private void OnProcessExit(object? sender, EventArgs e) => Stop();

    private static void Initialize(PostgresInstallation installation, string dataDirectory, string? runAs, EmbeddedPostgresOptions options, ILogger logger)
    {
        if (Directory.Exists(dataDirectory) && Directory.EnumerateFileSystemEntries(dataDirectory).Any())
        {
            throw new EmbeddedPostgresException(
                $"{dataDirectory} is not empty but holds no PostgreSQL data (no PG_VERSION). Empty it, or set Postgres__DataDirectory to another folder.");
        }
        logger.LogInformation("Creating a PostgreSQL data folder at {DataDirectory}", dataDirectory);
        Directory.CreateDirectory(dataDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        if (runAs is not null)
        {
            GiveToServerUser(dataDirectory, runAs);
        }

        var password = RandomNumberGenerator.GetHexString(40, lowercase: true);
        WriteOwnerOnlyFile(dataDirectory + ".password", password);
        var passwordFile = Path.Combine(Path.GetTempPath(), $"cxrox-initdb-{Guid.NewGuid():N}");
        try
        {
            WriteOwnerOnlyFile(passwordFile, password);
            if (runAs is not null)
            {
                GiveToServerUser(passwordFile, runAs);
            }
            string[] arguments =
            [
                "-D", dataDirectory, "-U", SuperUser, $"--pwfile={passwordFile}", "--auth=scram-sha-256",
                "-E", "UTF8", "--no-locale", .. options.Ephemeral ? new[] { "--no-sync" } : [],
            ];
            var result = OsCommand.Run(installation.InitDb, arguments, runAs, TimeSpan.FromMinutes(2));
            if (result.ExitCode != 0)
            {
                throw new EmbeddedPostgresException($"initdb failed for {dataDirectory}: {result.Output}");
            }
        }
        finally
        {
            File.Delete(passwordFile);
        }

        // Loopback only, and no Unix socket: its default folder (/var/run/postgresql) may be missing or not ours.
        var settings = $"""

            # Added by CxRox for its embedded server.
            listen_addresses = '127.0.0.1'
            unix_socket_directories = ''
            max_connections = {options.MaxConnections}

            """;
        if (options.Ephemeral)
        {
            settings += "fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n";
        }
        File.AppendAllText(Path.Combine(dataDirectory, "postgresql.conf"), settings);
    }

    private async Task StartOrReuseAsync(CancellationToken cancellationToken)
    {
        var pidFile = PostmasterPidFile.Read(DataDirectory);
        if (pidFile is not null)
        {
            if (pidFile.IsServerRunningOn(DataDirectory))
            {
                if (DataFolderOwner.LiveOwner(DataDirectory) is { } owner)
                {
                    // Taking it over would stop it under that process when this one exits.
                    throw new EmbeddedPostgresException(
                        $"Another process ({owner}) is running CxRox's PostgreSQL on {DataDirectory}. "
                        + "Stop it first, or give this instance a folder of its own with Postgres__DataDirectory.");
                }
                Port = pidFile.Port;
                if (await AcceptsConnectionsAsync(cancellationToken))
                {
                    ReusedRunningServer = true;
                    DataFolderOwner.Claim(DataDirectory);
                    _logger.LogWarning(
                        "Took over the PostgreSQL server (pid {Pid}, port {Port}) that an earlier run left running on {DataDirectory}",
                        pidFile.ProcessId, Port, DataDirectory);
                    return;
                }
                _logger.LogWarning("Stopping an unresponsive PostgreSQL server (pid {Pid}) left on {DataDirectory}", pidFile.ProcessId, DataDirectory);
                PgCtl(["stop", "-D", DataDirectory, "-m", "immediate", "-w", "-t", "60"], TimeSpan.FromSeconds(90));
            }
            else
            {
                // PostgreSQL would refuse to start while the file names a live process, even an unrelated one.
                _logger.LogWarning("Removing a stale {File} (pid {Pid} is not this folder's server) from {DataDirectory}",
                    PostmasterPidFile.FileName, pidFile.ProcessId, DataDirectory);
                File.Delete(Path.Combine(DataDirectory, PostmasterPidFile.FileName));
            }
        }
        Start();
    }

    private void Start()
    {
        PrepareLogFile();
        const int attempts = 3;
        for (var attempt = 1; ; attempt++)
        {
            Port = FreeLoopbackPort();
            var logLength = new FileInfo(LogFile).Length;
            var result = PgCtl(["start", "-D", DataDirectory, "-l", LogFile, "-w", "-t", "120", "-o", $"-p {Port}"], TimeSpan.FromMinutes(3));
            if (result.ExitCode == 0)
            {
                DataFolderOwner.Claim(DataDirectory);
                _logger.LogInformation("Started the embedded PostgreSQL on 127.0.0.1:{Port} with data in {DataDirectory}", Port, DataDirectory);
                return;
            }
            var serverLog = ReadLogSince(logLength);
            // Another process may take the port between our probe and the server's bind.
            if (attempt < attempts && serverLog.Contains("could not bind", StringComparison.Ordinal))
            {
                continue;
            }
            throw new EmbeddedPostgresException(
                $"PostgreSQL did not start on {DataDirectory}: {result.Output}{Environment.NewLine}Server log ({LogFile}):{Environment.NewLine}{serverLog}");
        }
    }

    private async Task<bool> AcceptsConnectionsAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = new NpgsqlConnection(ConnectionString("postgres") + ";Pooling=false;Timeout=5");
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand("SELECT current_setting('data_directory')", connection);
            var serverDataDirectory = (string?)await command.ExecuteScalarAsync(cancellationToken);
            return serverDataDirectory == DataDirectory;
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            return false;
        }
    }

    private OsCommand.Result PgCtl(string[] arguments, TimeSpan timeout) =>
        OsCommand.Run(_installation.PgCtl, arguments, _runAs, timeout);

    private void PrepareLogFile()
    {
        if (!File.Exists(LogFile))
        {
            WriteOwnerOnlyFile(LogFile, "");
            if (_runAs is not null)
            {
                GiveToServerUser(LogFile, _runAs);
            }
        }
    }

    private string ReadLogSince(long offset)
    {
        using var stream = new FileStream(LogFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        stream.Seek(Math.Min(offset, stream.Length), SeekOrigin.Begin);
        using var reader = new StreamReader(stream);
        var text = reader.ReadToEnd();
        return text.Length > 4000 ? text[^4000..] : text;
    }

    private static string ReadPassword(string dataDirectory)
    {
        var path = dataDirectory + ".password";
        return File.Exists(path)
            ? File.ReadAllText(path).Trim()
            : throw new EmbeddedPostgresException(
                $"{path} is missing, so the embedded server's password is unknown. Restore the file, or move {dataDirectory} away to start afresh.");
    }

    private static void WriteOwnerOnlyFile(string path, string content)
    {
        using var stream = new FileStream(path, new FileStreamOptions
        {
            Mode = FileMode.Create,
            Access = FileAccess.Write,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        });
        using var writer = new StreamWriter(stream);
        writer.Write(content);
    }

    private static void GiveToServerUser(string path, string user)
    {
        var result = OsCommand.Run("chown", ["-R", $"{user}:", path], runAsUser: null, TimeSpan.FromMinutes(1));
        if (result.ExitCode != 0)
        {
            throw new EmbeddedPostgresException(
                $"Running as root, the embedded PostgreSQL runs as the '{user}' user, but {path} could not be given to it: {result.Output}. "
                + $"Create the user (`useradd --system {user}`), run CxRox as a regular user, or set ConnectionStrings__CxRox.");
        }
        var reachable = OsCommand.Run("test", ["-w", path], user, TimeSpan.FromSeconds(10));
        if (reachable.ExitCode != 0)
        {
            throw new EmbeddedPostgresException(
                $"The '{user}' user cannot reach {path}: a folder above it is closed to other users (root's home is). "
                + "Set Postgres__DataDirectory to a folder outside it, such as /var/lib/cxrox/pgdata.");
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]{0,62}$")]
    private static partial Regex DatabaseName();
}

public sealed class EmbeddedPostgresException(string message) : StartupException(message);
