using CxRox.Api.Storage;
using Npgsql;

namespace CxRox.Api.Scorecards;

public sealed record StoredScorecard(string Id, string Name, int CurrentVersion, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? ArchivedAt);

public sealed record StoredScorecardVersion(
    string ScorecardId, int Version, string Name, string Document, string ContentHash, string WarningsJson, DateTimeOffset CreatedAt, Guid CreatedBy);

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
public sealed record PutOutcome(PutOutcomeKind Kind, StoredScorecardVersion? Version);

/// <summary>Scorecards and their immutable versions, always inside an <see cref="OrganizationTransaction"/>.</summary>
public sealed class ScorecardsStore
{
    private const string VersionColumns = "v.scorecard_id, v.version, v.name, v.document, v.content_hash, v.warnings::text, v.created_at, v.created_by";
    // The same columns with an empty document, for lists that do not show documents.
    private const string VersionSummaryColumns = "v.scorecard_id, v.version, v.name, '', v.content_hash, v.warnings::text, v.created_at, v.created_by";
    private const string ScorecardColumns = "s.id, v.name, s.current_version, s.created_at, s.updated_at, s.archived_at";

    /// <summary>
    /// Creates the scorecard or adds a version. The scorecard's row is locked (FOR UPDATE) before
    /// the precondition is checked, so of two writers holding the same ETag exactly one succeeds
    /// and the other sees the newer version and fails its precondition. Sending the current
    /// document again changes nothing (no new version).
    /// </summary>
    public static async Task<PutOutcome> PutAsync(
        OrganizationTransaction transaction, string scorecardId, string name, ScorecardSubmission document,
        WritePrecondition precondition, Guid keyId, CancellationToken cancellationToken)
    {
        (int Version, bool Archived)? current = null;
        await using (var lockRow = transaction.Command(
            "SELECT current_version, archived_at IS NOT NULL FROM scorecards WHERE org_id = $1 AND id = $2 FOR UPDATE",
            transaction.OrganizationId, scorecardId))
        await using (var reader = await lockRow.ExecuteReaderAsync(cancellationToken))
        {
            if (await reader.ReadAsync(cancellationToken))
            {
                current = (reader.GetInt32(0), reader.GetBoolean(1));
            }
        }
        if (current is { } found)
        {
            return await ReplaceAsync(transaction, scorecardId, name, document, precondition, keyId, found.Version, found.Archived, cancellationToken);
        }

        if (precondition.HasIfMatch)
        {
            return new PutOutcome(PutOutcomeKind.PreconditionFailed, null);
        }
        await using var insert = transaction.Command(
            "INSERT INTO scorecards (org_id, id, current_version) VALUES ($1, $2, 1) ON CONFLICT DO NOTHING",
            transaction.OrganizationId, scorecardId);
        if (await insert.ExecuteNonQueryAsync(cancellationToken) == 0)
        {
            // Created by a concurrent request since our look-up: this request did not say which version it replaces.
            return new PutOutcome(precondition.IfNoneMatchAny ? PutOutcomeKind.PreconditionFailed : PutOutcomeKind.PreconditionRequired, null);
        }
        return new PutOutcome(PutOutcomeKind.Created, await InsertVersionAsync(transaction, scorecardId, 1, name, document, keyId, cancellationToken));
    }

    private static async Task<PutOutcome> ReplaceAsync(
        OrganizationTransaction transaction, string scorecardId, string name, ScorecardSubmission document,
        WritePrecondition precondition, Guid keyId, int current, bool archived, CancellationToken cancellationToken)
    {
        var currentVersion = await FindVersionAsync(transaction, scorecardId, current, cancellationToken);
        if (precondition.IfNoneMatchAny)
        {
            return new PutOutcome(PutOutcomeKind.PreconditionFailed, currentVersion);
        }
        if (!precondition.HasIfMatch)
        {
            return new PutOutcome(PutOutcomeKind.PreconditionRequired, currentVersion);
        }
        if (!precondition.Allows(current))
        {
            return new PutOutcome(PutOutcomeKind.PreconditionFailed, currentVersion);
        }
        if (archived)
        {
            return new PutOutcome(PutOutcomeKind.Archived, currentVersion);
        }
        if (currentVersion!.ContentHash == document.ContentHash)
        {
            return new PutOutcome(PutOutcomeKind.Unchanged, currentVersion);
        }
        var added = await InsertVersionAsync(transaction, scorecardId, current + 1, name, document, keyId, cancellationToken);
        await using var update = transaction.Command(
            "UPDATE scorecards SET current_version = $3, updated_at = now() WHERE org_id = $1 AND id = $2",
            transaction.OrganizationId, scorecardId, current + 1);
        await update.ExecuteNonQueryAsync(cancellationToken);
        return new PutOutcome(PutOutcomeKind.Replaced, added);
    }

