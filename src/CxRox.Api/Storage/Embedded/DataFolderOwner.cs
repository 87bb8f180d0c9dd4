using System.Diagnostics;
using System.Globalization;

namespace CxRox.Api.Storage.Embedded;

/// <summary>
/// Which process runs the embedded server of a data folder, kept in a file beside it: its id and
/// start time, so that a recycled process id is not mistaken for the owner. A server whose owner
/// is gone (killed hard) may be taken over; one whose owner lives belongs to that process.
/// </summary>
internal static class DataFolderOwner
{
    public static string FileOf(string dataDirectory) => dataDirectory + ".owner";

    public static void Claim(string dataDirectory) =>
        File.WriteAllText(FileOf(dataDirectory), Describe(Environment.ProcessId) ?? "");

    /// <summary>Forgets the owner, if that is this process.</summary>
    public static void Release(string dataDirectory)
    {
        if (Read(dataDirectory)?.Pid == Environment.ProcessId)
        {
            File.Delete(FileOf(dataDirectory));
        }
    }

    /// <summary>The id of another process that runs this folder's server and is still alive, if any.</summary>
    public static int? LiveOwner(string dataDirectory)
    {
        if (Read(dataDirectory) is not { } owner || owner.Pid == Environment.ProcessId || Parse(Describe(owner.Pid)) is not { } now)
        {
            return null;
        }
        // .NET derives a start time from the current uptime, so two readings differ by a little.
        return Math.Abs(now.StartTicks - owner.StartTicks) < TimeSpan.TicksPerSecond ? owner.Pid : null;
    }

    private static (int Pid, long StartTicks)? Read(string dataDirectory)
    {
        var path = FileOf(dataDirectory);
        return File.Exists(path) ? Parse(File.ReadAllText(path)) : null;
    }

    private static (int Pid, long StartTicks)? Parse(string? text)
    {
        var parts = (text ?? "").Trim().Split(' ');
        return parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
            && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
                ? (pid, ticks)
                : null;
    }

    /// <summary>"pid start-ticks" of a live process; null when there is no such process.</summary>
    internal static string? Describe(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return string.Create(CultureInfo.InvariantCulture, $"{pid} {process.StartTime.ToUniversalTime().Ticks}");
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
