using CxRox.Api.Scores;
using CxRox.Api.Storage;
using CxRox.Engine.Evaluation;
using CxRox.Engine.Time;

namespace CxRox.Api.Recompute;

/// <summary>
/// Stored periods whose data changed after their snapshot was computed (docs/stale-scores.md):
/// how a read says so, how a recompute notes what it read, and which periods the next recompute
/// of a scorecard covers besides its usual ones.
/// </summary>
public static class StalePeriods
{
    /// <summary>
    /// A SQL boolean: the snapshot aliased <paramref name="snapshot"/> (a score_snapshots row) is
    /// stale, that is a day of its period was changed by a transaction its computation could not
    /// see. One index range scan of changed_days per row, in the read's own statement.
    /// </summary>
    public static string IsStaleSql(string snapshot) =>
        $"""
        EXISTS (SELECT 1 FROM changed_days c
                WHERE c.org_id = {snapshot}.org_id AND c.local_day BETWEEN {snapshot}.period_start AND {snapshot}.period_end
                  AND NOT pg_visible_in_snapshot(c.changed_by, {snapshot}.data_seen))
        """;

    /// <summary>
    /// The stored result <paramref name="snapshot"/>.result with <c>period.stale</c> set, as jsonb.
    /// </summary>
    public static string ResultSql(string snapshot) =>
        $"jsonb_set({snapshot}.result, '{{period,stale}}', to_jsonb({IsStaleSql(snapshot)}))";

    /// <summary>
    /// Notes, before a recompute reads any data, the database snapshot its reads see at the least
    /// (read committed: each later statement sees at least as much); the snapshots it writes in
    /// this transaction keep it as data_seen (migration 015). A change committed after this is
    /// one the recompute may have missed, so its periods stay stale until the next one.
    /// </summary>
    public static async Task NoteDataSeenAsync(OrganizationTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = transaction.Command("SELECT set_config('cxrox.data_seen', pg_current_snapshot()::text, true)");
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// <paramref name="periods"/> (a recompute's usual range) widened back to the oldest stale
    /// stored period of the version, so that one job covers both; at most as many periods as one
    /// run of the scorecard may hold, dropping the oldest beyond (they stay stale and flagged,
    /// for a recompute with 'from' and 'to'). Unchanged when nothing older is stale.
    /// </summary>
    public static async Task<IReadOnlyList<ScorePeriod>> WidenAsync(
        OrganizationTransaction transaction, string scorecardId, int version, CompiledScorecard compiled, IReadOnlyList<ScorePeriod> periods, DateOnly today,
        CancellationToken cancellationToken)
    {
        if (await OldestStaleStartAsync(transaction, scorecardId, version, periods[0].Start, cancellationToken) is not { } oldest)
        {
            return periods;
        }
        var unit = compiled.Scorecard.Period;
        var limit = Math.Min(ScorePeriods.MaxPeriods, compiled.MaxRunPeriods);
        var from = oldest;
        // Ranges longer than a request may ask for are refused by ScorePeriods.Range: count back instead.
        var earliest = periods[^1].Start;
        for (var i = 1; i < limit; i++)
        {
            earliest = PeriodCalendar.Previous(unit, earliest);
        }
        if (from < earliest)
        {
            from = earliest;
        }
        return ScorePeriods.Range(unit, from, periods[^1].End, today) ?? periods;
    }

    /// <summary>The first day of the oldest stale period of the version that starts before <paramref name="before"/>; null when there is none.</summary>
    public static async Task<DateOnly?> OldestStaleStartAsync(
        OrganizationTransaction transaction, string scorecardId, int version, DateOnly before, CancellationToken cancellationToken)
    {
        await using var command = transaction.Command(
            $"""
            SELECT min(s.period_start) FROM score_snapshots s
            WHERE s.org_id = $1 AND s.scorecard_id = $2 AND s.version = $3 AND s.period_start < $4 AND {IsStaleSql("s")}
            """,
            transaction.OrganizationId, scorecardId, version, before);
        return await command.ExecuteScalarAsync(cancellationToken) is DateOnly start ? start : null;
    }
}
