using CxRox.Api.Storage;
using CxRox.Engine.Model;

namespace CxRox.Api.Data;

/// <summary>A breakdown dimension: the whole, or one touchpoint or channel.</summary>
public static class SegmentDimension
{
    public const string Total = "total";
    public const string Touchpoint = "touchpoint";
    public const string Channel = "channel";
}

/// <summary>
/// One metric in one period (and segment): its value, or null with the reason it is withheld.
/// A period without data for the metric has no entry at all: missing, never zero.
/// </summary>
public sealed record PeriodValue(string Metric, DateOnly PeriodStart, string Dimension, string Segment, double? Value, long Sample, string? Withheld);

/// <summary>
/// Survey and observation metrics of a scorecard per period, computed in PostgreSQL in the
/// organization's time zone: surveys from the per-day answer histograms, observations from
/// their rows. One round trip per metric kind, whatever the number of metrics and periods.
/// </summary>
public static class PeriodAggregates
{
    public static string PeriodUnit(ScorecardPeriod period) => period switch
    {
        ScorecardPeriod.Week => "week",
        ScorecardPeriod.Month => "month",
        _ => "quarter",
    };

    /// <summary>The first day of the period that holds the day (ISO weeks start on Monday).</summary>
    public static DateOnly PeriodStart(ScorecardPeriod period, DateOnly day) => period switch
    {
        ScorecardPeriod.Week => day.AddDays(-(((int)day.DayOfWeek + 6) % 7)),
        ScorecardPeriod.Month => new DateOnly(day.Year, day.Month, 1),
        _ => new DateOnly(day.Year, ((day.Month - 1) / 3 * 3) + 1, 1),
    };

    public static DateOnly NextPeriodStart(ScorecardPeriod period, DateOnly start) => period switch
    {
        ScorecardPeriod.Week => start.AddDays(7),
        ScorecardPeriod.Month => start.AddMonths(1),
        _ => start.AddMonths(3),
    };

    public static async Task<IReadOnlyList<PeriodValue>> ComputeAsync(
        OrganizationTransaction transaction, Scorecard scorecard, DateOnly firstPeriodStart, DateOnly endExclusive, CancellationToken cancellationToken)
    {
        var values = new List<PeriodValue>();
        var surveys = scorecard.Metrics.Where(m => m.Source is SurveySource).ToList();
        var observations = scorecard.Metrics.Where(m => m.Source is ObservationSource).ToList();
        var unit = PeriodUnit(scorecard.Period);
        if (surveys.Count > 0)
        {
            var minSamples = surveys.ToDictionary(m => m.Id, m => m.MinSample);
            var survey = await QuerySurveysAsync(transaction, surveys, unit, firstPeriodStart, endExclusive, cancellationToken);
            values.AddRange(Withhold(survey, minSamples));
        }
        if (observations.Count > 0)
        {
            values.AddRange(await QueryObservationsAsync(transaction, observations, unit, firstPeriodStart, endExclusive, cancellationToken));
        }
        return [.. values.OrderBy(v => v.Metric, StringComparer.Ordinal).ThenBy(v => v.PeriodStart).ThenBy(v => v.Dimension, StringComparer.Ordinal).ThenBy(v => v.Segment, StringComparer.Ordinal)];
    }

    /// <summary>
    /// Anonymity (docs/domain.md): a value from fewer answers than minSample is withheld; and when
    /// any segment of a breakdown is withheld, so is the rest of that breakdown, so that it cannot
    /// be recovered by subtracting the other segments from the total.
    /// </summary>
    private static IEnumerable<PeriodValue> Withhold(IReadOnlyList<PeriodValue> values, Dictionary<string, int> minSamples)
    {
        var small = values
            .Where(v => v.Dimension != SegmentDimension.Total && v.Sample < minSamples[v.Metric])
            .Select(v => (v.Metric, v.PeriodStart, v.Dimension))
            .ToHashSet();
        foreach (var value in values)
        {
            var minSample = minSamples[value.Metric];
            if (value.Sample < minSample)
            {
                yield return value with { Value = null, Withheld = $"Fewer than {minSample} answers (minSample)." };
            }
            else if (small.Contains((value.Metric, value.PeriodStart, value.Dimension)))
            {
                yield return value with { Value = null, Withheld = "Another segment of this breakdown is below minSample; this one would reveal it." };
            }
            else
            {
                yield return value;
            }
        }
    }

