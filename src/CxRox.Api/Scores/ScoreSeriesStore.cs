using System.Runtime.CompilerServices;
using CxRox.Api.Storage;

namespace CxRox.Api.Scores;

/// <param name="Revision">The scorecard's scores revision, read before any snapshot of the series.</param>
/// <param name="Version">The version to read: the one asked for, or the newest with snapshots; null when it has none.</param>
public sealed record SeriesHead(long Revision, int? Version);

/// <summary>
/// Series of snapshots of one scorecard version, always inside an <see cref="OrganizationTransaction"/>:
/// which periods a range and a page hold, then their filtered results, streamed.
/// </summary>
public static class ScoreSeriesStore
{
    /// <summary>Null when the scorecard does not exist.</summary>
    public static async Task<SeriesHead?> FindHeadAsync(OrganizationTransaction transaction, string scorecardId, int? version, CancellationToken cancellationToken)
    {
        await using var command = transaction.Command(
            """
            SELECT sc.scores_revision,
                   (SELECT s.version FROM score_snapshots s
                    WHERE s.org_id = sc.org_id AND s.scorecard_id = sc.id AND ($3::int IS NULL OR s.version = $3)
                    ORDER BY s.version DESC LIMIT 1)
            FROM scorecards sc
            WHERE sc.org_id = $1 AND sc.id = $2
            """,
            transaction.OrganizationId, scorecardId, version);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new SeriesHead(reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetInt32(1))
            : null;
    }

    /// <summary>The first day of the <paramref name="count"/>th newest period with a snapshot up to <paramref name="to"/> (or of the oldest, when there are fewer).</summary>
    public static async Task<DateOnly?> NewestPeriodsStartAsync(
        OrganizationTransaction transaction, string scorecardId, int version, DateOnly? to, int count, CancellationToken cancellationToken)
    {
        await using var command = transaction.Command(
            """
            SELECT min(period_start) FROM (
                SELECT period_start FROM score_snapshots
                WHERE org_id = $1 AND scorecard_id = $2 AND version = $3 AND ($4::date IS NULL OR period_start <= $4)
                ORDER BY period_start DESC
                LIMIT $5
            ) newest
            """,
            transaction.OrganizationId, scorecardId, version, to, count);
        return await command.ExecuteScalarAsync(cancellationToken) is DateOnly start ? start : null;
    }

    /// <summary>
    /// The first days of the periods with snapshots that hold days from <paramref name="from"/>
    /// to <paramref name="to"/> and start after <paramref name="after"/>, oldest first, at most
    /// <paramref name="limit"/> (null: all).
    /// </summary>
    public static async Task<IReadOnlyList<DateOnly>> PeriodStartsAsync(
        OrganizationTransaction transaction, string scorecardId, int version, DateOnly from, DateOnly? to, DateOnly? after, int? limit,
        CancellationToken cancellationToken)
    {
        await using var command = transaction.Command(
            """
            SELECT period_start FROM score_snapshots
            WHERE org_id = $1 AND scorecard_id = $2 AND version = $3
              AND period_end >= $4 AND ($5::date IS NULL OR period_start <= $5) AND ($6::date IS NULL OR period_start > $6)
            ORDER BY period_start
            LIMIT $7
            """,
            transaction.OrganizationId, scorecardId, version, from, to, after, limit);
        var starts = new List<DateOnly>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            starts.Add(reader.GetFieldValue<DateOnly>(0));
        }
        return starts;
    }

    /// <summary>
    /// Each period's <c>{ period, rox, pillars, metrics }</c> as JSON text, oldest first, filtered
    /// in the database: metrics by pillar, id, status and tag; pillars by id and, when metrics are
    /// filtered otherwise, to those holding a kept metric. Arrays keep the document's order.
    /// </summary>
    public static async IAsyncEnumerable<string> PeriodsAsync(
        OrganizationTransaction transaction, string scorecardId, int version, IReadOnlyList<DateOnly> periodStarts, ScoreFilter filter,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var command = transaction.Command(
            $$"""
            SELECT json_build_object( -- json, not jsonb: keeps the keys in this order
                'period', s.result->'period' || jsonb_build_object('stale', {{Recompute.StalePeriods.IsStaleSql("s")}}),
                'rox', s.result->'rox',
                'pillars', (
                    SELECT coalesce(jsonb_agg(p ORDER BY i), '[]')
                    FROM jsonb_array_elements(s.result->'pillars') WITH ORDINALITY AS pillar(p, i)
                    WHERE ($4::text IS NULL OR p->>'id' = $4::text) AND (NOT $8 OR p->>'id' = ANY (kept.pillars))),
                'metrics', kept.metrics)::text
            FROM score_snapshots s
            CROSS JOIN LATERAL (
                SELECT coalesce(jsonb_agg(m ORDER BY i), '[]') AS metrics, coalesce(array_agg(m->>'pillar'), '{}') AS pillars
                FROM jsonb_array_elements(s.result->'metrics') WITH ORDINALITY AS metric(m, i)
                WHERE ($4::text IS NULL OR m->>'pillar' = $4::text)
                  AND ($5::text IS NULL OR m->>'id' = $5::text)
                  AND ($6::text IS NULL OR m->>'status' = $6::text)
                  AND ($7::text IS NULL OR $7::text IN (m->'tags'->>'touchpoint', m->'tags'->>'channel', m->'tags'->>'journeyStage'))
            ) kept
            WHERE s.org_id = $1 AND s.scorecard_id = $2 AND s.version = $3 AND s.period_start = ANY ($9)
            ORDER BY s.period_start
            """,
            transaction.OrganizationId, scorecardId, version, filter.Pillar, filter.Metric, filter.Status, filter.Tag, filter.FiltersMetrics,
            periodStarts.ToArray());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return reader.GetString(0);
        }
    }
}
