using System.Collections.Immutable;

namespace CxRox.Engine.Scheduling;

/// <summary>
/// The fields of a valid Quartz expression (one <see cref="CronExpression.Parse"/> produced), read
/// once for every use of it: the timetable our checks read and the form Cronos is given.
/// </summary>
internal sealed record QuartzFields(
    IReadOnlySet<int> Seconds, IReadOnlySet<int> Minutes, IReadOnlySet<int> Hours,
    CronDayRule DayOfMonth, IReadOnlySet<int> Months, CronDayRule DayOfWeek, IReadOnlySet<int>? Years)
{
    public static QuartzFields Read(string quartzText)
    {
        var fields = quartzText.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var errors = ImmutableArray.CreateBuilder<CronError>();
        var seconds = CronField.Parse(fields[0], CronField.Second, quartz: true, errors);
        var minutes = CronField.Parse(fields[1], CronField.Minute, quartz: true, errors);
        var hours = CronField.Parse(fields[2], CronField.Hour, quartz: true, errors);
        var daysOfMonth = CronField.Parse(fields[3], CronField.DayOfMonth, quartz: true, errors, out var dayOfMonthSpecial);
        var months = CronField.Parse(fields[4], CronField.Month, quartz: true, errors);
        var daysOfWeek = CronField.Parse(fields[5], CronField.QuartzDayOfWeek, quartz: true, errors, out var dayOfWeekSpecial);
        var years = fields.Length == 7 ? CronField.Parse(fields[6], CronField.Year, quartz: true, errors) : null;
        if (errors.Count > 0 || seconds is null || minutes is null || hours is null || months is null)
        {
            throw new ArgumentException($"'{quartzText}' is not a valid Quartz expression: {string.Join(" ", errors.Select(e => e.Message))}", nameof(quartzText));
        }

        return new QuartzFields(
            seconds, minutes, hours,
            dayOfMonthSpecial ?? new DaysOfMonthRule(daysOfMonth!),
            months,
            dayOfWeekSpecial ?? new DaysOfWeekRule(daysOfWeek!),
            years);
    }
}
