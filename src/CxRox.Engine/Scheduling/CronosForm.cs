using System.Collections.Immutable;
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
        var fields = quartzText.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var errors = ImmutableArray.CreateBuilder<CronError>();
        var seconds = CronField.Parse(fields[0], CronField.Second, quartz: true, errors);
        var minutes = CronField.Parse(fields[1], CronField.Minute, quartz: true, errors);
        var hours = CronField.Parse(fields[2], CronField.Hour, quartz: true, errors);
        var daysOfMonth = CronField.Parse(fields[3], CronField.DayOfMonth, quartz: true, errors, out var dayOfMonthSpecial);
        var months = CronField.Parse(fields[4], CronField.Month, quartz: true, errors);
        var daysOfWeek = CronField.Parse(fields[5], CronField.QuartzDayOfWeek, quartz: true, errors, out var dayOfWeekSpecial);
        if (errors.Count > 0 || seconds is null || minutes is null || hours is null || months is null)
        {
            throw new ArgumentException($"'{quartzText}' is not a valid Quartz expression.", nameof(quartzText));
        }

        var dayOfMonth = dayOfMonthSpecial ?? new DaysOfMonthRule(daysOfMonth!);
        var dayOfWeek = dayOfWeekSpecial ?? new DaysOfWeekRule(daysOfWeek!);
        return string.Join(' ',
            List(seconds, CronField.Second), List(minutes, CronField.Minute), List(hours, CronField.Hour),
            DayOfMonth(dayOfMonth), List(months, CronField.Month), DayOfWeek(dayOfWeek));
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
