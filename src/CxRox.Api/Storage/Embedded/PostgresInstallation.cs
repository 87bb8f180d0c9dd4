namespace CxRox.Api.Storage.Embedded;

/// <summary>The PostgreSQL server binaries (initdb, pg_ctl, postgres) found on this machine.</summary>
public sealed record PostgresInstallation(string BinDirectory)
{
    public string InitDb => Path.Combine(BinDirectory, "initdb");
    public string PgCtl => Path.Combine(BinDirectory, "pg_ctl");

    /// <summary>
    /// Looks, in order, in the configured folder, where pg_config says, in the Debian layout
    /// (/usr/lib/postgresql/N/bin, newest first) and on PATH.
    /// </summary>
    public static PostgresInstallation Find(string? configuredBinDirectory)
    {
        if (!string.IsNullOrWhiteSpace(configuredBinDirectory))
        {
            return HasServerBinaries(configuredBinDirectory)
                ? new PostgresInstallation(configuredBinDirectory)
                : throw new PostgresNotFoundException(
                    $"Postgres:BinDirectory is set to '{configuredBinDirectory}', but initdb and pg_ctl are not there.");
        }

        var found = Candidates().FirstOrDefault(HasServerBinaries);
        return found is not null
            ? new PostgresInstallation(found)
            : throw new PostgresNotFoundException("No PostgreSQL server binaries (initdb, pg_ctl) were found.");
    }

    private static IEnumerable<string> Candidates()
    {
        var fromPgConfig = PgConfigBinDirectory();
        if (fromPgConfig is not null)
        {
            yield return fromPgConfig;
        }

        const string debianRoot = "/usr/lib/postgresql";
        if (Directory.Exists(debianRoot))
        {
            var versions = Directory.GetDirectories(debianRoot)
                .Select(dir => (dir, version: int.TryParse(Path.GetFileName(dir), out var v) ? v : -1))
                .Where(x => x.version > 0)
                .OrderByDescending(x => x.version);
            foreach (var (dir, _) in versions)
            {
                yield return Path.Combine(dir, "bin");
            }
        }

        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator))
        {
            if (dir.Length > 0)
            {
                yield return dir;
            }
        }
    }

    private static string? PgConfigBinDirectory()
    {
        try
        {
            var result = OsCommand.Run("pg_config", ["--bindir"], runAsUser: null, TimeSpan.FromSeconds(10));
            return result.ExitCode == 0 ? result.StandardOutput.Trim() : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null; // no pg_config on PATH
        }
    }

    private static bool HasServerBinaries(string directory) =>
        File.Exists(Path.Combine(directory, "initdb")) && File.Exists(Path.Combine(directory, "pg_ctl"));
}

public sealed class PostgresNotFoundException(string reason) : StartupException(
    reason + " CxRox starts its own PostgreSQL when no connection string is configured. Either install the server "
    + "(Debian/Ubuntu: `sudo apt-get install postgresql`; macOS: `brew install postgresql@15`), or point "
    + "Postgres__BinDirectory at the folder holding initdb and pg_ctl, or use an existing database by setting "
    + "ConnectionStrings__CxRox (for example `Host=localhost;Database=cxrox;Username=cxrox;Password=...`).");
