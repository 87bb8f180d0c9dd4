using CxRox.Engine.Scheduling;

namespace CxRox.Api.Schedules;

/// <param name="Recompute">Cron (5-field or Quartz's form) for recomputing scores; null or empty for none.</param>
/// <param name="Summary">Cron for writing (and delivering) the summary of the last complete period; null or empty for none.</param>
/// <param name="TimeZone">IANA time zone the crons are read in.</param>
public sealed record ScheduleRequest(string? Recompute, string? Summary, string? TimeZone)
{
    /// <summary>Every problem, by field.</summary>
    public Dictionary<string, string> Validate()
    {
        var errors = new Dictionary<string, string>();
        foreach (var (field, cron) in new[] { ("recompute", Recompute), ("summary", Summary) })
        {
            if (!string.IsNullOrWhiteSpace(cron) && CronExpression.Parse(cron) is { IsValid: false } parsed)
            {
                errors[field] = string.Join(" ", parsed.Errors.Select(e => e.Message));
            }
        }
        if (string.IsNullOrWhiteSpace(TimeZone))
        {
            errors["timeZone"] = "An IANA time zone is required, such as Europe/Warsaw.";
        }
        else if (!TimeZoneInfo.TryFindSystemTimeZoneById(TimeZone, out _))
        {
            errors["timeZone"] = $"'{TimeZone}' is not an IANA time zone known here.";
        }
        return errors;
    }
}

/// <param name="Quartz">The same schedule in Quartz's form (seconds first), as the triggers use it.</param>
/// <param name="Next">The next fire times, in the schedule's time zone.</param>
public sealed record CronResponse(string Cron, string Quartz, IReadOnlyList<DateTimeOffset> Next);

/// <param name="Source">'scorecard' (from the version last stored) or 'api' (set here since).</param>
public sealed record ScheduleResponse(string Scorecard, string TimeZone, string Source, DateTimeOffset UpdatedAt, CronResponse? Recompute, CronResponse? Summary)
{
    public static ScheduleResponse From(ScorecardSchedule schedule, DateTimeOffset now) => new(
        schedule.ScorecardId, schedule.TimeZone, schedule.Source, schedule.UpdatedAt, Cron(schedule.RecomputeCron, schedule.TimeZone, now), Cron(schedule.SummaryCron, schedule.TimeZone, now));

    private static CronResponse? Cron(string? cron, string timeZone, DateTimeOffset now) => cron is null
        ? null
        : new CronResponse(cron, ScheduleTriggers.QuartzText(cron), ScheduleTriggers.NextFireTimes(cron, timeZone, now, SchedulesApi.NextFireTimes));
}

public sealed record RunNowResponse(string Kind, DateTimeOffset RequestedAt, string Runs);

/// <param name="Firings">How often Quartz delivered this firing; more than one means a delivery was recognized and not run again.</param>
/// <param name="Job">The recompute job's URL.</param>
public sealed record ScheduleRunResponse(
    Guid Id, string Kind, DateTimeOffset ScheduledFor, string RequestedBy, string Status, int Attempts, int Firings, string? Error,
    string? Job, DateOnly? SummaryPeriod, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt)
{
    public static ScheduleRunResponse From(ScheduleRun run, string organizationSlug) => new(
        run.Id, ScheduleStore.Name(run.Kind), run.ScheduledFor, run.RequestedBy, run.Status, run.Attempts, run.Firings, run.Error,
        run.JobId is { } job ? $"/v1/organizations/{organizationSlug}/jobs/{job}" : null, run.SummaryPeriod, run.StartedAt, run.FinishedAt);
}