    private static async Task<IReadOnlyList<PeriodValue>> QuerySurveysAsync(
        OrganizationTransaction transaction, List<Metric> metrics, string unit, DateOnly from, DateOnly endExclusive, CancellationToken cancellationToken)
    {
        var sources = metrics.Select(m => (SurveySource)m.Source).ToList();
        // Band A is promoters (nps) or satisfied (csat, top_box); band B is detractors (nps).
        // Empty bands are 1..0, which holds no score.
        await using var command = transaction.Command(
            """
            WITH spec AS (
                SELECT * FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::int[], $7::int[], $8::int[], $9::int[], $10::bool[], $11::bool[])
                    AS s(metric, survey, question, aggregate, a_from, a_to, b_from, b_to, by_touchpoint, by_channel)
            ), periods AS (
                -- Per period, segment and answer first, so that the breakdowns below expand a few
                -- rows a period rather than every day's. Dates as timestamps without a time zone:
                -- the local days are truncated as they are, with no time-zone arithmetic per row.
                SELECT s.metric, s.aggregate, s.a_from, s.a_to, s.b_from, s.b_to, s.by_touchpoint, s.by_channel,
                    date_trunc($12, h.local_day::timestamp)::date AS period_start, h.touchpoint, h.channel, h.score, sum(h.answers) AS answers
                FROM spec s
                JOIN answer_histograms h ON h.org_id = $1 AND h.survey = s.survey AND h.question = s.question
                    AND h.local_day >= $13 AND h.local_day < $14
                GROUP BY s.metric, s.aggregate, s.a_from, s.a_to, s.b_from, s.b_to, s.by_touchpoint, s.by_channel,
                    date_trunc($12, h.local_day::timestamp), h.touchpoint, h.channel, h.score
            ), cells AS (
                SELECT p.metric, p.aggregate, d.dimension, d.segment, p.period_start,
                    sum(p.answers) AS answers,
                    sum(p.answers * p.score) AS score_sum,
                    sum(p.answers) FILTER (WHERE p.score BETWEEN p.a_from AND p.a_to) AS band_a,
                    sum(p.answers) FILTER (WHERE p.score BETWEEN p.b_from AND p.b_to) AS band_b
                FROM periods p
                CROSS JOIN LATERAL (VALUES ('total', ''), ('touchpoint', p.touchpoint), ('channel', p.channel)) AS d(dimension, segment)
                WHERE d.dimension = 'total' OR (d.dimension = 'touchpoint' AND p.by_touchpoint) OR (d.dimension = 'channel' AND p.by_channel)
                GROUP BY p.metric, p.aggregate, d.dimension, d.segment, p.period_start
            )
            SELECT metric, period_start, dimension, segment,
                CASE aggregate
                    WHEN 'nps' THEN 100.0 * (coalesce(band_a, 0) - coalesce(band_b, 0)) / answers
                    WHEN 'csat' THEN 100.0 * coalesce(band_a, 0) / answers
                    WHEN 'top_box' THEN 100.0 * coalesce(band_a, 0) / answers
                    WHEN 'count' THEN answers
                    ELSE score_sum::float8 / answers
                END::float8,
                answers::bigint
            FROM cells
            """,
            transaction.OrganizationId,
            metrics.Select(m => m.Id).ToArray(),
            sources.Select(s => s.Survey).ToArray(),
            sources.Select(s => s.Question).ToArray(),
            sources.Select(s => AggregateName(s.Aggregate)).ToArray(),
            sources.Select(s => (s.Promoters ?? s.Satisfied)?.From ?? 1).ToArray(),
            sources.Select(s => (s.Promoters ?? s.Satisfied)?.To ?? 0).ToArray(),
            sources.Select(s => s.Detractors?.From ?? 1).ToArray(),
            sources.Select(s => s.Detractors?.To ?? 0).ToArray(),
            metrics.Select(m => m.Tags.Touchpoint is not null).ToArray(),
            metrics.Select(m => m.Tags.Channel is not null).ToArray(),
            unit, from, endExclusive);
        return await ReadAsync(command, cancellationToken);
    }

    private static async Task<IReadOnlyList<PeriodValue>> QueryObservationsAsync(
        OrganizationTransaction transaction, List<Metric> metrics, string unit, DateOnly from, DateOnly endExclusive, CancellationToken cancellationToken)
    {
        var sources = metrics.Select(m => (ObservationSource)m.Source).ToList();
        // Segments split a total: a day's value is the sum over its segments, and "last" is that
        // sum on the period's latest day with data.
        await using var command = transaction.Command(
            """
            WITH spec AS (
                SELECT * FROM unnest($2::text[], $3::text[], $4::text[], $5::bool[], $6::bool[])
                    AS s(metric, metric_key, aggregate, by_touchpoint, by_channel)
            ), days AS (
                SELECT s.metric, s.aggregate, d.dimension, d.segment, date_trunc($7, o.observed_on::timestamp)::date AS period_start, o.observed_on,
                    sum(o.value) AS day_sum, count(*) AS n, min(o.value) AS day_min, max(o.value) AS day_max
                FROM spec s
                JOIN observations o ON o.org_id = $1 AND o.metric_key = s.metric_key AND o.observed_on >= $8 AND o.observed_on < $9
                CROSS JOIN LATERAL (VALUES ('total', ''), ('touchpoint', o.touchpoint), ('channel', o.channel)) AS d(dimension, segment)
                WHERE d.dimension = 'total' OR (d.dimension = 'touchpoint' AND s.by_touchpoint) OR (d.dimension = 'channel' AND s.by_channel)
                GROUP BY s.metric, s.aggregate, d.dimension, d.segment, date_trunc($7, o.observed_on::timestamp), o.observed_on
            )
            SELECT metric, period_start, dimension, segment,
                CASE aggregate
                    WHEN 'sum' THEN sum(day_sum)
                    WHEN 'avg' THEN sum(day_sum) / sum(n)
                    WHEN 'min' THEN min(day_min)
                    WHEN 'max' THEN max(day_max)
                    WHEN 'count' THEN sum(n)
                    ELSE (array_agg(day_sum ORDER BY observed_on DESC))[1]
                END::float8,
                sum(n)::bigint
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
        return await ReadAsync(command, cancellationToken);
    }

    private static string AggregateName(SurveyAggregate aggregate) => aggregate switch
    {
        SurveyAggregate.Nps => "nps",
        SurveyAggregate.Csat => "csat",
        SurveyAggregate.TopBox => "top_box",
        SurveyAggregate.Count => "count",
        _ => "mean", // ces and mean are both the mean answer
    };

    private static async Task<IReadOnlyList<PeriodValue>> ReadAsync(Npgsql.NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var values = new List<PeriodValue>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            values.Add(new PeriodValue(
                reader.GetString(0), reader.GetFieldValue<DateOnly>(1), reader.GetString(2), reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetDouble(4), reader.GetInt64(5), null));
        }
        return values;
    }
}
