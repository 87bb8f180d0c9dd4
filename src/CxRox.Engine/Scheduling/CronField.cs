using System.Collections.Immutable;
using System.Globalization;
using System.Text;

namespace CxRox.Engine.Scheduling;

/// <summary>
/// The grammar of one cron field: a comma-separated list of <c>*</c>, <c>a</c>, <c>a-b</c>, each with an
/// optional <c>/step</c>; Quartz also allows <c>a/step</c>, and its day fields the special forms
/// <c>?</c>, <c>L</c>, <c>L-n</c>, <c>nW</c>, <c>LW</c> (day-of-month), <c>nL</c>, <c>n#k</c> (day-of-week).
/// </summary>
internal sealed record CronField(string Name, int Min, int Max, ImmutableArray<string> Names, int FirstNameValue)
{
    private static readonly ImmutableArray<string> MonthNames = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
    private static readonly ImmutableArray<string> DayNames = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

    public static CronField Second { get; } = new("second", 0, 59, [], 0);

    public static CronField Minute { get; } = new("minute", 0, 59, [], 0);

    public static CronField Hour { get; } = new("hour", 0, 23, [], 0);

    public static CronField DayOfMonth { get; } = new("day-of-month", 1, 31, [], 0);

    public static CronField Month { get; } = new("month", 1, 12, MonthNames, 1);

    /// <summary>Standard cron: 0-7, where both 0 and 7 are Sunday.</summary>
    public static CronField StandardDayOfWeek { get; } = new("day-of-week", 0, 7, DayNames, 0);

    /// <summary>Quartz: 1-7, where 1 is Sunday.</summary>
    public static CronField QuartzDayOfWeek { get; } = new("day-of-week", 1, 7, DayNames, 1);

    public static CronField Year { get; } = new("year", 1970, 2099, [], 0);

    private bool IsDayOfMonth => Name == "day-of-month";

    private bool IsDayOfWeek => Name == "day-of-week";

    /// <summary>Validates <paramref name="text"/>, adding errors; returns the values it selects (null when invalid or special).</summary>
    public static SortedSet<int>? Parse(string text, CronField field, bool quartz, ImmutableArray<CronError>.Builder errors) =>
        Parse(text, field, quartz, errors, out _);

    /// <summary>As <see cref="Parse(string, CronField, bool, ImmutableArray{CronError}.Builder)"/>; a valid special day form (Quartz's ?, L, W, #) comes back as <paramref name="special"/>.</summary>
    public static SortedSet<int>? Parse(string text, CronField field, bool quartz, ImmutableArray<CronError>.Builder errors, out CronDayRule? special)
    {
        var before = errors.Count;
        var values = new SortedSet<int>();
        special = null;
        if (quartz && field.ParseQuartzSpecial(text, errors, out special))
        {
            return null;
        }

        foreach (var item in text.Split(','))
        {
            field.ParseItem(item, quartz, values, errors);
        }

        return errors.Count == before ? values : null;
    }

    /// <summary>Standard days of week (0-7) as Quartz (1-7, 1 = Sunday), runs written as ranges.</summary>
    public static string ToQuartzDaysOfWeek(SortedSet<int> standardDays)
    {
        var quartzDays = new SortedSet<int>(standardDays.Select(d => (d % 7) + 1));
        var text = new StringBuilder();
        int? runStart = null;
        var previous = -1;
        foreach (var day in quartzDays.Append(int.MaxValue))
        {
            if (runStart is not null && day != previous + 1)
            {
                if (text.Length > 0)
                {
                    text.Append(',');
                }

                text.Append(runStart.Value.ToString(CultureInfo.InvariantCulture));
                if (previous != runStart)
                {
                    text.Append('-').Append(previous.ToString(CultureInfo.InvariantCulture));
                }

                runStart = null;
            }

            runStart ??= day;
            previous = day;
        }

        return text.ToString();
    }

