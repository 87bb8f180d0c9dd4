using CxRox.Api.Schedules;

namespace CxRox.Api.Scorecards;

// The events of a scorecard's stream (one stream per scorecard and organization, keyed by the
// scorecard's id). They are facts, never changed once appended; the current scorecard is their
// projection (CurrentScorecard) and every version stays readable from its event.

/// <summary>
/// A version was saved: the document exactly as sent (<paramref name="ContentHash"/> is the
/// SHA-256 of its bytes), the hash of its canonical form (what decides whether a PUT changes
/// anything), the warnings the engine found, and the key that saved it.
/// </summary>
public sealed record ScorecardVersionSaved(
    int Version, string Name, string Document, string ContentHash, string CanonicalHash, IReadOnlyList<DiagnosticResponse> Warnings,
    Guid SavedBy, DateTimeOffset SavedAt);

/// <summary>The schedule was set (<paramref name="Schedule"/>) or removed (null), by a version's declaration or through the API.</summary>
/// <param name="ChangedBy">The key, when a request changed it; null for a change carried over from an older build.</param>
public sealed record ScorecardScheduleChanged(ScorecardSchedule? Schedule, Guid? ChangedBy, DateTimeOffset ChangedAt);

/// <param name="ArchivedBy">The key; null for an archive carried over from an older build, which did not record it.</param>
public sealed record ScorecardArchived(Guid? ArchivedBy, DateTimeOffset ArchivedAt);

public sealed record ScorecardRestored(Guid? RestoredBy, DateTimeOffset RestoredAt);
