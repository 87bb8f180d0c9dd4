using CxRox.Api.Data;
using CxRox.Api.Schedules;
using CxRox.Api.Storage;
using JasperFx.Events;
using Marten;

namespace CxRox.Api.Scorecards;

public sealed record StoredScorecard(string Id, string Name, int CurrentVersion, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? ArchivedAt)
{
    public static StoredScorecard From(CurrentScorecard scorecard) => new(
        scorecard.Id, scorecard.Name, scorecard.CurrentVersion, scorecard.CreatedAt, scorecard.UpdatedAt, scorecard.ArchivedAt);
}

public sealed record StoredScorecardVersion(
    string ScorecardId, int Version, string Name, string Document, string ContentHash, IReadOnlyList<DiagnosticResponse> Warnings, DateTimeOffset CreatedAt,
    Guid CreatedBy)
{
    public static StoredScorecardVersion From(string scorecardId, ScorecardVersionSaved saved) => new(
        scorecardId, saved.Version, saved.Name, saved.Document, saved.ContentHash, saved.Warnings, saved.SavedAt, saved.SavedBy);
}

/// <summary>What the client asked with If-Match / If-None-Match on a PUT.</summary>
/// <param name="HasIfMatch">An If-Match header was sent.</param>
/// <param name="IfMatchVersions">The versions named by strong tags in If-Match.</param>
/// <param name="IfNoneMatchAny">If-None-Match: * (create only).</param>
public sealed record WritePrecondition(bool HasIfMatch, IReadOnlySet<int> IfMatchVersions, bool IfNoneMatchAny)
{
    public bool Allows(int currentVersion) => IfMatchVersions.Contains(currentVersion);
}

public enum PutOutcomeKind { Created, Replaced, Unchanged, PreconditionRequired, PreconditionFailed, Archived }

/// <param name="Version">The version now current (after a write) or found (otherwise); null when there is none.</param>
/// <param name="Scorecard">The scorecard as it is now, when the PUT stored or kept its document (Created, Replaced, Unchanged).</param>
/// <param name="Schedule">The schedule the scorecard now has, when the PUT stored a version (Created, Replaced).</param>
public sealed record PutOutcome(PutOutcomeKind Kind, StoredScorecardVersion? Version, StoredScorecard? Scorecard = null, ScorecardSchedule? Schedule = null);

