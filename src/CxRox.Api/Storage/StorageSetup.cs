using Npgsql;

namespace CxRox.Api.Storage;

public static class StorageSetup
{
    public static void AddCxRoxStorage(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<DatabaseHost>();
        // Registered first so that its StartingAsync runs before every other hosted service.
        builder.Services.AddHostedService(services => services.GetRequiredService<DatabaseHost>());
        builder.Services.AddSingleton(services =>
            new NpgsqlDataSourceBuilder(services.GetRequiredService<DatabaseHost>().ConnectionString)
                .UseLoggerFactory(services.GetRequiredService<ILoggerFactory>())
                .Build());
        builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: ["ready"]);
    }
}
