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
        var file = KeyFile.WriteBesideEmbeddedData(database, FileName, key.Value);
        // Shown once, on stdout only (the structured log gets no secret): only its hash is stored, so this is the only chance to copy it.
        logger.LogWarning("Created the first admin API key {Prefix}; the key is printed once on stdout{File}",
            key.ToString(), file is null ? "" : $" and kept in {file}");
        Console.Out.WriteLine($"CxRox admin API key (shown once): {key.Value}{(file is null ? "" : $" (also in {file}, readable by its owner only)")}");
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
