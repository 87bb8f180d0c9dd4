using Hangfire.PostgreSql;
using Npgsql;

namespace CxRox.Api.Recompute;

/// <summary>
/// Hangfire's connections come from the service's data source, which knows the database only
/// once the database host has started (an embedded server picks its port then): so the data
/// source is asked for at the first connection, not when Hangfire's storage is built.
/// </summary>
public sealed class DataSourceConnections(IServiceProvider services) : IConnectionFactory
{
    public NpgsqlConnection GetOrCreateConnection() => services.GetRequiredService<NpgsqlDataSource>().CreateConnection();
}
