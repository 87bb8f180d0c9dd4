using CxRox.Api.Storage;

namespace CxRox.Api.Recompute;

/// <summary>
/// Records, in the very transaction that changes an organization's observations or answers,
/// which of its local days changed and by which transaction (table changed_days, migration 015;
/// docs/stale-scores.md). A local day is the organization's: the day observations are stored by
/// and answers are counted by in the histograms scores are computed from, so any period of any
/// scorecard, week, month or quarter, holds a day exactly when its first and last day enclose it.
/// </summary>
/// <remarks>
/// Writers lock the days' rows in ascending order and then, in <see cref="PublishAsync"/>, their
/// scorecards' rows in ascending id, each in one statement: two writers of one organization
/// queue rather than deadlock.
/// </remarks>
public static class ChangedDays
{
    /// <summary>
    /// A common table expression (for a WITH list) that records as changed, by this transaction,
    /// the days that <paramref name="daysQuery"/> (a SELECT of one date column) yields. The
    /// statement must have the organization as $1.
    /// </summary>
    public static string Cte(string daysQuery) =>
        $"""
        changed_days_marked AS (
            INSERT INTO changed_days AS c (org_id, local_day, changed_by)
            SELECT DISTINCT $1::uuid, changed.day, pg_current_xact_id() FROM ({daysQuery}) AS changed(day)
            ORDER BY 2
            ON CONFLICT (org_id, local_day) DO UPDATE SET changed_by = EXCLUDED.changed_by, changed_at = now()
        )
        """;

    /// <summary>Records the given days as changed by this transaction, in one statement.</summary>
    public static async Task RecordAsync(OrganizationTransaction transaction, IEnumerable<DateOnly> days, CancellationToken cancellationToken)
    {
        var distinct = days.Distinct().ToArray();
        if (distinct.Length == 0)
        {
            return;
        }
        await using var command = transaction.Command($"WITH {Cte("SELECT unnest($2::date[])")} SELECT 1", transaction.OrganizationId, distinct);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// The last step of a transaction that changed data, just before its commit: raises the scores
    /// revision of every scorecard with a stored period holding a day this transaction changed,
    /// since its reads now say <c>stale</c> (the revision is what their ETags and the cache of
    /// scores/latest are keyed by). True when the transaction changed any day.
    /// </summary>
    public static async Task<bool> PublishAsync(OrganizationTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = transaction.Command(
            """
            WITH mine AS (
                SELECT local_day FROM changed_days WHERE org_id = $1 AND changed_by = pg_current_xact_id()
            ), affected AS (
                SELECT sc.id FROM scorecards sc
                WHERE sc.org_id = $1 AND EXISTS (
                    SELECT 1 FROM score_snapshots s JOIN mine ON mine.local_day BETWEEN s.period_start AND s.period_end
                    WHERE s.org_id = $1 AND s.scorecard_id = sc.id)
                ORDER BY sc.id
                FOR UPDATE
            ), raised AS (
                UPDATE scorecards sc SET scores_revision = nextval('score_revisions')
                FROM affected WHERE sc.org_id = $1 AND sc.id = affected.id
            )
            SELECT EXISTS (SELECT 1 FROM mine)
            """,
            transaction.OrganizationId);
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}
