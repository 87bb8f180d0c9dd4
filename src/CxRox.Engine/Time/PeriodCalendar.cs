using CxRox.Engine.Model;

namespace CxRox.Engine.Time;

/// <summary>
/// Where a scorecard's periods fall on the calendar (docs/domain.md, Periods): ISO weeks starting
/// on Monday, calendar months, and calendar quarters, all as local days of the organization's
/// time zone. The one place that does period arithmetic: the service's SQL groups by the same
/// periods with date_trunc, and its tests hold the two to each other.
/// </summary>
public static class PeriodCalendar
{
    /// <summary>The first day of the period that holds <paramref name="day"/>.</summary>
    public static DateOnly Start(ScorecardPeriod period, DateOnly day) => period switch
    {
        ScorecardPeriod.Week => day.AddDays(-(((int)day.DayOfWeek + 6) % 7)),
        ScorecardPeriod.Month => new DateOnly(day.Year, day.Month, 1),
        _ => new DateOnly(day.Year, ((day.Month - 1) / 3 * 3) + 1, 1),
    };

    /// <summary>The first day of the period after the one starting on <paramref name="start"/>.</summary>
    public static DateOnly Next(ScorecardPeriod period, DateOnly start) => period switch
    {
        ScorecardPeriod.Week => start.AddDays(7),
        ScorecardPeriod.Month => start.AddMonths(1),
        _ => start.AddMonths(3),
    };

    /// <summary>The first day of the period before the one starting on <paramref name="start"/>.</summary>
    public static DateOnly Previous(ScorecardPeriod period, DateOnly start) => period switch
    {
        ScorecardPeriod.Week => start.AddDays(-7),
        ScorecardPeriod.Month => start.AddMonths(-1),
        _ => start.AddMonths(-3),
    };

    /// <summary>The last day of the period starting on <paramref name="start"/>.</summary>
    public static DateOnly End(ScorecardPeriod period, DateOnly start) => Next(period, start).AddDays(-1);

    /// <summary>The local day it is at <paramref name="now"/> in <paramref name="timeZone"/> (an IANA id).</summary>
    public static DateOnly Today(string timeZone, DateTimeOffset now) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, IanaTimeZones.Find(timeZone)).DateTime);
}
