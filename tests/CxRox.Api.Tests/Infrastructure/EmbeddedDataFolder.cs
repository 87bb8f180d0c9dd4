using CxRox.Api.Storage;
using CxRox.Api.Storage.Embedded;

namespace CxRox.Api.Tests.Infrastructure;

/// <summary>
/// A data folder of the test's own for the service on its embedded default (no connection
/// string), removed with its server afterwards.
/// </summary>
public sealed class EmbeddedDataFolder : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "cxrox-host-" + Guid.NewGuid().ToString("N")[..12]);

    public string DataDirectory => Path.Combine(_folder, "pgdata");

    /// <summary>The folder that holds the data folder, admin.key and demo-reader.key.</summary>
    public string Folder => _folder;

    /// <param name="demo">The Demo setting ("true", "false"); null leaves it unset.</param>
    public ApiFactory StartService(string? demo)
    {
        var settings = new Dictionary<string, string?>
        {
            [$"ConnectionStrings:{DatabaseHost.ConnectionStringName}"] = "",
            ["Postgres:DataDirectory"] = DataDirectory,
        };
        if (demo is not null)
        {
            settings["Demo"] = demo;
        }
        return new ApiFactory(settings);
    }

    /// <summary>
    /// Whether the server has stopped within 30 seconds. Stopping the host (as Ctrl+C or SIGTERM
    /// do) stops the server, but disposing the factory only asks the application's own Run() to
    /// stop, so the stop completes a moment later.
    /// </summary>
    public async Task<bool> ServerStoppedAsync()
    {
        for (var waited = TimeSpan.Zero; waited < TimeSpan.FromSeconds(30); waited += TimeSpan.FromMilliseconds(100))
        {
            if (PostmasterPidFile.Read(DataDirectory) is null)
            {
                return true;
            }
            await Task.Delay(100);
        }
        return false;
    }

    public void Dispose()
    {
        EmbeddedPostgres.StopAbandoned(DataDirectory);
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}
