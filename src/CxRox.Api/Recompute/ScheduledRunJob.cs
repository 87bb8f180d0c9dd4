using System.ComponentModel;
using CxRox.Api.Schedules;
using CxRox.Engine.Time;
using Hangfire.Server;

namespace CxRox.Api.Recompute;

/// <summary>
/// The Hangfire side of a schedule: runs one firing of a scorecard's recurring job (or a run-now)
/// as one run, known by the occurrence it stands for, and throws when the run asks to be tried
/// again (<see cref="JobRetries"/>, after the waits of <see cref="ScheduledRunOptions"/>).
/// </summary>
public sealed class ScheduledRunJob(ScheduledRuns runs)
{
    // Set on a job when it starts: a job found with it was cut off mid-run (its node died) and is run again.
    private const string StartedParameter = "CxRoxRunStarted";

    /// <summary>A firing of the recurring job of the schedule <paramref name="cron"/> in <paramref name="timeZone"/>.</summary>
    /// <param name="context">Given by Hangfire when the job runs (null when the recurring job is registered).</param>
    [DisplayName("Schedule {2} of {1}")]
    public async Task RunAsync(
        Guid organizationId, string scorecardId, ScheduleKind kind, string cron, string timeZone, PerformContext? context, CancellationToken cancellationToken)
    {
        var triggeredAt = context?.GetJobParameter<long?>("Time") is { } seconds ? DateTimeOffset.FromUnixTimeSeconds(seconds) : DateTimeOffset.UtcNow;
        var scheduledFor = Occurrence(cron, timeZone, triggeredAt);
        await RunAsync(new ScheduledRunInput(organizationId, scorecardId, kind), scheduledFor, context, cancellationToken);
    }

    /// <summary>A run-now, known by when it was asked for.</summary>
    [DisplayName("Run {2} of {1} now")]
    public Task RunNowAsync(
        Guid organizationId, string scorecardId, ScheduleKind kind, DateTimeOffset requestedAt, PerformContext? context, CancellationToken cancellationToken) =>
        RunAsync(new ScheduledRunInput(organizationId, scorecardId, kind, RunNow: true), requestedAt, context, cancellationToken);

    private async Task RunAsync(ScheduledRunInput input, DateTimeOffset scheduledFor, PerformContext? context, CancellationToken cancellationToken)
    {
        var recovering = context?.GetJobParameter<bool>(StartedParameter) ?? false;
        context?.SetJobParameter(StartedParameter, true);
        if (await runs.RunAsync(input, scheduledFor, recovering, cancellationToken) == ScheduledRunOutcome.Retry)
        {
            throw new JobWillRetryException($"The {input.Kind} of '{input.ScorecardId}' failed; it will be retried.");
        }
    }

    /// <summary>
    /// The occurrence a firing stands for: the last time the cron selects, in its zone, at or
    /// before Hangfire triggered it. Hangfire's scheduler polls, and a firing missed while no node
    /// ran is triggered once at the next start (misfire handling Relaxed); either way the run is
    /// keyed by the occurrence, so every delivery of one firing finds the same run.
    /// </summary>
    public static DateTimeOffset Occurrence(string cron, string timeZone, DateTimeOffset triggeredAt)
    {
        if (Engine.Scheduling.CronExpression.Parse(cron).Expression is not { } expression || IanaTimeZones.Spelling(timeZone) is not { } spelling)
        {
            return triggeredAt;
        }
        var zone = IanaTimeZones.Find(spelling);
        var local = TimeZoneInfo.ConvertTime(triggeredAt, zone).DateTime;
        var notBefore = DateOnly.FromDateTime(local).AddYears(-Engine.Scheduling.ScheduleRules.HorizonYears);
        if (expression.Timetable.LastAtOrBefore(local, notBefore) is not { } occurrence)
        {
            return triggeredAt;
        }
        // A wall-clock time skipped by a spring change fires at the end of the gap (as Cronos does).
        while (zone.IsInvalidTime(occurrence))
        {
            occurrence = occurrence.AddMinutes(1);
        }
        var instant = new DateTimeOffset(occurrence, zone.IsAmbiguousTime(occurrence) ? zone.GetAmbiguousTimeOffsets(occurrence).Max() : zone.GetUtcOffset(occurrence));
        return instant <= triggeredAt ? instant.ToUniversalTime() : triggeredAt;
    }
}
