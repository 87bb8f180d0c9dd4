using CxRox.Api.Scorecards;
using CxRox.Api.Storage;
using Marten;
using CxRox.Engine.Model;
using Npgsql;

namespace CxRox.Api.Schedules;

public enum ScheduleKind { Recompute, Summary }

/// <summary>A scorecard's schedule: cron expressions as written (null: that kind is not scheduled) in a time zone.</summary>
public sealed record ScorecardSchedule(string ScorecardId, string? RecomputeCron, string? SummaryCron, string TimeZone, string Source, DateTimeOffset UpdatedAt)
{
    public const string FromScorecard = "scorecard";
    public const string FromApi = "api";

    public string? CronFor(ScheduleKind kind) => kind == ScheduleKind.Recompute ? RecomputeCron : SummaryCron;
}

/// <summary>One firing of a schedule, or a run-now.</summary>
public sealed record ScheduleRun(
    Guid Id, string ScorecardId, ScheduleKind Kind, DateTimeOffset ScheduledFor, string RequestedBy, string Status, int Firings, int Attempts,
    string? Error, Guid? JobId, DateOnly? SummaryPeriod, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt);

/// <summary>Schedules (in the scorecard's stream, see <see cref="ScorecardDocuments"/>) and their runs (a table), always inside an <see cref="OrganizationTransaction"/>.</summary>
public static class ScheduleStore
{
    private const string RunColumns =
        "id, scorecard_id, kind, scheduled_for, requested_by, status, firings, attempts, error, job_id, summary_period, started_at, finished_at";

    public static string Name(ScheduleKind kind) => kind.ToString().ToLowerInvariant();

    /// <summary>Stores the schedule a scorecard version declares, or removes it when the version declares none.</summary>
    public static Task<ScorecardSchedule?> SetFromScorecardAsync(
        OrganizationTransaction transaction, string scorecardId, ScheduleDefinition? schedule, CancellationToken cancellationToken) =>
        SetFromScorecardAsync(transaction, scorecardId, schedule, changedBy: null, cancellationToken);

    /// <summary>The same, recording the key that saved the version.</summary>
    public static Task<ScorecardSchedule?> SetFromScorecardAsync(
        OrganizationTransaction transaction, string scorecardId, ScheduleDefinition? schedule, Guid? changedBy, CancellationToken cancellationToken) =>
        ChangeAsync(transaction, scorecardId, DeclaredBy(schedule), changedBy, cancellationToken);

    /// <summary>
    /// For a writer that holds the scorecard's stream already (a PUT appending a version): the
    /// schedule the version declares, and the event to append with it, none when
    /// <paramref name="current"/> is that schedule already.
    /// </summary>
    public static (ScorecardSchedule? Schedule, ScorecardScheduleChanged? Change) ChangeFromScorecard(
        string scorecardId, ScorecardSchedule? current, ScheduleDefinition? declared, Guid? changedBy) =>
        Change(scorecardId, current, DeclaredBy(declared), changedBy);

    private static ScheduleText? DeclaredBy(ScheduleDefinition? schedule) =>
        schedule is null ? null : new ScheduleText(schedule.Recompute?.Text, schedule.Summary?.Text, schedule.TimeZone, ScorecardSchedule.FromScorecard);

    public static Task<ScorecardSchedule?> SetAsync(
        OrganizationTransaction transaction, string scorecardId, string? recomputeCron, string? summaryCron, string timeZone, string source,
        CancellationToken cancellationToken) =>
        SetAsync(transaction, scorecardId, recomputeCron, summaryCron, timeZone, source, changedBy: null, cancellationToken);

    /// <summary>The same, recording the key that changed it.</summary>
    public static Task<ScorecardSchedule?> SetAsync(
        OrganizationTransaction transaction, string scorecardId, string? recomputeCron, string? summaryCron, string timeZone, string source,
        Guid? changedBy, CancellationToken cancellationToken) =>
        ChangeAsync(transaction, scorecardId, new ScheduleText(recomputeCron, summaryCron, timeZone, source), changedBy, cancellationToken);

    private sealed record ScheduleText(string? RecomputeCron, string? SummaryCron, string TimeZone, string Source);

