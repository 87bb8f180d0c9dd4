using CxRox.Api.Data;
using System.Text.Json;
using CxRox.Api.Schedules;
using Marten;
using Npgsql;

namespace CxRox.Api.Scorecards;

/// <summary>
/// Scorecards stored by builds before the event store (tables scorecards, scorecard_versions and
/// scorecard_schedules, migrations 003 and 010), carried over once: each scorecard becomes a
/// stream of its versions (documents, hashes, warnings, authors and times as stored), then its
/// schedule, then its archiving. Then the old tables and columns go, in the same transaction as
/// the migrations, so a start that fails half-way leaves the database as it was.
/// </summary>
public static class LegacyScorecards
{
    private sealed record LegacyScorecard(Guid OrganizationId, string Id, DateTimeOffset? ArchivedAt)
    {
        public List<ScorecardVersionSaved> Versions { get; } = [];
        public ScorecardSchedule? Schedule { get; set; }
    }

    public static async Task CarryOverAsync(NpgsqlTransaction transaction, DocumentStore store, ILogger logger, CancellationToken cancellationToken)
    {
        var connection = transaction.Connection!;
        await using (var exists = new NpgsqlCommand("SELECT to_regclass('public.scorecard_versions') IS NOT NULL", connection))
        {
            if (!(bool)(await exists.ExecuteScalarAsync(cancellationToken))!)
            {
                return;
            }
        }
        var scorecards = await ReadAsync(connection, cancellationToken);
        foreach (var organization in scorecards.GroupBy(s => s.OrganizationId))
        {
            var options = Marten.Services.SessionOptions.ForTransaction(transaction, false);
            options.TenantId = organization.Key.ToString();
            await using var session = store.LightweightSession(options);
            foreach (var scorecard in organization)
            {
                List<object> events = [.. scorecard.Versions];
                if (scorecard.Schedule is { } schedule)
                {
                    events.Add(new ScorecardScheduleChanged(schedule, null, schedule.UpdatedAt));
                }
                if (scorecard.ArchivedAt is { } archivedAt)
                {
                    events.Add(new ScorecardArchived(null, archivedAt));
                }
                session.Events.StartStream<CurrentScorecard>(scorecard.Id, [.. events]);
            }
            await session.SaveChangesAsync(cancellationToken);
        }
        await QuestionMinSamples.RecordAllAsync(connection, transaction, cancellationToken);
        await ScorecardSchema.ExecuteAsync(connection, """
            DROP TABLE scorecard_schedules;
            DROP TABLE scorecard_versions;
            ALTER TABLE scorecards DROP COLUMN current_version, DROP COLUMN updated_at, DROP COLUMN archived_at;
            """, cancellationToken);
        logger.LogInformation(
            "Carried {Scorecards} scorecard(s) with {Versions} version(s) over into Marten's event store",
            scorecards.Count, scorecards.Sum(s => s.Versions.Count));
    }

    private static async Task<List<LegacyScorecard>> ReadAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var scorecards = new Dictionary<(Guid, string), LegacyScorecard>();
        await using (var command = new NpgsqlCommand("SELECT org_id, id, archived_at FROM scorecards ORDER BY org_id, id", connection))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var scorecard = new LegacyScorecard(reader.GetGuid(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetFieldValue<DateTimeOffset>(2));
                scorecards[(scorecard.OrganizationId, scorecard.Id)] = scorecard;
            }
        }
        await using (var command = new NpgsqlCommand(
            """
            SELECT org_id, scorecard_id, version, name, document, content_hash, warnings::text, created_at, created_by
            FROM scorecard_versions ORDER BY org_id, scorecard_id, version
            """, connection))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var document = reader.GetString(4);
                scorecards[(reader.GetGuid(0), reader.GetString(1))].Versions.Add(new ScorecardVersionSaved(
                    reader.GetInt32(2), reader.GetString(3), document, reader.GetString(5), CanonicalJson.Hash(document),
                    JsonSerializer.Deserialize<List<DiagnosticResponse>>(reader.GetString(6), ScorecardJson.Options) ?? [],
                    reader.GetGuid(8), reader.GetFieldValue<DateTimeOffset>(7)));
            }
        }
        await using (var command = new NpgsqlCommand(
            "SELECT org_id, scorecard_id, recompute_cron, summary_cron, time_zone, source, updated_at FROM scorecard_schedules", connection))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var id = reader.GetString(1);
                scorecards[(reader.GetGuid(0), id)].Schedule = new ScorecardSchedule(
                    id, reader.IsDBNull(2) ? null : reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3),
                    reader.GetString(4), reader.GetString(5), reader.GetFieldValue<DateTimeOffset>(6));
            }
        }
        // A scorecard row is written with its first version in one transaction; one without any would have nothing to carry.
        return [.. scorecards.Values.Where(s => s.Versions.Count > 0)];
    }
}
