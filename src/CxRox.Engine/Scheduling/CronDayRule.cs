namespace CxRox.Engine.Scheduling;

/// <summary>
/// Which days of a month one of Quartz's two day fields selects. Quartz numbers weekdays 1-7 from
/// Sunday; a day rule that names a day the month lacks (31 in April, the fifth Monday) selects
/// nothing in that month rather than moving to another day.
/// </summary>
internal abstract record CronDayRule
{
    public abstract bool Matches(DateOnly date);

    /// <summary>The Quartz weekday (1 = Sunday ... 7 = Saturday) of a date.</summary>
    protected static int QuartzWeekday(DateOnly date) => (int)date.DayOfWeek + 1;

    protected static int LastDay(DateOnly date) => DateTime.DaysInMonth(date.Year, date.Month);

    protected static bool IsWeekend(DateOnly date) => date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;
}

/// <summary>'?': the other day field decides.</summary>
internal sealed record AnyDayRule : CronDayRule
{
    public static AnyDayRule Instance { get; } = new();

    public override bool Matches(DateOnly date) => true;
}

/// <summary>A set of days of the month (1-31).</summary>
internal sealed record DaysOfMonthRule(IReadOnlySet<int> Days) : CronDayRule
{
    public override bool Matches(DateOnly date) => Days.Contains(date.Day);
}

/// <summary>A set of weekdays (Quartz's 1-7).</summary>
internal sealed record DaysOfWeekRule(IReadOnlySet<int> Weekdays) : CronDayRule
{
    public override bool Matches(DateOnly date) => Weekdays.Contains(QuartzWeekday(date));
}

/// <summary>'L' (offset 0) or 'L-n': the last day of the month, or n days before it.</summary>
internal sealed record LastDayOfMonthRule(int Offset) : CronDayRule
{
    public override bool Matches(DateOnly date) => date.Day == LastDay(date) - Offset;
}

/// <summary>'LW': the last Monday-to-Friday day of the month.</summary>
internal sealed record LastWeekdayOfMonthRule : CronDayRule
{
    public override bool Matches(DateOnly date)
    {
        var last = new DateOnly(date.Year, date.Month, LastDay(date));
        while (IsWeekend(last))
        {
            last = last.AddDays(-1);
        }
        return date == last;
    }
}

/// <summary>
/// 'nW': the Monday-to-Friday day nearest to day n, without leaving the month. A month that lacks
/// day n has none (31W skips April), as Cronos, which fires the schedules in Hangfire, reads it;
/// Quartz read it as the month's last day.
/// </summary>
internal sealed record NearestWeekdayRule(int Day) : CronDayRule
{
    public override bool Matches(DateOnly date)
    {
        var lastDay = LastDay(date);
        if (Day > lastDay)
        {
            return false;
        }
        var day = Day;
        var target = new DateOnly(date.Year, date.Month, day);
        var nearest = target.DayOfWeek switch
        {
            DayOfWeek.Saturday => day == 1 ? target.AddDays(2) : target.AddDays(-1),
            DayOfWeek.Sunday => day == lastDay ? target.AddDays(-2) : target.AddDays(1),
            _ => target,
        };
        return date == nearest;
    }
}

/// <summary>'nL': the last weekday n (Quartz's 1-7) of the month.</summary>
internal sealed record LastWeekdayInMonthRule(int Weekday) : CronDayRule
{
    public override bool Matches(DateOnly date) => QuartzWeekday(date) == Weekday && date.Day + 7 > LastDay(date);
}

/// <summary>'n#k': the k-th weekday n (Quartz's 1-7) of the month.</summary>
internal sealed record NthWeekdayInMonthRule(int Weekday, int Nth) : CronDayRule
{
    public override bool Matches(DateOnly date) => QuartzWeekday(date) == Weekday && (date.Day - 1) / 7 + 1 == Nth;
}
