using Npgsql;

namespace CxRox.Api.Storage;

/// <summary>
/// The only way organization-scoped data is read or written: one transaction on one connection
/// that first switches to the cxrox_app role and sets the organization, both with SET LOCAL
/// semantics, so row-level security (migration 004) confines every statement to that
/// organization and nothing outlives the transaction on a pooled connection.
/// </summary>
public sealed class OrganizationTransaction : IAsyncDisposable
{
    public const string AppRole = "cxrox_app";

    private readonly NpgsqlConnection _connection;
    private readonly NpgsqlTransaction _transaction;

    private OrganizationTransaction(Guid organizationId, NpgsqlDataSource dataSource, NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        OrganizationId = organizationId;
        DataSource = dataSource;
        _connection = connection;
        _transaction = transaction;
    }

    public Guid OrganizationId { get; }

    /// <summary>Where the connection came from (Marten's store for it is found by it).</summary>
    internal NpgsqlDataSource DataSource { get; }

    /// <summary>For a Marten session opened inside this transaction (Scorecards/ScorecardDocuments).</summary>
    internal NpgsqlTransaction NpgsqlTransaction => _transaction;

    public static async Task<OrganizationTransaction> BeginAsync(
        NpgsqlDataSource dataSource, Guid organizationId, CancellationToken cancellationToken = default)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await using var setup = new NpgsqlBatch(connection, transaction)
            {
                BatchCommands =
                {
                    new NpgsqlBatchCommand($"SET LOCAL ROLE {AppRole}"),
                    new NpgsqlBatchCommand("SELECT set_config('cxrox.org_id', $1, true)") { Parameters = { new() { Value = organizationId.ToString() } } },
                },
            };
            await setup.ExecuteNonQueryAsync(cancellationToken);
            return new OrganizationTransaction(organizationId, dataSource, connection, transaction);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>A command in this transaction; parameters are positional ($1, $2, ...) in the order given.</summary>
    public NpgsqlCommand Command(string sql, params object?[] parameters)
    {
        var command = new NpgsqlCommand(sql, _connection, _transaction);
        foreach (var value in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value });
        }
        return command;
    }

    /// <summary>A binary COPY ... FROM STDIN in this transaction (for bulk loads into staging tables).</summary>
    public Task<NpgsqlBinaryImporter> BeginBinaryImportAsync(string copyFromCommand, CancellationToken cancellationToken = default) =>
        _connection.BeginBinaryImportAsync(copyFromCommand, cancellationToken);

    public Task CommitAsync(CancellationToken cancellationToken = default) => _transaction.CommitAsync(cancellationToken);

    /// <summary>Rolls back unless committed, and returns the connection to the pool.</summary>
    public async ValueTask DisposeAsync()
    {
        await _transaction.DisposeAsync();
        await _connection.DisposeAsync();
    }
}
