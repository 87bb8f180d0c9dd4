using CxRox.Engine.Scheduling;

namespace CxRox.Api.Schedules;

/// <summary>The "Schedules" settings.</summary>
public sealed class ScheduleOptions
{
    public const string Section = "Schedules";

    /// <summary>
    /// The shortest time allowed between two consecutive firings of one schedule (default 5
    /// minutes): each firing recomputes a scorecard, so a tenant's every-second cron would take
    /// the workers from every other tenant.
    /// </summary>
    public TimeSpan MinimumInterval { get; set; } = ScheduleRules.DefaultMinimumInterval;

    /// <summary>The rules a schedule submitted at <paramref name="now"/> must meet.</summary>
    public ScheduleRules RulesAt(DateTimeOffset now) => ScheduleRules.For(now, MinimumInterval);
}
