using CxRox.Api.Storage;
using CxRox.Engine.Time;
using Quartz;

namespace CxRox.Api.Schedules;

/// <summary>What a schedule's firing carries: whose scorecard, which kind of run, and whether someone asked for it now.</summary>
public sealed record ScheduledRunInput(Guid OrganizationId, string ScorecardId, ScheduleKind Kind, bool RunNow = false);

/// <summary>
/// Turns a scorecard's schedule into Quartz cron triggers (one durable job per scorecard and
/// kind, in the schedule's time zone) and removes the ones it no longer has. A firing missed
/// while no instance ran fires once when one starts again (FireAndProceed), not once per miss.
/// </summary>
public sealed class ScheduleTriggers(ISchedulerFactory schedulers)
{
    public const string Group = "schedules";

    public static JobKey JobKeyFor(Guid organizationId, string scorecardId, ScheduleKind kind) =>
        new($"{organizationId}/{scorecardId}/{ScheduleStore.Name(kind)}", Group);

    /// <summary>
    /// Holds, until <paramref name="transaction"/> ends, the right to change this scorecard's
    /// triggers. Quartz fails when two requests replace the same job at once, and triggers
    /// applied after their commits could end in the other order than the commits; so a write
    /// that changes a schedule takes this lock first and applies its triggers before it commits:
    /// writers of one scorecard go one at a time, on every instance, in commit order.
    /// </summary>
    public static async Task LockAsync(OrganizationTransaction transaction, string scorecardId, CancellationToken cancellationToken)
    {
        await using var command = transaction.Command(
            "SELECT pg_advisory_xact_lock(hashtextextended('schedule-triggers/' || $1::text || '/' || $2, 0))",
            transaction.OrganizationId, scorecardId);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Makes the scorecard's triggers those of <paramref name="schedule"/> (none when null). A
    /// stored cron that cannot become a trigger (stored by an older build: one that never
    /// fires, or in a zone not known here) gets none, and its reason comes back by kind, so that
    /// one bad schedule is reported on its scorecard rather than failing the caller.
    /// </summary>
    public async Task<IReadOnlyDictionary<ScheduleKind, string>> ApplyAsync(
        Guid organizationId, string scorecardId, ScorecardSchedule? schedule, CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        var problems = new Dictionary<ScheduleKind, string>();
        foreach (var kind in Enum.GetValues<ScheduleKind>())
        {
            var key = JobKeyFor(organizationId, scorecardId, kind);
            if (schedule?.CronFor(kind) is not { } cron)
            {
                await scheduler.DeleteJob(key, cancellationToken);
                continue;
            }
            if (await IsScheduledAsync(scheduler, key, cron, schedule.TimeZone, cancellationToken))
            {
                // Replacing an unchanged trigger would drop a firing it missed while no instance ran.
                continue;
            }
            if (Unschedulable(cron, schedule.TimeZone, DateTimeOffset.UtcNow) is { } problem)
            {
                problems[kind] = problem;
                await scheduler.DeleteJob(key, cancellationToken);
                continue;
            }
            var job = JobBuilder.Create<ScheduledRunJob>()
                .WithIdentity(key)
                .UsingInput(new ScheduledRunInput(organizationId, scorecardId, kind))
                .StoreDurably()
                .RequestRecovery()
                .Build();
            var trigger = TriggerBuilder.Create()
                .WithIdentity(new TriggerKey(key.Name, key.Group))
                .ForJob(key)
                .WithSchedule(CronScheduleBuilder.Create(QuartzText(cron))
                    .InTimeZone(IanaTimeZones.Find(schedule.TimeZone))
                    .WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed))
                .Build();
            await scheduler.ScheduleJob(job, [trigger], new ScheduleJobOptions { Replace = true }, cancellationToken);
        }
        return problems;
    }

    /// <summary>Whether the job's trigger is already this cron in this zone.</summary>
    private static async Task<bool> IsScheduledAsync(IScheduler scheduler, JobKey key, string cron, string timeZone, CancellationToken cancellationToken) =>
        Engine.Scheduling.CronExpression.Parse(cron).Expression is { } expression
        && IanaTimeZones.Spelling(timeZone) is { } zone
        && await scheduler.GetTrigger(new TriggerKey(key.Name, key.Group), cancellationToken) is ICronTrigger existing
        && string.Equals(existing.CronExpressionString, expression.QuartzText, StringComparison.OrdinalIgnoreCase)
        && existing.TimeZone.Id == zone;

    /// <summary>
    /// Why a stored cron cannot become a Quartz trigger in <paramref name="timeZone"/>; null when
    /// it can. Quartz itself is asked whether it fires after <paramref name="now"/>: it refuses
    /// to schedule a trigger that never fires.
    /// </summary>
    public static string? Unschedulable(string cron, string timeZone, DateTimeOffset now)
    {
        var parsed = Engine.Scheduling.CronExpression.Parse(cron);
        if (parsed.Expression is not { } expression)
        {
            return $"'{cron}' is not a valid cron expression ({string.Join(" ", parsed.Errors.Select(e => e.Message))}); it is not scheduled. PUT a valid schedule.";
        }
        if (IanaTimeZones.Spelling(timeZone) is null)
        {
            return $"'{timeZone}' is not a known IANA time zone; the schedule is not scheduled. PUT it with a zone such as Europe/Warsaw.";
        }
        var quartz = new Quartz.CronExpression(expression.QuartzText, IanaTimeZones.Find(timeZone));
        return quartz.GetNextValidTimeAfter(now) is null
            ? $"'{cron}' never fires (its day and month never meet, or its years are past); it is not scheduled. PUT a schedule that fires."
            : null;
    }

    /// <summary>The next fire times of a cron expression in a time zone, as Quartz will fire them.</summary>
    public static IReadOnlyList<DateTimeOffset> NextFireTimes(string cron, string timeZone, DateTimeOffset after, int count)
    {
        var zone = IanaTimeZones.Find(timeZone);
        var expression = new Quartz.CronExpression(QuartzText(cron), zone);
        var times = new List<DateTimeOffset>();
        for (var next = expression.GetNextValidTimeAfter(after); next is { } time && times.Count < count; next = expression.GetNextValidTimeAfter(time))
        {
            times.Add(TimeZoneInfo.ConvertTime(time, zone));
        }
        return times;
    }

    /// <summary>Cron text as stored (validated when it was stored) in Quartz's form.</summary>
    public static string QuartzText(string cron) =>
        Engine.Scheduling.CronExpression.Parse(cron).Expression?.QuartzText ?? throw new ArgumentException($"'{cron}' is not a valid cron expression.", nameof(cron));
}
