using CxRox.Api.ApiKeys;
using CxRox.Api.Storage;

namespace CxRox.Api.Auth;

/// <summary>
/// The first start: when the platform has no active admin key, creates one and shows it once,
/// as a plain line on stdout (the structured log names only its prefix), and on the embedded default also writes it to
/// admin.key beside the data folder, readable by its owner only. Later starts do nothing.
/// </summary>
public sealed class AdminKeyBootstrap(IServiceProvider services, DatabaseHost database, ILogger<AdminKeyBootstrap> logger) : IHostedService
{
    public const string FileName = "admin.key";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // Resolved here, not injected: hosted services are built before DatabaseHost has started the database.
        var keys = services.GetRequiredService<ApiKeysStore>();
        var key = await keys.CreateFirstAdminAsync("first admin key", cancellationToken);
        if (key is null)
        {
            return;
        }
        var file = database.EmbeddedDataDirectory is { } dataDirectory && !OperatingSystem.IsWindows()
            ? WriteOwnerOnly(Path.Combine(Path.GetDirectoryName(dataDirectory)!, FileName), key.Value)
            : null;
        // Shown once, on stdout only (the structured log gets no secret): only its hash is stored, so this is the only chance to copy it.
        logger.LogWarning("Created the first admin API key {Prefix}; the key is printed once on stdout{File}",
            key.ToString(), file is null ? "" : $" and kept in {file}");
        Console.Out.WriteLine($"CxRox admin API key (shown once): {key.Value}{(file is null ? "" : $" (also in {file}, readable by its owner only)")}");
    }

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    internal static string WriteOwnerOnly(string path, string key)
    {
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

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
