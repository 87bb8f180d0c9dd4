using CxRox.Engine.Scheduling;
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

    public async Task ApplyAsync(Guid organizationId, string scorecardId, ScorecardSchedule? schedule, CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        foreach (var kind in Enum.GetValues<ScheduleKind>())
        {
            var key = JobKeyFor(organizationId, scorecardId, kind);
            if (schedule?.CronFor(kind) is not { } cron)
            {
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
                    .InTimeZone(TimeZoneInfo.FindSystemTimeZoneById(schedule.TimeZone))
                    .WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed))
                .Build();
            await scheduler.ScheduleJob(job, [trigger], new ScheduleJobOptions { Replace = true }, cancellationToken);
        }
    }

    /// <summary>The next fire times of a cron expression in a time zone, as Quartz will fire them.</summary>
    public static IReadOnlyList<DateTimeOffset> NextFireTimes(string cron, string timeZone, DateTimeOffset after, int count)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(timeZone);
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
