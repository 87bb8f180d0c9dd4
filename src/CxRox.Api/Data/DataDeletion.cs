using CxRox.Api.Storage;

namespace CxRox.Api.Data;

/// <summary>What a deletion removed.</summary>
public sealed record DeletedCounts(long Observations, long SurveyAnswers);

/// <summary>
/// Deletes an organization's data for a range of local days (a data-subject request), in one
/// transaction: the answers, the observations, and the answers' counts in the histograms.
/// </summary>
public static class DataDeletion
{
    public static async Task<DeletedCounts> DeleteAsync(
        OrganizationTransaction transaction, string timeZone, DateOnly from, DateOnly to, string? respondent, CancellationToken cancellationToken)
    {
        await AnswerIngest.LockAnswersAsync(transaction, cancellationToken);
        long answers;
        // The days are recorded once, after both deletes, so that their rows are locked in one
        // ascending pass like every other writer's (Recompute.ChangedDays).
        var changedDays = new List<DateOnly>();
        // The range is local days: from midnight of 'from' to midnight after 'to' in the organization's zone.
        await using (var deleteAnswers = transaction.Command(
            """
            WITH gone AS (
                DELETE FROM survey_answers
                WHERE org_id = $1 AND answered_at >= ($2::date::timestamp AT TIME ZONE $4) AND answered_at < (($3::date + 1)::timestamp AT TIME ZONE $4)
                    AND ($5::text IS NULL OR respondent = $5)
                RETURNING survey, question, answered_at, touchpoint, channel, score
            ), deltas AS (
                SELECT survey, question, (answered_at AT TIME ZONE $4)::date AS local_day, touchpoint, channel, score, count(*) AS n
                FROM gone GROUP BY survey, question, (answered_at AT TIME ZONE $4)::date, touchpoint, channel, score
            ), counted AS (
                UPDATE answer_histograms h SET answers = h.answers - d.n
                FROM deltas d
                WHERE h.org_id = $1 AND h.survey = d.survey AND h.question = d.question AND h.local_day = d.local_day
                    AND h.touchpoint = d.touchpoint AND h.channel = d.channel AND h.score = d.score
            )
            SELECT count(*), coalesce(array_agg(DISTINCT (answered_at AT TIME ZONE $4)::date), '{}') FROM gone
            """,
            transaction.OrganizationId, from, to, timeZone, respondent))
        {
            answers = await ReadCountAndDaysAsync(deleteAnswers, changedDays, cancellationToken);
        }
        await using (var prune = transaction.Command("DELETE FROM answer_histograms WHERE org_id = $1 AND answers = 0", transaction.OrganizationId))
        {
            await prune.ExecuteNonQueryAsync(cancellationToken);
        }
        long observations = 0;
        // Observations belong to no respondent: a request about one person leaves them alone.
        if (respondent is null)
        {
            await using var deleteObservations = transaction.Command(
                """
                WITH gone AS (
                    DELETE FROM observations WHERE org_id = $1 AND observed_on >= $2 AND observed_on <= $3 RETURNING observed_on
                )
                SELECT count(*), coalesce(array_agg(DISTINCT observed_on), '{}') FROM gone
                """,
                transaction.OrganizationId, from, to);
            observations = await ReadCountAndDaysAsync(deleteObservations, changedDays, cancellationToken);
        }
        await Recompute.ChangedDays.RecordAsync(transaction, changedDays, cancellationToken);
        return new DeletedCounts(observations, answers);
    }

    /// <summary>Reads a deletion's count of rows and adds the local days they were on.</summary>
    private static async Task<long> ReadCountAndDaysAsync(Npgsql.NpgsqlCommand command, List<DateOnly> days, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        days.AddRange(reader.GetFieldValue<DateOnly[]>(1));
        return reader.GetInt64(0);
    }
}
