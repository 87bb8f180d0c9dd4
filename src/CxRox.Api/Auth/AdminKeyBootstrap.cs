using CxRox.Api.ApiKeys;

namespace CxRox.Api.Auth;

/// <summary>
/// The first start: when the platform has no active admin key, creates one, keeps it in
/// admin.key (see <see cref="KeyFiles"/>, readable by its owner only) and prints it once on
/// stdout when stdout is a terminal; otherwise only where the file is. The structured log names
/// only its prefix. Later starts do nothing.
/// </summary>
public sealed class AdminKeyBootstrap(IServiceProvider services, KeyFiles keyFiles, ILogger<AdminKeyBootstrap> logger) : IHostedService
{
    public const string FileName = "admin.key";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // Resolved here, not injected: hosted services are built before DatabaseHost has started the database.
        var keys = services.GetRequiredService<ApiKeysStore>();
        string? file = null;
        var key = await keys.CreateFirstAdminAsync("first admin key", created => file = keyFiles.Write(FileName, created.Value), cancellationToken);
        if (key is null)
        {
            return;
        }
        logger.LogWarning("Created the first admin API key {Prefix}{File}", key.ToString(), file is null ? "" : $"; it is kept in {file}");
        Console.Out.WriteLine(Announcement(key, file, KeyFiles.StdoutIsTerminal));
    }

    /// <summary>
    /// The line printed about a new admin key: the key itself only on a terminal, or when there is
    /// no file (Windows), since only its hash is stored and it could not be found again.
    /// </summary>
    public static string Announcement(ApiKeySecret key, string? file, bool stdoutIsTerminal) => (file, stdoutIsTerminal) switch
    {
        (null, _) => $"CxRox admin API key (shown once): {key.Value}",
        (_, true) => $"CxRox admin API key (shown once): {key.Value} (also in {file}, readable by its owner only)",
        (_, false) => $"CxRox admin API key {key} created: it is in {file}, readable by its owner only (printed only when stdout is a terminal)",
    };

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
