using System.Text.Json;
using CxRox.Api.Storage;
using Npgsql;

namespace CxRox.Api.Scores;

/// <summary>Which part of a snapshot a read serves.</summary>
public enum SnapshotView
{
    /// <summary>The stored result, as stored.</summary>
    Document,
    /// <summary>The result with its rule trace beside its own properties ("trace").</summary>
    Full,
    /// <summary>Scorecard, version, period, ROX index and the findings with their recommended actions.</summary>
    Findings,
}

/// <param name="Revision">The scorecard's scores revision, read in the same statement as <paramref name="Json"/>.</param>
/// <param name="Json">The view of the snapshot asked for, as JSON text; null when no snapshot matched.</param>
public sealed record SnapshotText(long Revision, string? Json);

/// <summary>
/// Score snapshots, one per scorecard version and period, always inside an
/// <see cref="OrganizationTransaction"/>; only <see cref="ReadRevisionsAsync"/> reads without one.
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
                        revision = EXCLUDED.revision, job_id = EXCLUDED.job_id, computed_at = now(), data_seen = DEFAULT
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
    /// A view of one snapshot: of the period holding <paramref name="day"/> (or the newest
    /// period), of <paramref name="version"/> (or the newest version that has such a snapshot).
    /// Null when the scorecard does not exist.
    /// </summary>
    public static async Task<SnapshotText?> FindAsync(
        OrganizationTransaction transaction, string scorecardId, int? version, DateOnly? day, SnapshotView view, CancellationToken cancellationToken)
    {
        var projection = view switch
        {
            SnapshotView.Document => "s.result::text",
            SnapshotView.Full => "(s.result || jsonb_build_object('trace', s.trace))::text",
            // json, not jsonb, keeps the keys in the order written here, the order people read them in.
            SnapshotView.Findings => """
                json_build_object('scorecard', s.result->'scorecard', 'version', s.result->'version', 'period', s.result->'period',
                                  'rox', s.result->'rox', 'findings', s.result->'findings')::text
                """,
            _ => throw new ArgumentOutOfRangeException(nameof(view), view, null),
        };
        // One statement, so the revision is the one the snapshot was read at (and period.stale with it).
        await using var command = transaction.Command(
            $"""
            SELECT sc.scores_revision, CASE WHEN s.result IS NOT NULL THEN {projection} END
            FROM scorecards sc
            LEFT JOIN LATERAL (
                SELECT {Recompute.StalePeriods.ResultSql("found")} AS result, found.trace FROM score_snapshots found
                WHERE found.org_id = sc.org_id AND found.scorecard_id = sc.id
                  AND ($3::int IS NULL OR found.version = $3)
                  AND ($4::date IS NULL OR $4::date BETWEEN found.period_start AND found.period_end)
                ORDER BY found.version DESC, found.period_start DESC
                LIMIT 1
            ) s ON true
            WHERE sc.org_id = $1 AND sc.id = $2
            """,
            transaction.OrganizationId, scorecardId, version, day);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new SnapshotText(reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetString(1))
            : null;
    }

    /// <summary>
    /// The current scores revision of each scorecard asked for (absent: no such scorecard), in one
    /// statement. It runs on the login role, outside any organization: row-level security would
    /// confine it to one organization, and it answers many at once. That is safe because it reads
    /// revision numbers only, of scorecards whose organization each caller has already resolved
    /// and checked against its key (RequestOrganization); scores themselves are read through
    /// <see cref="OrganizationTransaction"/>. The login role bypasses row-level security (migration 004).
    /// </summary>
    public static async Task<IReadOnlyDictionary<(Guid Organization, string Scorecard), long>> ReadRevisionsAsync(
        NpgsqlDataSource dataSource, IReadOnlyCollection<(Guid Organization, string Scorecard)> scorecards)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT sc.org_id, sc.id, sc.scores_revision
            FROM scorecards sc
            WHERE (sc.org_id, sc.id) IN (SELECT * FROM unnest($1::uuid[], $2::text[]))
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = scorecards.Select(s => s.Organization).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = scorecards.Select(s => s.Scorecard).ToArray() });
        var revisions = new Dictionary<(Guid, string), long>(scorecards.Count);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            revisions[(reader.GetGuid(0), reader.GetString(1))] = reader.GetInt64(2);
        }
        return revisions;
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
