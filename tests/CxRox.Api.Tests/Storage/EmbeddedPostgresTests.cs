using System.Globalization;
using CxRox.Api.Storage.Embedded;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace CxRox.Api.Tests.Storage;

public sealed class EmbeddedPostgresTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "cxrox-embedded-" + Guid.NewGuid().ToString("N")[..12]);
    private readonly List<EmbeddedPostgres> _servers = [];

    private string DataDirectory => Path.Combine(_folder, "pgdata");

    [Fact]
    public async Task Start_OnNewFolder_ServesConnectionsAndKeepsPasswordPrivate()
    {
        var server = await StartAsync();

        Assert.Equal(1, await ScalarAsync<int>(server, "SELECT 1"));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(DataDirectory + ".password"));
        Assert.Equal("127.0.0.1", await ScalarAsync<string>(server, "SELECT host(inet_server_addr())"));
    }

    [Fact]
    public async Task Restart_OnSameFolder_KeepsData()
    {
        var first = await StartAsync();
        await ExecuteAsync(first, "CREATE TABLE kept (note text); INSERT INTO kept VALUES ('still here')");
        first.Stop();
        Assert.Null(PostmasterPidFile.Read(DataDirectory));

        var second = await StartAsync();

        Assert.False(second.ReusedRunningServer);
        Assert.Equal("still here", await ScalarAsync<string>(second, "SELECT note FROM kept"));
    }

    [Fact]
    public async Task Start_WithStalePidFileNamingAnotherLiveProcess_RemovesItAndStarts()
    {
        var first = await StartAsync();
        await ExecuteAsync(first, "CREATE TABLE kept (note text); INSERT INTO kept VALUES ('after crash')");
        first.Stop();
        // What a crash leaves when the old number now belongs to an unrelated process (here: the test run).
        var pid = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        File.WriteAllLines(Path.Combine(DataDirectory, PostmasterPidFile.FileName), [pid, DataDirectory, "1700000000", "5432", "", "127.0.0.1"]);

        var second = await StartAsync();

        Assert.Equal("after crash", await ScalarAsync<string>(second, "SELECT note FROM kept"));
    }

    [Fact]
    public async Task Start_WhenKilledRunLeftServerRunning_TakesItOver()
    {
        var abandoned = await StartAsync();
        await ExecuteAsync(abandoned, "CREATE TABLE kept (note text); INSERT INTO kept VALUES ('taken over')");

        // The owner is "killed": it never stops its server, and a new start finds it running.
        var second = await StartAsync();

        Assert.True(second.ReusedRunningServer);
        Assert.Equal(abandoned.Port, second.Port);
        Assert.Equal("taken over", await ScalarAsync<string>(second, "SELECT note FROM kept"));
        second.Stop();
        Assert.Null(PostmasterPidFile.Read(DataDirectory));
    }

    [Fact]
    public async Task Start_WhileAnotherLiveProcessRunsTheFolder_RefusesAndLeavesItRunning()
    {
        var first = await StartAsync();
        using var otherOwner = System.Diagnostics.Process.Start("sleep", "60");
        File.WriteAllText(DataDirectory + ".owner", DataFolderOwner.Describe(otherOwner.Id));
        try
        {
            var error = await Assert.ThrowsAsync<EmbeddedPostgresException>(() => StartAsync());

            Assert.Contains($"Another process ({otherOwner.Id})", error.Message, StringComparison.Ordinal);
            Assert.Equal(1, await ScalarAsync<int>(first, "SELECT 1"));
        }
        finally
        {
            otherOwner.Kill();
            await otherOwner.WaitForExitAsync();
        }

        // Once that owner is gone, its server is an orphan like any other and may be taken over.
        var third = await StartAsync();
        Assert.True(third.ReusedRunningServer);
    }

    [Fact]
    public async Task Start_WithoutBinaries_SaysHowToInstallOrWhereToConnect()
    {
        var empty = Directory.CreateDirectory(Path.Combine(_folder, "no-binaries")).FullName;

        var error = await Assert.ThrowsAsync<PostgresNotFoundException>(() => EmbeddedPostgres.StartAsync(
            new EmbeddedPostgresOptions { DataDirectory = DataDirectory, BinDirectory = empty }, NullLogger.Instance));

        Assert.Contains("apt-get install postgresql", error.Message, StringComparison.Ordinal);
        Assert.Contains("ConnectionStrings__CxRox", error.Message, StringComparison.Ordinal);
        Assert.Contains(empty, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_OnFolderHoldingOtherFiles_RefusesAndLeavesThem()
    {
        Directory.CreateDirectory(DataDirectory);
        File.WriteAllText(Path.Combine(DataDirectory, "notes.txt"), "mine");

        var error = await Assert.ThrowsAsync<EmbeddedPostgresException>(() => StartAsync());

        Assert.Contains("not empty", error.Message, StringComparison.Ordinal);
        Assert.Equal("mine", File.ReadAllText(Path.Combine(DataDirectory, "notes.txt")));
    }

    private async Task<EmbeddedPostgres> StartAsync()
    {
        var server = await EmbeddedPostgres.StartAsync(
            new EmbeddedPostgresOptions { DataDirectory = DataDirectory, Ephemeral = true }, NullLogger.Instance);
        _servers.Add(server);
        return server;
    }

    private static async Task<T> ScalarAsync<T>(EmbeddedPostgres server, string sql)
    {
        await using var connection = new NpgsqlConnection(server.ConnectionString("postgres") + ";Pooling=false");
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    private static async Task ExecuteAsync(EmbeddedPostgres server, string sql)
    {
        await using var connection = new NpgsqlConnection(server.ConnectionString("postgres") + ";Pooling=false");
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public void Dispose()
    {
        foreach (var server in _servers)
        {
            server.Stop();
        }
        EmbeddedPostgres.StopAbandoned(DataDirectory);
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}
