using CxRox.Api.Recompute;
using CxRox.Engine.Scheduling;
using CxRox.Engine.Time;
using CxRox.Engine.Validation;

namespace CxRox.Api.Schedules;

/// <param name="Recompute">Cron (5-field or Quartz's form) for recomputing scores; null or empty for none.</param>
/// <param name="Summary">Cron for writing (and delivering) the summary of the last complete period; null or empty for none.</param>
/// <param name="TimeZone">IANA time zone the crons are read in, spelled as in the tz database (Europe/Warsaw, not europe/warsaw).</param>
public sealed record ScheduleRequest(string? Recompute, string? Summary, string? TimeZone)
{
    /// <summary>Every problem, with the scorecard format's codes for the same problems.</summary>
    public IReadOnlyList<ScheduleError> Validate(ScheduleRules rules)
    {
        var errors = new List<ScheduleError>();
        var zone = IanaTimeZones.Spelling(TimeZone) is { } spelling ? IanaTimeZones.Find(spelling) : TimeZoneInfo.Utc;
        foreach (var (field, cron) in new[] { ("recompute", Recompute), ("summary", Summary) })
        {
            if (string.IsNullOrWhiteSpace(cron))
            {
                continue;
            }
            var parsed = CronExpression.Parse(cron);
            if (parsed.Expression is not { } expression)
            {
                var descriptor = ScorecardDiagnostics.For(parsed.Errors.FirstOrDefault(e => e.NotConvertible) ?? parsed.Errors[0]);
                errors.Add(new ScheduleError(descriptor.Code, "/" + field, string.Join(" ", parsed.Errors.Select(e => e.Message))));
            }
            else if (rules.Check(expression, zone) is { } problem)
            {
                errors.Add(new ScheduleError(ScorecardDiagnostics.For(problem).Code, "/" + field, problem.Message));
            }
        }
        if (IanaTimeZones.Refusal(TimeZone) is { } timeZoneProblem)
        {
            errors.Add(new ScheduleError(ScorecardDiagnostics.InvalidTimeZone.Code, "/timeZone", timeZoneProblem));
        }
        return errors;
    }
}

/// <summary>One problem of a schedule: the scorecard format's code for it, the field (a JSON pointer into the request) and why.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "RFC 6901 JSON pointer.")]
public sealed record ScheduleError(string Code, string Pointer, string Message);

/// <param name="Quartz">The same schedule in Quartz's form (seconds first, Sunday 1), the service's canonical form; null when the stored cron is not valid.</param>
/// <param name="Next">The next fire times, in the schedule's time zone; none when it is not scheduled.</param>
/// <param name="Problem">Why it is not scheduled (a cron stored by an older build that never fires, say); null when it is.</param>
public sealed record CronResponse(string Cron, string? Quartz, IReadOnlyList<DateTimeOffset> Next, string? Problem = null);

/// <param name="Source">'scorecard' (from the version last stored) or 'api' (set here since).</param>
public sealed record ScheduleResponse(string Scorecard, string TimeZone, string Source, DateTimeOffset UpdatedAt, CronResponse? Recompute, CronResponse? Summary)
{
    public static ScheduleResponse From(ScorecardSchedule schedule, DateTimeOffset now) => new(
        schedule.ScorecardId, schedule.TimeZone, schedule.Source, schedule.UpdatedAt, Cron(schedule.RecomputeCron, schedule.TimeZone, now), Cron(schedule.SummaryCron, schedule.TimeZone, now));

    private static CronResponse? Cron(string? cron, string timeZone, DateTimeOffset now) =>
        cron is null ? null
        : ScheduleTriggers.Unschedulable(cron, timeZone, now) is { } problem
            ? new CronResponse(cron, CronExpression.Parse(cron).Expression?.QuartzText, [], problem)
            : new CronResponse(cron, ScheduleTriggers.QuartzText(cron), ScheduleTriggers.NextFireTimes(cron, timeZone, now, SchedulesApi.NextFireTimes));
}

public sealed record RunNowResponse(string Kind, DateTimeOffset RequestedAt, string Runs);

/// <param name="Firings">How often Hangfire delivered this firing; more than one means a delivery was recognized and not run again.</param>
/// <param name="Job">The recompute job's URL.</param>
public sealed record ScheduleRunResponse(
    Guid Id, string Kind, DateTimeOffset ScheduledFor, string RequestedBy, string Status, int Attempts, int Firings, string? Error,
    string? Job, DateOnly? SummaryPeriod, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt)
{
    public static ScheduleRunResponse From(ScheduleRun run, string organizationSlug) => new(
        run.Id, ScheduleStore.Name(run.Kind), run.ScheduledFor, run.RequestedBy, run.Status, run.Attempts, run.Firings, run.Error,
        run.JobId is { } job ? $"/v1/organizations/{organizationSlug}/jobs/{job}" : null, run.SummaryPeriod, run.StartedAt, run.FinishedAt);
}
