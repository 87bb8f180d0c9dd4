using System.Globalization;
using CxRox.Api.Storage.Embedded;
using CxRox.Api.Recompute;
using CxRox.Api.Storage.Migrations;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace CxRox.Api.Tests.Infrastructure;

/// <summary>
/// One PostgreSQL server for the whole test run, started on first use and stopped when the test
/// process exits. It holds a migrated template database that every test class copies into a
/// database of its own.
/// </summary>
public static class TestPostgres
{
    private const string RunFolderPrefix = "cxrox-tests-";
    private const string OwnerFile = "owner.pid";
    private const string TemplateDatabase = "cxrox_template";

    private static readonly Lazy<Task<EmbeddedPostgres>> Server = new(StartAsync);

    // CREATE DATABASE copies a template that nobody may be connected to; creating one at a time keeps that simple.
    private static readonly SemaphoreSlim Creating = new(1, 1);

    public static Task<EmbeddedPostgres> ServerAsync() => Server.Value;

    /// <summary>Creates a database: a copy of the migrated template, or an empty one.</summary>
    public static async Task<string> CreateDatabaseAsync(bool migrated)
    {
        var server = await Server.Value;
        var name = "t_" + Guid.NewGuid().ToString("N")[..16];
        await Creating.WaitAsync();
        try
        {
            await ExecuteAsync(server, $"CREATE DATABASE {name} TEMPLATE {(migrated ? TemplateDatabase : "template0")}");
        }
        finally
        {
            Creating.Release();
        }
        return server.ConnectionString(name);
    }

    public static async Task DropDatabaseAsync(string connectionString)
    {
        var server = await Server.Value;
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        NpgsqlConnection.ClearAllPools();
        await ExecuteAsync(server, $"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
    }

    private static async Task<EmbeddedPostgres> StartAsync()
    {
        RemoveLeftoversOfKilledRuns();
        var runFolder = Path.Combine(Path.GetTempPath(), RunFolderPrefix + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(runFolder);
        File.WriteAllText(Path.Combine(runFolder, OwnerFile), Environment.ProcessId.ToString(CultureInfo.InvariantCulture));

        var server = await EmbeddedPostgres.StartAsync(new EmbeddedPostgresOptions
        {
            DataDirectory = Path.Combine(runFolder, "pgdata"),
            Ephemeral = true,
            MaxConnections = 300,
        }, NullLogger.Instance);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            server.Stop();
            TryDelete(runFolder);
        };
        StopWhenThisProcessIsGone(server.DataDirectory, runFolder);

        await server.CreateDatabaseIfMissingAsync(TemplateDatabase);
        await DatabaseUpgrade.ApplyAsync(server.ConnectionString(TemplateDatabase), NullLogger.Instance);
        await JobStorageSchema.InstallAsync(server.ConnectionString(TemplateDatabase), CancellationToken.None);
        return server;
    }

    /// <summary>
    /// The test host is often ended by the test runner without running ProcessExit handlers, which
    /// would leave this run's server up until the next run cleans it away. A shell that outlives
    /// the host (started in the background by a shell that exits at once, so it is in no process
    /// tree of ours) waits for the host to go, then stops the server and removes the run's folder.
    /// </summary>
    private static void StopWhenThisProcessIsGone(string dataDirectory, string runFolder)
    {
        var pgCtl = PostgresInstallation.Find(null).PgCtl;
        var stop = Environment.IsPrivilegedProcess
            ? $"runuser -u {EmbeddedPostgres.ServerUser} -- '{pgCtl}'"
            : $"'{pgCtl}'";
        var script = string.Create(CultureInfo.InvariantCulture,
            $"(while kill -0 {Environment.ProcessId} 2>/dev/null; do sleep 1; done; cd /; {stop} stop -D '{dataDirectory}' -m immediate -w -t 60; rm -rf '{runFolder}') </dev/null >/dev/null 2>&1 &");
        var start = new System.Diagnostics.ProcessStartInfo("/bin/sh")
        {
            UseShellExecute = false,
            // Pipes of its own: the runner must not wait for a watchdog holding the host's output open.
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script);
        using var shell = System.Diagnostics.Process.Start(start);
        shell?.WaitForExit();
    }

    private static async Task ExecuteAsync(EmbeddedPostgres server, string sql)
    {
        await using var connection = new NpgsqlConnection(server.ConnectionString("postgres") + ";Pooling=false");
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    // A test run killed hard leaves its server running and its folder behind.
    private static void RemoveLeftoversOfKilledRuns()
    {
        foreach (var folder in Directory.EnumerateDirectories(Path.GetTempPath(), RunFolderPrefix + "*"))
        {
            var owner = Path.Combine(folder, OwnerFile);
            if (File.Exists(owner)
                && int.TryParse(File.ReadAllText(owner), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                && IsAlive(pid))
            {
                continue;
            }
            EmbeddedPostgres.StopAbandoned(Path.Combine(folder, "pgdata"));
            TryDelete(folder);
        }
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // Left for the next run's clean-up.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