    /// <summary>
    /// The schedule is part of the scorecard's stream: a change is a ScorecardScheduleChanged
    /// event, appended only when it changes something (a new version declaring the same schedule
    /// adds none), and the current schedule is the projection's.
    /// </summary>
    private static async Task<ScorecardSchedule?> ChangeAsync(
        OrganizationTransaction transaction, string scorecardId, ScheduleText? text, Guid? changedBy, CancellationToken cancellationToken)
    {
        await using var session = ScorecardDocuments.OpenSession(transaction);
        var stream = await session.Events.FetchForExclusiveWriting<CurrentScorecard>(scorecardId, cancellationToken);
        var (schedule, change) = Change(scorecardId, stream.Aggregate?.Schedule, text, changedBy);
        if (change is not null)
        {
            stream.AppendOne(change);
            await session.SaveChangesAsync(cancellationToken);
        }
        return schedule;
    }

    private static (ScorecardSchedule? Schedule, ScorecardScheduleChanged? Change) Change(
        string scorecardId, ScorecardSchedule? current, ScheduleText? text, Guid? changedBy)
    {
        if (text is null ? current is null : current is not null && new ScheduleText(current.RecomputeCron, current.SummaryCron, current.TimeZone, current.Source) == text)
        {
            return (current, null);
        }
        var schedule = text is null ? null : new ScorecardSchedule(scorecardId, text.RecomputeCron, text.SummaryCron, text.TimeZone, text.Source, DateTimeOffset.UtcNow);
        return (schedule, new ScorecardScheduleChanged(schedule, changedBy, DateTimeOffset.UtcNow));
    }

    public static async Task<ScorecardSchedule?> FindAsync(OrganizationTransaction transaction, string scorecardId, CancellationToken cancellationToken)
    {
        await using var session = ScorecardDocuments.OpenSession(transaction);
        return (await session.LoadAsync<CurrentScorecard>(scorecardId, cancellationToken))?.Schedule;
    }

    /// <summary>Every scorecard's schedule (archived ones too), by scorecard id.</summary>
    public static async Task<IReadOnlyList<ScorecardSchedule>> ListAsync(OrganizationTransaction transaction, CancellationToken cancellationToken)
    {
        await using var session = ScorecardDocuments.OpenSession(transaction);
        var scorecards = await session.Query<CurrentScorecard>().Where(s => s.Schedule != null).OrderBy(s => s.Id).ToListAsync(cancellationToken);
        return [.. scorecards.Select(s => s.Schedule!)];
    }

    /// <summary>
    /// Records a firing and says whether to run it: a new firing, a retry of a failed one, or one
    /// whose run was cut off by a crashed node (<paramref name="recovering"/>) runs; a firing that
    /// succeeded, or is running elsewhere, is only counted. A retry (<paramref name="retry"/>)
    /// fires at its own later instant, so it continues the newest run waiting for one.
    /// </summary>
    public static async Task<(ScheduleRun Run, bool ShouldRun)> BeginRunAsync(
        OrganizationTransaction transaction, string scorecardId, ScheduleKind kind, DateTimeOffset scheduledFor, string requestedBy, bool recovering,
        bool retry, CancellationToken cancellationToken)
    {
        if (retry)
        {
            await using var waiting = transaction.Command(
                $"SELECT {RunColumns} FROM schedule_runs WHERE scorecard_id = $1 AND kind = $2 AND status = 'retrying' ORDER BY scheduled_for DESC LIMIT 1 FOR UPDATE",
                scorecardId, Name(kind));
            if (await ReadRunsAsync(waiting, cancellationToken) is [var failed])
            {
                return (await CountFiringAsync(transaction, failed.Id, again: true, cancellationToken), true);
            }
        }
        await using (var insert = transaction.Command(
            $"""
            INSERT INTO schedule_runs (id, org_id, scorecard_id, kind, scheduled_for, requested_by, status)
            VALUES ($1, $2, $3, $4, $5, $6, 'running')
            ON CONFLICT (org_id, scorecard_id, kind, scheduled_for) DO NOTHING
            RETURNING {RunColumns}
            """,
            Guid.CreateVersion7(), transaction.OrganizationId, scorecardId, Name(kind), scheduledFor, requestedBy))
        {
            if (await ReadRunsAsync(insert, cancellationToken) is [var created])
            {
                await CloseUnretriedAsync(transaction, scorecardId, kind, scheduledFor, cancellationToken);
                return (created, true);
            }
        }

        // Delivered before: the row is locked until this transaction ends, so of two deliveries at
        // once only one decides to run it again.
        await using var existing = transaction.Command(
            $"SELECT {RunColumns} FROM schedule_runs WHERE scorecard_id = $1 AND kind = $2 AND scheduled_for = $3 FOR UPDATE",
            scorecardId, Name(kind), scheduledFor);
        var run = (await ReadRunsAsync(existing, cancellationToken)).Single();
        var again = run.Status is "failed" or "retrying" || (run.Status == "running" && recovering);
        return (await CountFiringAsync(transaction, run.Id, again, cancellationToken), again);
    }

