using CxRox.Api.Schedules;

namespace CxRox.Api.Tests.Schedules;

/// <summary>
/// The engine's own reading of a cron (which checks that a schedule fires, and how often) agrees
/// with Quartz, which fires the triggers: the same times, or no time at all.
/// </summary>
public sealed class CronAgreementTests
{
    private const int Firings = 40;
    private static readonly DateTime Start = new(2026, 1, 1, 0, 0, 0);

    // Quartz gives up looking about a hundred years ahead; firings before this are compared.
    private static readonly DateOnly Until = new(2100, 1, 1);

    public static TheoryData<string> Crons =>
    [
        "0 2 * * *", "0 2 * * 1", "0 6 29 2 *", "*/15 * * * *", "0 7 1 * *", "30 6 * jan-mar mon", "0 0 1-15/2 * *", "@weekly", "@yearly",
        "0 8 * * 5-7", "0 8 * * sat,sun", "0 9-17/4 * * 1-5",
        "0 0 12 L * ?", "0 0 12 L-3 * ?", "0 0 12 L-30 * ?", "0 0 12 15W * ?", "0 0 12 1W * ?", "0 0 12 31W * ?", "0 0 12 LW * ?",
        "0 0 12 ? * 6L", "0 0 12 ? * MON#2", "0 0 12 ? * 2#5", "0 0 12 ? * L", "0 15 10 ? * MON-FRI", "0 0/30 8-17 ? * 2-6 2027",
        "0 0 7 ? * SUN", "15 4 10 1,15 * ?", "0 0 0 29 2 ? 2028-2040",
        // Quartz reads 31W as the last weekday of a shorter month rather than skipping it.
        "0 0 0 31W 2 ?",
        // Never fire:
        "0 2 31 2 *", "0 0 30 2 *", "0 0 0 ? 2 2#5 2027", "0 0 12 31 4,6,9,11 ?", "0 0 12 ? * 2-6 2020",
    ];

    [Theory]
    [MemberData(nameof(Crons))]
    public void EngineTimetable_FiresAtTheTimesQuartzFires(string cron)
    {
        var quartzText = Engine.Scheduling.CronExpression.Parse(cron).Expression!.QuartzText;
        var quartz = new Quartz.CronExpression(quartzText, TimeZoneInfo.Utc);
        var expected = new List<DateTime>();
        for (var next = quartz.GetNextValidTimeAfter(new DateTimeOffset(Start, TimeSpan.Zero)); next is { } time && time.Year < Until.Year && expected.Count < Firings; next = quartz.GetNextValidTimeAfter(time))
        {
            expected.Add(time.UtcDateTime);
        }

        var actual = Engine.Scheduling.CronExpression.Parse(cron).Expression!.Timetable.TimesAfter(Start, Until).Take(Firings).ToList();

        Assert.Equal(expected, actual);
    }

    [Theory]
    [MemberData(nameof(Crons))]
    public void EngineTimetable_FiresOnTheDaysQuartzFiresInAZoneWithDaylightSaving(string cron)
    {
        // Daylight saving moves a time that does not exist, but never to another day.
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Warsaw");
        var after = new DateTimeOffset(Start, zone.GetUtcOffset(Start));
        var expected = ScheduleTriggers.NextFireTimes(cron, "Europe/Warsaw", after, Firings).Select(t => DateOnly.FromDateTime(t.DateTime)).Where(d => d < Until).Distinct().ToList();

        var actual = Engine.Scheduling.CronExpression.Parse(cron).Expression!.Timetable.TimesAfter(Start, Until).Take(Firings)
            .Select(DateOnly.FromDateTime).Distinct().ToList();

        Assert.Equal(expected, actual);
    }
}
