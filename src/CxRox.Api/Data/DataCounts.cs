using CxRox.Api.Storage;
using CxRox.Engine.Model;

namespace CxRox.Api.Data;

/// <summary>How much data a scorecard's sources hold for some local days: survey answers to the questions it reads and observations of the keys it reads.</summary>
public sealed record DataCounts(long Answers, long Observations)
{
    public static async Task<DataCounts> CountAsync(
        OrganizationTransaction transaction, Scorecard scorecard, DateOnly from, DateOnly endExclusive, CancellationToken cancellationToken)
    {
        var questions = scorecard.Metrics.Select(m => m.Source).OfType<SurveySource>().Select(s => (s.Survey, s.Question)).Distinct().ToList();
        var keys = scorecard.Metrics.Select(m => m.Source).OfType<ObservationSource>().Select(s => s.Key).Distinct().ToArray();
        // Answers from the per-day histograms, which hold the same counts as the raw answers
        // (kept in the same transactions) at a fraction of the rows.
        await using var command = transaction.Command(
            """
            SELECT
                (SELECT coalesce(sum(h.answers), 0)::bigint
                 FROM answer_histograms h
                 JOIN unnest($2::text[], $3::text[]) AS q(survey, question) ON h.survey = q.survey AND h.question = q.question
                 WHERE h.org_id = $1 AND h.local_day >= $5 AND h.local_day < $6),
                (SELECT count(*)
                 FROM observations o
                 WHERE o.org_id = $1 AND o.metric_key = ANY($4) AND o.observed_on >= $5 AND o.observed_on < $6)
            """,
            transaction.OrganizationId,
            questions.Select(q => q.Survey).ToArray(),
            questions.Select(q => q.Question).ToArray(),
            keys, from, endExclusive);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new DataCounts(reader.GetInt64(0), reader.GetInt64(1));
    }
}
