using CxRox.Api.Storage;
using CxRox.Engine.Model;
using Npgsql;
using NpgsqlTypes;

namespace CxRox.Api.Data;

/// <summary>
/// Raw survey answers, keyed by the sender's answer id, and the per-day histograms kept beside
/// them in the same transaction: every inserted answer adds one to its (survey, question, local
/// day, segment, score) count, every changed answer moves its one from the old cell to the new.
/// </summary>
public static class AnswerIngest
{
    private const int AnswerId = 0, Survey = 1, Question = 2, AnsweredAt = 3, Score = 4, Respondent = 5, Touchpoint = 6, Channel = 7;

    /// <summary>Scores of a question no scorecard declares must still be whole and at most this in magnitude.</summary>
    public const int UndeclaredScoreLimit = 1000;

    public static readonly DateTime EarliestAnswer = new(1990, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    public static readonly IngestColumns Columns = new(
        ("answerId", true), ("survey", true), ("question", true), ("answeredAt", true), ("score", true),
        ("respondent", false), ("touchpoint", false), ("channel", false));

    private sealed record Row(string AnswerId, string Survey, string Question, DateTime AnsweredAt, short Score, string Respondent, string Touchpoint, string Channel);

    /// <summary>
    /// Checks and stages the batch, then stores it: as a plain insert when every answer is new (the
    /// common case), otherwise through the merge, which counts updated and unchanged answers. Null
    /// counts: the batch has bad rows, listed in it, and nothing was stored.
    /// </summary>
    public static async Task<(StagedBatch Batch, IngestCounts? Counts)> IngestAsync(
        OrganizationTransaction transaction, IAsyncEnumerable<RawRow> rows, string timeZone,
        IReadOnlyDictionary<(string Survey, string Question), IReadOnlyList<AnswerBand>> scales, CancellationToken cancellationToken)
    {
        var latest = DateTime.UtcNow.AddDays(1);
        var deltas = new AnswerHistogramDeltas(Engine.Time.IanaTimeZones.Find(timeZone));
        var staged = await IngestBatch.StageAsync(
            transaction, rows, Columns,
            """
            CREATE TEMP TABLE staging (
                row_no bigint NOT NULL, answer_id text NOT NULL, survey text NOT NULL, question text NOT NULL,
                answered_at timestamptz NOT NULL, score smallint NOT NULL, respondent text, touchpoint text NOT NULL, channel text NOT NULL
            ) ON COMMIT DROP
            """,
            "COPY staging (row_no, answer_id, survey, question, answered_at, score, respondent, touchpoint, channel) FROM STDIN (FORMAT BINARY)",
            parser =>
            {
                var survey = parser.Text(Survey, required: true);
                var question = parser.Text(Question, required: true);
                return new Row(
                    parser.Text(AnswerId, required: true), survey, question,
                    parser.Timestamp(AnsweredAt, EarliestAnswer, latest),
                    parser.Score(Score, scales.GetValueOrDefault((survey, question)), UndeclaredScoreLimit),
                    parser.Text(Respondent, required: false), parser.Text(Touchpoint, required: false), parser.Text(Channel, required: false));
            },
            async (importer, number, row, ct) =>
            {
                // Counted while the row is at hand, for when every answer of the batch is new.
                deltas.Add(row.Survey, row.Question, row.AnsweredAt, row.Touchpoint, row.Channel, row.Score);
                await importer.StartRowAsync(ct);
                await importer.WriteAsync(number, NpgsqlDbType.Bigint, ct);
                await importer.WriteAsync(row.AnswerId, NpgsqlDbType.Text, ct);
                await importer.WriteAsync(row.Survey, NpgsqlDbType.Text, ct);
                await importer.WriteAsync(row.Question, NpgsqlDbType.Text, ct);
                await importer.WriteAsync(row.AnsweredAt, NpgsqlDbType.TimestampTz, ct);
                await importer.WriteAsync(row.Score, NpgsqlDbType.Smallint, ct);
                if (row.Respondent.Length == 0)
                {
                    await importer.WriteNullAsync(ct);
                }
                else
                {
                    await importer.WriteAsync(row.Respondent, NpgsqlDbType.Text, ct);
                }
                await importer.WriteAsync(row.Touchpoint, NpgsqlDbType.Text, ct);
                await importer.WriteAsync(row.Channel, NpgsqlDbType.Text, ct);
            },
            cancellationToken);
        if (staged.IsValid)
        {
            // Before anything is written: histogram counts are computed from the answers as they are.
            await LockAnswersAsync(transaction, cancellationToken);
            if (await InsertAllNewAsync(transaction, cancellationToken))
            {
                await deltas.AddToHistogramsAsync(transaction, cancellationToken);
                await Recompute.ChangedDays.RecordAsync(transaction, deltas.LocalDays, cancellationToken);
                return (staged, new IngestCounts(staged.Rows, 0, 0));
            }
        }
        var batch = await IngestBatch.AddDuplicatesAsync(transaction, staged, "answer_id", "The same answer id", cancellationToken);
        // A batch still valid here was valid when staged, so the lock above is held.
        return batch.IsValid ? (batch, await MergeAsync(transaction, timeZone, batch.Rows, cancellationToken)) : (batch, null);
    }

    /// <summary>
    /// The common case, a batch of answers none of which is stored yet: a plain INSERT, without the
    /// merge's conflict handling, its RETURNING and its histogram moves in SQL (the counts were
    /// taken while staging). An answer id already stored or twice in the batch breaks the primary
    /// key: the insert is undone to the savepoint and false sends the batch to the merge, which
    /// reports duplicates and tells updated from unchanged answers.
    /// </summary>
    /// <remarks>
    /// Not a COPY straight into survey_answers while reading the body: PostgreSQL refuses COPY FROM
    /// into a table with row-level security for a role it applies to (cxrox_app), and the staging
    /// table is also what the merge reads when this fails, without reading the body twice.
    /// </remarks>
    private static async Task<bool> InsertAllNewAsync(OrganizationTransaction transaction, CancellationToken cancellationToken)
    {
        await ExecuteAsync(transaction, "SAVEPOINT all_new", cancellationToken);
        try
        {
            await using var insert = transaction.Command(
                """
                INSERT INTO survey_answers (org_id, answer_id, survey, question, answered_at, score, respondent, touchpoint, channel)
                SELECT $1, answer_id, survey, question, answered_at, score, respondent, touchpoint, channel FROM staging
                """,
                transaction.OrganizationId);
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            await ExecuteAsync(transaction, "ROLLBACK TO SAVEPOINT all_new; RELEASE SAVEPOINT all_new", cancellationToken);
            return false;
        }
        await ExecuteAsync(transaction, "RELEASE SAVEPOINT all_new", cancellationToken);
        return true;
    }

    private static async Task ExecuteAsync(OrganizationTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = transaction.Command(sql);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Upserts the staged answers (some already stored) and moves their histogram counts: the old
    /// version's one leaves its cell, the new version's one enters its own.
    /// </summary>
    private static async Task<IngestCounts> MergeAsync(OrganizationTransaction transaction, string timeZone, long rows, CancellationToken cancellationToken)
    {
        // One statement: all its parts see the answers as they were before it, so "previous"
        // holds the old version of every answer the upsert changes. The caller's lock makes sure
        // no other ingest of this organization changed them since.
        await using var merge = transaction.Command(
            $"""
            WITH previous AS (
                SELECT a.answer_id, a.survey, a.question, a.answered_at, a.score, a.touchpoint, a.channel
                FROM survey_answers a JOIN staging s ON s.answer_id = a.answer_id
                WHERE a.org_id = $1
            ), merged AS (
                INSERT INTO survey_answers AS a (org_id, answer_id, survey, question, answered_at, score, respondent, touchpoint, channel)
                SELECT $1, answer_id, survey, question, answered_at, score, respondent, touchpoint, channel FROM staging
                ON CONFLICT (org_id, answer_id) DO UPDATE
                    SET survey = EXCLUDED.survey, question = EXCLUDED.question, answered_at = EXCLUDED.answered_at, score = EXCLUDED.score,
                        respondent = EXCLUDED.respondent, touchpoint = EXCLUDED.touchpoint, channel = EXCLUDED.channel, updated_at = now()
                    WHERE (a.survey, a.question, a.answered_at, a.score, a.respondent, a.touchpoint, a.channel)
                        IS DISTINCT FROM (EXCLUDED.survey, EXCLUDED.question, EXCLUDED.answered_at, EXCLUDED.score, EXCLUDED.respondent, EXCLUDED.touchpoint, EXCLUDED.channel)
                RETURNING a.answer_id, a.survey, a.question, a.answered_at, a.score, a.touchpoint, a.channel, xmax = 0 AS inserted
            ), moves AS (
                SELECT survey, question, answered_at, score, touchpoint, channel, 1 AS change FROM merged
                UNION ALL
                SELECT p.survey, p.question, p.answered_at, p.score, p.touchpoint, p.channel, -1
                FROM previous p JOIN merged m ON m.answer_id = p.answer_id AND NOT m.inserted
            ), deltas AS (
                SELECT survey, question, (answered_at AT TIME ZONE $2)::date AS local_day, touchpoint, channel, score, sum(change) AS change
                FROM moves
                GROUP BY survey, question, (answered_at AT TIME ZONE $2)::date, touchpoint, channel, score
                HAVING sum(change) <> 0
            ), added AS (
                INSERT INTO answer_histograms AS h (org_id, survey, question, local_day, touchpoint, channel, score, answers)
                SELECT $1, survey, question, local_day, touchpoint, channel, score, change FROM deltas WHERE change > 0
                ON CONFLICT (org_id, survey, question, local_day, touchpoint, channel, score) DO UPDATE
                    SET answers = h.answers + EXCLUDED.answers
            ), lowered AS (
                -- Net decreases only hit cells that hold the old answers, so they exist; kept apart
                -- from the inserts because a new row with a negative count would fail its check.
                UPDATE answer_histograms h SET answers = h.answers + d.change
                FROM deltas d
                WHERE d.change < 0 AND h.org_id = $1 AND h.answers + d.change <> 0
                    AND (h.survey, h.question, h.local_day, h.touchpoint, h.channel, h.score) = (d.survey, d.question, d.local_day, d.touchpoint, d.channel, d.score)
            ), emptied AS (
                -- Only a cell that loses answers can reach zero, so only those are looked at, not
                -- every cell of the organization. Both this and "lowered" read the counts as they
                -- were before the statement, so each cell is in exactly one of them.
                DELETE FROM answer_histograms h
                USING deltas d
                WHERE d.change < 0 AND h.org_id = $1 AND h.answers + d.change = 0
                    AND (h.survey, h.question, h.local_day, h.touchpoint, h.channel, h.score) = (d.survey, d.question, d.local_day, d.touchpoint, d.channel, d.score)
            ), {Recompute.ChangedDays.Cte("SELECT (answered_at AT TIME ZONE $2)::date FROM moves")}
            SELECT count(*) FILTER (WHERE inserted), count(*) FILTER (WHERE NOT inserted) FROM merged
            """,
            transaction.OrganizationId, timeZone);
        return await IngestCountsReader.ReadAsync(merge, rows, cancellationToken);
    }

    /// <summary>
    /// Serializes the writers of an organization's answers and histograms (ingest, rebuild,
    /// delete) until the transaction ends, so that histogram changes are computed from the
    /// answers as they are.
    /// </summary>
    public static async Task LockAnswersAsync(OrganizationTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = transaction.Command("SELECT pg_advisory_xact_lock(hashtextextended('cxrox.answers.' || $1::text, 0))", transaction.OrganizationId);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Recounts the organization's histograms from its raw answers in the given time zone.</summary>
    public static async Task<long> RebuildHistogramsAsync(OrganizationTransaction transaction, string timeZone, CancellationToken cancellationToken)
    {
        await LockAnswersAsync(transaction, cancellationToken);
        // Kept to tell, once recounted, which days' counts the rebuild changed (docs/stale-scores.md).
        await using (var keep = transaction.Command(
            $"CREATE TEMP TABLE histograms_before ON COMMIT DROP AS SELECT {HistogramCells} FROM answer_histograms WHERE org_id = $1", transaction.OrganizationId))
        {
            await keep.ExecuteNonQueryAsync(cancellationToken);
        }
        await using (var clear = transaction.Command("DELETE FROM answer_histograms WHERE org_id = $1", transaction.OrganizationId))
        {
            await clear.ExecuteNonQueryAsync(cancellationToken);
        }
        long rows;
        await using (var fill = transaction.Command(
            """
            INSERT INTO answer_histograms (org_id, survey, question, local_day, touchpoint, channel, score, answers)
            SELECT org_id, survey, question, (answered_at AT TIME ZONE $2)::date, touchpoint, channel, score, count(*)
            FROM survey_answers WHERE org_id = $1
            GROUP BY org_id, survey, question, (answered_at AT TIME ZONE $2)::date, touchpoint, channel, score
            """,
            transaction.OrganizationId, timeZone))
        {
            rows = await fill.ExecuteNonQueryAsync(cancellationToken);
        }
        var differingDays = $"""
            SELECT local_day FROM (
                (SELECT * FROM histograms_before EXCEPT SELECT {HistogramCells} FROM answer_histograms WHERE org_id = $1)
                UNION ALL
                (SELECT {HistogramCells} FROM answer_histograms WHERE org_id = $1 EXCEPT SELECT * FROM histograms_before)
            ) differing
            """;
        await using (var changed = transaction.Command($"WITH {Recompute.ChangedDays.Cte(differingDays)} SELECT 1", transaction.OrganizationId))
        {
            await changed.ExecuteNonQueryAsync(cancellationToken);
        }
        return rows;
    }

    private const string HistogramCells = "survey, question, local_day, touchpoint, channel, score, answers";
}
