using CxRox.Api.Auth;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace CxRox.Api.Tests.Infrastructure;

/// <summary>The real application, in memory, with the given settings.</summary>
public sealed class ApiFactory(IReadOnlyDictionary<string, string?> settings) : WebApplicationFactory<Program>
{
    /// <summary>The application on an existing database.</summary>
    public static ApiFactory On(string connectionString) =>
        new(new Dictionary<string, string?> { ["ConnectionStrings:CxRox"] = connectionString });

    /// <summary>Where this instance keeps its key files on a configured database (a folder of its own, removed with it).</summary>
    public string KeyFolder { get; } = Path.Combine(Path.GetTempPath(), "cxrox-keys-" + Guid.NewGuid().ToString("N")[..12]);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting(KeyFiles.DirectorySetting, KeyFolder);
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
        builder.UseEnvironment("Testing");
        builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (Directory.Exists(KeyFolder))
        {
            Directory.Delete(KeyFolder, recursive: true);
        }
    }
}

/// <summary>
/// A class fixture: the application over a database of the test class's own. A test class that
/// needs other settings derives one that overrides <see cref="Settings"/>.
/// </summary>
public class ApiFixture : IAsyncLifetime, IDisposable
{
    private ApiFactory? _factory;

    public TestDatabase Database { get; } = new();
    public ApiFactory Factory => _factory ?? throw new InvalidOperationException("The fixture is not initialized yet.");

    public HttpClient CreateClient() => Factory.CreateClient();

    public async Task InitializeAsync()
    {
        await Database.InitializeAsync();
        _factory = new ApiFactory(new Dictionary<string, string?>(Settings) { ["ConnectionStrings:CxRox"] = Database.ConnectionString });
    }

    /// <summary>Settings besides the connection string.</summary>
    protected virtual IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>();

    public async Task DisposeAsync()
    {
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }
        await Database.DisposeAsync();
    }

    public void Dispose()
    {
        _factory?.Dispose();
        GC.SuppressFinalize(this);
    }
}
