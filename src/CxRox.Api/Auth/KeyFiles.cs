using CxRox.Api.Storage;

namespace CxRox.Api.Auth;

/// <summary>
/// Keys the service creates for the person who runs it (the first admin key, the demo's reader
/// key), kept in files readable by their owner only: the database holds only their hashes, so
/// the file is the one place such a key can be found again. On the embedded default the files
/// are beside the data folder (so in <c>.cxrox/</c>); on a configured database in the folder
/// <c>KeyFiles:Directory</c> (default <c>.cxrox</c> in the working directory).
/// </summary>
/// <remarks>
/// A key is printed in full only when stdout is a terminal (<see cref="Console.IsOutputRedirected"/>
/// is false): redirected, stdout is usually a log that others read and that is kept, so only the
/// file's path is printed then.
/// </remarks>
public sealed class KeyFiles(DatabaseHost database, IConfiguration configuration)
{
    public const string DirectorySetting = "KeyFiles:Directory";
    private const string DefaultDirectory = ".cxrox";

    /// <summary>Whether stdout reaches a person rather than a log, so that a key may be printed on it.</summary>
    public static bool StdoutIsTerminal => !Console.IsOutputRedirected;

    /// <summary>
    /// The line printed about a new key (<paramref name="what"/>, e.g. "admin API key"): the key
    /// itself only on a terminal, or when there is no file (Windows), since only its hash is
    /// stored and it could not be found again.
    /// </summary>
    public static string Announcement(string what, ApiKeySecret key, string? file, bool stdoutIsTerminal) => (file, stdoutIsTerminal) switch
    {
        (null, _) => $"CxRox {what} (shown once): {key.Value}",
        (_, true) => $"CxRox {what} (shown once): {key.Value} (also in {file}, readable by its owner only)",
        (_, false) => $"CxRox {what} {key} created: it is in {file}, readable by its owner only (printed only when stdout is a terminal)",
    };

    /// <summary>Where the key file <paramref name="fileName"/> is kept; null on Windows, where no owner-only mode can be set.</summary>
    public string? PathOf(string fileName)
    {
        if (OperatingSystem.IsWindows())
        {
            return null;
        }
        var directory = database.EmbeddedDataDirectory is { } dataDirectory
            ? Path.GetDirectoryName(dataDirectory)!
            : Path.GetFullPath(configuration[DirectorySetting] is { Length: > 0 } configured ? configured : DefaultDirectory);
        return Path.Combine(directory, fileName);
    }

    /// <summary>Writes the key to its file (see <see cref="PathOf"/>); null (nothing written) on Windows.</summary>
    /// <exception cref="KeyFileException">The file could not be written; the caller must not keep a key that nobody has.</exception>
    public string? Write(string fileName, string key)
    {
        if (PathOf(fileName) is not { } path || OperatingSystem.IsWindows())
        {
            return null;
        }
        try
        {
            return WriteOwnerOnly(path, key);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new KeyFileException(path, e);
        }
    }

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    internal static string WriteOwnerOnly(string path, string key)
    {
        var directory = Path.GetDirectoryName(path)!;
        if (!Directory.Exists(directory))
        {
            Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        // Written to a new file of its own, then renamed over the old one: an existing file may
        // have looser permissions, and two services starting in one folder must not meet halfway.
        var written = Path.Combine(directory, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}");
        using (var stream = new FileStream(written, new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        }))
        using (var writer = new StreamWriter(stream))
        {
            writer.WriteLine(key);
        }
        File.Move(written, path, overwrite: true);
        return path;
    }
}

/// <summary>A key could not be kept in its file: the service does not start, rather than keep a key that nobody has.</summary>
public sealed class KeyFileException(string path, Exception inner) : StartupException(
    $"The key file {path} could not be written ({inner.Message}). Make its folder writable by the service's user, "
    + $"or set {KeyFiles.DirectorySetting.Replace(":", "__", StringComparison.Ordinal)} to a folder that is.", inner);
