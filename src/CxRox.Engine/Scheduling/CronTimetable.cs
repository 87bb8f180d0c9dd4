using System.Collections.Immutable;

namespace CxRox.Engine.Scheduling;

/// <summary>
/// The wall-clock times a cron expression selects, read from its Quartz form the way Quartz reads
/// it: a time of day from the second, minute and hour fields on every day that the month, the
/// year and one day field (the other is '?') select. Our own reading, so that the checks on a
/// schedule (does it ever fire, how often, which occurrence a late firing belongs to) do not
/// depend on the scheduler; the API's tests hold it to the firings of Cronos, which Hangfire uses.
/// </summary>
public sealed class CronTimetable
{
    private readonly ImmutableArray<int> secondsOfDay;
    private readonly IReadOnlySet<int> months;
    private readonly IReadOnlySet<int>? years;
    private readonly CronDayRule dayOfMonth;
    private readonly CronDayRule dayOfWeek;

    private CronTimetable(ImmutableArray<int> secondsOfDay, IReadOnlySet<int> months, IReadOnlySet<int>? years, CronDayRule dayOfMonth, CronDayRule dayOfWeek)
    {
        this.secondsOfDay = secondsOfDay;
        this.months = months;
        this.years = years;
        this.dayOfMonth = dayOfMonth;
        this.dayOfWeek = dayOfWeek;
    }

    /// <summary>Reads a Quartz expression that <see cref="CronExpression.Parse"/> produced (so valid).</summary>
    internal static CronTimetable FromQuartz(string quartzText)
    {
        var q = QuartzFields.Read(quartzText);
        var times = (from hour in q.Hours from minute in q.Minutes from second in q.Seconds select hour * 3600 + minute * 60 + second).Order().ToImmutableArray();
        return new CronTimetable(times, q.Months, q.Years, q.DayOfMonth, q.DayOfWeek);
    }

    /// <summary>Whether the expression fires at all on <paramref name="date"/>.</summary>
    public bool FiresOn(DateOnly date) =>
        months.Contains(date.Month)
        && (years is null || years.Contains(date.Year))
        && (dayOfMonth is AnyDayRule ? dayOfWeek.Matches(date) : dayOfMonth.Matches(date));

    /// <summary>The days it fires on, from <paramref name="from"/> up to (not including) <paramref name="until"/>.</summary>
    public IEnumerable<DateOnly> Days(DateOnly from, DateOnly until)
    {
        for (var date = from; date < until; date = date.AddDays(1))
        {
            if (FiresOn(date))
            {
                yield return date;
            }
        }
    }

    /// <summary>The wall-clock times it fires at after <paramref name="after"/>, on days before <paramref name="until"/>.</summary>
    public IEnumerable<DateTime> TimesAfter(DateTime after, DateOnly until)
    {
        foreach (var day in Days(DateOnly.FromDateTime(after), until))
        {
            var midnight = day.ToDateTime(TimeOnly.MinValue);
            foreach (var second in secondsOfDay)
            {
                var time = midnight.AddSeconds(second);
                if (time > after)
                {
                    yield return time;
                }
            }
        }
    }

    /// <summary>
    /// The last wall-clock time it fires at that is not after <paramref name="at"/>, on a day
    /// from <paramref name="notBefore"/> on; null when there is none. A firing that runs late (a
    /// scheduler polls; a node was down) is known by this time, its occurrence.
    /// </summary>
    public DateTime? LastAtOrBefore(DateTime at, DateOnly notBefore)
    {
        for (var day = DateOnly.FromDateTime(at); day >= notBefore; day = day.AddDays(-1))
        {
            if (!FiresOn(day))
            {
                continue;
            }
            var midnight = day.ToDateTime(TimeOnly.MinValue);
            for (var i = secondsOfDay.Length - 1; i >= 0; i--)
            {
                var time = midnight.AddSeconds(secondsOfDay[i]);
                if (time <= at)
                {
                    return time;
                }
            }
        }
        return null;
    }

    /// <summary>
    /// The shortest wall-clock time between two consecutive firings on days from
    /// <paramref name="from"/> to <paramref name="until"/>; null when it fires fewer than twice.
    /// The times of day are the same on every day it fires, so only the gaps within a day and
    /// from one firing day's last time to the next firing day's first need looking at.
    /// </summary>
    public TimeSpan? SmallestGap(DateOnly from, DateOnly until)
    {
        int? smallest = null;
        for (var i = 1; i < secondsOfDay.Length; i++)
        {
            smallest = Math.Min(smallest ?? int.MaxValue, secondsOfDay[i] - secondsOfDay[i - 1]);
        }

        DateOnly? previous = null;
        var firesWithinADay = smallest is not null;
        var firingDays = 0;
        foreach (var day in Days(from, until))
        {
            firingDays++;
            if (previous is { } before)
            {
                var overnight = (day.DayNumber - before.DayNumber) * 86_400 - secondsOfDay[^1] + secondsOfDay[0];
                smallest = Math.Min(smallest ?? int.MaxValue, overnight);
            }
            previous = day;
        }

        return firingDays == 0 || (firingDays == 1 && !firesWithinADay) ? null : TimeSpan.FromSeconds(smallest!.Value);
    }
}
