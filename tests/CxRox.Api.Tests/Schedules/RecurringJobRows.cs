using Npgsql;

namespace CxRox.Api.Tests.Schedules;

/// <summary>One of Hangfire's recurring jobs as its PostgreSQL store holds it.</summary>
public sealed record RecurringJobRow(string Id, string? Cron, string? TimeZone)
{
    /// <summary>Every recurring job in the database's Hangfire schema, by id.</summary>
    public static async Task<List<RecurringJobRow>> ReadAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            SELECT s.value, c.value, z.value
            FROM hangfire.set s
            LEFT JOIN hangfire.hash c ON c.key = 'recurring-job:' || s.value AND c.field = 'Cron'
            LEFT JOIN hangfire.hash z ON z.key = 'recurring-job:' || s.value AND z.field = 'TimeZoneId'
            WHERE s.key = 'recurring-jobs'
            ORDER BY 1
            """, connection);
        var rows = new List<RecurringJobRow>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(new RecurringJobRow(reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2)));
        }
        return rows;
    }

    /// <summary>The recurring jobs of one organization's scorecard, by kind ("recompute", "summary").</summary>
    public static async Task<List<string>> KindsAsync(string connectionString, Guid organizationId, string scorecardId) =>
        [.. (await ReadAsync(connectionString)).Where(r => r.Id.StartsWith($"{organizationId}/{scorecardId}/", StringComparison.Ordinal)).Select(r => r.Id.Split('/')[^1])];

    public static async Task<Guid> OrganizationIdAsync(string connectionString, string slug)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT id FROM organizations WHERE slug = $1", connection) { Parameters = { new() { Value = slug } } };
        return (Guid)(await command.ExecuteScalarAsync())!;
    }
}
