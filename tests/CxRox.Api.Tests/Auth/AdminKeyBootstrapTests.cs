using CxRox.Api.Tests.Infrastructure;
using Npgsql;

namespace CxRox.Api.Tests.Auth;

public sealed class AdminKeyBootstrapTests
{
    [Fact]
    public async Task FirstStart_CreatesOneAdminKey_AndLaterStartsNone()
    {
        var database = new TestDatabase();
        await database.InitializeAsync();
        try
        {
            await using (var first = ApiFactory.On(database.ConnectionString))
            {
                first.CreateClient();
            }
            await using (var second = ApiFactory.On(database.ConnectionString))
            {
                second.CreateClient();
            }

            await using var connection = new NpgsqlConnection(database.ConnectionString);
            await connection.OpenAsync();
            await using var count = new NpgsqlCommand("SELECT count(*) FROM api_keys WHERE role = 'admin' AND org_id IS NULL", connection);
            Assert.Equal(1L, await count.ExecuteScalarAsync());
        }
        finally
        {
            await database.DisposeAsync();
        }
    }
}