/// <summary>
/// Scorecards as event streams (Marten), always inside an <see cref="OrganizationTransaction"/>:
/// each write appends to the scorecard's stream, whose inline projection is the
/// <see cref="CurrentScorecard"/> every read starts from.
/// </summary>
public static class ScorecardsStore
{
    /// <summary>
    /// Creates the scorecard or adds a version. The stream is locked (Marten's exclusive fetch)
    /// before the precondition is checked, and the append expects the stream version read under
    /// that lock, so of writers holding the same ETag exactly one succeeds and the others see the
    /// newer version and fail their precondition. A document whose canonical form equals the
    /// current version's changes nothing (no new version). A new version's schedule is appended
    /// with it (when it changes the schedule), and the outcome is built from what was read under
    /// the lock and what was appended: the projection is loaded once.
    /// </summary>
    public static async Task<PutOutcome> PutAsync(
        OrganizationTransaction transaction, string scorecardId, string name, ScorecardSubmission document,
        WritePrecondition precondition, Guid keyId, CancellationToken cancellationToken)
    {
        await using var session = ScorecardDocuments.OpenSession(transaction);
        var stream = await session.Events.FetchForExclusiveWriting<CurrentScorecard>(scorecardId, cancellationToken);
        var canonicalHash = CanonicalJson.Hash(document.Text);
        if (stream.Aggregate is { Current: not null } current)
        {
            var currentVersion = StoredScorecardVersion.From(scorecardId, current.Current);
            var refusal = Refusal(precondition, current);
            if (refusal is { } kind)
            {
                return new PutOutcome(kind, currentVersion);
            }
            if (current.Current.CanonicalHash == canonicalHash)
            {
                return new PutOutcome(PutOutcomeKind.Unchanged, currentVersion, StoredScorecard.From(current));
            }
            var replaced = Saved(current.CurrentVersion + 1, name, document, canonicalHash, keyId);
            stream.AppendOne(replaced);
            var (schedule, scheduleChange) = ScheduleStore.ChangeFromScorecard(scorecardId, current.Schedule, document.Scorecard?.Schedule, keyId);
            if (scheduleChange is not null)
            {
                stream.AppendOne(scheduleChange);
            }
            await session.SaveChangesAsync(cancellationToken);
            await QuestionMinSamples.RecordAsync(transaction, document.Text, cancellationToken);
            var scorecard = StoredScorecard.From(current) with { Name = replaced.Name, CurrentVersion = replaced.Version, UpdatedAt = replaced.SavedAt };
            return new PutOutcome(PutOutcomeKind.Replaced, StoredScorecardVersion.From(scorecardId, replaced), scorecard, schedule);
        }

        if (precondition.HasIfMatch)
        {
            return new PutOutcome(PutOutcomeKind.PreconditionFailed, null);
        }
        var created = Saved(1, name, document, canonicalHash, keyId);
        var (createdSchedule, createdScheduleChange) = ScheduleStore.ChangeFromScorecard(scorecardId, null, document.Scorecard?.Schedule, keyId);
        session.Events.StartStream<CurrentScorecard>(scorecardId, createdScheduleChange is null ? [created] : [created, createdScheduleChange]);
        try
        {
            await session.SaveChangesAsync(cancellationToken);
        }
        catch (Exception e) when (e is JasperFx.ConcurrencyException or JasperFx.Events.ExistingStreamIdCollisionException or Marten.Exceptions.ExistingStreamIdCollisionException)
        {
            // Created by a concurrent request since our look-up: this request did not say which
            // version it replaces. The transaction is spoilt by the failed insert; nothing is kept.
            return new PutOutcome(precondition.IfNoneMatchAny ? PutOutcomeKind.PreconditionFailed : PutOutcomeKind.PreconditionRequired, null);
        }
        await QuestionMinSamples.RecordAsync(transaction, document.Text, cancellationToken);
        // The scorecard's row among the relational tables: what its scores, runs and summaries hang on.
        await using (var register = transaction.Command(
            "INSERT INTO scorecards (org_id, id) VALUES ($1, $2) ON CONFLICT DO NOTHING", transaction.OrganizationId, scorecardId))
        {
            await register.ExecuteNonQueryAsync(cancellationToken);
        }
        var createdScorecard = new StoredScorecard(scorecardId, created.Name, created.Version, created.SavedAt, created.SavedAt, ArchivedAt: null);
        return new PutOutcome(PutOutcomeKind.Created, StoredScorecardVersion.From(scorecardId, created), createdScorecard, createdSchedule);
    }

    private static PutOutcomeKind? Refusal(WritePrecondition precondition, CurrentScorecard current) =>
        precondition.IfNoneMatchAny ? PutOutcomeKind.PreconditionFailed
        : !precondition.HasIfMatch ? PutOutcomeKind.PreconditionRequired
        : !precondition.Allows(current.CurrentVersion) ? PutOutcomeKind.PreconditionFailed
        : current.ArchivedAt is not null ? PutOutcomeKind.Archived
        : null;

    private static ScorecardVersionSaved Saved(int version, string name, ScorecardSubmission document, string canonicalHash, Guid keyId) => new(
        version, name, document.Text, document.ContentHash, canonicalHash, [.. document.Warnings.Select(DiagnosticResponse.From)], keyId, DateTimeOffset.UtcNow);

    public static async Task<StoredScorecardVersion?> FindVersionAsync(
        OrganizationTransaction transaction, string scorecardId, int version, CancellationToken cancellationToken) =>
        (await FindWithVersionAsync(transaction, scorecardId, version, cancellationToken))?.Version;