    /// <summary>
    /// Quartz retries a failed firing only while there is room before the next one; an earlier
    /// run still waiting for a retry when a later firing starts will not get it.
    /// </summary>
    private static async Task CloseUnretriedAsync(
        OrganizationTransaction transaction, string scorecardId, ScheduleKind kind, DateTimeOffset before, CancellationToken cancellationToken)
    {
        await using var close = transaction.Command(
            """
            UPDATE schedule_runs SET status = 'failed', finished_at = clock_timestamp(),
                error = coalesce(error || ' ', '') || '(Not retried: the next firing came first.)'
            WHERE scorecard_id = $1 AND kind = $2 AND status = 'retrying' AND scheduled_for < $3
            """,
            scorecardId, Name(kind), before);
        await close.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<ScheduleRun> CountFiringAsync(OrganizationTransaction transaction, Guid runId, bool again, CancellationToken cancellationToken)
    {
        await using var count = transaction.Command(
            $"""
            UPDATE schedule_runs SET firings = firings + 1,
                attempts = attempts + CASE WHEN $2 THEN 1 ELSE 0 END,
                status = CASE WHEN $2 THEN 'running' ELSE status END,
                error = CASE WHEN $2 THEN NULL ELSE error END
            WHERE id = $1
            RETURNING {RunColumns}
            """,
            runId, again);
        return (await ReadRunsAsync(count, cancellationToken)).Single();
    }

    public static async Task FinishRunAsync(
        OrganizationTransaction transaction, Guid runId, string status, string? error, Guid? jobId, DateOnly? summaryPeriod, CancellationToken cancellationToken)
    {
        await using var command = transaction.Command(
            """
            UPDATE schedule_runs SET status = $2, error = $3, job_id = coalesce($4, job_id), summary_period = coalesce($5, summary_period),
                finished_at = CASE WHEN $2 IN ('succeeded', 'failed') THEN clock_timestamp() END
            WHERE id = $1
            """,
            runId, status, error, jobId, summaryPeriod);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The newest runs first, of one scorecard.</summary>
    public static async Task<IReadOnlyList<ScheduleRun>> ListRunsAsync(OrganizationTransaction transaction, string scorecardId, int limit, CancellationToken cancellationToken)
    {
        await using var command = transaction.Command(
            $"SELECT {RunColumns} FROM schedule_runs WHERE scorecard_id = $1 ORDER BY scheduled_for DESC, id DESC LIMIT $2", scorecardId, limit);
        return await ReadRunsAsync(command, cancellationToken);
    }

    private static async Task<List<ScheduleRun>> ReadRunsAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var runs = new List<ScheduleRun>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            runs.Add(ReadRun(reader));
        }
        return runs;
    }

    private static ScheduleRun ReadRun(NpgsqlDataReader reader) => new(
        reader.GetGuid(0), reader.GetString(1), Enum.Parse<ScheduleKind>(reader.GetString(2), ignoreCase: true),
        reader.GetFieldValue<DateTimeOffset>(3), reader.GetString(4), reader.GetString(5), reader.GetInt32(6), reader.GetInt32(7),
        reader.IsDBNull(8) ? null : reader.GetString(8), reader.IsDBNull(9) ? null : reader.GetGuid(9),
        reader.IsDBNull(10) ? null : reader.GetFieldValue<DateOnly>(10), reader.GetFieldValue<DateTimeOffset>(11),
        reader.IsDBNull(12) ? null : reader.GetFieldValue<DateTimeOffset>(12));
}
