using CxRox.Api.Storage;

namespace CxRox.Api.Auth;

/// <summary>
/// A key the service created for the person at the terminal, kept in a file beside the embedded
/// data folder (so in <c>.cxrox/</c> by default) and readable by its owner only: the database
/// holds only its hash, so the file is the one place it can be found again.
/// </summary>
public static class KeyFile
{
    /// <summary>Writes the key to <paramref name="fileName"/> beside the embedded data folder; null (nothing written) on a configured database.</summary>
    public static string? WriteBesideEmbeddedData(DatabaseHost database, string fileName, string key) =>
        PathBesideEmbeddedData(database, fileName) is { } path && !OperatingSystem.IsWindows() ? WriteOwnerOnly(path, key) : null;

    /// <summary>Where such a file is on the embedded default; null on a configured database.</summary>
    public static string? PathBesideEmbeddedData(DatabaseHost database, string fileName) =>
        database.EmbeddedDataDirectory is { } dataDirectory ? Path.Combine(Path.GetDirectoryName(dataDirectory)!, fileName) : null;

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    internal static string WriteOwnerOnly(string path, string key)
    {
        // Created anew rather than overwritten: an existing file may have looser permissions.
        File.Delete(path);
        using (var stream = new FileStream(path, new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        }))
        using (var writer = new StreamWriter(stream))
        {
            writer.WriteLine(key);
        }
        return path;
    }
}