    /// <summary>
    /// The scorecard and one of its versions (the current one when <paramref name="version"/> is
    /// null; null when it has no such version), from one load of its projection.
    /// </summary>
    public static async Task<(StoredScorecard Scorecard, StoredScorecardVersion? Version)?> FindWithVersionAsync(
        OrganizationTransaction transaction, string scorecardId, int? version, CancellationToken cancellationToken)
    {
        await using var session = ScorecardDocuments.OpenSession(transaction);
        var scorecard = await session.LoadAsync<CurrentScorecard>(scorecardId, cancellationToken);
        if (scorecard?.Current is not { } current)
        {
            return null;
        }
        if (version is null || version == current.Version)
        {
            return (StoredScorecard.From(scorecard), StoredScorecardVersion.From(scorecardId, current));
        }
        if (scorecard.EventOf(version.Value) is not { } streamVersion)
        {
            return (StoredScorecard.From(scorecard), null);
        }
        // The version's own event, and only it.
        var events = await session.Events.FetchStreamAsync(scorecardId, streamVersion, null, streamVersion, cancellationToken);
        return (StoredScorecard.From(scorecard),
            events.Select(e => e.Data).OfType<ScorecardVersionSaved>().Select(saved => StoredScorecardVersion.From(scorecardId, saved)).SingleOrDefault());
    }

    /// <summary>The version history, oldest first, from the audit trail's version-saved changes (documents not included: their Document is empty).</summary>
    public static async Task<IReadOnlyList<StoredScorecardVersion>> ListVersionsAsync(
        OrganizationTransaction transaction, string scorecardId, CancellationToken cancellationToken) =>
        [.. (await ScorecardHistory.ReadAsync(transaction, scorecardId, before: null, int.MaxValue, cancellationToken))
            .Where(change => change.Version is not null)
            .Reverse()
            .Select(saved => new StoredScorecardVersion(scorecardId, saved.Version!.Value, saved.Name!, "", saved.ContentHash!, [], saved.At, saved.By!.Value))];

    public static async Task<StoredScorecard?> FindAsync(OrganizationTransaction transaction, string scorecardId, CancellationToken cancellationToken)
    {
        await using var session = ScorecardDocuments.OpenSession(transaction);
        return await session.LoadAsync<CurrentScorecard>(scorecardId, cancellationToken) is { } scorecard ? StoredScorecard.From(scorecard) : null;
    }

    public static async Task<IReadOnlyList<StoredScorecard>> ListAsync(OrganizationTransaction transaction, bool includeArchived, CancellationToken cancellationToken)
    {
        await using var session = ScorecardDocuments.OpenSession(transaction);
        var query = session.Query<CurrentScorecard>();
        var scorecards = includeArchived
            ? await query.OrderBy(s => s.Id).ToListAsync(cancellationToken)
            : await query.Where(s => s.ArchivedAt == null).OrderBy(s => s.Id).ToListAsync(cancellationToken);
        return [.. scorecards.Select(StoredScorecard.From)];
    }

    /// <summary>The documents of the current versions of the scorecards not archived.</summary>
    public static async Task<IReadOnlyList<string>> ListCurrentDocumentsAsync(OrganizationTransaction transaction, CancellationToken cancellationToken)
    {
        await using var session = ScorecardDocuments.OpenSession(transaction);
        var scorecards = await session.Query<CurrentScorecard>().Where(s => s.ArchivedAt == null).ToListAsync(cancellationToken);
        return [.. scorecards.Where(s => s.Current is not null).Select(s => s.Current!.Document)];
    }

    /// <summary>Archives or restores; null when there is no such scorecard. Archiving twice keeps the first time (and appends nothing).</summary>
    public static async Task<StoredScorecard?> SetArchivedAsync(
        OrganizationTransaction transaction, string scorecardId, bool archived, Guid keyId, CancellationToken cancellationToken)
    {
        await using var session = ScorecardDocuments.OpenSession(transaction);
        var stream = await session.Events.FetchForExclusiveWriting<CurrentScorecard>(scorecardId, cancellationToken);
        if (stream.Aggregate is not { } scorecard)
        {
            return null;
        }
        if (archived == scorecard.ArchivedAt is not null)
        {
            return StoredScorecard.From(scorecard);
        }
        stream.AppendOne(archived ? new ScorecardArchived(keyId, DateTimeOffset.UtcNow) : new ScorecardRestored(keyId, DateTimeOffset.UtcNow));
        await session.SaveChangesAsync(cancellationToken);
        return await FindAsync(transaction, scorecardId, cancellationToken);
    }
}
