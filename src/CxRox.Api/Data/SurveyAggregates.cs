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
        OrganizationTransaction transaction, List<Metric> metrics, ScorecardPeriod period, DateOnly from, DateOnly endExclusive, CancellationToken cancellationToken)
    {
        var sources = metrics.Select(m => (SurveySource)m.Source).ToList();
        // PostgreSQL reads the histograms (an index-only scan of their key, which holds the counts)
        // and sums them per atom; the atoms are folded into cells here (SurveyCells), which costs
        // the database far less than grouping them once per breakdown.
        await using var command = transaction.Command(
            """
            WITH spec AS (
                SELECT * FROM unnest($2::text[], $3::text[], $4::int[]) WITH ORDINALITY AS s(survey, question, min_sample, metric)
            ), thresholds AS (
                -- A question's threshold is the largest any stored version (QuestionMinSamples) or
                -- this draft gives it, so that publishing it through a version with a smaller
                -- minSample reveals nothing more.
                SELECT survey, question, max(min_sample)::int AS threshold
                FROM (SELECT survey, question, min_sample FROM spec
                      UNION ALL SELECT survey, question, min_sample FROM question_min_samples WHERE org_id = $1) q
                GROUP BY survey, question
            )
            -- Per metric, atom, segment and score. An atom is a run of local days crossing neither a
            -- Monday nor a month's first day: every week, month and quarter is a union of atoms.
            -- Dates as timestamps without a time zone: local days are truncated as they are.
            SELECT s.metric::int - 1, t.threshold,
                greatest(date_trunc('week', h.local_day::timestamp), date_trunc('month', h.local_day::timestamp))::date AS atom_start,
                h.touchpoint, h.channel, h.score, sum(h.answers)::bigint
            FROM spec s
            JOIN thresholds t ON t.survey = s.survey AND t.question = s.question
            JOIN answer_histograms h ON h.org_id = $1 AND h.survey = s.survey AND h.question = s.question
                AND h.local_day >= $5 AND h.local_day < $6
            GROUP BY s.metric, t.threshold, 3, h.touchpoint, h.channel, h.score
            """,
            transaction.OrganizationId,
            sources.Select(s => s.Survey).ToArray(),
            sources.Select(s => s.Question).ToArray(),
            metrics.Select(m => m.MinSample).ToArray(),
            from, endExclusive);
        var atoms = new List<SurveyAtom>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                atoms.Add(new SurveyAtom(
                    reader.GetInt32(0), reader.GetInt32(1), reader.GetFieldValue<DateOnly>(2), reader.GetString(3), reader.GetString(4),
                    reader.GetInt16(5), reader.GetInt64(6)));
            }
        }
        return SurveyCells.Fold(metrics, period, atoms);
    }
}