    private static async Task<StoredScorecardVersion> InsertVersionAsync(
        OrganizationTransaction transaction, string scorecardId, int version, string name, ScorecardSubmission document, Guid keyId,
        CancellationToken cancellationToken)
    {
        var warnings = System.Text.Json.JsonSerializer.Serialize(document.Warnings.Select(DiagnosticResponse.From), ScorecardJson.Options);
        await using var insert = transaction.Command(
            $"""
            INSERT INTO scorecard_versions AS v (org_id, scorecard_id, version, name, document, parsed, content_hash, warnings, created_by)
            VALUES ($1, $2, $3, $4, $5, $5::jsonb, $6, $7::jsonb, $8)
            RETURNING {VersionColumns}
            """,
            transaction.OrganizationId, scorecardId, version, name, document.Text, document.ContentHash, warnings, keyId);
        return (await ReadVersionsAsync(insert, cancellationToken)).Single();
    }

    public static async Task<StoredScorecardVersion?> FindVersionAsync(
        OrganizationTransaction transaction, string scorecardId, int version, CancellationToken cancellationToken)
    {
        await using var command = transaction.Command(
            $"SELECT {VersionColumns} FROM scorecard_versions v WHERE v.org_id = $1 AND v.scorecard_id = $2 AND v.version = $3",
            transaction.OrganizationId, scorecardId, version);
        return (await ReadVersionsAsync(command, cancellationToken)).SingleOrDefault();
    }

    /// <summary>The version history, oldest first (documents not included).</summary>
    public static async Task<IReadOnlyList<StoredScorecardVersion>> ListVersionsAsync(
        OrganizationTransaction transaction, string scorecardId, CancellationToken cancellationToken)
    {
        await using var command = transaction.Command(
            $"SELECT {VersionSummaryColumns} FROM scorecard_versions v WHERE v.org_id = $1 AND v.scorecard_id = $2 ORDER BY v.version",
            transaction.OrganizationId, scorecardId);
        return await ReadVersionsAsync(command, cancellationToken);
    }

    public static async Task<StoredScorecard?> FindAsync(OrganizationTransaction transaction, string scorecardId, CancellationToken cancellationToken) =>
        (await QueryScorecardsAsync(transaction, "AND s.id = $2", [scorecardId], cancellationToken)).SingleOrDefault();

    public static Task<IReadOnlyList<StoredScorecard>> ListAsync(OrganizationTransaction transaction, bool includeArchived, CancellationToken cancellationToken) =>
        QueryScorecardsAsync(transaction, includeArchived ? "" : "AND s.archived_at IS NULL", [], cancellationToken);

    /// <summary>Archives or restores; null when there is no such scorecard. Archiving twice keeps the first time.</summary>
    public static async Task<StoredScorecard?> SetArchivedAsync(
        OrganizationTransaction transaction, string scorecardId, bool archived, CancellationToken cancellationToken)
    {
        await using var command = transaction.Command(
            archived
                ? "UPDATE scorecards SET archived_at = coalesce(archived_at, now()) WHERE org_id = $1 AND id = $2"
                : "UPDATE scorecards SET archived_at = NULL WHERE org_id = $1 AND id = $2",
            transaction.OrganizationId, scorecardId);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 0 ? null : await FindAsync(transaction, scorecardId, cancellationToken);
    }

    /// <summary>A version's parsed form (jsonb as text), for diffs.</summary>
    public static async Task<string?> FindParsedAsync(
        OrganizationTransaction transaction, string scorecardId, int version, CancellationToken cancellationToken)
    {
        await using var command = transaction.Command(
            "SELECT parsed::text FROM scorecard_versions WHERE org_id = $1 AND scorecard_id = $2 AND version = $3",
            transaction.OrganizationId, scorecardId, version);
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    private static async Task<IReadOnlyList<StoredScorecard>> QueryScorecardsAsync(
        OrganizationTransaction transaction, string condition, object?[] parameters, CancellationToken cancellationToken)
    {
        await using var command = transaction.Command(
            $"""
            SELECT {ScorecardColumns}
            FROM scorecards s JOIN scorecard_versions v ON v.org_id = s.org_id AND v.scorecard_id = s.id AND v.version = s.current_version
            WHERE s.org_id = $1 {condition}
            ORDER BY s.id
            """,
            [transaction.OrganizationId, .. parameters]);
        var scorecards = new List<StoredScorecard>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            scorecards.Add(new StoredScorecard(
                reader.GetString(0), reader.GetString(1), reader.GetInt32(2),
                reader.GetFieldValue<DateTimeOffset>(3), reader.GetFieldValue<DateTimeOffset>(4),
                reader.IsDBNull(5) ? null : reader.GetFieldValue<DateTimeOffset>(5)));
        }
        return scorecards;
    }

    private static async Task<IReadOnlyList<StoredScorecardVersion>> ReadVersionsAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var versions = new List<StoredScorecardVersion>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            versions.Add(new StoredScorecardVersion(
                reader.GetString(0), reader.GetInt32(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetString(5),
                reader.GetFieldValue<DateTimeOffset>(6), reader.GetGuid(7)));
        }
        return versions;
    }
}
