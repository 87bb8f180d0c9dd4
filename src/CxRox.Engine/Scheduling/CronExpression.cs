using System.Collections.Immutable;

namespace CxRox.Engine.Scheduling;

public enum CronDialect
{
    /// <summary>Five fields, <c>minute hour day-of-month month day-of-week</c>, as in Vixie cron and crontab(5).</summary>
    Standard,

    /// <summary>Six or seven fields, <c>second minute hour day-of-month month day-of-week [year]</c>, as Quartz reads them.</summary>
    Quartz,
}

/// <summary>One thing wrong with a cron expression; <see cref="NotConvertible"/> marks a valid
/// expression that the scheduler cannot fire as written (a standard one Quartz's form cannot
/// express, or a Quartz one that limits the years).</summary>
public sealed record CronError(string Message, bool NotConvertible = false);

public sealed record CronParseResult(CronExpression? Expression, ImmutableArray<CronError> Errors)
{
    public bool IsValid => Expression is not null;
}

/// <summary>
/// A validated cron expression and its Quartz equivalent, the one form every expression is read
/// through (the timetable, the Cronos form Hangfire fires: Scheduling/CronosForm). Our own small
/// parser, so that the engine checks schedules without depending on a scheduler.
/// </summary>
public sealed class CronExpression
{
    private static readonly Dictionary<string, string> Macros = new(StringComparer.OrdinalIgnoreCase)
    {
        ["@yearly"] = "0 0 1 1 *",
        ["@annually"] = "0 0 1 1 *",
        ["@monthly"] = "0 0 1 * *",
        ["@weekly"] = "0 0 * * 0",
        ["@daily"] = "0 0 * * *",
        ["@midnight"] = "0 0 * * *",
        ["@hourly"] = "0 * * * *",
    };

    private CronExpression(string text, CronDialect dialect, string quartzText)
    {
        Text = text;
        Dialect = dialect;
        QuartzText = quartzText;
    }

    /// <summary>The expression as written.</summary>
    public string Text { get; }

    public CronDialect Dialect { get; }

    /// <summary>The same schedule as a Quartz expression (seconds first, '?' in one day field).</summary>
    public string QuartzText { get; }

    /// <summary>
    /// The same schedule as Cronos reads it (seconds first, Sunday 0), which is what Hangfire is
    /// given to fire; the API's tests hold Cronos's firings to <see cref="Timetable"/>.
    /// </summary>
    public string CronosText => cronosText ??= CronosForm.FromQuartz(QuartzText);

    private string? cronosText;

    /// <summary>The wall-clock times it fires at, read from <see cref="QuartzText"/>.</summary>
    public CronTimetable Timetable => timetable ??= CronTimetable.FromQuartz(QuartzText);

    private CronTimetable? timetable;

    public override string ToString() => Text;

    public static CronParseResult Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        if (trimmed.StartsWith('@'))
        {
            return Macros.TryGetValue(trimmed, out var expansion)
                ? ParseStandard(text, expansion.Split(' '))
                : Fail($"'{trimmed}' is not a supported shortcut; use one of @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly, or write the fields.");
        }

