using CxRox.Api.Storage;
using CxRox.Api.Tests.Infrastructure;
using Npgsql;

namespace CxRox.Api.Tests.Tenancy;

public sealed class OrganizationTransactionTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task Inside_RunsAsAppRoleWithTheOrganization_AndThePooledConnectionKeepsNeither()
    {
        // One pooled connection, so the second use is the same server session as the first.
        await using var dataSource = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(database.ConnectionString) { MaxPoolSize = 1 }.ConnectionString);
        var organization = Guid.NewGuid();

        await using (var transaction = await OrganizationTransaction.BeginAsync(dataSource, organization))
        {
            await using (var inside = transaction.Command("SELECT current_user, current_setting('cxrox.org_id', true)"))
            await using (var reader = await inside.ExecuteReaderAsync())
            {
                await reader.ReadAsync();
                Assert.Equal(OrganizationTransaction.AppRole, reader.GetString(0));
                Assert.Equal(organization.ToString(), reader.GetString(1));
            }
            await transaction.CommitAsync();
        }

        await using var after = dataSource.CreateCommand("SELECT current_user, coalesce(current_setting('cxrox.org_id', true), '')");
        await using var afterReader = await after.ExecuteReaderAsync();
        await afterReader.ReadAsync();
        Assert.NotEqual(OrganizationTransaction.AppRole, afterReader.GetString(0));
        Assert.Equal("", afterReader.GetString(1));
    }
}
