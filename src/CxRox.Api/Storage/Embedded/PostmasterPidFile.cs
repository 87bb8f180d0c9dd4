using System.Globalization;

namespace CxRox.Api.Storage.Embedded;

/// <summary>
/// The postmaster.pid lock file a running server keeps in its data folder. Its first line is the
/// server's process id and its fourth the port (PostgreSQL's miscinit.c, LOCK_FILE_LINE_*).
/// </summary>
public sealed record PostmasterPidFile(int ProcessId, int Port)
{
    public const string FileName = "postmaster.pid";

    public static PostmasterPidFile? Read(string dataDirectory)
    {
        var path = Path.Combine(dataDirectory, FileName);
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }

        var processId = lines.Length > 0 && int.TryParse(lines[0], NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : 0;
        var port = lines.Length > 3 && int.TryParse(lines[3], NumberStyles.None, CultureInfo.InvariantCulture, out var p) ? p : 0;
        return new PostmasterPidFile(processId, port);
    }

    /// <summary>
    /// True when the recorded process is alive and is the PostgreSQL server of this data folder.
    /// After a crash or a reboot the number may belong to an unrelated process, which PostgreSQL
    /// itself would take for a running server and so refuse to start.
    /// </summary>
    public bool IsServerRunningOn(string dataDirectory)
    {
        if (ProcessId <= 0)
        {
            return false;
        }
        try
        {
            if (Directory.Exists("/proc/self"))
            {
                // The postmaster works inside its data folder, so its working directory names it.
                var workingDirectory = new DirectoryInfo($"/proc/{ProcessId}/cwd").LinkTarget;
                return workingDirectory is not null
                    && Path.TrimEndingDirectorySeparator(workingDirectory) == Path.TrimEndingDirectorySeparator(dataDirectory);
            }
            using var process = System.Diagnostics.Process.GetProcessById(ProcessId);
            return process.ProcessName is "postgres" or "postmaster";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException)
        {
            return false; // no such process, or one of another user's, which cannot be our server
        }
    }
}
