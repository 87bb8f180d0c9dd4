using CxRox.Api.Storage;
using CxRox.Engine.Model;

namespace CxRox.Api.Data;

/// <summary>
/// Observation metrics per period and segment from their rows, in one query, by one rule for
/// every aggregate (docs/aggregation.md): segments split a total, so a day's value is the sum of
/// its rows (over all segments for the total, over the segment's rows for a segment cell), and
/// the aggregate then runs over the period's days: sum, mean, min or max of the day values,
/// last = the latest day's value; count is the number of rows, the sum of each day's row count.
/// </summary>
public static class ObservationAggregates
{
    public static async Task<IReadOnlyList<PeriodValue>> QueryAsync(
        OrganizationTransaction transaction, List<Metric> metrics, string unit, DateOnly from, DateOnly endExclusive, CancellationToken cancellationToken)
    {
        var sources = metrics.Select(m => (ObservationSource)m.Source).ToList();
        await using var command = transaction.Command(
            """
            WITH spec AS (
                SELECT * FROM unnest($2::text[], $3::text[], $4::text[], $5::bool[], $6::bool[])
                    AS s(metric, metric_key, aggregate, by_touchpoint, by_channel)
            ), days AS (
                -- One value a day and cell: the sum of the cell's rows that day (a total is split
                -- over its segments, so two sites' headcounts add up to the organization's).
                SELECT s.metric, s.aggregate, d.dimension, d.segment, date_trunc($7, o.observed_on::timestamp)::date AS period_start, o.observed_on,
                    sum(o.value) AS day_value, count(*) AS day_rows
                FROM spec s
                JOIN observations o ON o.org_id = $1 AND o.metric_key = s.metric_key AND o.observed_on >= $8 AND o.observed_on < $9
                CROSS JOIN LATERAL (VALUES ('total', ''), ('touchpoint', o.touchpoint), ('channel', o.channel)) AS d(dimension, segment)
                WHERE d.dimension = 'total' OR (d.dimension = 'touchpoint' AND s.by_touchpoint) OR (d.dimension = 'channel' AND s.by_channel)
                GROUP BY s.metric, s.aggregate, d.dimension, d.segment, 5, o.observed_on
            )
            -- Then the aggregate over the period's days with data.
            SELECT metric, period_start, dimension, segment,
                CASE aggregate
                    WHEN 'sum' THEN sum(day_value)
                    WHEN 'avg' THEN avg(day_value)
                    WHEN 'min' THEN min(day_value)
                    WHEN 'max' THEN max(day_value)
                    WHEN 'count' THEN sum(day_rows)
                    ELSE (array_agg(day_value ORDER BY observed_on DESC))[1]
                END::float8,
                sum(day_rows)::bigint
            FROM days
            GROUP BY metric, aggregate, dimension, segment, period_start
            """,
            transaction.OrganizationId,
            metrics.Select(m => m.Id).ToArray(),
            sources.Select(s => s.Key).ToArray(),
            sources.Select(s => s.Aggregate.ToString().ToLowerInvariant()).ToArray(),
            metrics.Select(m => m.Tags.Touchpoint is not null).ToArray(),
            metrics.Select(m => m.Tags.Channel is not null).ToArray(),
            unit, from, endExclusive);
        var values = new List<PeriodValue>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            values.Add(new PeriodValue(
                reader.GetString(0), reader.GetFieldValue<DateOnly>(1), reader.GetString(2), reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetDouble(4), reader.GetInt64(5), null, null));
        }
        return values;
    }
}
