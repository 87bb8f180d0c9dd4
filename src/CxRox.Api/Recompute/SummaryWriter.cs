using CxRox.Api.Data;
using CxRox.Api.Scorecards;
using CxRox.Api.Scores;
using CxRox.Api.Storage;
using CxRox.Api.Summaries;
using CxRox.Engine.Model;
using Npgsql;

namespace CxRox.Api.Recompute;

/// <summary>
/// Writes the summary of one complete period from the stored snapshots of a version (that period
/// and up to <see cref="SummaryBuilder.HistoryPeriods"/> before it) and the data counted for it,
/// in a transaction of its own. A recompute calls it for the newest complete period it stored; a
/// schedule may call it for any.
/// </summary>
public sealed class SummaryWriter(NpgsqlDataSource dataSource)
{
    /// <returns>The stored summary; null when the version has no complete snapshot of the period starting on <paramref name="periodStart"/>.</returns>
    public Task<StoredSummary?> WriteAsync(Guid organizationId, string scorecardId, int version, DateOnly periodStart, CancellationToken cancellationToken) =>
        WriteAsync(organizationId, scorecardId, version, periodStart, [], cancellationToken);

    /// <param name="justStored">
    /// Documents of consecutive periods of this version that the caller has just stored (a
    /// recompute's), oldest first: they are not read back, only the periods before them are.
    /// </param>
    /// <param name="scorecard">The version as read, when the caller has it (a recompute does); otherwise it is loaded and read again.</param>
    public async Task<StoredSummary?> WriteAsync(
        Guid organizationId, string scorecardId, int version, DateOnly periodStart, IReadOnlyList<ScoreDocument> justStored, CancellationToken cancellationToken,
        Scorecard? scorecard = null)
    {
        await using var transaction = await OrganizationTransaction.BeginAsync(dataSource, organizationId, cancellationToken);
        var known = justStored.Where(d => d.Period.Start <= periodStart).TakeLast(SummaryBuilder.HistoryPeriods + 1).ToList();
        var missing = SummaryBuilder.HistoryPeriods + 1 - known.Count;
        var before = known.Count == 0 || missing == 0
            ? []
            : await SnapshotsStore.ReadUpToAsync(transaction, scorecardId, version, known[0].Period.Start.AddDays(-1), missing, cancellationToken);
        var snapshots = known.Count == 0
            ? await SnapshotsStore.ReadUpToAsync(transaction, scorecardId, version, periodStart, SummaryBuilder.HistoryPeriods + 1, cancellationToken)
            : [.. before, .. known];
        if (snapshots.Count == 0 || snapshots[^1] is not { Period.Partial: false } current || current.Period.Start != periodStart)
        {
            return null;
        }
        // The snapshot exists, so its version does; a stored version always reads.
        scorecard ??= ScorecardReader.Read((await ScorecardsStore.FindVersionAsync(transaction, scorecardId, version, cancellationToken))!.Document).Scorecard!;
        var counts = await DataCounts.CountAsync(transaction, scorecard, current.Period.Start, current.Period.End.AddDays(1), cancellationToken);

        var summary = SummaryBuilder.Build(current, [.. snapshots.SkipLast(1)], counts, ScorecardPresentation.From(scorecard));
        var written = await SummariesStore.WriteAsync(transaction, summary, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return written;
    }
}
