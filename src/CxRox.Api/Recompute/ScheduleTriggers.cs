using CxRox.Api.Schedules;
using CxRox.Api.Storage;
using CxRox.Engine.Scheduling;
using CxRox.Engine.Time;
using Hangfire;

namespace CxRox.Api.Recompute;

/// <summary>What a schedule's firing is about: whose scorecard, which kind of run, and whether someone asked for it now.</summary>
public sealed record ScheduledRunInput(Guid OrganizationId, string ScorecardId, ScheduleKind Kind, bool RunNow = false);

/// <summary>
/// Turns a scorecard's schedule into Hangfire recurring jobs (one per scorecard and kind, fired
/// by the cron in Cronos's form in the schedule's time zone) and removes the ones it no longer
/// has. Misfires are handled Relaxed: a firing missed while no node ran fires once when one
/// starts again, not once per miss.
/// </summary>
public sealed class ScheduleTriggers(IRecurringJobManager recurringJobs)
{
    /// <summary>How a missed firing is made up for, written out rather than left to Hangfire's default.</summary>
    public const MisfireHandlingMode Misfires = MisfireHandlingMode.Relaxed;

    /// <summary>The recurring job's id: "&lt;organization id&gt;/&lt;scorecard&gt;/&lt;kind&gt;".</summary>
    public static string RecurringJobId(Guid organizationId, string scorecardId, ScheduleKind kind) =>
        $"{organizationId}/{scorecardId}/{ScheduleStore.Name(kind)}";

    /// <summary>
    /// Holds, until <paramref name="transaction"/> ends, the right to change this scorecard's
    /// recurring jobs. Jobs applied after their commits could end in the other order than the
    /// commits; so a write that changes a schedule takes this lock first and applies its jobs
    /// before it commits: writers of one scorecard go one at a time, on every node, in commit order.
    /// </summary>
    public static async Task LockAsync(OrganizationTransaction transaction, string scorecardId, CancellationToken cancellationToken)
    {
        await using var command = transaction.Command(
            "SELECT pg_advisory_xact_lock(hashtextextended('schedule-triggers/' || $1::text || '/' || $2, 0))",
            transaction.OrganizationId, scorecardId);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Makes the scorecard's recurring jobs those of <paramref name="schedule"/> (none when null).
    /// A stored cron that cannot be scheduled (stored by an older build: one that never fires, a
    /// year field, a zone not known here) gets none, and its reason comes back by kind, so that
    /// one bad schedule is reported on its scorecard rather than failing the caller. An unchanged
    /// recurring job is left as it is by Hangfire, with a firing it may have missed.
    /// </summary>
    public Task<IReadOnlyDictionary<ScheduleKind, string>> ApplyAsync(
        Guid organizationId, string scorecardId, ScorecardSchedule? schedule, CancellationToken cancellationToken)
    {
        var problems = new Dictionary<ScheduleKind, string>();
        foreach (var kind in Enum.GetValues<ScheduleKind>())
        {
            cancellationToken.ThrowIfCancellationRequested();
            var id = RecurringJobId(organizationId, scorecardId, kind);
            if (schedule?.CronFor(kind) is not { } cron)
            {
                recurringJobs.RemoveIfExists(id);
                continue;
            }
            if (Unschedulable(cron, schedule.TimeZone, DateTimeOffset.UtcNow) is { } problem)
            {
                problems[kind] = problem;
                recurringJobs.RemoveIfExists(id);
                continue;
            }
            var zone = IanaTimeZones.Spelling(schedule.TimeZone)!;
            recurringJobs.AddOrUpdate<ScheduledRunJob>(
                id,
                job => job.RunAsync(organizationId, scorecardId, kind, cron, zone, null, CancellationToken.None),
                CronosText(cron),
                new RecurringJobOptions { TimeZone = IanaTimeZones.Find(zone), MisfireHandling = Misfires });
        }
        return Task.FromResult<IReadOnlyDictionary<ScheduleKind, string>>(problems);
    }

    /// <summary>
    /// Why a stored cron cannot be scheduled in <paramref name="timeZone"/>; null when it can.
    /// Whether it fires is the engine's one answer (<see cref="ScheduleRules.NeverFires"/>), the
    /// one a submitted schedule is held to.
    /// </summary>
    public static string? Unschedulable(string cron, string timeZone, DateTimeOffset now)
    {
        var parsed = Engine.Scheduling.CronExpression.Parse(cron);
        if (parsed.Expression is not { } expression)
        {
            return $"'{cron}' cannot be scheduled ({string.Join(" ", parsed.Errors.Select(e => e.Message))}); it is not scheduled. PUT a valid schedule.";
        }
        if (IanaTimeZones.Spelling(timeZone) is not { } zone)
        {
            return $"'{timeZone}' is not a known IANA time zone; the schedule is not scheduled. PUT it with a zone such as Europe/Warsaw.";
        }
        return ScheduleRules.NeverFires(expression, IanaTimeZones.Find(zone), now) is not null
            ? $"'{cron}' never fires (its day and month never meet); it is not scheduled. PUT a schedule that fires."
            : null;
    }

    /// <summary>The next fire times of a cron expression in a time zone, as Hangfire (Cronos) fires them.</summary>
    public static IReadOnlyList<DateTimeOffset> NextFireTimes(string cron, string timeZone, DateTimeOffset after, int count)
    {
        var zone = IanaTimeZones.Find(timeZone);
        var cronos = Cronos.CronExpression.Parse(CronosText(cron), Cronos.CronFormat.IncludeSeconds);
        var times = new List<DateTimeOffset>();
        for (var next = cronos.GetNextOccurrence(after, zone); next is { } time && times.Count < count; next = cronos.GetNextOccurrence(time, zone))
        {
            times.Add(time);
        }
        return times;
    }

    /// <summary>Cron text as stored (validated when it was stored) in Quartz's form.</summary>
    public static string QuartzText(string cron) => Parsed(cron).QuartzText;

    /// <summary>Cron text as stored in the form Hangfire is given (Cronos's, seconds first).</summary>
    public static string CronosText(string cron) => Parsed(cron).CronosText;

    private static Engine.Scheduling.CronExpression Parsed(string cron) =>
        Engine.Scheduling.CronExpression.Parse(cron).Expression ?? throw new ArgumentException($"'{cron}' is not a valid cron expression.", nameof(cron));
}
