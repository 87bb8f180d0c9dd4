using System.Globalization;

namespace CxRox.Engine.Scheduling;

/// <summary>
/// Writes a valid Quartz expression the way Cronos (the cron reader inside Hangfire) reads the
/// same schedule: six fields, seconds first, each field's values listed, Sunday as 0 rather than
/// Quartz's 1, and the special day forms (L, L-n, nW, LW, dL, d#n) spelled as Cronos spells them.
/// A year field is dropped: the parser refuses one that limits the years.
/// </summary>
internal static class CronosForm
{
    public static string FromQuartz(string quartzText)
    {
        var q = QuartzFields.Read(quartzText);
        return string.Join(' ',
            List(q.Seconds, CronField.Second), List(q.Minutes, CronField.Minute), List(q.Hours, CronField.Hour),
            DayOfMonth(q.DayOfMonth), List(q.Months, CronField.Month), DayOfWeek(q.DayOfWeek));
    }

    private static string List(IReadOnlySet<int> values, CronField field) =>
        values.Count == field.Max - field.Min + 1 ? "*" : string.Join(',', values.Order().Select(Number));

    private static string DayOfMonth(CronDayRule rule) => rule switch
    {
        AnyDayRule => "?",
        DaysOfMonthRule days => List(days.Days, CronField.DayOfMonth),
        LastDayOfMonthRule { Offset: 0 } => "L",
        LastDayOfMonthRule last => "L-" + Number(last.Offset),
        LastWeekdayOfMonthRule => "LW",
        NearestWeekdayRule nearest => Number(nearest.Day) + "W",
        _ => throw new ArgumentOutOfRangeException(nameof(rule), rule, "Not a day-of-month rule."),
    };

    // Quartz numbers the days 1 (Sunday) to 7; Cronos 0 (Sunday) to 6.
    private static string DayOfWeek(CronDayRule rule) => rule switch
    {
        AnyDayRule => "?",
        DaysOfWeekRule days => days.Weekdays.Count == 7 ? "*" : string.Join(',', days.Weekdays.Order().Select(d => Number(d - 1))),
        LastWeekdayInMonthRule last => Number(last.Weekday - 1) + "L",
        NthWeekdayInMonthRule nth => Number(nth.Weekday - 1) + "#" + Number(nth.Nth),
        _ => throw new ArgumentOutOfRangeException(nameof(rule), rule, "Not a day-of-week rule."),
    };

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
