using System.Buffers.Text;
using System.Globalization;
using System.Text;
using System.Text.Json;
using CxRox.Api.Schedules;
using CxRox.Api.Storage;

namespace CxRox.Api.Scorecards;

/// <summary>One change in a scorecard's audit trail: what happened, when, by which key, and what it set.</summary>
/// <param name="Sequence">The change's place in the scorecard's stream (1 is its creation).</param>
/// <param name="Event"><c>version-saved</c>, <c>schedule-changed</c>, <c>archived</c> or <c>restored</c>.</param>
/// <param name="By">The API key's id; null for a change carried over from a build that did not record it.</param>
/// <param name="Version">The version saved (version-saved only).</param>
/// <param name="Schedule">The schedule set; absent when a change removed it (schedule-changed only).</param>
public sealed record ScorecardHistoryEntry(
    long Sequence, string Event, DateTimeOffset At, Guid? By, int? Version, string? Name, string? ContentHash, ScorecardHistorySchedule? Schedule);

public sealed record ScorecardHistorySchedule(string? Recompute, string? Summary, string TimeZone, string Source);

/// <summary>A page of the audit trail, newest first; <c>next</c> is the URL of the page after it (null on the last page).</summary>
public sealed record ScorecardHistoryPage(string Id, IReadOnlyList<ScorecardHistoryEntry> Changes, string? Next);

/// <summary>
/// The audit trail of a scorecard is its stream. A page is read by SQL on Marten's events table
/// (row-level security applies as on every table) so that the documents stay out of it: a page
/// of 200 saved versions is 200 small rows, not 200 documents. The cursor is opaque to clients
/// (base64url of the last sequence returned), so pages neither repeat nor skip a change while
/// new ones are appended.
/// </summary>
public static class ScorecardHistory
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;
    private const string CursorPrefix = "before:";

    /// <summary>The sequence a cursor starts before; null for one this service did not write.</summary>
    public static long? Before(string cursor)
    {
        if (cursor.Length > 40 || !Base64Url.IsValid(cursor))
        {
            return null;
        }
        var text = Encoding.ASCII.GetString(Base64Url.DecodeFromChars(cursor));
        return text.StartsWith(CursorPrefix, StringComparison.Ordinal)
            && long.TryParse(text.AsSpan(CursorPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var before) && before > 0
            ? before
            : null;
    }

    public static string Cursor(long lastSequence) =>
        Base64Url.EncodeToString(Encoding.ASCII.GetBytes(CursorPrefix + lastSequence.ToString(CultureInfo.InvariantCulture)));

    /// <summary>Up to <paramref name="count"/> changes before <paramref name="before"/> (all when null), newest first.</summary>
    public static async Task<IReadOnlyList<ScorecardHistoryEntry>> ReadAsync(
        OrganizationTransaction transaction, string scorecardId, long? before, int count, CancellationToken cancellationToken)
    {
        await using var command = transaction.Command(
            """
            SELECT version, type, (data - 'document' - 'warnings')::text FROM mt_events
            WHERE tenant_id = $1::text AND stream_id = $2 AND ($3::bigint IS NULL OR version < $3)
            ORDER BY version DESC
            LIMIT $4
            """,
            transaction.OrganizationId, scorecardId, before, count);
        var entries = new List<ScorecardHistoryEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(Entry(reader.GetInt64(0), reader.GetString(1), reader.GetString(2)));
        }
        return entries;
    }

    private static ScorecardHistoryEntry Entry(long sequence, string type, string data)
    {
        switch (type)
        {
            case ScorecardDocuments.VersionSavedType:
                var saved = Read<ScorecardVersionSaved>(data);
                return new(sequence, "version-saved", saved.SavedAt, saved.SavedBy, saved.Version, saved.Name, saved.ContentHash, null);
            case ScorecardDocuments.ScheduleChangedType:
                var changed = Read<ScorecardScheduleChanged>(data);
                return new(sequence, "schedule-changed", changed.ChangedAt, changed.ChangedBy, null, null, null, Schedule(changed.Schedule));
            case ScorecardDocuments.ArchivedType:
                var archived = Read<ScorecardArchived>(data);
                return new(sequence, "archived", archived.ArchivedAt, archived.ArchivedBy, null, null, null, null);
            case ScorecardDocuments.RestoredType:
                var restored = Read<ScorecardRestored>(data);
                return new(sequence, "restored", restored.RestoredAt, restored.RestoredBy, null, null, null, null);
            default:
                throw new InvalidOperationException($"Scorecard streams hold no event of type '{type}'.");
        }
    }

    private static ScorecardHistorySchedule? Schedule(ScorecardSchedule? schedule) =>
        schedule is null ? null : new ScorecardHistorySchedule(schedule.RecomputeCron, schedule.SummaryCron, schedule.TimeZone, schedule.Source);

    // The events as Marten stored them (camelCase), without the documents this page leaves out.
    private static T Read<T>(string data) => JsonSerializer.Deserialize<T>(data, ScorecardJson.Options)
        ?? throw new InvalidOperationException($"An event of a scorecard stream is empty: {typeof(T).Name}.");
}
