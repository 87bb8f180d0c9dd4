using CxRox.Api.Recompute;

namespace CxRox.Api.Tests.Schedules;

/// <summary>
/// The engine's own reading of a cron (which checks that a schedule fires, how often, and which
/// occurrence a late firing stands for) agrees with Cronos, the reader inside Hangfire that fires
/// the recurring jobs from <see cref="Engine.Scheduling.CronExpression.CronosText"/>: the same
/// times, or no time at all.
/// </summary>
public sealed class CronAgreementTests
{
    private const int Firings = 40;
    private static readonly DateTime Start = new(2026, 1, 1, 0, 0, 0);

    // Firings before this are compared (Quartz's form takes no year after 2099).
    private static readonly DateOnly Until = new(2100, 1, 1);

    public static TheoryData<string> Crons =>
    [
        "0 2 * * *", "0 2 * * 1", "0 6 29 2 *", "*/15 * * * *", "0 7 1 * *", "30 6 * jan-mar mon", "0 0 1-15/2 * *", "@weekly", "@yearly",
        "0 8 * * 5-7", "0 8 * * sat,sun", "0 9-17/4 * * 1-5", "0 8 * * 0", "0 8 * * 7",
        "0 0 12 L * ?", "0 0 12 L-3 * ?", "0 0 12 L-30 * ?", "0 0 12 15W * ?", "0 0 12 1W * ?", "0 0 12 31W * ?", "0 0 12 LW * ?",
        "0 0 12 ? * 6L", "0 0 12 ? * MON#2", "0 0 12 ? * 2#5", "0 0 12 ? * L", "0 15 10 ? * MON-FRI", "0 0/30 8-17 ? * 2-6",
        "0 0 7 ? * SUN", "15 4 10 1,15 * ?", "0 0 0 29 2 ?", "0 0 12 ? * 2-6 *",
        // Never fire (31W skips the months that lack a 31st, as Cronos reads it):
        "0 0 0 31W 2 ?", "0 2 31 2 *", "0 0 30 2 *", "0 0 12 31 4,6,9,11 ?",
    ];

    private static List<DateTimeOffset> CronosTimes(string cron, TimeZoneInfo zone, DateTimeOffset after)
    {
        var cronos = Cronos.CronExpression.Parse(Engine.Scheduling.CronExpression.Parse(cron).Expression!.CronosText, Cronos.CronFormat.IncludeSeconds);
        var times = new List<DateTimeOffset>();
        for (var next = cronos.GetNextOccurrence(after, zone); next is { } time && time.Year < Until.Year && times.Count < Firings; next = cronos.GetNextOccurrence(time, zone))
        {
            times.Add(time);
        }
        return times;
    }

    [Theory]
    [MemberData(nameof(Crons))]
    public void EngineTimetable_FiresAtTheTimesHangfireFires(string cron)
    {
        var expected = CronosTimes(cron, TimeZoneInfo.Utc, new DateTimeOffset(Start, TimeSpan.Zero)).Select(t => t.UtcDateTime).ToList();

        var actual = Engine.Scheduling.CronExpression.Parse(cron).Expression!.Timetable.TimesAfter(Start, Until).Take(Firings).ToList();

        Assert.Equal(expected, actual);
    }

    [Theory]
    [MemberData(nameof(Crons))]
    public void EngineTimetable_FiresOnTheDaysHangfireFiresInAZoneWithDaylightSaving(string cron)
    {
        // Daylight saving moves a time that does not exist, but never to another day.
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Warsaw");
        var after = new DateTimeOffset(Start, zone.GetUtcOffset(Start));
        var expected = ScheduleTriggersOrNone(cron, after).Select(t => DateOnly.FromDateTime(t.DateTime)).Where(d => d < Until).Distinct().ToList();

        var actual = Engine.Scheduling.CronExpression.Parse(cron).Expression!.Timetable.TimesAfter(Start, Until).Take(Firings)
            .Select(DateOnly.FromDateTime).Distinct().ToList();

        Assert.Equal(expected, actual);
    }

    [Theory]
    [MemberData(nameof(Crons))]
    public void AFiringTriggeredLate_StandsForTheOccurrenceHangfireFired(string cron)
    {
        // Hangfire's scheduler polls: it triggers a firing up to a poll interval after its time.
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Warsaw");
        foreach (var occurrence in CronosTimes(cron, zone, new DateTimeOffset(Start, zone.GetUtcOffset(Start))).Take(10))
        {
            Assert.Equal(occurrence, ScheduledRunJob.Occurrence(cron, "Europe/Warsaw", occurrence.AddSeconds(0.9)));
            Assert.Equal(occurrence, ScheduledRunJob.Occurrence(cron, "Europe/Warsaw", occurrence));
        }
    }

    private static List<DateTimeOffset> ScheduleTriggersOrNone(string cron, DateTimeOffset after) =>
        [.. ScheduleTriggers.NextFireTimes(cron, "Europe/Warsaw", after, Firings).Where(t => t.Year < Until.Year)];
}
