using CxRox.Api.Organizations;
using CxRox.Api.Auth;
using CxRox.Api.Storage;
using Npgsql;

namespace CxRox.Api.ApiKeys;

/// <summary>A stored key: everything but its secret.</summary>
public sealed record StoredApiKey(
    Guid Id, Guid? OrganizationId, string Role, string Name, string Prefix, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt, DateTimeOffset? ExpiresAt);

/// <summary>
/// API keys in PostgreSQL. An organization's keys are read and written in an
/// <see cref="OrganizationTransaction"/>. Two paths run as the login role instead, deliberately:
/// authenticating a key (its organization is not known before) and the platform's admin keys
/// (they belong to no organization). Nothing is cached: a key is looked up for every request, by
/// a query that starts after the request arrived (concurrent requests share one), so a revoked
/// key fails its next request.
/// </summary>
public sealed class ApiKeysStore
{
    private const string Columns = "id, org_id, role, name, prefix, created_at, revoked_at, expires_at";
    private const string AdminKeysLock = "SELECT pg_advisory_xact_lock(hashtext('cxrox.admin-keys'))";

    private readonly NpgsqlDataSource _dataSource;
    private readonly CoalescedLookup<string, KeyCredential> _credentials;

    public ApiKeysStore(NpgsqlDataSource dataSource)
    {
        _dataSource = dataSource;
        _credentials = new CoalescedLookup<string, KeyCredential>(ReadCredentialsAsync);
    }

    /// <param name="Revoked">Revoked, or expired: either way it no longer works.</param>
    private sealed record KeyCredential(Guid Id, string Role, byte[] SecretSha256, bool Revoked, Organization? Organization);

    /// <summary>
    /// The caller a key stands for, with the organization it belongs to (none for admin keys), or
    /// null when the key is unknown, does not match, is revoked or has expired.
    /// </summary>
    public async Task<(ApiCaller Caller, Organization? Organization)?> AuthenticateAsync(ApiKeySecret key, CancellationToken cancellationToken)
    {
        var (found, credential) = await _credentials.TryGetAsync(key.Prefix, cancellationToken);
        return found && key.Matches(credential.SecretSha256) && !credential.Revoked
            ? (new ApiCaller(credential.Id, credential.Role, credential.Organization?.Id), credential.Organization)
            : null;
    }

