using CxRox.Api.Storage;
using CxRox.Engine.Model;

namespace CxRox.Api.Data;

/// <summary>
/// Survey metrics per period and segment from the per-day answer histograms, in one query: each
/// metric counts only the answers on its own scale and says how many it ignored, and each cell
/// says whether an atom of its period is too small to publish (see <see cref="Withholding"/>).
/// </summary>
public static class SurveyAggregates
{
    /// <param name="metrics">Survey metrics of a scorecard the reader accepted: an employee-experience one asks for <see cref="Metric.EmployeeMinSample"/> at least.</param>
    public static async Task<IReadOnlyList<SurveyCell>> QueryAsync(
        OrganizationTransaction transaction, List<Metric> metrics, string unit, DateOnly from, DateOnly endExclusive, CancellationToken cancellationToken)
    {
        var sources = metrics.Select(m => (SurveySource)m.Source).ToList();
        // Band A is promoters (nps) or satisfied (csat, top_box); band B is detractors (nps).
        // Empty bands are 1..0, which holds no score.
        await using var command = transaction.Command(
            """
            WITH spec AS (
                SELECT * FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::int[], $7::int[], $8::int[], $9::int[], $10::int[], $11::int[],
                        $12::int[], $13::bool[], $14::bool[])
                    AS s(metric, survey, question, aggregate, scale_from, scale_to, a_from, a_to, b_from, b_to, min_sample, by_touchpoint, by_channel)
            ), stored_min_samples AS (
                -- What every stored version of every scorecard of the organization (archived ones
                -- too: keys can still read them) asks of the questions it reads, as the reader maps
                -- it: minSample, 1 by default, and 5 at least in an employee-experience pillar
                -- (its kind, or its id when the kind is left out). Versions were valid when stored.
                -- The versions are the scorecards' version-saved events (Marten's mt_events, the
                -- document as sent in data->>'document'; the type is ScorecardDocuments.VersionSavedType).
                SELECT m->'survey'->>'survey' AS survey, m->'survey'->>'question' AS question,
                    greatest(coalesce((m->>'minSample')::numeric, 1), CASE WHEN ex.employee THEN $17 ELSE 1 END) AS min_sample
                FROM (SELECT (e.data->>'document')::jsonb AS parsed FROM mt_events e
                      WHERE e.tenant_id = $1::text AND e.type = 'scorecard_version_saved') v
                CROSS JOIN LATERAL jsonb_array_elements(v.parsed->'metrics') m
                CROSS JOIN LATERAL (
                    SELECT coalesce(bool_or(coalesce(p->>'kind', p->>'id') = 'ex'), false) AS employee
                    FROM jsonb_array_elements(v.parsed->'pillars') p WHERE p->>'id' = m->>'pillar'
                ) ex
                WHERE jsonb_typeof(m->'survey') = 'object'
            ), thresholds AS (
                -- A question's threshold is the largest any version (or this draft) gives it, so
                -- that publishing it through a version with a smaller minSample reveals nothing more.
                SELECT survey, question, max(min_sample)::int AS threshold
                FROM (SELECT survey, question, min_sample FROM spec UNION ALL SELECT survey, question, min_sample FROM stored_min_samples) q
                GROUP BY survey, question
            ), atoms AS (
                -- Per atom, segment and score first. An atom is a run of local days crossing neither a
                -- Monday nor a month's first day: every week, month and quarter is a union of atoms.
                -- Dates as timestamps without a time zone: local days are truncated as they are.
                SELECT s.metric, greatest(date_trunc('week', h.local_day::timestamp), date_trunc('month', h.local_day::timestamp))::date AS atom_start,
                    h.touchpoint, h.channel, h.score, sum(h.answers) AS answers
                FROM spec s
                JOIN answer_histograms h ON h.org_id = $1 AND h.survey = s.survey AND h.question = s.question
                    AND h.local_day >= $15 AND h.local_day < $16
                GROUP BY s.metric, 2, h.touchpoint, h.channel, h.score
            ), atom_cells AS (
                -- Per atom and cell (the total, and each segment of the metric's breakdowns), with the
                -- answers off the metric's scale counted apart: a metric reads only its own scale.
                SELECT a.metric, a.atom_start, d.dimension, d.segment,
                    coalesce(sum(a.answers) FILTER (WHERE a.score BETWEEN s.scale_from AND s.scale_to), 0) AS answers,
                    coalesce(sum(a.answers) FILTER (WHERE a.score NOT BETWEEN s.scale_from AND s.scale_to), 0) AS ignored,
                    coalesce(sum(a.answers * a.score) FILTER (WHERE a.score BETWEEN s.scale_from AND s.scale_to), 0) AS score_sum,
                    coalesce(sum(a.answers) FILTER (WHERE a.score BETWEEN s.a_from AND s.a_to), 0) AS band_a,
                    coalesce(sum(a.answers) FILTER (WHERE a.score BETWEEN s.b_from AND s.b_to), 0) AS band_b
                FROM atoms a
                JOIN spec s ON s.metric = a.metric
                CROSS JOIN LATERAL (VALUES ('total', ''), ('touchpoint', a.touchpoint), ('channel', a.channel)) AS d(dimension, segment)
                WHERE d.dimension = 'total' OR (d.dimension = 'touchpoint' AND s.by_touchpoint) OR (d.dimension = 'channel' AND s.by_channel)
                GROUP BY a.metric, a.atom_start, d.dimension, d.segment
            ), cells AS (
                -- An atom is small when it holds answers (off-scale ones included: they are people
                -- too) but fewer than the threshold on the scale; one small atom withholds the cell.
                SELECT c.metric, date_trunc($18, c.atom_start::timestamp)::date AS period_start, c.dimension, c.segment,
                    sum(c.answers) AS answers, sum(c.ignored) AS ignored, sum(c.score_sum) AS score_sum,
                    sum(c.band_a) AS band_a, sum(c.band_b) AS band_b, t.threshold,
                    bool_or(c.answers < t.threshold) AS has_small_atom
                FROM atom_cells c
                JOIN spec s ON s.metric = c.metric
                JOIN thresholds t ON t.survey = s.survey AND t.question = s.question
                GROUP BY c.metric, 2, c.dimension, c.segment, t.threshold
            )
            SELECT c.metric, c.period_start, c.dimension, c.segment,
                CASE WHEN c.answers = 0 THEN NULL ELSE
                    CASE s.aggregate
                        WHEN 'nps' THEN 100.0 * (c.band_a - c.band_b) / c.answers
                        WHEN 'csat' THEN 100.0 * c.band_a / c.answers
                        WHEN 'top_box' THEN 100.0 * c.band_a / c.answers
                        WHEN 'count' THEN c.answers
                        ELSE c.score_sum::float8 / c.answers
                    END
                END::float8,
                c.answers::bigint, c.ignored::bigint, c.threshold, c.has_small_atom
            FROM cells c
            JOIN spec s ON s.metric = c.metric
            """,
            transaction.OrganizationId,
            metrics.Select(m => m.Id).ToArray(),
            sources.Select(s => s.Survey).ToArray(),
            sources.Select(s => s.Question).ToArray(),
            sources.Select(s => AggregateName(s.Aggregate)).ToArray(),
            sources.Select(s => s.Scale.From).ToArray(),
            sources.Select(s => s.Scale.To).ToArray(),
            sources.Select(s => (s.Promoters ?? s.Satisfied)?.From ?? 1).ToArray(),
            sources.Select(s => (s.Promoters ?? s.Satisfied)?.To ?? 0).ToArray(),
            sources.Select(s => s.Detractors?.From ?? 1).ToArray(),
            sources.Select(s => s.Detractors?.To ?? 0).ToArray(),
            metrics.Select(m => m.MinSample).ToArray(),
            metrics.Select(m => m.Tags.Touchpoint is not null).ToArray(),
            metrics.Select(m => m.Tags.Channel is not null).ToArray(),
            from, endExclusive, Metric.EmployeeMinSample, unit);
        var cells = new List<SurveyCell>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            cells.Add(new SurveyCell(
                reader.GetString(0), reader.GetFieldValue<DateOnly>(1), reader.GetString(2), reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetDouble(4), reader.GetInt64(5), reader.GetInt64(6), reader.GetInt32(7), reader.GetBoolean(8)));
        }
        return cells;
    }

    private static string AggregateName(SurveyAggregate aggregate) => aggregate switch
    {
        SurveyAggregate.Nps => "nps",
        SurveyAggregate.Csat => "csat",
        SurveyAggregate.TopBox => "top_box",
        SurveyAggregate.Count => "count",
        _ => "mean", // ces and mean are both the mean answer
    };
}
