using System.Collections.Concurrent;
using CxRox.Api.Storage;
using Npgsql;

namespace CxRox.Api.Scores;

/// <summary>The latest scores' JSON as read at a scores revision.</summary>
public sealed record LatestScores(long Revision, ReadOnlyMemory<byte> Json);

/// <summary>
/// The bytes of GET scores/latest per organization, scorecard and version asked for (null: the
/// newest), each with the scores revision it was read at, and the scorecards' current revisions.
/// Bytes are served only when they were read at the current revision or later, and the current
/// revision is confirmed from the database for every request, by a query that starts after the
/// request arrived (<see cref="CoalescedLookup{TKey, TValue}"/>): so no instance, of any number
/// on one database, serves a snapshot older than the one stored when the request came in.
/// Under load, concurrent requests share one revision query per round trip.
/// </summary>
public sealed class LatestScoresCache(NpgsqlDataSource dataSource)
{
    private readonly CoalescedLookup<(Guid Organization, string Scorecard), long> _revisions =
        new(scorecards => SnapshotsStore.ReadRevisionsAsync(dataSource, scorecards));

    // Bounded by the versions that have scores: only found snapshots are kept.
    private readonly ConcurrentDictionary<(Guid Organization, string Scorecard, int? Version), LatestScores> _kept = new();

    /// <summary>The scorecard's scores revision, read after this call; null when there is no such scorecard.</summary>
    public Task<long?> CurrentRevisionAsync(Guid organizationId, string scorecardId, CancellationToken cancellationToken) =>
        _revisions.GetAsync((organizationId, scorecardId), cancellationToken);

    /// <summary>The kept bytes, when they were read at <paramref name="currentRevision"/> or later.</summary>
    public LatestScores? Find(Guid organizationId, string scorecardId, int? version, long currentRevision) =>
        _kept.TryGetValue((organizationId, scorecardId, version), out var kept) && kept.Revision >= currentRevision ? kept : null;

    /// <summary>Keeps bytes read at a revision, unless bytes of a later revision are kept already (reads finish in any order).</summary>
    public void Keep(Guid organizationId, string scorecardId, int? version, LatestScores latest) =>
        _kept.AddOrUpdate((organizationId, scorecardId, version), latest, (_, kept) => kept.Revision >= latest.Revision ? kept : latest);
}