    // The key's organization comes with it: a request with an organization's key needs no
    // second look-up to resolve its {org}.
    private async Task<IReadOnlyDictionary<string, KeyCredential>> ReadCredentialsAsync(IReadOnlyCollection<string> prefixes)
    {
        await using var command = _dataSource.CreateCommand(
            """
            SELECT k.prefix, k.id, k.role, k.secret_sha256, k.revoked_at IS NOT NULL OR coalesce(k.expires_at <= now(), false), o.id, o.slug, o.name, o.time_zone, o.created_at
            FROM api_keys k LEFT JOIN organizations o ON o.id = k.org_id
            WHERE k.prefix = ANY($1)
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = prefixes.ToArray() });
        var credentials = new Dictionary<string, KeyCredential>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var organization = reader.IsDBNull(5)
                ? null
                : new Organization(reader.GetGuid(5), reader.GetString(6), reader.GetString(7), reader.GetString(8), reader.GetFieldValue<DateTimeOffset>(9));
            credentials[reader.GetString(0)] = new KeyCredential(
                reader.GetGuid(1), reader.GetString(2), reader.GetFieldValue<byte[]>(3), reader.GetBoolean(4), organization);
        }
        return credentials;
    }

    public async Task<(StoredApiKey Key, ApiKeySecret Secret)> CreateAsync(
        OrganizationTransaction transaction, string role, string name, CancellationToken cancellationToken, DateTimeOffset? expiresAt = null)
    {
        var secret = ApiKeySecret.Generate();
        await using var command = transaction.Command(
            $"INSERT INTO api_keys (org_id, role, name, prefix, secret_sha256, expires_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING {Columns}",
            transaction.OrganizationId, role, name, secret.Prefix, secret.Sha256(), expiresAt);
        return (await ReadOneAsync(command, cancellationToken) ?? throw new InvalidOperationException("INSERT returned nothing."), secret);
    }

    /// <summary>Creates an admin key (of the platform, no organization).</summary>
    public async Task<(StoredApiKey Key, ApiKeySecret Secret)> CreateAdminAsync(string name, CancellationToken cancellationToken)
    {
        var secret = ApiKeySecret.Generate();
        await using var command = _dataSource.CreateCommand(
            $"INSERT INTO api_keys (role, name, prefix, secret_sha256) VALUES ('admin', $1, $2, $3) RETURNING {Columns}");
        command.Parameters.Add(new NpgsqlParameter { Value = name });
        command.Parameters.Add(new NpgsqlParameter { Value = secret.Prefix });
        command.Parameters.Add(new NpgsqlParameter { Value = secret.Sha256() });
        return (await ReadOneAsync(command, cancellationToken) ?? throw new InvalidOperationException("INSERT returned nothing."), secret);
    }

    /// <summary>
    /// Creates an admin key when the platform has no active one (the first start), under an
    /// advisory lock so that instances starting together create one between them; null otherwise.
    /// <paramref name="keep"/> runs before the key is committed: when it throws, no key is kept that nobody has.
    /// </summary>
    public async Task<ApiKeySecret?> CreateFirstAdminAsync(string name, Action<ApiKeySecret> keep, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var lockAndCheck = new NpgsqlCommand(
            $"{AdminKeysLock}; SELECT EXISTS (SELECT FROM api_keys WHERE role = 'admin' AND revoked_at IS NULL)",
            connection, transaction))
        {
            await using var reader = await lockAndCheck.ExecuteReaderAsync(cancellationToken);
            await reader.NextResultAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            if (reader.GetBoolean(0))
            {
                return null;
            }
        }
        var secret = ApiKeySecret.Generate();
        await using var insert = new NpgsqlCommand(
            "INSERT INTO api_keys (role, name, prefix, secret_sha256) VALUES ('admin', $1, $2, $3)", connection, transaction);
        insert.Parameters.Add(new NpgsqlParameter { Value = name });
        insert.Parameters.Add(new NpgsqlParameter { Value = secret.Prefix });
        insert.Parameters.Add(new NpgsqlParameter { Value = secret.Sha256() });
        await insert.ExecuteNonQueryAsync(cancellationToken);
        keep(secret);
        await transaction.CommitAsync(cancellationToken);
        return secret;
    }

    /// <summary>The SHA-256 of an admin key's secret while the key works (not revoked, not expired); null otherwise. It signs dashboard sessions.</summary>
    public async Task<byte[]?> ActiveAdminSecretHashAsync(Guid keyId, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand(
            "SELECT secret_sha256 FROM api_keys WHERE id = $1 AND role = 'admin' AND revoked_at IS NULL AND coalesce(expires_at > now(), true)");
        command.Parameters.Add(new NpgsqlParameter { Value = keyId });
        return await command.ExecuteScalarAsync(cancellationToken) as byte[];
    }

    public async Task<IReadOnlyList<StoredApiKey>> ListAdminsAsync(CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand($"SELECT {Columns} FROM api_keys WHERE role = 'admin' ORDER BY created_at, id");
        return await ReadAllAsync(command, cancellationToken);
    }

    /// <summary>
    /// Revokes an admin key unless it is the last active one (the platform would be locked out);
    /// under the first-admin lock, so two revocations cannot both take the last two.
    /// </summary>
    public async Task<(StoredApiKey? Key, bool WasLast)> RevokeAdminAsync(Guid keyId, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var lockAdmins = new NpgsqlCommand(AdminKeysLock, connection, transaction))
        {
            await lockAdmins.ExecuteNonQueryAsync(cancellationToken);
        }
        await using var command = new NpgsqlCommand(
            $"""
            UPDATE api_keys SET revoked_at = coalesce(revoked_at, now())
            WHERE role = 'admin' AND id = $1
              AND (revoked_at IS NOT NULL OR EXISTS (SELECT FROM api_keys o WHERE o.role = 'admin' AND o.revoked_at IS NULL AND o.id <> $1))
            RETURNING {Columns}
            """, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = keyId });
        var revoked = await ReadOneAsync(command, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        if (revoked is not null)
        {
            return (revoked, false);
        }
        var exists = (await ListAdminsAsync(cancellationToken)).Any(k => k.Id == keyId);
        return (null, exists);
    }

    public async Task<IReadOnlyList<StoredApiKey>> ListAsync(OrganizationTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = transaction.Command($"SELECT {Columns} FROM api_keys WHERE org_id = $1 ORDER BY created_at, id", transaction.OrganizationId);
        return await ReadAllAsync(command, cancellationToken);
    }

    /// <summary>A key of the organization; null when it has no such key.</summary>
    public async Task<StoredApiKey?> FindAsync(OrganizationTransaction transaction, Guid keyId, CancellationToken cancellationToken)
    {
        await using var command = transaction.Command($"SELECT {Columns} FROM api_keys WHERE org_id = $1 AND id = $2", transaction.OrganizationId, keyId);
        return await ReadOneAsync(command, cancellationToken);
    }

    /// <summary>Revokes a key of the organization; null when it has no such key. Revoking twice keeps the first time.</summary>
    public async Task<StoredApiKey?> RevokeAsync(OrganizationTransaction transaction, Guid keyId, CancellationToken cancellationToken)
    {
        await using var command = transaction.Command(
            $"UPDATE api_keys SET revoked_at = coalesce(revoked_at, now()) WHERE org_id = $1 AND id = $2 RETURNING {Columns}",
            transaction.OrganizationId, keyId);
        return await ReadOneAsync(command, cancellationToken);
    }

    private static async Task<StoredApiKey?> ReadOneAsync(NpgsqlCommand command, CancellationToken cancellationToken) =>
        (await ReadAllAsync(command, cancellationToken)).SingleOrDefault();

    private static async Task<IReadOnlyList<StoredApiKey>> ReadAllAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var keys = new List<StoredApiKey>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            keys.Add(new StoredApiKey(
                reader.GetGuid(0),
                reader.IsDBNull(1) ? null : reader.GetGuid(1),
                reader.GetString(2),
                reader.GetString(3),
                reader.GetString(4),
                reader.GetFieldValue<DateTimeOffset>(5),
                reader.IsDBNull(6) ? null : reader.GetFieldValue<DateTimeOffset>(6),
                reader.IsDBNull(7) ? null : reader.GetFieldValue<DateTimeOffset>(7)));
        }
        return keys;
    }
}
