using CxRox.Api.Auth;
using CxRox.Api.Storage;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Npgsql;

namespace CxRox.Api.Demo;

/// <summary>
/// Seeds the demo (<see cref="DemoOrganization"/>) while the service starts, before it serves,
/// and once it listens prints how to read it, as plain lines on stdout among the JSON logs.
/// Setting Demo (or --demo): true seeds it on any database where it is not yet; false never
/// touches it; unset seeds it only on the embedded default when the database has no organization
/// yet (the first start of a fresh data folder), so later starts and a database with one's own
/// organizations get no demo. A start that would seed it also finishes a demo found incomplete.
/// </summary>
public sealed class DemoSeed(IServiceProvider services, DatabaseHost database, IConfiguration configuration, IServer server, ILogger<DemoSeed> logger)
    : IHostedLifecycleService
{
    private DemoState _state = DemoState.Absent;

    /// <summary>What this start seeded; null when it seeded nothing.</summary>
    public DemoSeeding? Seeded { get; private set; }

    /// <summary>Whether a start seeds (or finishes) the demo.</summary>
    /// <param name="setting">The Demo setting: true, false or unset.</param>
    /// <param name="embedded">The service runs on its embedded PostgreSQL.</param>
    /// <param name="anyOrganization">The database holds an organization (the demo's included).</param>
    internal static bool ShouldSeed(bool? setting, bool embedded, DemoState state, bool anyOrganization) => (setting, state) switch
    {
        (true, DemoState.Absent or DemoState.Incomplete) => true,
        (null, DemoState.Incomplete) => embedded,
        (null, DemoState.Absent) => embedded && !anyOrganization,
        _ => false,
    };

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var setting = configuration.GetValue<bool?>(DemoSetup.Setting);
        var embedded = database.EmbeddedDataDirectory is not null;
        // On a configured database the demo is only ever asked for: unless asked, not even a query.
        if (setting == false || (setting is null && !embedded))
        {
            return;
        }
        // Resolved here, not injected: hosted services are built before DatabaseHost has started the database.
        var demo = services.GetRequiredService<DemoOrganization>();
        // Held until the seeding ends, so that of instances starting together on one database one seeds and the others find the demo.
        await using var connection = await services.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync(cancellationToken);
        await using var held = await connection.BeginTransactionAsync(cancellationToken);
        await using (var lockDemo = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtext('cxrox.demo'))", connection, held))
        {
            await lockDemo.ExecuteNonQueryAsync(cancellationToken);
        }

        var (state, anyOrganization) = await demo.InspectAsync(cancellationToken);
        _state = state;
        if (state == DemoState.Taken && setting == true)
        {
            logger.LogWarning("Organization {Organization} exists and is not the demo's; the demo is not seeded", DemoOrganization.Slug);
            Console.Error.WriteLine($"CxRox demo: organization '{DemoOrganization.Slug}' exists and is not the demo's, so no demo was seeded.");
        }
        if (!ShouldSeed(setting, embedded, state, anyOrganization))
        {
            return;
        }
        try
        {
            Seeded = await demo.SeedAsync(cancellationToken);
            _state = DemoState.Complete;
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            // The service is of use without its demo; what was stored is kept and the next start finishes it.
            logger.LogError(e, "The demo could not be seeded; the next start finishes it");
            Console.Error.WriteLine($"CxRox demo could not be seeded: {e.Message} The service runs without it; the next start tries again (--Demo=false skips it).");
        }
    }

    /// <summary>After the server listens, so that the commands name its real address.</summary>
    public Task StartedAsync(CancellationToken cancellationToken)
    {
        if (_state != DemoState.Complete)
        {
            return Task.CompletedTask;
        }
        var baseUrl = DemoCommands.BaseUrl(server.Features.Get<IServerAddressesFeature>()?.Addresses ?? []);
        var keyFile = services.GetRequiredService<DemoOrganization>().ReaderKeyFile;
        var lines = Seeded is { } seeded ? DemoCommands.AfterSeeding(baseUrl, seeded, KeyFiles.StdoutIsTerminal)
            : keyFile is not null && File.Exists(keyFile) ? DemoCommands.OnLaterStart(baseUrl, keyFile)
            : configuration.GetValue<bool?>(DemoSetup.Setting) == true ? DemoCommands.AlreadySeeded()
            : [];
        foreach (var line in lines)
        {
            Console.Out.WriteLine(line);
        }
        return Task.CompletedTask;
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
