using CxRox.Engine.Scheduling;

namespace CxRox.Engine.Tests.Scheduling;

public class ScheduleRulesTests
{
    private static readonly ScheduleRules Rules = new(ScheduleRules.DefaultMinimumInterval, new DateTimeOffset(2026, 12, 1, 23, 30, 0, TimeSpan.Zero));

    private static CronExpression Cron(string text) => CronExpression.Parse(text).Expression!;

    [Theory]
    [InlineData("0 2 31 2 *")]
    [InlineData("0 0 30 2 *")]
    [InlineData("0 0 31 4,6,9,11 *")]
    [InlineData("0 0 0 30 FEB ?")]
    public void Check_CronThatNeverFires_IsRefused(string text)
    {
        var problem = Rules.Check(Cron(text), TimeZoneInfo.Utc);

        Assert.Equal(ScheduleProblemKind.NeverFires, problem?.Kind);
        Assert.Contains("never fires", problem!.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0 6 29 2 *")]
    [InlineData("0 2 * * 1")]
    [InlineData("0 0 12 ? * MON#5")]
    [InlineData("0 0 12 L-30 * ?")]
    [InlineData("0 0 12 LW * ?")]
    [InlineData("0 0 0 29W 2 ?")]
    [InlineData("*/5 * * * *")]
    [InlineData("@yearly")]
    public void Check_CronThatFiresNoMoreThanEveryFiveMinutes_IsAccepted(string text)
    {
        Assert.Null(Rules.Check(Cron(text), TimeZoneInfo.Utc));
    }

    [Theory]
    [InlineData("*/1 * * * *", "1 minute")]
    [InlineData("* * * * *", "1 minute")]
    [InlineData("0/30 * * * * ?", "30 seconds")]
    [InlineData("0 0,4 * * * ?", "4 minutes")]
    // Each firing is far from the next within a day; 23:58 and the next day's 00:00 are not.
    [InlineData("0 0,58 0,23 * * ?", "2 minutes")]
    public void Check_CronThatFiresTooOften_IsRefusedWithItsSmallestGap(string text, string gap)
    {
        var problem = Rules.Check(Cron(text), TimeZoneInfo.Utc);

        Assert.Equal(ScheduleProblemKind.TooFrequent, problem?.Kind);
        Assert.Contains($"every {gap};", problem!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_MinimumInterval_IsASetting()
    {
        var quarterHourly = Rules with { MinimumInterval = TimeSpan.FromMinutes(15) };

        Assert.Null(Rules.Check(Cron("*/10 * * * *"), TimeZoneInfo.Utc));
        Assert.Equal(ScheduleProblemKind.TooFrequent, quarterHourly.Check(Cron("*/10 * * * *"), TimeZoneInfo.Utc)?.Kind);
        Assert.Null(quarterHourly.Check(Cron("*/15 * * * *"), TimeZoneInfo.Utc));
    }

    [Theory]
    [InlineData("0 7 * * *", "2026-03-10T07:00:00", "2026-03-10T07:00:00")]
    [InlineData("0 7 * * *", "2026-03-10T07:00:01", "2026-03-10T07:00:00")]
    [InlineData("0 7 * * *", "2026-03-10T06:59:59", "2026-03-09T07:00:00")]
    [InlineData("0/2 * * * * ?", "2026-03-10T06:59:59", "2026-03-10T06:59:58")]
    [InlineData("0 0 12 LW * ?", "2026-06-15T00:00:00", "2026-05-29T12:00:00")]
    [InlineData("0 6 29 2 *", "2031-01-01T00:00:00", "2028-02-29T06:00:00")]
    public void Timetable_LastAtOrBefore_IsTheOccurrenceALateFiringStandsFor(string text, string at, string occurrence)
    {
        var time = DateTime.Parse(at, System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal(DateTime.Parse(occurrence, System.Globalization.CultureInfo.InvariantCulture), Cron(text).Timetable.LastAtOrBefore(time, new DateOnly(2020, 1, 1)));
    }

    [Fact]
    public void Timetable_LastAtOrBefore_LooksNoFurtherBackThanItIsTold()
    {
        Assert.Null(Cron("0 6 29 2 *").Timetable.LastAtOrBefore(new DateTime(2031, 1, 1), new DateOnly(2029, 1, 1)));
    }

    [Fact]
    public void Check_LeapDaySchedule_FiresWithinTheHorizonEvenFromTheLongestRunWithoutOne()
    {
        // 2096 is the last leap year before 2104: 2100 is not one.
        var afterLeapDay = Rules with { Now = new DateTimeOffset(2096, 3, 1, 0, 0, 0, TimeSpan.Zero) };

        Assert.Null(afterLeapDay.Check(Cron("0 6 29 2 *"), TimeZoneInfo.Utc));
    }

    [Theory]
    [InlineData("0 0 12 LW * ?", "2026-07-31", "2026-07-30")]
    [InlineData("0 0 12 LW * ?", "2026-05-29", "2026-05-31")]
    [InlineData("0 0 12 15W * ?", "2026-08-14", "2026-08-15")]
    [InlineData("0 0 12 1W * ?", "2026-08-03", "2026-08-01")]
    [InlineData("0 0 12 31W * ?", "2026-03-31", "2026-02-27")]
    [InlineData("0 0 12 31W * ?", "2026-05-29", "2026-04-30")]
    [InlineData("0 0 12 L-3 * ?", "2026-02-25", "2026-02-28")]
    [InlineData("0 0 12 ? * 6L", "2026-02-27", "2026-02-20")]
    [InlineData("0 0 12 ? * MON#2", "2026-02-09", "2026-02-02")]
    [InlineData("0 0 12 ? * L", "2026-02-07", "2026-02-08")]
    [InlineData("0 8 * * 0", "2026-02-08", "2026-02-09")]
    public void Timetable_SpecialDayForms_SelectTheDaysCronosDescribes(string text, string firing, string notFiring)
    {
        var timetable = Cron(text).Timetable;

        Assert.True(timetable.FiresOn(DateOnly.Parse(firing, System.Globalization.CultureInfo.InvariantCulture)));
        Assert.False(timetable.FiresOn(DateOnly.Parse(notFiring, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void Timetable_TimesAfter_ListsWallClockTimesInOrder()
    {
        var times = Cron("0 30 6,18 * * ?").Timetable.TimesAfter(new DateTime(2026, 3, 1, 6, 30, 0), new DateOnly(2026, 3, 3)).ToList();

        Assert.Equal(
            [new DateTime(2026, 3, 1, 18, 30, 0), new DateTime(2026, 3, 2, 6, 30, 0), new DateTime(2026, 3, 2, 18, 30, 0)],
            times);
    }

    [Theory]
    [InlineData(300, "5 minutes")]
    [InlineData(5400, "1 hour 30 minutes")]
    [InlineData(1, "1 second")]
    public void Describe_WritesTheSpanInWords(int seconds, string words)
    {
        Assert.Equal(words, ScheduleRules.Describe(TimeSpan.FromSeconds(seconds)));
    }
}