    private bool ParseQuartzSpecial(string text, ImmutableArray<CronError>.Builder errors, out CronDayRule? rule)
    {
        var upper = text.ToUpperInvariant();
        rule = null;
        if (text == "?")
        {
            if (!IsDayOfMonth && !IsDayOfWeek)
            {
                errors.Add(new CronError($"'?' is only allowed in day-of-month or day-of-week, not in the {Name} field."));
            }

            rule = AnyDayRule.Instance;
            return true;
        }

        var special = IsDayOfMonth && (upper.Contains('L', StringComparison.Ordinal) || upper.Contains('W', StringComparison.Ordinal))
            || IsDayOfWeek && (upper.Contains('L', StringComparison.Ordinal) || upper.Contains('#', StringComparison.Ordinal));
        if (!special)
        {
            return false;
        }

        if (text.Contains(',', StringComparison.Ordinal))
        {
            errors.Add(new CronError($"The {Name} field '{text}' combines a special form (L, W or #) with a list; Quartz allows it only on its own."));
            return true;
        }

        if (IsDayOfMonth)
        {
            if (upper is "L" or "LW")
            {
                rule = upper == "L" ? new LastDayOfMonthRule(0) : new LastWeekdayOfMonthRule();
                return true;
            }

            if (upper.StartsWith("L-", StringComparison.Ordinal))
            {
                rule = RequireNumber(upper[2..], 1, 30, "days before the end of the month in 'L-n'", errors, out var offset) ? new LastDayOfMonthRule(offset) : null;
                return true;
            }

            if (upper.EndsWith('W') && upper.Length > 1)
            {
                rule = RequireNumber(upper[..^1], 1, 31, "day of 'nW' (nearest weekday)", errors, out var day) ? new NearestWeekdayRule(day) : null;
                return true;
            }
        }
        else if (IsDayOfWeek)
        {
            if (upper == "L")
            {
                // Alone, Quartz reads 'L' in day-of-week as 7, Saturday.
                rule = new DaysOfWeekRule(new HashSet<int> { 7 });
                return true;
            }

            if (upper.EndsWith('L'))
            {
                rule = ParseValue(upper[..^1], errors) is int weekday ? new LastWeekdayInMonthRule(weekday) : null;
                return true;
            }

            var hash = upper.IndexOf('#', StringComparison.Ordinal);
            if (hash > 0)
            {
                var weekday = ParseValue(upper[..hash], errors);
                rule = RequireNumber(upper[(hash + 1)..], 1, 5, "week of the month in 'day#n'", errors, out var nth) && weekday is not null
                    ? new NthWeekdayInMonthRule(weekday.Value, nth)
                    : null;
                return true;
            }
        }

        errors.Add(new CronError($"'{text}' is not valid in the {Name} field; L and W belong to day-of-month (L, L-3, 15W, LW), L and # to day-of-week (6L, MON#2)."));
        return true;
    }

    private void ParseItem(string item, bool quartz, SortedSet<int> values, ImmutableArray<CronError>.Builder errors)
    {
        if (item.Length == 0)
        {
            errors.Add(new CronError($"The {Name} field has an empty item (two commas in a row, or a comma at an end)."));
            return;
        }

        var range = item;
        var step = 1;
        var slash = item.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            range = item[..slash];
            var span = Max - Min;
            if (!RequireNumber(item[(slash + 1)..], 1, Math.Max(1, span), $"step in '{item}'", errors, out step))
            {
                return;
            }
        }

        int low;
        int high;
        if (range == "*")
        {
            (low, high) = (Min, Max);
        }
        else
        {
            var dash = range.IndexOf('-', StringComparison.Ordinal);
            if (dash < 0)
            {
                if (ParseValue(range, errors) is not int single)
                {
                    return;
                }

                if (slash >= 0 && !quartz)
                {
                    errors.Add(new CronError($"'{item}' in the {Name} field: standard cron steps need a range; write '{single}-{Max}/{step}' or '*/{step}'."));
                    return;
                }

                (low, high) = slash >= 0 ? (single, Max) : (single, single);
            }
            else
            {
                var from = ParseValue(range[..dash], errors);
                var to = ParseValue(range[(dash + 1)..], errors);
                if (from is null || to is null)
                {
                    return;
                }

                if (from > to)
                {
                    errors.Add(new CronError($"The range '{range}' in the {Name} field runs backwards; write it from low to high, or as two items ('{range[..dash]}-{Max},{Min}-{range[(dash + 1)..]}')."));
                    return;
                }

                (low, high) = (from.Value, to.Value);
            }
        }

        for (var value = low; value <= high; value += step)
        {
            values.Add(value);
        }
    }

    private int? ParseValue(string text, ImmutableArray<CronError>.Builder errors)
    {
        var index = Names.IndexOf(text.ToUpperInvariant());
        if (index >= 0)
        {
            return FirstNameValue + index;
        }

        if (text.Length > 0 && text.All(char.IsAsciiDigit))
        {
            if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= Min && value <= Max)
            {
                return value;
            }

            errors.Add(new CronError($"{text} is out of range for the {Name} field, which takes {Min}-{Max}{NameHint()}."));
            return null;
        }

        errors.Add(new CronError($"'{text}' is not a number{(Names.IsEmpty ? "" : " or a name")} in the {Name} field, which takes {Min}-{Max}{NameHint()}."));
        return null;
    }

    private bool RequireNumber(string text, int min, int max, string what, ImmutableArray<CronError>.Builder errors, out int value)
    {
        if (text.Length > 0 && text.All(char.IsAsciiDigit)
            && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= min && value <= max)
        {
            return true;
        }

        value = 0;
        errors.Add(new CronError($"The {what} of the {Name} field must be a whole number from {min} to {max}, not '{text}'."));
        return false;
    }

    private string NameHint() => Names.IsEmpty ? "" : $" or {Names[0]}-{Names[^1]}";
}
