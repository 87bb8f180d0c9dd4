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
        Console.Out.WriteLine(KeyFiles.Announcement("admin API key", key, file, KeyFiles.StdoutIsTerminal));
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
