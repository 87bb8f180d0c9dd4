using CxRox.Api.Storage;
using Npgsql;

namespace CxRox.Api.Organizations;

public sealed record Organization(Guid Id, string Slug, string Name, string TimeZone, DateTimeOffset CreatedAt);

/// <summary>
/// The tenants. The organizations table is the platform's registry (it has no org_id column and
/// no row-level security): the login role reads it to resolve a route's {org} before any
/// organization is set, and only admins list or create organizations.
/// </summary>
public sealed class OrganizationsStore
{
    private const string Columns = "id, slug, name, time_zone, created_at";

    private readonly NpgsqlDataSource _dataSource;
    private readonly CoalescedLookup<string, Organization> _bySlug;

    public OrganizationsStore(NpgsqlDataSource dataSource)
    {
        _dataSource = dataSource;
        _bySlug = new CoalescedLookup<string, Organization>(ReadBySlugAsync);
    }

    /// <summary>
    /// The organization as stored when this call was made: every request resolves its {org} here,
    /// so concurrent calls share one query (one that started after each of them arrived).
    /// </summary>
    public async Task<Organization?> FindAsync(string slug, CancellationToken cancellationToken)
    {
        var (found, organization) = await _bySlug.TryGetAsync(slug, cancellationToken);
        return found ? organization : null;
    }

    private async Task<IReadOnlyDictionary<string, Organization>> ReadBySlugAsync(IReadOnlyCollection<string> slugs)
    {
        await using var command = _dataSource.CreateCommand($"SELECT {Columns} FROM organizations WHERE slug = ANY($1)");
        command.Parameters.Add(new NpgsqlParameter { Value = slugs.ToArray() });
        return (await ReadAsync(command, CancellationToken.None)).ToDictionary(o => o.Slug, StringComparer.Ordinal);
    }

    public async Task<Organization?> FindAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand($"SELECT {Columns} FROM organizations WHERE id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        return (await ReadAsync(command, cancellationToken)).SingleOrDefault();
    }

    public async Task<IReadOnlyList<Organization>> ListAsync(CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand($"SELECT {Columns} FROM organizations ORDER BY slug");
        return await ReadAsync(command, cancellationToken);
    }

    /// <summary>
    /// Whether PostgreSQL knows the time zone: answers are put on days there, so a zone that .NET
    /// knows and the database's own tz database does not (older, or built apart) would fail every
    /// ingest and aggregate of the organization.
    /// </summary>
    public async Task<bool> DatabaseKnowsTimeZoneAsync(string timeZone, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand("SELECT now() AT TIME ZONE $1");
        command.Parameters.Add(new NpgsqlParameter { Value = timeZone });
        try
        {
            await command.ExecuteScalarAsync(cancellationToken);
            return true;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InvalidParameterValue)
        {
            return false;
        }
    }

    /// <summary>Creates an organization; null when the slug is taken.</summary>
    public async Task<Organization?> CreateAsync(string slug, string name, string timeZone, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand(
            $"INSERT INTO organizations (slug, name, time_zone) VALUES ($1, $2, $3) ON CONFLICT (slug) DO NOTHING RETURNING {Columns}");
        command.Parameters.Add(new NpgsqlParameter { Value = slug });
        command.Parameters.Add(new NpgsqlParameter { Value = name });
        command.Parameters.Add(new NpgsqlParameter { Value = timeZone });
        return (await ReadAsync(command, cancellationToken)).SingleOrDefault();
    }

    private static async Task<List<Organization>> ReadAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var organizations = new List<Organization>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            organizations.Add(new Organization(
                reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetFieldValue<DateTimeOffset>(4)));
        }
        return organizations;
    }
}
