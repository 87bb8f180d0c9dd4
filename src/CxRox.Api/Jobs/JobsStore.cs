using CxRox.Api.Storage;
using Npgsql;

namespace CxRox.Api.Jobs;

public enum JobStatus { Queued, Running, Succeeded, Failed }

/// <summary>A recompute job as stored: what it covers, how far it got, how it ended.</summary>
/// <param name="SummaryError">Why the summary of its newest complete period could not be written; the scores were stored all the same.</param>
public sealed record ScoreJob(
    Guid Id,
    string ScorecardId,
    int Version,
    string RequestedBy,
    DateOnly FirstPeriod,
    DateOnly LastPeriod,
    JobStatus Status,
    int Total,
    int Done,
    int Attempts,
    string? Error,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    string? SummaryError);

/// <summary>Recompute jobs of an organization, always inside an <see cref="OrganizationTransaction"/>.</summary>
public static class JobsStore
{
    private const string Columns =
        "id, scorecard_id, version, requested_by, first_period, last_period, status, total, done, attempts, error, created_at, started_at, finished_at, summary_error";

    public static async Task<ScoreJob> CreateAsync(
        OrganizationTransaction transaction, string scorecardId, int version, string requestedBy, DateOnly firstPeriod, DateOnly lastPeriod, int total,
        CancellationToken cancellationToken)
    {
        await using var command = transaction.Command(
            $"""
            INSERT INTO score_jobs (id, org_id, scorecard_id, version, requested_by, first_period, last_period, status, total)
            VALUES ($1, $2, $3, $4, $5, $6, $7, 'queued', $8)
            RETURNING {Columns}
            """,
            Guid.CreateVersion7(), transaction.OrganizationId, scorecardId, version, requestedBy, firstPeriod, lastPeriod, total);
        return (await ReadAsync(command, cancellationToken))[0];
    }

    /// <summary>
    /// Marks a job running and counts the attempt; null when it has already finished, so that a
    /// firing delivered twice does the work once. A job found running was interrupted (its node
    /// died, or Quartz fired it twice): it runs again, which stores the same snapshots.
    /// </summary>
    public static async Task<ScoreJob?> StartAsync(OrganizationTransaction transaction, Guid id, CancellationToken cancellationToken)
    {
        await using var command = transaction.Command(
            $"""
            UPDATE score_jobs SET status = 'running', attempts = attempts + 1, started_at = clock_timestamp(), error = NULL
            WHERE id = $1 AND status IN ('queued', 'running')
            RETURNING {Columns}
            """,
            id);
        var found = await ReadAsync(command, cancellationToken);
        return found.Count == 0 ? null : found[0];
    }

    /// <summary>
    /// Records how a run ended; a job put back in the queue (to retry) is not finished. Times are
    /// clock times: now() would be the transaction's start, before the work it measures.
    /// </summary>
    public static async Task FinishAsync(
        OrganizationTransaction transaction, Guid id, JobStatus status, int done, string? error, CancellationToken cancellationToken, string? summaryError = null)
    {
        await using var command = transaction.Command(
            """
            UPDATE score_jobs SET status = $2, done = $3, error = $4, summary_error = $5,
                finished_at = CASE WHEN $2 IN ('succeeded', 'failed') THEN clock_timestamp() END
            WHERE id = $1
            """,
            id, Name(status), done, error, summaryError);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public static async Task<ScoreJob?> FindAsync(OrganizationTransaction transaction, Guid id, CancellationToken cancellationToken)
    {
        await using var command = transaction.Command($"SELECT {Columns} FROM score_jobs WHERE id = $1", id);
        var found = await ReadAsync(command, cancellationToken);
        return found.Count == 0 ? null : found[0];
    }

    /// <summary>The newest jobs first, of one scorecard or of all.</summary>
    public static async Task<IReadOnlyList<ScoreJob>> ListAsync(OrganizationTransaction transaction, string? scorecardId, int limit, CancellationToken cancellationToken)
    {
        await using var command = transaction.Command(
            $"SELECT {Columns} FROM score_jobs WHERE ($1::text IS NULL OR scorecard_id = $1) ORDER BY created_at DESC, id DESC LIMIT $2",
            scorecardId, limit);
        return await ReadAsync(command, cancellationToken);
    }

    private static string Name(JobStatus status) => status.ToString().ToLowerInvariant();

    private static async Task<List<ScoreJob>> ReadAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var jobs = new List<ScoreJob>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            jobs.Add(new ScoreJob(
                reader.GetGuid(0), reader.GetString(1), reader.GetInt32(2), reader.GetString(3),
                reader.GetFieldValue<DateOnly>(4), reader.GetFieldValue<DateOnly>(5),
                Enum.Parse<JobStatus>(reader.GetString(6), ignoreCase: true),
                reader.GetInt32(7), reader.GetInt32(8), reader.GetInt32(9),
                reader.IsDBNull(10) ? null : reader.GetString(10),
                reader.GetFieldValue<DateTimeOffset>(11),
                reader.IsDBNull(12) ? null : reader.GetFieldValue<DateTimeOffset>(12),
                reader.IsDBNull(13) ? null : reader.GetFieldValue<DateTimeOffset>(13),
                reader.IsDBNull(14) ? null : reader.GetString(14)));
        }
        return jobs;
    }
}
