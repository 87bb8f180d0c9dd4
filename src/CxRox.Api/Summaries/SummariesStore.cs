using System.Text.Json;
using CxRox.Api.Scores;
using CxRox.Api.Storage;
using Npgsql;

namespace CxRox.Api.Summaries;

/// <summary>A summary as stored: its document, and when it was written.</summary>
public sealed record StoredSummary(SummaryDocument Content, DateTimeOffset CreatedAt);

/// <summary>What picking a summary from a list needs, without its content.</summary>
public sealed record SummaryListing(
    int Version, DateOnly PeriodStart, DateOnly PeriodEnd, DateTimeOffset CreatedAt, double? RoxIndex, double? RoxChange, int RedMetrics, int NewFindings);

/// <summary>Summaries, one per scorecard and period, always inside an <see cref="OrganizationTransaction"/>.</summary>
public static class SummariesStore
{
    /// <summary>Stores a summary, replacing an earlier one of the same scorecard and period.</summary>
    public static async Task<StoredSummary> WriteAsync(OrganizationTransaction transaction, SummaryDocument summary, CancellationToken cancellationToken)
    {
        await using var command = transaction.Command(
            """
            INSERT INTO summaries AS s (org_id, scorecard_id, version, period_start, period_end, content_hash, content)
            VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb)
            ON CONFLICT (org_id, scorecard_id, period_start) DO UPDATE
                SET version = EXCLUDED.version, period_end = EXCLUDED.period_end, content_hash = EXCLUDED.content_hash,
                    content = EXCLUDED.content, created_at = now()
            RETURNING created_at
            """,
            transaction.OrganizationId, summary.Scorecard, summary.Version, summary.Period.Start, summary.Period.End, summary.ContentHash,
            JsonSerializer.Serialize(summary, ScoreDocument.Json));
        var createdAt = (DateTime)(await command.ExecuteScalarAsync(cancellationToken))!;
        return new StoredSummary(summary, new DateTimeOffset(createdAt, TimeSpan.Zero));
    }

    /// <summary>The summary of the newest period.</summary>
    public static Task<StoredSummary?> FindLatestAsync(OrganizationTransaction transaction, string scorecardId, CancellationToken cancellationToken) =>
        FindAsync(transaction.Command(
            "SELECT content::text, created_at FROM summaries WHERE org_id = $1 AND scorecard_id = $2 ORDER BY period_start DESC LIMIT 1",
            transaction.OrganizationId, scorecardId), cancellationToken);

    /// <summary>The summary of the period that holds the day.</summary>
    public static Task<StoredSummary?> FindHoldingAsync(OrganizationTransaction transaction, string scorecardId, DateOnly day, CancellationToken cancellationToken) =>
        FindAsync(transaction.Command(
            """
            SELECT content::text, created_at FROM summaries
            WHERE org_id = $1 AND scorecard_id = $2 AND period_start <= $3 AND period_end >= $3
            ORDER BY period_start DESC LIMIT 1
            """,
            transaction.OrganizationId, scorecardId, day), cancellationToken);

    /// <summary>The newest periods first.</summary>
    public static async Task<IReadOnlyList<SummaryListing>> ListAsync(OrganizationTransaction transaction, string scorecardId, int limit, CancellationToken cancellationToken)
    {
        // The figures come out of the stored documents (their JSON names are the API's), so
        // that a list does not read every document whole.
        await using var command = transaction.Command(
            """
            SELECT version, period_start, period_end, created_at,
                (content #>> '{rox,value}')::float8, (content #>> '{rox,change}')::float8,
                jsonb_array_length(content -> 'red'),
                (SELECT count(*)::int FROM jsonb_array_elements(content -> 'findings') f WHERE f ->> 'state' = 'new')
            FROM summaries
            WHERE org_id = $1 AND scorecard_id = $2
            ORDER BY period_start DESC
            LIMIT $3
            """,
            transaction.OrganizationId, scorecardId, limit);
        var listings = new List<SummaryListing>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            listings.Add(new SummaryListing(
                reader.GetInt32(0), reader.GetFieldValue<DateOnly>(1), reader.GetFieldValue<DateOnly>(2), reader.GetFieldValue<DateTimeOffset>(3),
                reader.IsDBNull(4) ? null : reader.GetDouble(4), reader.IsDBNull(5) ? null : reader.GetDouble(5), reader.GetInt32(6), reader.GetInt32(7)));
        }
        return listings;
    }

    private static async Task<StoredSummary?> FindAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using (command)
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            return await reader.ReadAsync(cancellationToken)
                ? new StoredSummary(JsonSerializer.Deserialize<SummaryDocument>(reader.GetString(0), ScoreDocument.Json)!, reader.GetFieldValue<DateTimeOffset>(1))
                : null;
        }
    }
}
