using System.Text.Json;
using CxRox.Api.Storage;

namespace CxRox.Api.Scores;

/// <summary>
/// Score snapshots, one per scorecard version and period, always inside an
/// <see cref="OrganizationTransaction"/>.
/// </summary>
public static class SnapshotsStore
{
    /// <summary>
    /// Stores the scores of one version, replacing earlier snapshots of the same version and
    /// periods, in one statement: a reader sees all of them or none. Returns the scorecard's new
    /// scores revision, which every snapshot written here carries.
    /// </summary>
    public static async Task<long> WriteAsync(
        OrganizationTransaction transaction, string scorecardId, int version, string contentHash, IReadOnlyList<ComputedScore> scores, Guid? jobId,
        CancellationToken cancellationToken)
    {
        // The scorecard's row is updated first: concurrent writers of one scorecard queue on its
        // lock, and the revision they store is the order in which they committed.
        await using var command = transaction.Command(
            """
            WITH revision AS (
                UPDATE scorecards SET scores_revision = nextval('score_revisions')
                WHERE org_id = $1 AND id = $2
                RETURNING scores_revision
            ), written AS (
                INSERT INTO score_snapshots AS s (org_id, scorecard_id, version, period_start, period_end, partial, content_hash, rox_index, result, trace, revision, job_id)
                SELECT $1, $2, $3, p.period_start, p.period_end, p.partial, $4, p.rox_index, p.result::jsonb, p.trace::jsonb, r.scores_revision, $5::uuid
                FROM unnest($6::date[], $7::date[], $8::bool[], $9::float8[], $10::text[], $11::text[])
                    AS p(period_start, period_end, partial, rox_index, result, trace)
                CROSS JOIN revision r
                ON CONFLICT (org_id, scorecard_id, version, period_start) DO UPDATE
                    SET period_end = EXCLUDED.period_end, partial = EXCLUDED.partial, content_hash = EXCLUDED.content_hash,
                        rox_index = EXCLUDED.rox_index, result = EXCLUDED.result, trace = EXCLUDED.trace,
                        revision = EXCLUDED.revision, job_id = EXCLUDED.job_id, computed_at = now()
            )
            SELECT scores_revision FROM revision
            """,
            transaction.OrganizationId, scorecardId, version, contentHash, jobId,
            scores.Select(s => s.Period.Start).ToArray(),
            scores.Select(s => s.Period.End).ToArray(),
            scores.Select(s => s.Period.Partial).ToArray(),
            scores.Select(s => s.Document.Rox.Index).ToArray(),
            scores.Select(s => JsonSerializer.Serialize(s.Document, ScoreDocument.Json)).ToArray(),
            scores.Select(s => JsonSerializer.Serialize(s.Trace, ScoreDocument.Json)).ToArray());
        return await command.ExecuteScalarAsync(cancellationToken) is long revision
            ? revision
            : throw new InvalidOperationException($"Scorecard '{scorecardId}' is not stored for this organization.");
    }

    /// <summary>
    /// The score documents of one version for the period starting at <paramref name="lastPeriodStart"/>
    /// and the stored periods before it, at most <paramref name="count"/> in all, oldest first.
    /// </summary>
    public static async Task<IReadOnlyList<ScoreDocument>> ReadUpToAsync(
        OrganizationTransaction transaction, string scorecardId, int version, DateOnly lastPeriodStart, int count, CancellationToken cancellationToken)
    {
        await using var command = transaction.Command(
            """
            SELECT result::text FROM (
                SELECT result, period_start FROM score_snapshots
                WHERE org_id = $1 AND scorecard_id = $2 AND version = $3 AND period_start <= $4
                ORDER BY period_start DESC
                LIMIT $5
            ) newest
            ORDER BY period_start
            """,
            transaction.OrganizationId, scorecardId, version, lastPeriodStart, count);
        var documents = new List<ScoreDocument>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            documents.Add(JsonSerializer.Deserialize<ScoreDocument>(reader.GetString(0), ScoreDocument.Json)!);
        }
        return documents;
    }
}
