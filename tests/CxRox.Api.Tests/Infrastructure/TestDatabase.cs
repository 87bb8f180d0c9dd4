namespace CxRox.Api.Tests.Infrastructure;

/// <summary>
/// A class fixture: a fresh, migrated database of the test class's own, dropped afterwards, so
/// that classes run in parallel and never count each other's rows.
/// </summary>
public sealed class TestDatabase : IAsyncLifetime
{
    private string? _connectionString;

    public string ConnectionString => _connectionString ?? throw new InvalidOperationException("The database is not created yet.");

    public async Task InitializeAsync() => _connectionString = await TestPostgres.CreateDatabaseAsync(migrated: true);

    public async Task DisposeAsync()
    {
        if (_connectionString is not null)
        {
            await TestPostgres.DropDatabaseAsync(_connectionString);
        }
    }
}
