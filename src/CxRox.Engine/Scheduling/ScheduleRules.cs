using System.Globalization;

namespace CxRox.Engine.Scheduling;

/// <summary>Why a valid cron expression is refused as a schedule.</summary>
public enum ScheduleProblemKind
{
    /// <summary>No day in <see cref="ScheduleRules.HorizonYears"/> years matches it (31 February, or only past years).</summary>
    NeverFires,

    /// <summary>Two consecutive firings are closer than <see cref="ScheduleRules.MinimumInterval"/>.</summary>
    TooFrequent,
}

public sealed record ScheduleProblem(ScheduleProblemKind Kind, string Message);

/// <summary>
/// What a schedule must satisfy beyond its syntax, checked when a scorecard or a schedule is
/// submitted: it fires at all after <see cref="Now"/>, and never twice within
/// <see cref="MinimumInterval"/>. A stored schedule that an older build accepted is not read
/// against these again; the service reports it on its scorecard instead.
/// </summary>
/// <param name="MinimumInterval">The shortest wall-clock time allowed between two consecutive firings.</param>
/// <param name="Now">When the schedule is submitted; only firings after it count.</param>
public sealed record ScheduleRules(TimeSpan MinimumInterval, DateTimeOffset Now)
{
    public static readonly TimeSpan DefaultMinimumInterval = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How far ahead a schedule is looked at: eight years always hold a 29 February (the longest
    /// run without one, around 2100, is eight years), so a leap-day schedule fires within it, and
    /// every pattern of weekdays, month lengths and leap years that the fields can select occurs.
    /// </summary>
    public const int HorizonYears = 8;

    public static ScheduleRules For(DateTimeOffset now, TimeSpan? minimumInterval = null) => new(minimumInterval ?? DefaultMinimumInterval, now);

    /// <summary>The first problem of <paramref name="cron"/> as a schedule in <paramref name="timeZone"/>; null when it has none.</summary>
    public ScheduleProblem? Check(CronExpression cron, TimeZoneInfo timeZone)
    {
        ArgumentNullException.ThrowIfNull(cron);
        ArgumentNullException.ThrowIfNull(timeZone);
        if (NeverFires(cron, timeZone, Now) is { } never)
        {
            return never;
        }
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(Now, timeZone).DateTime);
        var until = today.AddYears(HorizonYears).AddDays(1);
        var timetable = cron.Timetable;
        if (timetable.SmallestGap(today, until) is { } gap && gap < MinimumInterval)
        {
            return new ScheduleProblem(ScheduleProblemKind.TooFrequent,
                $"'{cron.Text}' fires as often as every {Describe(gap)}; a schedule may fire at most once every {Describe(MinimumInterval)}. Space its firings at least {Describe(MinimumInterval)} apart (for example '*/{Math.Max(1, (int)Math.Ceiling(MinimumInterval.TotalMinutes))} * * * *'), or fire it less often.");
        }

        return null;
    }

    /// <summary>
    /// Why <paramref name="cron"/> never fires in <paramref name="timeZone"/> after
    /// <paramref name="now"/>, within <see cref="HorizonYears"/> years; null when it fires. The
    /// one answer to "does this cron fire": a submitted schedule is refused by it, and a stored
    /// one is left unscheduled (and reported on its scorecard) by it.
    /// </summary>
    public static ScheduleProblem? NeverFires(CronExpression cron, TimeZoneInfo timeZone, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(cron);
        ArgumentNullException.ThrowIfNull(timeZone);
        var localNow = TimeZoneInfo.ConvertTime(now, timeZone).DateTime;
        var until = DateOnly.FromDateTime(localNow).AddYears(HorizonYears).AddDays(1);
        if (cron.Timetable.TimesAfter(localNow, until).Any())
        {
            return null;
        }
        var fields = cron.QuartzText.Split(' ');
        return new ScheduleProblem(ScheduleProblemKind.NeverFires,
            $"'{cron.Text}' never fires: no time from now to {until.AddDays(-1):yyyy-MM-dd} ({HorizonYears} years) has day-of-month '{fields[3]}', month '{fields[4]}' and day-of-week '{fields[5]}' (in Quartz's form '{cron.QuartzText}'). Check the day and the month: 30 and 31 February, 31 April, June, September and November never come.");
    }

    /// <summary>"5 minutes", "1 hour 30 minutes", "20 seconds".</summary>
    public static string Describe(TimeSpan span)
    {
        var parts = new List<string>();
        Add(span.Days, "day");
        Add(span.Hours, "hour");
        Add(span.Minutes, "minute");
        Add(span.Seconds, "second");
        return parts.Count == 0 ? "0 seconds" : string.Join(' ', parts);

        void Add(int amount, string unit)
        {
            if (amount > 0)
            {
                parts.Add(string.Create(CultureInfo.InvariantCulture, $"{amount} {unit}{(amount == 1 ? "" : "s")}"));
            }
        }
    }
}