        var fields = trimmed.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        return fields.Length switch
        {
            0 => Fail("The cron expression is empty."),
            5 => ParseStandard(text, fields),
            6 or 7 => ParseQuartz(text, fields),
            _ => Fail($"The cron expression has {fields.Length} field{(fields.Length == 1 ? "" : "s")}; write 5 (minute hour day-of-month month day-of-week) or 6-7 for Quartz (second minute hour day-of-month month day-of-week [year])."),
        };
    }

    private static CronParseResult Fail(string message) => new(null, [new CronError(message)]);

    private static CronParseResult ParseStandard(string text, string[] fields)
    {
        var errors = ImmutableArray.CreateBuilder<CronError>();
        CronField.Parse(fields[0], CronField.Minute, quartz: false, errors);
        CronField.Parse(fields[1], CronField.Hour, quartz: false, errors);
        CronField.Parse(fields[2], CronField.DayOfMonth, quartz: false, errors);
        CronField.Parse(fields[3], CronField.Month, quartz: false, errors);
        var weekdays = CronField.Parse(fields[4], CronField.StandardDayOfWeek, quartz: false, errors);
        if (errors.Count > 0)
        {
            return new CronParseResult(null, errors.ToImmutable());
        }

        var dayOfMonth = fields[2];
        var dayOfWeek = fields[4];
        string quartzDayOfMonth;
        string quartzDayOfWeek;
        if (dayOfWeek == "*")
        {
            quartzDayOfMonth = dayOfMonth.ToUpperInvariant();
            quartzDayOfWeek = "?";
        }
        else if (dayOfMonth == "*")
        {
            quartzDayOfMonth = "?";
            quartzDayOfWeek = CronField.ToQuartzDaysOfWeek(weekdays!);
        }
        else
        {
            // Vixie cron matches a day when day-of-month OR day-of-week matches if both are restricted,
            // and when both match if either starts with '*'. Quartz can express neither combination.
            var meaning = dayOfMonth.StartsWith('*') || dayOfWeek.StartsWith('*')
                ? "a day that matches both"
                : "a day that matches either one";
            return new CronParseResult(null,
            [
                new CronError(
                    $"Both day-of-month ('{dayOfMonth}') and day-of-week ('{dayOfWeek}') are restricted, which standard cron reads as {meaning}; Quartz cannot express that. Set one of them to '*', or split the schedule in two.",
                    NotConvertible: true),
            ]);
        }

        var quartz = string.Join(' ', "0", fields[0], fields[1], quartzDayOfMonth, fields[3].ToUpperInvariant(), quartzDayOfWeek);
        return new CronParseResult(new CronExpression(text, CronDialect.Standard, quartz), []);
    }

    private static CronParseResult ParseQuartz(string text, string[] fields)
    {
        var errors = ImmutableArray.CreateBuilder<CronError>();
        CronField.Parse(fields[0], CronField.Second, quartz: true, errors);
        CronField.Parse(fields[1], CronField.Minute, quartz: true, errors);
        CronField.Parse(fields[2], CronField.Hour, quartz: true, errors);
        CronField.Parse(fields[3], CronField.DayOfMonth, quartz: true, errors);
        CronField.Parse(fields[4], CronField.Month, quartz: true, errors);
        CronField.Parse(fields[5], CronField.QuartzDayOfWeek, quartz: true, errors);
        if (fields.Length == 7 && CronField.Parse(fields[6], CronField.Year, quartz: true, errors) is not null && fields[6] != "*")
        {
            // Hangfire fires the schedules with Cronos, which reads no year field.
            errors.Add(new CronError(
                $"The year field '{fields[6]}' limits the years, which the scheduler (Hangfire) cannot do: drop it, or write '*', and the schedule fires every year.",
                NotConvertible: true));
        }

        var dayOfMonthAny = fields[3] == "?";
        var dayOfWeekAny = fields[5] == "?";
        if (dayOfMonthAny && dayOfWeekAny)
        {
            errors.Add(new CronError("'?' is in both day-of-month and day-of-week; Quartz needs it in exactly one of them."));
        }
        else if (!dayOfMonthAny && !dayOfWeekAny)
        {
            var advice = fields[3] == "*" ? $"write '?' instead of '*' in day-of-month to run on day-of-week '{fields[5]}'"
                : fields[5] == "*" ? $"write '?' instead of '*' in day-of-week to run on day-of-month '{fields[3]}'"
                : "put '?' in the day field you do not use (Quartz cannot combine day-of-month and day-of-week)";
            errors.Add(new CronError($"Quartz needs '?' in day-of-month or day-of-week: {advice}."));
        }

        return errors.Count > 0
            ? new CronParseResult(null, errors.ToImmutable())
            : new CronParseResult(new CronExpression(text, CronDialect.Quartz, string.Join(' ', fields).ToUpperInvariant()), []);
    }
}
